namespace HanBench.Device.Configuration
{
    /// <summary>
    /// The addresses a role needs beyond its own EUI-64, which the role configuration file (boards/README.md, "Role
    /// configuration file") does not carry: the host a Comms Hub pulls from, the hub a HAN device reports to, a bridge's
    /// Alt HAN partner and the devices behind it. HanBench choice: a bench has one host and one Comms Hub at well-known
    /// addresses (<see cref="DefaultHostEui"/>, <see cref="DefaultHubEui"/>, the same as the standard bench's), so a board
    /// flashed by <c>hanbench flash</c> finds its hub without a second file; flash the hub with
    /// <c>--id 00DB000000000001</c>. Virtual boards may override every address.
    /// </summary>
    public sealed class RoleAddressing
    {
        /// <summary>The host (DCC side) on a bench: the Comms Hub's WAN peer.</summary>
        public const ulong DefaultHostEui = 0x00DB00000000F000UL;

        /// <summary>The Comms Hub on a bench.</summary>
        public const ulong DefaultHubEui = 0x00DB000000000001UL;

        /// <summary>The well-known bench addresses, no partner, and a bridge relaying every unicast not for itself.</summary>
        public RoleAddressing()
        {
            HostEui = DefaultHostEui;
            HubEui = DefaultHubEui;
            RelayedEuis = new ulong[0];
            RestartTimeMs = -1;
        }

        /// <summary>A Comms Hub's WAN peer, the host.</summary>
        public ulong HostEui { get; set; }

        /// <summary>The Comms Hub a HAN device (PPMID, bridge, meter) reports to.</summary>
        public ulong HubEui { get; set; }

        /// <summary>A bridge's Alt HAN partner (reported only); 0 when unknown.</summary>
        public ulong PeerEui { get; set; }

        /// <summary>Devices a bridge reaches through its far side; empty: every unicast not addressed to the bridge.</summary>
        public ulong[] RelayedEuis { get; set; }

        /// <summary>How long the device is off when it restarts, in ms; negative: the role's default.</summary>
        public long RestartTimeMs { get; set; }
    }
}

namespace HanBench.Protocol.Management
{
    /// <summary>How a Comms Hub answered a join or removal (<see cref="JoinResult"/>).</summary>
    public enum JoinStatus : byte
    {
        /// <summary>The device is now on the whitelist.</summary>
        Joined = 0x00,

        /// <summary>The device was already on the whitelist (nothing changed).</summary>
        AlreadyJoined = 0x01,

        /// <summary>Refused: six Type 1 devices are joined already (SECMP0170 §4.2).</summary>
        Type1LimitReached = 0x02,

        /// <summary>Refused: the whitelist has no free entry (HanBench capacity).</summary>
        WhitelistFull = 0x03,

        /// <summary>Refused: the EUI-64 is the hub's own, zero or broadcast, or the device type is unknown.</summary>
        InvalidDevice = 0x04,

        /// <summary>The device was removed.</summary>
        Removed = 0x05,

        /// <summary>Removal of a device that was not on the whitelist.</summary>
        NotJoined = 0x06,

        /// <summary>Refused: the device is not a Comms Hub.</summary>
        NotAHub = 0x07,
    }
}

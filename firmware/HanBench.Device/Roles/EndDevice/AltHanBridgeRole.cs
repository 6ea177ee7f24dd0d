using HanBench.Device.Hal;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// An Alt HAN point-to-point bridge B1–B4 (SECMP0170 §4.2): joined to the HAN as a PPMID — the same CS08, OTA client
    /// and 0x8F8B, per component (B1–B3: SiLabs and Broadcom, upgraded separately; B4: SiLabs) — and a relay between its
    /// hub side (<see cref="RoleBase.Upstream"/>) and its far side (<see cref="RoleBase.Downstream"/>) for the devices
    /// behind it. Every unicast not addressed to the bridge is forwarded unchanged: upstream always, downstream when it is
    /// for one of <see cref="RoleSettings.RelayedEuis"/> (or any, when that list is empty). Broadcasts are not relayed.
    /// <para>
    /// While the bridge restarts into new firmware its relay is down and frames through it are lost on the air. HanBench
    /// choice for requirements 9 and 10: nothing is held in the bridge; every exchange that crosses it is acknowledged end
    /// to end and resent by its originator — meter traffic by <see cref="Traffic.MeterTrafficRole"/>, OTA requests by the
    /// OTA client's retries and resume, GBCS commands by the host — so traffic resumes without loss once the relay is back.
    /// </para>
    /// </summary>
    public sealed class AltHanBridgeRole : PpmidRole
    {
        /// <summary>A bridge; use <see cref="RoleFactory.Create"/>.</summary>
        public AltHanBridgeRole(RoleSettings configuration, DeviceContext context, IFrameLink hubSide, IFrameLink farSide)
            : base(configuration, context, hubSide, farSide)
        {
            if (farSide == null)
            {
                throw new System.ArgumentNullException(nameof(farSide));
            }
        }

        /// <summary>Frames forwarded towards the hub.</summary>
        public long RelayedUp { get; private set; }

        /// <summary>Frames forwarded away from the hub.</summary>
        public long RelayedDown { get; private set; }

        /// <summary>Unicasts from the hub side for devices the bridge does not relay.</summary>
        public long NotRelayed { get; private set; }

        /// <inheritdoc />
        protected override FirmwareComponentId Cs08Component => FirmwareComponentId.SiLabs;

        /// <inheritdoc />
        protected override void OnRoleFrame(IFrameLink link, HanFrame frame)
        {
            ulong destination = frame.Destination;
            if (destination == Eui64)
            {
                base.OnRoleFrame(link, frame);
                return;
            }

            if (destination == HanFrame.Broadcast)
            {
                return;
            }

            if (ReferenceEquals(link, Upstream))
            {
                if (!Relays(destination))
                {
                    NotRelayed++;
                    return;
                }

                RelayedDown++;
                Forward(Downstream!, frame, destination);
            }
            else
            {
                RelayedUp++;
                Forward(Upstream, frame, destination);
            }
        }

        private bool Relays(ulong destination)
        {
            ulong[] relayed = Configuration.RelayedEuis;
            if (relayed.Length == 0)
            {
                return true;
            }

            for (int i = 0; i < relayed.Length; i++)
            {
                if (relayed[i] == destination)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

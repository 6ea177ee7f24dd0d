using HanBench.Device.Hal;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Traffic;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Makes the role a <see cref="RoleSettings"/> describes. Every runner — the bench medium, a virtual board, the
    /// ESP32 app — calls this, and calls it again with the same stores to model a board restart.
    /// </summary>
    public static class RoleFactory
    {
        /// <summary>
        /// The role for <paramref name="configuration"/> on <paramref name="context"/>'s services.
        /// <paramref name="upstream"/>: a hub's WAN link to the host, a bridge's hub-side link, an end device's HAN link.
        /// <paramref name="downstream"/>: a hub's HAN link, a bridge's far-side link; null for a PPMID or meter.
        /// Roles tell their links apart by reference: the runner must call <see cref="IDeviceRole.OnFrame"/> with these very
        /// link objects. Throws <see cref="System.ArgumentException"/> for an invalid configuration or a missing link.
        /// </summary>
        public static IDeviceRole Create(RoleSettings configuration, DeviceContext context, IFrameLink upstream, IFrameLink? downstream)
        {
            if (configuration == null)
            {
                throw new System.ArgumentNullException(nameof(configuration));
            }

            string? problem = configuration.Validate();
            if (problem != null)
            {
                throw new System.ArgumentException(problem, nameof(configuration));
            }

            switch (configuration.Role)
            {
                case DeviceRoleKind.Hub:
                    return new CommsHubRole(configuration, context, upstream, RequireDownstream(downstream));
                case DeviceRoleKind.Bridge:
                    return new AltHanBridgeRole(configuration, context, upstream, RequireDownstream(downstream));
                case DeviceRoleKind.Meter:
                    return new MeterTrafficRole(configuration, context, upstream);
                default:
                    return new PpmidRole(configuration, context, upstream, downstream);
            }
        }

        private static IFrameLink RequireDownstream(IFrameLink? downstream)
        {
            if (downstream == null)
            {
                throw new System.ArgumentException("a Comms Hub or a bridge needs a second link", nameof(downstream));
            }

            return downstream;
        }
    }
}

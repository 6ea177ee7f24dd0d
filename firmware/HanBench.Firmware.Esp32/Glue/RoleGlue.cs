using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Roles;

namespace HanBench.Firmware.Esp32.Glue
{
    /// <summary>
    /// Makes the configured role: the role configuration file goes through <see cref="RoleConfigMapping"/> (the same
    /// mapping a virtual board uses) with the bench's well-known addresses (<see cref="RoleAddressing"/>), then through
    /// <see cref="BoardRoleBuilder"/> (<see cref="RoleFactory"/>, plus answering <c>hanbench ports</c>' broadcast ping).
    /// </summary>
    internal static class RoleGlue
    {
        /// <summary>
        /// The role of <paramref name="config"/> over <paramref name="links"/> (configuration order), or null with the
        /// reason. <paramref name="eui64"/>: the device's EUI-64, or 0 to take the file's.
        /// </summary>
        public static IDeviceRole? Create(RoleConfigFile config, ulong eui64, DeviceContext context, IFrameLink[] links, out string reason)
        {
            RoleSettings? configuration = RoleConfigMapping.TryMap(config, eui64, new RoleAddressing(), out reason);
            if (configuration == null)
            {
                // An "eui64": null file needs the MAC-derived EUI-64, which this build does not read: flash with --id.
                reason = "role '" + config.RoleName + "' cannot run: " + reason;
                return null;
            }

            IDeviceRole? role = BoardRoleBuilder.TryCreate(configuration, context, links, out reason);
            if (role == null)
            {
                reason = "role '" + config.RoleName + "' cannot run: " + reason;
            }

            return role;
        }
    }
}

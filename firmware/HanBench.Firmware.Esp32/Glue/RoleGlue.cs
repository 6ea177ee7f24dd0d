using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Roles;

namespace HanBench.Firmware.Esp32.Glue
{
    /// <summary>
    /// Makes the configured role. Interim glue: the roles (Comms Hub, PPMID, Alt HAN bridge, meter) and their factory come
    /// with branch 'roles' (firmware/HanBench.Device/Roles, RoleFactory.Create); until it is merged no role exists, and the
    /// app says so and stays in its safe idle with the error pattern. When it is merged, this method calls the factory.
    /// </summary>
    internal static class RoleGlue
    {
        /// <summary>The role of <paramref name="config"/> over <paramref name="links"/> (configuration order), or null with the reason.</summary>
        public static IDeviceRole? Create(RoleConfig config, ulong eui64, DeviceContext context, IFrameLink[] links, out string reason)
        {
            reason = "role '" + config.RoleName + "' is not in this build: the device roles (branch 'roles') are not merged yet";
            return null;
        }
    }
}

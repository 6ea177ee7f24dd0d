using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Management;

namespace HanBench.Device.Configuration
{
    /// <summary>
    /// Makes a board's role from its <see cref="RoleSettings"/> and its links in configuration order (hub: wan, han;
    /// bridge: hub side, far side; PPMID and meter: han) through <see cref="RoleFactory"/>, wrapped in a
    /// <see cref="ProbeAnsweringRole"/> so <c>hanbench ports</c> can identify the board. The ESP32 app and the virtual
    /// board runner both call it and then hand every frame to the role with the very link objects given here.
    /// </summary>
    public static class BoardRoleBuilder
    {
        /// <summary>How many links <paramref name="role"/> needs: two for a hub or a bridge, else one.</summary>
        public static int LinksFor(DeviceRoleKind role)
        {
            return role == DeviceRoleKind.Hub || role == DeviceRoleKind.Bridge ? 2 : 1;
        }

        /// <summary>
        /// The role, or null with <paramref name="problem"/> set when the configuration is invalid or the number of links
        /// does not fit the role. Throws only for null arguments.
        /// </summary>
        public static IDeviceRole? TryCreate(RoleSettings configuration, DeviceContext context, IFrameLink[] links, out string problem)
        {
            if (configuration == null)
            {
                throw new System.ArgumentNullException(nameof(configuration));
            }

            if (context == null)
            {
                throw new System.ArgumentNullException(nameof(context));
            }

            if (links == null)
            {
                throw new System.ArgumentNullException(nameof(links));
            }

            string? invalid = configuration.Validate();
            if (invalid != null)
            {
                problem = invalid;
                return null;
            }

            int needed = LinksFor(configuration.Role);
            if (links.Length != needed)
            {
                problem = "this role needs " + needed.ToString() + " link(s), the board has " + links.Length.ToString();
                return null;
            }

            for (int i = 0; i < links.Length; i++)
            {
                if (links[i] == null)
                {
                    problem = "link " + i.ToString() + " is missing";
                    return null;
                }
            }

            IDeviceRole role = RoleFactory.Create(configuration, context, links[0], needed == 2 ? links[1] : null);
            problem = string.Empty;
            return new ProbeAnsweringRole(role, configuration.Eui64);
        }
    }
}

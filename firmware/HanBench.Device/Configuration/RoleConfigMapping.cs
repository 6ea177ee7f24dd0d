using HanBench.Device.Roles;
using HanBench.Protocol.Management;

namespace HanBench.Device.Configuration
{
    /// <summary>
    /// The one mapping from the board's role configuration file (a parsed <see cref="RoleConfigFile"/>, the
    /// <c>I:\hanbench.json</c> that <c>hanbench flash</c> writes) to the <see cref="RoleSettings"/> that
    /// <see cref="RoleFactory"/> builds a role from. The ESP32 app and the virtual boards (<c>hanbench board</c>, with
    /// <c>--config</c> or with flags) both go through it, so a board behaves the same on either runner. Never throws on a
    /// configuration it cannot map: it names the problem.
    /// </summary>
    public static class RoleConfigMapping
    {
        /// <summary>
        /// The role configuration for <paramref name="file"/> with the addresses of <paramref name="addressing"/>, or null
        /// with <paramref name="problem"/> set. <paramref name="eui64"/> is the device's EUI-64 when the caller knows it (a
        /// <c>--id</c> flag, or the one an ESP32 derives from its MAC when the file says <c>null</c>); 0 means: take the
        /// file's. Throws only for null arguments (programmer errors).
        /// </summary>
        public static RoleSettings? TryMap(RoleConfigFile file, ulong eui64, RoleAddressing addressing, out string problem)
        {
            if (file == null)
            {
                throw new System.ArgumentNullException(nameof(file));
            }

            if (addressing == null)
            {
                throw new System.ArgumentNullException(nameof(addressing));
            }

            ulong id = eui64 != 0 ? eui64 : (file.HasEui64 ? file.Eui64 : 0);
            if (id == 0)
            {
                problem = "the configuration gives no EUI-64 (\"eui64\": null) and none was supplied";
                return null;
            }

            return TryMap(file.Role, file.Variant, id, addressing, out problem);
        }

        /// <summary>
        /// The role configuration of a <paramref name="role"/> (with <paramref name="variantText"/> <c>B1</c>–<c>B4</c> for a
        /// bridge, else null) at <paramref name="eui64"/>: what a file with those members maps to, for a virtual board given
        /// by flags. Null with <paramref name="problem"/> set when it cannot run.
        /// </summary>
        public static RoleSettings? TryMap(ConfiguredRole role, string? variantText, ulong eui64, RoleAddressing addressing, out string problem)
        {
            if (addressing == null)
            {
                throw new System.ArgumentNullException(nameof(addressing));
            }

            ulong id = eui64;
            if (id == 0)
            {
                problem = "no EUI-64 given";
                return null;
            }

            if (role != ConfiguredRole.Bridge && variantText != null)
            {
                problem = "only a bridge has a variant";
                return null;
            }

            RoleSettings configuration;
            switch (role)
            {
                case ConfiguredRole.Hub:
                    configuration = RoleSettings.ForHub(id, addressing.HostEui);
                    break;
                case ConfiguredRole.Ppmid:
                    configuration = RoleSettings.ForPpmid(id, addressing.HubEui);
                    break;
                case ConfiguredRole.Meter:
                    configuration = RoleSettings.ForMeter(id, addressing.HubEui);
                    break;
                case ConfiguredRole.Bridge:
                    AltHanVariant variant = ParseVariant(variantText);
                    if (variant == AltHanVariant.None)
                    {
                        problem = "a bridge needs a variant B1, B2, B3 or B4";
                        return null;
                    }

                    configuration = RoleSettings.ForBridge(id, variant, addressing.HubEui, addressing.PeerEui, addressing.RelayedEuis);
                    break;
                default:
                    problem = "no role in the configuration";
                    return null;
            }

            if (addressing.RestartTimeMs >= 0)
            {
                configuration.RestartTimeMs = addressing.RestartTimeMs;
            }

            string? invalid = configuration.Validate();
            if (invalid != null)
            {
                problem = invalid;
                return null;
            }

            problem = string.Empty;
            return configuration;
        }

        /// <summary>A role as the file and the CLI spell it (<c>hub</c>, <c>ppmid</c>, <c>bridge</c>, <c>meter</c>); <see cref="ConfiguredRole.None"/> for anything else.</summary>
        public static ConfiguredRole ParseRole(string? name)
        {
            if (name == "hub")
            {
                return ConfiguredRole.Hub;
            }

            if (name == "ppmid")
            {
                return ConfiguredRole.Ppmid;
            }

            if (name == "bridge")
            {
                return ConfiguredRole.Bridge;
            }

            return name == "meter" ? ConfiguredRole.Meter : ConfiguredRole.None;
        }

        /// <summary>The role kind of a configured role, or 0 for <see cref="ConfiguredRole.None"/>.</summary>
        public static DeviceRoleKind ToRoleKind(ConfiguredRole role)
        {
            switch (role)
            {
                case ConfiguredRole.Hub:
                    return DeviceRoleKind.Hub;
                case ConfiguredRole.Ppmid:
                    return DeviceRoleKind.Ppmid;
                case ConfiguredRole.Bridge:
                    return DeviceRoleKind.Bridge;
                case ConfiguredRole.Meter:
                    return DeviceRoleKind.Meter;
                default:
                    return (DeviceRoleKind)0;
            }
        }

        /// <summary><c>B1</c>–<c>B4</c> as a variant; <see cref="AltHanVariant.None"/> for anything else (null included).</summary>
        public static AltHanVariant ParseVariant(string? text)
        {
            if (text == null || text.Length != 2 || text[0] != 'B')
            {
                return AltHanVariant.None;
            }

            switch (text[1])
            {
                case '1':
                    return AltHanVariant.B1;
                case '2':
                    return AltHanVariant.B2;
                case '3':
                    return AltHanVariant.B3;
                case '4':
                    return AltHanVariant.B4;
                default:
                    return AltHanVariant.None;
            }
        }
    }
}

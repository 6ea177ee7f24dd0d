using HanBench.Protocol.Management;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// One firmware component of a device: which one, the OTA image identity it upgrades by (manufacturer code and image
    /// type) and the file version it runs out of the box (until the settings store records a newer one).
    /// </summary>
    public sealed class FirmwareComponentConfig
    {
        /// <summary>A component.</summary>
        public FirmwareComponentConfig(FirmwareComponentId component, ushort manufacturerCode, ushort imageType, uint initialVersion)
        {
            Component = component;
            ManufacturerCode = manufacturerCode;
            ImageType = imageType;
            InitialVersion = initialVersion;
        }

        /// <summary>Which component.</summary>
        public FirmwareComponentId Component { get; }

        /// <summary>ZCL manufacturer code of its images.</summary>
        public ushort ManufacturerCode { get; }

        /// <summary>ZCL OTA image type of its images (distinct per component: SECMP0170 §4.3, upgraded separately).</summary>
        public ushort ImageType { get; }

        /// <summary>File version before any upgrade.</summary>
        public uint InitialVersion { get; }
    }
}

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// Range checks for the management enumerations (nanoFramework 1.x has no <c>Enum.IsDefined</c>, docs/PLATFORM.md), so a
    /// decoder can refuse a value no enumeration member names.
    /// </summary>
    public static class ManagementValues
    {
        /// <summary>True for a <see cref="DeviceRoleKind"/> value.</summary>
        public static bool IsRoleKind(byte value)
        {
            return value >= (byte)DeviceRoleKind.Hub && value <= (byte)DeviceRoleKind.Meter;
        }

        /// <summary>True for an <see cref="AltHanVariant"/> value.</summary>
        public static bool IsVariant(byte value)
        {
            return value <= (byte)AltHanVariant.B4;
        }

        /// <summary>True for a <see cref="DeviceRunState"/> value.</summary>
        public static bool IsRunState(byte value)
        {
            return value <= (byte)DeviceRunState.Error;
        }

        /// <summary>True for a <see cref="FirmwareComponentId"/> value.</summary>
        public static bool IsComponent(byte value)
        {
            return value <= (byte)FirmwareComponentId.Broadcom;
        }

        /// <summary>True for a <see cref="HanDeviceType"/> value.</summary>
        public static bool IsDeviceType(byte value)
        {
            return value >= (byte)HanDeviceType.Ppmid && value <= (byte)HanDeviceType.Ihd;
        }

        /// <summary>True for a Type 1 device (PPMID or HCALCS; SECMP0170 §4.2: at most six per Comms Hub).</summary>
        public static bool IsType1(HanDeviceType type)
        {
            return type == HanDeviceType.Ppmid || type == HanDeviceType.Hcalcs;
        }

        /// <summary>True for a <see cref="JoinStatus"/> value.</summary>
        public static bool IsJoinStatus(byte value)
        {
            return value <= (byte)JoinStatus.NotAHub;
        }

        /// <summary>True for a <see cref="DistributeStatus"/> value.</summary>
        public static bool IsDistributeStatus(byte value)
        {
            return value <= (byte)DistributeStatus.ConflictingImage;
        }

        /// <summary>True for a <see cref="ManagementResult"/> value.</summary>
        public static bool IsResult(byte value)
        {
            return value <= (byte)ManagementResult.Malformed;
        }
    }
}

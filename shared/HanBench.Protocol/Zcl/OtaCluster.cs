namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// Facts about the ZCL OTA Upgrade cluster that are not one command's: its id, its wildcards, and which way
    /// each command travels (docs/PROTOCOL.md §1).
    /// </summary>
    public static class OtaCluster
    {
        /// <summary>ZCL OTA: cluster id of OTA Upgrade.</summary>
        public const ushort ClusterId = 0x0019;

        /// <summary>Smart Energy application profile id, the profile a GB HAN carries this cluster in.</summary>
        public const ushort SmartEnergyProfileId = 0x0109;

        /// <summary>Highest command id the cluster defines (Query Device Specific File Response).</summary>
        public const byte LastCommandId = 0x09;

        /// <summary>ZCL OTA: manufacturer code matching any manufacturer (Image Notify, Upgrade End Response).</summary>
        public const ushort ManufacturerCodeWildcard = 0xFFFF;

        /// <summary>ZCL OTA: image type matching any image type.</summary>
        public const ushort ImageTypeWildcard = 0xFFFF;

        /// <summary>ZCL OTA: file version matching any file version.</summary>
        public const uint FileVersionWildcard = 0xFFFFFFFF;

        /// <summary>ZCL OTA: first image type reserved for device-specific files (security credential).</summary>
        public const ushort DeviceSpecificImageTypeFirst = 0xFFC0;

        /// <summary>ZCL OTA: last image type reserved for device-specific files (0xFFFF is the wildcard).</summary>
        public const ushort DeviceSpecificImageTypeLast = 0xFFFE;

        /// <summary>True for the command ids 0x00–0x09 this cluster defines.</summary>
        public static bool IsCommand(byte commandId)
        {
            return commandId <= LastCommandId;
        }

        /// <summary>
        /// True when <paramref name="commandId"/> is sent by the server (the image holder) to the client,
        /// false when the client sends it. ZCL OTA: notify and the responses go server→client.
        /// </summary>
        public static bool IsServerToClient(OtaCommandId commandId)
        {
            switch (commandId)
            {
                case OtaCommandId.ImageNotify:
                case OtaCommandId.QueryNextImageResponse:
                case OtaCommandId.ImageBlockResponse:
                case OtaCommandId.UpgradeEndResponse:
                case OtaCommandId.QueryDeviceSpecificFileResponse:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The header HanBench sends an OTA command with: cluster-specific, the command's own direction, default
        /// response disabled (frame control 0x19 server→client, 0x11 client→server, as docs/PROTOCOL.md §1 and the
        /// zigbee-herdsman frames show), no manufacturer code.
        /// HanBench choice: default response disabled for every command, requests included; a receiver still
        /// answers an error with a Default Response, so only the redundant success answers are saved.
        /// </summary>
        public static ZclHeader HeaderFor(OtaCommandId commandId, byte transactionSequenceNumber)
        {
            byte frameControl = (byte)(ZclHeader.FrameTypeClusterSpecific | ZclHeader.DisableDefaultResponse);
            if (IsServerToClient(commandId))
            {
                frameControl |= ZclHeader.DirectionServerToClient;
            }

            ZclHeader header = default;
            header.FrameControl = frameControl;
            header.TransactionSequenceNumber = transactionSequenceNumber;
            header.CommandId = (byte)commandId;
            return header;
        }
    }
}

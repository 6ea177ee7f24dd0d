namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// Command ids of the ZCL OTA Upgrade cluster 0x0019 (docs/PROTOCOL.md §1). Client→server and server→client
    /// commands share one id space in this cluster; <see cref="OtaCluster.IsServerToClient"/> says which way each goes.
    /// </summary>
    public enum OtaCommandId : byte
    {
        /// <summary>Image Notify, server→client.</summary>
        ImageNotify = 0x00,

        /// <summary>Query Next Image Request, client→server.</summary>
        QueryNextImageRequest = 0x01,

        /// <summary>Query Next Image Response, server→client.</summary>
        QueryNextImageResponse = 0x02,

        /// <summary>Image Block Request, client→server.</summary>
        ImageBlockRequest = 0x03,

        /// <summary>Image Page Request, client→server.</summary>
        ImagePageRequest = 0x04,

        /// <summary>Image Block Response, server→client.</summary>
        ImageBlockResponse = 0x05,

        /// <summary>Upgrade End Request, client→server.</summary>
        UpgradeEndRequest = 0x06,

        /// <summary>Upgrade End Response, server→client.</summary>
        UpgradeEndResponse = 0x07,

        /// <summary>Query Device Specific File Request, client→server.</summary>
        QueryDeviceSpecificFileRequest = 0x08,

        /// <summary>Query Device Specific File Response, server→client.</summary>
        QueryDeviceSpecificFileResponse = 0x09,
    }
}

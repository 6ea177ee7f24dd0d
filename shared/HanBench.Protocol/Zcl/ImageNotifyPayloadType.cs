namespace HanBench.Protocol.Zcl
{
    /// <summary>ZCL OTA: Image Notify payload type, which says how many of the optional fields follow queryJitter.</summary>
    public enum ImageNotifyPayloadType : byte
    {
        /// <summary>queryJitter only.</summary>
        QueryJitter = 0x00,

        /// <summary>queryJitter and manufacturerCode.</summary>
        QueryJitterAndManufacturerCode = 0x01,

        /// <summary>queryJitter, manufacturerCode and imageType.</summary>
        QueryJitterManufacturerCodeAndImageType = 0x02,

        /// <summary>queryJitter, manufacturerCode, imageType and the new fileVersion.</summary>
        QueryJitterManufacturerCodeImageTypeAndFileVersion = 0x03,
    }
}

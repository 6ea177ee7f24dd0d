namespace HanBench.Protocol.Management
{
    /// <summary>One firmware component a device reports: which one, and the image identity it runs.</summary>
    public struct FirmwareComponentInfo
    {
        /// <summary>Octets of one component in an <see cref="IdentityReport"/>: id (1) + <see cref="ImageIdentity"/> (8).</summary>
        public const int EncodedLength = 1 + ImageIdentity.EncodedLength;

        /// <summary>Which component.</summary>
        public FirmwareComponentId Component { get; set; }

        /// <summary>Manufacturer code, image type and the file version running now.</summary>
        public ImageIdentity Image { get; set; }
    }
}

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// One image an <see cref="OtaServer"/> offers: what identifies it on the wire, who may have it, and when a client
    /// that downloaded it should switch to it. The bytes come from the server's <see cref="IOtaImageSource"/>, which
    /// finds them by <see cref="Key"/> (an image-store key on a board, a file or an array on a PC).
    /// </summary>
    public sealed class OtaServerImage
    {
        /// <summary>An image for <paramref name="key"/>; none of the numbers may be a wildcard.</summary>
        public OtaServerImage(string key, ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            if (key == null)
            {
                throw new System.ArgumentNullException(nameof(key));
            }

            Key = key;
            ManufacturerCode = manufacturerCode;
            ImageType = imageType;
            FileVersion = fileVersion;
            ImageSize = imageSize;
            UpgradeTimePolicy = OtaUpgradeTimePolicy.Now;
        }

        /// <summary>What the <see cref="IOtaImageSource"/> knows the image by.</summary>
        public string Key { get; }

        /// <summary>ZCL OTA manufacturer code the image is for.</summary>
        public ushort ManufacturerCode { get; }

        /// <summary>ZCL OTA image type (a product's firmware component: SiLabs or Broadcom on a bridge, for example).</summary>
        public ushort ImageType { get; }

        /// <summary>The image's file version; offered only to clients running an older one.</summary>
        public uint FileVersion { get; }

        /// <summary>Size of the whole OTA file in bytes (the Query Next Image Response's imageSize).</summary>
        public uint ImageSize { get; }

        /// <summary>True when the image is only for hardware versions <see cref="MinimumHardwareVersion"/>–<see cref="MaximumHardwareVersion"/>.</summary>
        public bool HasHardwareVersionRange { get; private set; }

        /// <summary>Lowest hardware version the image runs on (when <see cref="HasHardwareVersionRange"/>).</summary>
        public ushort MinimumHardwareVersion { get; private set; }

        /// <summary>Highest hardware version the image runs on (when <see cref="HasHardwareVersionRange"/>).</summary>
        public ushort MaximumHardwareVersion { get; private set; }

        /// <summary>The upgradeTime a client that reports this image good gets, unless the server has a policy for that client.</summary>
        public OtaUpgradeTimePolicy UpgradeTimePolicy { get; set; }

        /// <summary>Seconds for <see cref="OtaUpgradeTimePolicy.Delay"/>.</summary>
        public uint UpgradeDelaySeconds { get; set; }

        /// <summary>Limits the image to hardware versions <paramref name="minimum"/>–<paramref name="maximum"/> inclusive.</summary>
        public void SetHardwareVersionRange(ushort minimum, ushort maximum)
        {
            if (maximum < minimum)
            {
                throw new System.ArgumentOutOfRangeException(nameof(maximum));
            }

            HasHardwareVersionRange = true;
            MinimumHardwareVersion = minimum;
            MaximumHardwareVersion = maximum;
        }

        /// <summary>True when the wire fields name this image.</summary>
        public bool Matches(ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            return manufacturerCode == ManufacturerCode && imageType == ImageType && fileVersion == FileVersion;
        }
    }
}

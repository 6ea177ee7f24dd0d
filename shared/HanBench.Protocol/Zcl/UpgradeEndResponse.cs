using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Upgrade End Response (0x07, server→client): when to switch to the new image.
    /// <code>
    /// manufacturerCode (2) · imageType (2) · fileVersion (4) · currentTime (4) · upgradeTime (4)
    /// </code>
    /// The client upgrades after (upgradeTime − currentTime) seconds; upgradeTime 0xFFFFFFFF means "wait for a
    /// later Upgrade End Response" (docs/PROTOCOL.md §1). Wildcards in the first three fields address every client.
    /// </summary>
    public struct UpgradeEndResponse : IOtaCommand
    {
        /// <summary>The payload's length.</summary>
        public const int Length = 16;

        /// <summary>ZCL OTA: upgradeTime meaning "do not upgrade until a later Upgrade End Response says when".</summary>
        public const uint UpgradeTimeWaitForUpgradeCommand = 0xFFFFFFFF;

        private OtaImageId _image;

        /// <summary>Manufacturer code of the image, or <see cref="OtaCluster.ManufacturerCodeWildcard"/>.</summary>
        public ushort ManufacturerCode { get => _image.ManufacturerCode; set => _image.ManufacturerCode = value; }

        /// <summary>Image type of the image, or <see cref="OtaCluster.ImageTypeWildcard"/>.</summary>
        public ushort ImageType { get => _image.ImageType; set => _image.ImageType = value; }

        /// <summary>File version of the image, or <see cref="OtaCluster.FileVersionWildcard"/>.</summary>
        public uint FileVersion { get => _image.FileVersion; set => _image.FileVersion = value; }

        /// <summary>The server's time now (UTC seconds since 2000-01-01, or a relative base such as 0).</summary>
        public uint CurrentTime { get; set; }

        /// <summary>When to upgrade, in the same time base; <see cref="UpgradeTimeWaitForUpgradeCommand"/> = wait.</summary>
        public uint UpgradeTime { get; set; }

        /// <summary>True when the client must wait for a later command before upgrading.</summary>
        public bool WaitsForUpgradeCommand => UpgradeTime == UpgradeTimeWaitForUpgradeCommand;

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.UpgradeEndResponse;

        /// <inheritdoc />
        public int EncodedLength => Length;

        /// <inheritdoc />
        public void WriteTo(ByteWriter writer)
        {
            _image.WriteTo(writer);
            writer.WriteUInt32LittleEndian(CurrentTime);
            writer.WriteUInt32LittleEndian(UpgradeTime);
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out UpgradeEndResponse frame)
        {
            frame = default;
            if (!OtaImageId.TryRead(reader, out frame._image)
                || !reader.TryReadUInt32LittleEndian(out uint currentTime)
                || !reader.TryReadUInt32LittleEndian(out uint upgradeTime))
            {
                return ZclDecodeStatus.Truncated;
            }

            frame.CurrentTime = currentTime;
            frame.UpgradeTime = upgradeTime;
            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}

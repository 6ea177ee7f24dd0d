using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Image Notify (0x00, server→client): tells clients an image is available, so they send a
    /// Query Next Image Request. The payload type says how many identifying fields follow.
    /// <code>
    /// payloadType (1) · queryJitter (1) · [manufacturerCode (2) if type ≥ 1] · [imageType (2) if type ≥ 2] · [fileVersion (4) if type 3]
    /// </code>
    /// </summary>
    public struct ImageNotify : IOtaCommand
    {
        /// <summary>ZCL OTA: smallest queryJitter (a client answers with probability queryJitter/100).</summary>
        public const byte MinQueryJitter = 1;

        /// <summary>ZCL OTA: largest queryJitter (every client answers).</summary>
        public const byte MaxQueryJitter = 100;

        /// <summary>Which optional fields are present.</summary>
        public ImageNotifyPayloadType PayloadType { get; set; }

        /// <summary>1–100: the chance, in percent, that a client that matches answers (spreads the queries out).</summary>
        public byte QueryJitter { get; set; }

        /// <summary>Manufacturer code (payload type ≥ 1); <see cref="OtaCluster.ManufacturerCodeWildcard"/> matches all.</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>Image type (payload type ≥ 2); <see cref="OtaCluster.ImageTypeWildcard"/> matches all.</summary>
        public ushort ImageType { get; set; }

        /// <summary>The new file version (payload type 3).</summary>
        public uint FileVersion { get; set; }

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.ImageNotify;

        /// <inheritdoc />
        public int EncodedLength
        {
            get
            {
                int length = 2;
                if (PayloadType >= ImageNotifyPayloadType.QueryJitterAndManufacturerCode)
                {
                    length += 2;
                }

                if (PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType)
                {
                    length += 2;
                }

                if (PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
                {
                    length += 4;
                }

                return length;
            }
        }

        /// <inheritdoc />
        /// <exception cref="System.InvalidOperationException">The payload type is above 3 (its layout is undefined).</exception>
        public void WriteTo(ByteWriter writer)
        {
            if (PayloadType > ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
            {
                throw new System.InvalidOperationException("ImageNotify: payloadType above 3 has no layout");
            }

            writer.WriteByte((byte)PayloadType);
            writer.WriteByte(QueryJitter);
            if (PayloadType >= ImageNotifyPayloadType.QueryJitterAndManufacturerCode)
            {
                writer.WriteUInt16LittleEndian(ManufacturerCode);
            }

            if (PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType)
            {
                writer.WriteUInt16LittleEndian(ImageType);
            }

            if (PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
            {
                writer.WriteUInt32LittleEndian(FileVersion);
            }
        }

        /// <summary>Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful only on <see cref="ZclDecodeStatus.Ok"/>.</summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out ImageNotify frame)
        {
            frame = default;
            if (!reader.TryReadByte(out byte payloadType) || !reader.TryReadByte(out byte queryJitter))
            {
                return ZclDecodeStatus.Truncated;
            }

            if (payloadType > (byte)ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
            {
                return ZclDecodeStatus.InvalidPayloadType;
            }

            frame.PayloadType = (ImageNotifyPayloadType)payloadType;
            frame.QueryJitter = queryJitter;
            if (payloadType >= (byte)ImageNotifyPayloadType.QueryJitterAndManufacturerCode)
            {
                if (!reader.TryReadUInt16LittleEndian(out ushort manufacturerCode))
                {
                    return ZclDecodeStatus.Truncated;
                }

                frame.ManufacturerCode = manufacturerCode;
            }

            if (payloadType >= (byte)ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType)
            {
                if (!reader.TryReadUInt16LittleEndian(out ushort imageType))
                {
                    return ZclDecodeStatus.Truncated;
                }

                frame.ImageType = imageType;
            }

            if (payloadType >= (byte)ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
            {
                if (!reader.TryReadUInt32LittleEndian(out uint fileVersion))
                {
                    return ZclDecodeStatus.Truncated;
                }

                frame.FileVersion = fileVersion;
            }

            if (reader.Remaining != 0)
            {
                return ZclDecodeStatus.TrailingBytes;
            }

            // Judged last so that a frame that is also short reports Truncated, the more basic defect.
            if (queryJitter < MinQueryJitter || queryJitter > MaxQueryJitter)
            {
                return ZclDecodeStatus.InvalidQueryJitter;
            }

            return ZclDecodeStatus.Ok;
        }
    }
}

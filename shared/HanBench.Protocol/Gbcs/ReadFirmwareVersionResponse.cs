using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS08 response payload (message code 0x0129, device to ACB), as in the RTDS 11.2 responses:
    /// <code>
    /// 30 09                SEQUENCE
    ///    04 04 vv vv vv vv   firmware version, 4 octets
    ///    02 01 rr            response code (0 success, 1 failure)
    /// </code>
    /// </summary>
    public sealed class ReadFirmwareVersionResponse
    {
        /// <summary>The running firmware version, its 4 octets big-endian.</summary>
        public uint FirmwareVersion { get; set; }

        /// <summary>Whether the read succeeded.</summary>
        public ReadFirmwareVersionResponseCode ResponseCode { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int ContentLength => 6 + GbcsDer.UnsignedEncodedLength((byte)ResponseCode);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsDer.WriteSequenceHeader(writer, ContentLength);
            GbcsDer.WriteOctetString32(writer, FirmwareVersion);
            GbcsDer.WriteUnsigned(writer, (byte)ResponseCode);
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, ReadFirmwareVersionResponse into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadOuterSequence(reader);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadOctetString32(reader, out uint version);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsResponseCode.TryRead(reader, (byte)ReadFirmwareVersionResponseCode.Failure, out byte code);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (reader.Remaining != 0)
            {
                return GbcsPayloadStatus.LengthMismatch;
            }

            into.FirmwareVersion = version;
            into.ResponseCode = (ReadFirmwareVersionResponseCode)code;
            return GbcsPayloadStatus.Ok;
        }
    }
}

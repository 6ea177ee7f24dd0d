using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The CS06 execution outcome, shared by the immediate response and the future-dated 0x00CA alert
    /// (RTDS 11.3): <c>30 L { 02 n responseCode, 04 04 firmwareVersion }</c>.
    /// </summary>
    internal static class ExecutionOutcome
    {
        /// <summary>Octets inside the SEQUENCE.</summary>
        public static int ContentLength(byte responseCode)
        {
            return GbcsDer.UnsignedEncodedLength(responseCode) + 6;
        }

        /// <summary>Octets of the whole SEQUENCE.</summary>
        public static int EncodedLength(byte responseCode)
        {
            int content = ContentLength(responseCode);
            return GbcsDer.HeaderLength(content) + content;
        }

        /// <summary>Writes the SEQUENCE.</summary>
        public static void Write(ByteWriter writer, byte responseCode, uint firmwareVersion)
        {
            GbcsDer.WriteSequenceHeader(writer, ContentLength(responseCode));
            GbcsDer.WriteUnsigned(writer, responseCode);
            GbcsDer.WriteOctetString32(writer, firmwareVersion);
        }

        /// <summary>Reads the SEQUENCE; its length must match its two elements exactly.</summary>
        public static GbcsPayloadStatus TryRead(ByteReader reader, out ActivateFirmwareResponseCode code, out uint firmwareVersion)
        {
            code = ActivateFirmwareResponseCode.Success;
            firmwareVersion = 0;
            GbcsPayloadStatus status = GbcsDer.TryReadHeader(reader, GbcsDer.SequenceTag, out int length);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            int end = reader.Position + length;
            status = GbcsResponseCode.TryRead(reader, (byte)ActivateFirmwareResponseCode.ActivationFailure, out byte value);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadOctetString32(reader, out firmwareVersion);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (reader.Position != end)
            {
                return GbcsPayloadStatus.LengthMismatch;
            }

            code = (ActivateFirmwareResponseCode)value;
            return GbcsPayloadStatus.Ok;
        }
    }
}

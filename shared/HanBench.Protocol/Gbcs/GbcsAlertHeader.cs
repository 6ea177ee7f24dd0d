using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// How the DER alert payloads HanBench handles open (RTDS 11.3 future-dated alerts, CCS08 and CS09 alerts):
    /// <code>
    /// 30 L                     SEQUENCE spanning the whole payload
    ///    02 03 00 8F xx          alert code
    ///    18 0F YYYYMMDDHHMMSSZ   date-time
    ///    …                       the alert's own elements
    /// </code>
    /// One reader and writer for that opening, so the alerts differ only in what follows it.
    /// </summary>
    internal static class GbcsAlertHeader
    {
        /// <summary>Octets the alert code and the date-time take inside the SEQUENCE.</summary>
        public static int ContentLength(ushort alertCode)
        {
            return GbcsDer.UnsignedEncodedLength(alertCode) + GbcsDer.GeneralizedTimeEncodedLength;
        }

        /// <summary>Writes the SEQUENCE header for <paramref name="contentLength"/> octets, the alert code and the date-time.</summary>
        public static void Write(ByteWriter writer, int contentLength, ushort alertCode, GbcsTimestamp dateTime)
        {
            GbcsDer.WriteSequenceHeader(writer, contentLength);
            GbcsDer.WriteUnsigned(writer, alertCode);
            GbcsDer.WriteGeneralizedTime(writer, dateTime);
        }

        /// <summary>
        /// Reads the SEQUENCE header (which must span the rest of the reader), the alert code and the date-time.
        /// <see cref="GbcsPayloadStatus.UnknownAlertCode"/> unless the code is <paramref name="allowedCode"/> or
        /// <paramref name="otherAllowedCode"/> (the same code twice for an alert that has one); checked before the
        /// date-time is read.
        /// </summary>
        public static GbcsPayloadStatus TryRead(ByteReader reader, ushort allowedCode, ushort otherAllowedCode, out ushort alertCode, out GbcsTimestamp dateTime)
        {
            alertCode = 0;
            dateTime = default;
            GbcsPayloadStatus status = GbcsDer.TryReadOuterSequence(reader);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadUnsigned(reader, 0xFFFF, out ulong code);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (code != allowedCode && code != otherAllowedCode)
            {
                return GbcsPayloadStatus.UnknownAlertCode;
            }

            alertCode = (ushort)code;
            return GbcsDer.TryReadGeneralizedTime(reader, out dateTime);
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The one-octet response code or result that GBCS payloads carry as a DER INTEGER (<c>02 01 rr</c>), each
    /// payload with its own small set of values numbered from 0. One reader, so every payload refuses an undefined
    /// code the same way.
    /// </summary>
    internal static class GbcsResponseCode
    {
        /// <summary>
        /// Reads the INTEGER: <see cref="GbcsPayloadStatus.MalformedInteger"/> above 0xFF (as <see cref="GbcsDer.TryReadUnsigned(ByteReader, ulong, out ulong)"/>
        /// judges it), <see cref="GbcsPayloadStatus.UnknownResponseCode"/> above <paramref name="highest"/>, the payload's last defined code.
        /// </summary>
        public static GbcsPayloadStatus TryRead(ByteReader reader, byte highest, out byte code)
        {
            code = 0;
            GbcsPayloadStatus status = GbcsDer.TryReadUnsigned(reader, 0xFF, out ulong value);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (value > highest)
            {
                return GbcsPayloadStatus.UnknownResponseCode;
            }

            code = (byte)value;
            return GbcsPayloadStatus.Ok;
        }
    }
}

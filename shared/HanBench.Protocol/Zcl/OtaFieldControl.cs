using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// The fieldControl byte that opens Query Next Image, Image Block and Image Page Requests, and the optional
    /// fields its bits announce. One reader for the three commands, so they judge reserved bits and short optional
    /// fields alike.
    /// </summary>
    internal static class OtaFieldControl
    {
        /// <summary>
        /// Reads fieldControl: <see cref="ZclDecodeStatus.Truncated"/> when the reader is empty,
        /// <see cref="ZclDecodeStatus.BadFieldControl"/> when a bit of <paramref name="reservedBits"/> is set (ZCL OTA:
        /// reserved bits are zero; HanBench choice: a frame that sets one is refused, see <see cref="ZclDecodeStatus"/>).
        /// </summary>
        public static ZclDecodeStatus TryRead(ByteReader reader, byte reservedBits, out byte fieldControl)
        {
            if (!reader.TryReadByte(out fieldControl))
            {
                return ZclDecodeStatus.Truncated;
            }

            return (fieldControl & reservedBits) != 0 ? ZclDecodeStatus.BadFieldControl : ZclDecodeStatus.Ok;
        }

        /// <summary>Reads a 16-bit field when <paramref name="present"/>; otherwise reads nothing, gives 0 and succeeds.</summary>
        public static bool TryReadIfPresent(ByteReader reader, bool present, out ushort value)
        {
            value = 0;
            return !present || reader.TryReadUInt16LittleEndian(out value);
        }

        /// <summary>Reads a 64-bit field (an IEEE address) when <paramref name="present"/>; otherwise reads nothing, gives 0 and succeeds.</summary>
        public static bool TryReadIfPresent(ByteReader reader, bool present, out ulong value)
        {
            value = 0;
            return !present || reader.TryReadUInt64LittleEndian(out value);
        }
    }
}

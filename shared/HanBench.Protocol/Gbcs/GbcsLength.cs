using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The length octets GBCS uses for the ciphered service, other information, content and signature lengths, and
    /// inside the ASN.1 payloads: ASN.1 DER definite lengths. 0..127 is one octet; 0x81 nn covers 128..255 and
    /// 0x82 nnnn covers 256..65535 (the RTDS CS06 command's ciphered service length is 0x81 0xAD).
    /// Only the shortest form is accepted, as DER requires, so decoding then encoding gives back the same bytes.
    /// (HanBench choice: nothing longer than 65535 bytes; no GBCS firmware message comes near it.)
    /// </summary>
    public static class GbcsLength
    {
        /// <summary>Largest length this codec reads or writes.</summary>
        public const int MaxValue = 0xFFFF;

        private const byte LongFormOneOctet = 0x81;
        private const byte LongFormTwoOctets = 0x82;
        private const int ShortFormLimit = 0x80;

        /// <summary>Octets <see cref="Write"/> uses for <paramref name="length"/>.</summary>
        public static int EncodedSize(int length)
        {
            if (length < 0 || length > MaxValue)
            {
                throw new System.ArgumentOutOfRangeException(nameof(length));
            }

            if (length < ShortFormLimit)
            {
                return 1;
            }

            return length <= 0xFF ? 2 : 3;
        }

        /// <summary>Writes <paramref name="length"/> in its shortest DER form.</summary>
        public static void Write(ByteWriter writer, int length)
        {
            int size = EncodedSize(length);
            if (size == 1)
            {
                writer.WriteByte((byte)length);
            }
            else if (size == 2)
            {
                writer.WriteByte(LongFormOneOctet);
                writer.WriteByte((byte)length);
            }
            else
            {
                writer.WriteByte(LongFormTwoOctets);
                writer.WriteUInt16BigEndian((ushort)length);
            }
        }

        /// <summary>Reads a length. On failure the reader may have moved; the caller abandons the decode.</summary>
        public static GbcsLengthStatus TryRead(ByteReader reader, out int length)
        {
            length = 0;
            if (!reader.TryReadByte(out byte first))
            {
                return GbcsLengthStatus.Truncated;
            }

            if (first < ShortFormLimit)
            {
                length = first;
                return GbcsLengthStatus.Ok;
            }

            if (first == LongFormOneOctet)
            {
                if (!reader.TryReadByte(out byte value))
                {
                    return GbcsLengthStatus.Truncated;
                }

                if (value < ShortFormLimit)
                {
                    return GbcsLengthStatus.Malformed;
                }

                length = value;
                return GbcsLengthStatus.Ok;
            }

            if (first == LongFormTwoOctets)
            {
                if (!reader.TryReadUInt16BigEndian(out ushort value))
                {
                    return GbcsLengthStatus.Truncated;
                }

                if (value <= 0xFF)
                {
                    return GbcsLengthStatus.Malformed;
                }

                length = value;
                return GbcsLengthStatus.Ok;
            }

            return GbcsLengthStatus.Malformed;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The ASN.1 DER pieces the GBCS firmware payloads are built from (CS06, CS08, CCS08, 0x8F8B alerts): SEQUENCE,
    /// INTEGER (non-negative only), OCTET STRING, NULL and GeneralizedTime. Readers return a
    /// <see cref="GbcsPayloadStatus"/> and never throw; DER's shortest forms are required so that decoding then encoding
    /// gives back the same octets.
    /// </summary>
    public static class GbcsDer
    {
        /// <summary>ASN.1 SEQUENCE (constructed).</summary>
        public const byte SequenceTag = 0x30;

        /// <summary>ASN.1 INTEGER.</summary>
        public const byte IntegerTag = 0x02;

        /// <summary>ASN.1 OCTET STRING.</summary>
        public const byte OctetStringTag = 0x04;

        /// <summary>ASN.1 NULL.</summary>
        public const byte NullTag = 0x05;

        /// <summary>ASN.1 GeneralizedTime.</summary>
        public const byte GeneralizedTimeTag = 0x18;

        /// <summary>Octets of a GBCS GeneralizedTime value: YYYYMMDDHHMMSSZ.</summary>
        public const int GeneralizedTimeLength = 15;

        /// <summary>Octets of an encoded NULL.</summary>
        public const int NullEncodedLength = 2;

        private const byte HighBit = 0x80;
        private const byte Zulu = (byte)'Z';

        /// <summary>Reads a tag and length; the whole value must be in the reader.</summary>
        public static GbcsPayloadStatus TryReadHeader(ByteReader reader, byte tag, out int length)
        {
            length = 0;
            if (!reader.TryReadByte(out byte actual))
            {
                return GbcsPayloadStatus.Truncated;
            }

            if (actual != tag)
            {
                return GbcsPayloadStatus.UnexpectedTag;
            }

            GbcsLengthStatus lengthStatus = GbcsLength.TryRead(reader, out length);
            if (lengthStatus != GbcsLengthStatus.Ok)
            {
                return lengthStatus == GbcsLengthStatus.Truncated ? GbcsPayloadStatus.Truncated : GbcsPayloadStatus.MalformedLength;
            }

            return reader.Remaining < length ? GbcsPayloadStatus.Truncated : GbcsPayloadStatus.Ok;
        }

        /// <summary>
        /// Reads a SEQUENCE header that must span exactly the rest of the reader (a payload is one structure and
        /// nothing after it).
        /// </summary>
        public static GbcsPayloadStatus TryReadOuterSequence(ByteReader reader)
        {
            GbcsPayloadStatus status = TryReadHeader(reader, SequenceTag, out int length);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            return reader.Remaining == length ? GbcsPayloadStatus.Ok : GbcsPayloadStatus.TrailingBytes;
        }

        /// <summary>Reads a non-negative INTEGER no larger than <paramref name="max"/>.</summary>
        public static GbcsPayloadStatus TryReadUnsigned(ByteReader reader, ulong max, out ulong value)
        {
            return TryReadUnsigned(reader, IntegerTag, max, out value);
        }

        /// <summary>
        /// Reads a non-negative INTEGER under <paramref name="tag"/> (0x02, ENUMERATED 0x0A, or an implicit context tag
        /// such as the CS02b sequence numbers' 0x83) no larger than <paramref name="max"/>.
        /// </summary>
        public static GbcsPayloadStatus TryReadUnsigned(ByteReader reader, byte tag, ulong max, out ulong value)
        {
            value = 0;
            GbcsPayloadStatus status = TryReadHeader(reader, tag, out int length);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            // DER: at least one octet; two's complement, so a set top bit is negative; no redundant leading 0x00;
            // a ulong needs at most 8 octets plus one leading 0x00.
            if (length < 1 || length > 9)
            {
                return GbcsPayloadStatus.MalformedInteger;
            }

            byte[] buffer = reader.Buffer;
            int at = reader.Position;
            if ((buffer[at] & HighBit) != 0)
            {
                return GbcsPayloadStatus.MalformedInteger;
            }

            if (length > 1 && buffer[at] == 0x00 && (buffer[at + 1] & HighBit) == 0)
            {
                return GbcsPayloadStatus.MalformedInteger;
            }

            if (length == 9 && buffer[at] != 0x00)
            {
                return GbcsPayloadStatus.MalformedInteger;
            }

            ulong result = 0;
            for (int i = 0; i < length; i++)
            {
                result = (result << 8) | buffer[at + i];
            }

            reader.TrySkip(length);
            if (result > max)
            {
                return GbcsPayloadStatus.MalformedInteger;
            }

            value = result;
            return GbcsPayloadStatus.Ok;
        }

        /// <summary>Content octets of <paramref name="value"/> as a DER INTEGER (a leading 0x00 keeps it positive).</summary>
        public static int UnsignedContentLength(ulong value)
        {
            int length = 1;
            while (length < 8 && (value >> (8 * length)) != 0)
            {
                length++;
            }

            // The top octet's high bit would make it negative: DER adds a 0x00 in front.
            if (((value >> (8 * (length - 1))) & HighBit) != 0)
            {
                length++;
            }

            return length;
        }

        /// <summary>Octets of <paramref name="value"/> encoded as a DER INTEGER, tag and length included.</summary>
        public static int UnsignedEncodedLength(ulong value)
        {
            return 2 + UnsignedContentLength(value);
        }

        /// <summary>Writes <paramref name="value"/> as a DER INTEGER.</summary>
        public static void WriteUnsigned(ByteWriter writer, ulong value)
        {
            WriteUnsigned(writer, IntegerTag, value);
        }

        /// <summary>Writes <paramref name="value"/> as a DER INTEGER under <paramref name="tag"/>.</summary>
        public static void WriteUnsigned(ByteWriter writer, byte tag, ulong value)
        {
            int length = UnsignedContentLength(value);
            writer.WriteByte(tag);
            writer.WriteByte((byte)length);
            for (int i = length - 1; i >= 0; i--)
            {
                writer.WriteByte(i >= 8 ? (byte)0x00 : (byte)(value >> (8 * i)));
            }
        }

        /// <summary>Reads an OCTET STRING of exactly <paramref name="expectedLength"/> octets and returns where it starts.</summary>
        public static GbcsPayloadStatus TryReadOctetString(ByteReader reader, int expectedLength, out int valueOffset)
        {
            valueOffset = 0;
            GbcsPayloadStatus status = TryReadHeader(reader, OctetStringTag, out int length);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (length != expectedLength)
            {
                return GbcsPayloadStatus.BadFieldLength;
            }

            reader.TryReadSlice(length, out valueOffset);
            return GbcsPayloadStatus.Ok;
        }

        /// <summary>Reads a 4-octet OCTET STRING as a big-endian number (the GBCS firmware version).</summary>
        public static GbcsPayloadStatus TryReadOctetString32(ByteReader reader, out uint value)
        {
            value = 0;
            GbcsPayloadStatus status = TryReadOctetString(reader, 4, out int offset);
            if (status == GbcsPayloadStatus.Ok)
            {
                byte[] b = reader.Buffer;
                value = ((uint)b[offset] << 24) | ((uint)b[offset + 1] << 16) | ((uint)b[offset + 2] << 8) | b[offset + 3];
            }

            return status;
        }

        /// <summary>Reads an 8-octet OCTET STRING as a big-endian number (an EUI-64).</summary>
        public static GbcsPayloadStatus TryReadOctetString64(ByteReader reader, out ulong value)
        {
            value = 0;
            GbcsPayloadStatus status = TryReadOctetString(reader, 8, out int offset);
            if (status == GbcsPayloadStatus.Ok)
            {
                for (int i = 0; i < 8; i++)
                {
                    value = (value << 8) | reader.Buffer[offset + i];
                }
            }

            return status;
        }

        /// <summary>Writes the tag and length of an OCTET STRING; the caller writes the value.</summary>
        public static void WriteOctetStringHeader(ByteWriter writer, int length)
        {
            writer.WriteByte(OctetStringTag);
            GbcsLength.Write(writer, length);
        }

        /// <summary>Writes a 4-octet OCTET STRING holding <paramref name="value"/> big-endian.</summary>
        public static void WriteOctetString32(ByteWriter writer, uint value)
        {
            WriteOctetStringHeader(writer, 4);
            writer.WriteUInt32BigEndian(value);
        }

        /// <summary>Writes an 8-octet OCTET STRING holding <paramref name="value"/> big-endian.</summary>
        public static void WriteOctetString64(ByteWriter writer, ulong value)
        {
            WriteOctetStringHeader(writer, 8);
            writer.WriteUInt64BigEndian(value);
        }

        /// <summary>Reads an ASN.1 NULL (05 00).</summary>
        public static GbcsPayloadStatus TryReadNull(ByteReader reader)
        {
            GbcsPayloadStatus status = TryReadHeader(reader, NullTag, out int length);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            return length == 0 ? GbcsPayloadStatus.Ok : GbcsPayloadStatus.BadFieldLength;
        }

        /// <summary>Writes an ASN.1 NULL.</summary>
        public static void WriteNull(ByteWriter writer)
        {
            writer.WriteByte(NullTag);
            writer.WriteByte(0x00);
        }

        /// <summary>Reads a GeneralizedTime in the one form GBCS uses: YYYYMMDDHHMMSSZ (UTC, whole seconds).</summary>
        public static GbcsPayloadStatus TryReadGeneralizedTime(ByteReader reader, out GbcsTimestamp value)
        {
            value = default;
            GbcsPayloadStatus status = TryReadHeader(reader, GeneralizedTimeTag, out int length);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (length != GeneralizedTimeLength)
            {
                return GbcsPayloadStatus.MalformedTime;
            }

            reader.TryReadSlice(length, out int at);
            byte[] b = reader.Buffer;
            if (b[at + GeneralizedTimeLength - 1] != Zulu)
            {
                return GbcsPayloadStatus.MalformedTime;
            }

            int year = Digits(b, at, 4);
            int month = Digits(b, at + 4, 2);
            int day = Digits(b, at + 6, 2);
            int hour = Digits(b, at + 8, 2);
            int minute = Digits(b, at + 10, 2);
            int second = Digits(b, at + 12, 2);
            if (!GbcsTimestamp.IsValid(year, month, day, hour, minute, second))
            {
                return GbcsPayloadStatus.MalformedTime;
            }

            value = new GbcsTimestamp(year, month, day, hour, minute, second);
            return GbcsPayloadStatus.Ok;
        }

        /// <summary>Writes <paramref name="value"/> as GeneralizedTime YYYYMMDDHHMMSSZ.</summary>
        public static void WriteGeneralizedTime(ByteWriter writer, GbcsTimestamp value)
        {
            if (!GbcsTimestamp.IsValid(value.Year, value.Month, value.Day, value.Hour, value.Minute, value.Second))
            {
                throw new System.ArgumentOutOfRangeException(nameof(value));
            }

            writer.WriteByte(GeneralizedTimeTag);
            writer.WriteByte(GeneralizedTimeLength);
            WriteDigits(writer, value.Year, 4);
            WriteDigits(writer, value.Month, 2);
            WriteDigits(writer, value.Day, 2);
            WriteDigits(writer, value.Hour, 2);
            WriteDigits(writer, value.Minute, 2);
            WriteDigits(writer, value.Second, 2);
            writer.WriteByte(Zulu);
        }

        /// <summary>Octets of an encoded GeneralizedTime, tag and length included.</summary>
        public static int GeneralizedTimeEncodedLength => 2 + GeneralizedTimeLength;

        /// <summary>Octets of the tag and length of a structure holding <paramref name="contentLength"/> octets.</summary>
        public static int HeaderLength(int contentLength)
        {
            return 1 + GbcsLength.EncodedSize(contentLength);
        }

        /// <summary>Writes the tag and length of a SEQUENCE holding <paramref name="contentLength"/> octets.</summary>
        public static void WriteSequenceHeader(ByteWriter writer, int contentLength)
        {
            writer.WriteByte(SequenceTag);
            GbcsLength.Write(writer, contentLength);
        }

        private static int Digits(byte[] buffer, int offset, int count)
        {
            int value = 0;
            for (int i = 0; i < count; i++)
            {
                int digit = buffer[offset + i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return -1;
                }

                value = (value * 10) + digit;
            }

            return value;
        }

        private static void WriteDigits(ByteWriter writer, int value, int count)
        {
            int divisor = 1;
            for (int i = 1; i < count; i++)
            {
                divisor *= 10;
            }

            for (int i = 0; i < count; i++)
            {
                writer.WriteByte((byte)('0' + ((value / divisor) % 10)));
                divisor /= 10;
            }
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// DER pieces of the CS02 payloads beyond <see cref="GbcsDer"/>: key usage BIT STRINGs, the DEFAULT cell usage, whole
    /// elements kept as views (certificates), and the length form devices use. The RTDS 6.x device responses and alerts
    /// write every length from 128 up as <c>82 hh ll</c> (the CS02a response opens <c>30 82 00 9F</c>) where the commands
    /// use DER's shortest form; so these payloads read either form (the <c>wide</c> arguments below) and each writes the
    /// form its sender uses, giving back the RTDS octets.
    /// </summary>
    internal static class CredentialDer
    {
        /// <summary>SEQUENCE OF bound for every CS02 list (HanBench choice: the RTDS lists hold at most three).</summary>
        public const int MaxItems = 8;

        /// <summary>ENUMERATED.</summary>
        public const byte EnumeratedTag = 0x0A;

        /// <summary>Octets of an encoded one-octet key usage.</summary>
        public const int KeyUsageLength = 4;

        private const byte BitStringTag = 0x03;

        /// <summary>Reads a tag and a definite length; <paramref name="wide"/> also accepts <c>81</c>/<c>82</c> forms that are not the shortest.</summary>
        public static GbcsPayloadStatus TryHeader(ByteReader reader, byte tag, bool wide, out int length)
        {
            length = 0;
            if (!wide)
            {
                return GbcsDer.TryReadHeader(reader, tag, out length);
            }

            if (!reader.TryReadByte(out byte actual))
            {
                return GbcsPayloadStatus.Truncated;
            }

            if (actual != tag)
            {
                return GbcsPayloadStatus.UnexpectedTag;
            }

            if (!reader.TryReadByte(out byte first))
            {
                return GbcsPayloadStatus.Truncated;
            }

            if (first < 0x80)
            {
                length = first;
            }
            else if (first == 0x81 && reader.TryReadByte(out byte one))
            {
                length = one;
            }
            else if (first == 0x82 && reader.TryReadUInt16BigEndian(out ushort two))
            {
                length = two;
            }
            else
            {
                return first == 0x81 || first == 0x82 ? GbcsPayloadStatus.Truncated : GbcsPayloadStatus.MalformedLength;
            }

            return reader.Remaining < length ? GbcsPayloadStatus.Truncated : GbcsPayloadStatus.Ok;
        }

        /// <summary>Octets of a tag and length for <paramref name="length"/> content octets.</summary>
        public static int HeaderLength(int length, bool wide)
        {
            return length < 0x80 ? 2 : wide ? 4 : GbcsDer.HeaderLength(length);
        }

        /// <summary>Writes a tag and length (<c>82 hh ll</c> from 128 up when <paramref name="wide"/>).</summary>
        public static void WriteHeader(ByteWriter writer, byte tag, int length, bool wide)
        {
            writer.WriteByte(tag);
            if (wide && length >= 0x80)
            {
                writer.WriteByte(0x82);
                writer.WriteUInt16BigEndian((ushort)length);
            }
            else
            {
                GbcsLength.Write(writer, length);
            }
        }

        /// <summary>Ok when the reader is at <paramref name="end"/>, the end of the structure just read.</summary>
        public static GbcsPayloadStatus AtEnd(ByteReader reader, int end)
        {
            return reader.Position == end ? GbcsPayloadStatus.Ok : GbcsPayloadStatus.LengthMismatch;
        }

        /// <summary>Reads a one-octet key usage BIT STRING in DER form (unused bits = the value's trailing zeros).</summary>
        public static GbcsPayloadStatus TryKeyUsage(ByteReader reader, out byte usage)
        {
            usage = 0;
            GbcsPayloadStatus status = GbcsDer.TryReadHeader(reader, BitStringTag, out int length);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (length != 2)
            {
                return GbcsPayloadStatus.BadFieldLength;
            }

            reader.TryReadByte(out byte unused);
            reader.TryReadByte(out byte value);
            if (value == 0 || unused != UnusedBits(value))
            {
                return GbcsPayloadStatus.MalformedInteger;
            }

            usage = value;
            return GbcsPayloadStatus.Ok;
        }

        /// <summary>Writes a one-octet key usage BIT STRING.</summary>
        public static void WriteKeyUsage(ByteWriter writer, byte usage)
        {
            writer.WriteByte(BitStringTag);
            writer.WriteByte(2);
            writer.WriteByte(UnusedBits(usage));
            writer.WriteByte(usage);
        }

        /// <summary>
        /// Reads the optional cell usage (INTEGER, DEFAULT management 0, so absent for management and never written as
        /// 0) if the next element before <paramref name="end"/> is an INTEGER.
        /// </summary>
        public static GbcsPayloadStatus TryCellUsage(ByteReader reader, int end, out byte usage)
        {
            usage = 0;
            if (reader.Position >= end || reader.Buffer[reader.Position] != GbcsDer.IntegerTag)
            {
                return GbcsPayloadStatus.Ok;
            }

            GbcsPayloadStatus status = GbcsDer.TryReadUnsigned(reader, 0x7F, out ulong value);
            if (status == GbcsPayloadStatus.Ok && value == 0)
            {
                return GbcsPayloadStatus.MalformedInteger;
            }

            usage = (byte)value;
            return status;
        }

        /// <summary>Octets of a cell usage: none for management.</summary>
        public static int CellUsageLength(byte usage)
        {
            return usage == 0 ? 0 : GbcsDer.UnsignedEncodedLength(usage);
        }

        /// <summary>Writes a cell usage unless it is the default.</summary>
        public static void WriteCellUsage(ByteWriter writer, byte usage)
        {
            if (usage != 0)
            {
                GbcsDer.WriteUnsigned(writer, usage);
            }
        }

        /// <summary>Reads one whole element with <paramref name="tag"/> (a certificate: SEQUENCE) and gives where it starts and its octets, header included.</summary>
        public static GbcsPayloadStatus TryElement(ByteReader reader, byte tag, out int offset, out int length)
        {
            offset = reader.Position;
            length = 0;
            GbcsPayloadStatus status = GbcsDer.TryReadHeader(reader, tag, out int content);
            if (status == GbcsPayloadStatus.Ok)
            {
                reader.TrySkip(content);
                length = reader.Position - offset;
            }

            return status;
        }

        /// <summary>Reads a role INTEGER (0–7 or 127).</summary>
        public static GbcsPayloadStatus TryRole(ByteReader reader, out RemotePartyRole role)
        {
            role = RemotePartyRole.Root;
            GbcsPayloadStatus status = GbcsDer.TryReadUnsigned(reader, 0x7F, out ulong value);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (value > (ulong)RemotePartyRole.IssuingAuthority && value != (ulong)RemotePartyRole.Other)
            {
                return GbcsPayloadStatus.UnknownResponseCode;
            }

            role = (RemotePartyRole)value;
            return GbcsPayloadStatus.Ok;
        }

        private static byte UnusedBits(byte value)
        {
            byte unused = 0;
            while (unused < 7 && ((value >> unused) & 1) == 0)
            {
                unused++;
            }

            return unused;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// Specialist floor sequence numbers (CS02b; RTDS 6.15.1): a SEQUENCE OF <c>30 L { 02 01 usage (0 prepayment top-up),
    /// 02 n seq }</c>, under tag A5 in the command and 30 in an outcome.
    /// </summary>
    public sealed class SpecialistSeqNumbers
    {
        private readonly byte[] _usages = new byte[CredentialDer.MaxItems];
        private readonly ulong[] _numbers = new ulong[CredentialDer.MaxItems];

        /// <summary>Entries used.</summary>
        public int Count { get; set; }

        /// <summary>Usage of each entry (0 prepayment top-up).</summary>
        public byte[] Usages => _usages;

        /// <summary>Sequence number of each entry.</summary>
        public ulong[] Numbers => _numbers;

        /// <summary>Copies <paramref name="other"/>.</summary>
        public void CopyFrom(SpecialistSeqNumbers other)
        {
            Count = other.Count;
            System.Array.Copy(other._usages, _usages, Count);
            System.Array.Copy(other._numbers, _numbers, Count);
        }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength(bool wide)
        {
            int content = ContentLength;
            return CredentialDer.HeaderLength(content, wide) + content;
        }

        private int ContentLength
        {
            get
            {
                int length = 0;
                for (int i = 0; i < Count; i++)
                {
                    length += 2 + GbcsDer.UnsignedEncodedLength(_usages[i]) + GbcsDer.UnsignedEncodedLength(_numbers[i]);
                }

                return length;
            }
        }

        /// <summary>Writes the list under <paramref name="tag"/>.</summary>
        public void WriteTo(ByteWriter writer, byte tag, bool wide)
        {
            CredentialDer.WriteHeader(writer, tag, ContentLength, wide);
            for (int i = 0; i < Count; i++)
            {
                GbcsDer.WriteSequenceHeader(writer, GbcsDer.UnsignedEncodedLength(_usages[i]) + GbcsDer.UnsignedEncodedLength(_numbers[i]));
                GbcsDer.WriteUnsigned(writer, _usages[i]);
                GbcsDer.WriteUnsigned(writer, _numbers[i]);
            }
        }

        /// <summary>Decodes the list under <paramref name="tag"/> into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, byte tag, bool wide, SpecialistSeqNumbers into)
        {
            GbcsPayloadStatus status = CredentialDer.TryHeader(reader, tag, wide, out int length);
            int end = reader.Position + length;
            into.Count = 0;
            while (status == GbcsPayloadStatus.Ok && reader.Position < end)
            {
                if (into.Count == CredentialDer.MaxItems)
                {
                    return GbcsPayloadStatus.LengthMismatch;
                }

                status = GbcsDer.TryReadHeader(reader, GbcsDer.SequenceTag, out int entry);
                int entryEnd = reader.Position + entry;
                ulong value = 0;
                if (status == GbcsPayloadStatus.Ok)
                {
                    status = GbcsDer.TryReadUnsigned(reader, 0x7F, out value);
                }

                into._usages[into.Count] = (byte)value;
                if (status == GbcsPayloadStatus.Ok)
                {
                    status = GbcsDer.TryReadUnsigned(reader, ulong.MaxValue, out value);
                }

                into._numbers[into.Count++] = value;
                if (status == GbcsPayloadStatus.Ok)
                {
                    status = CredentialDer.AtEnd(reader, entryEnd);
                }
            }

            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The outcome of one trust anchor replacement (CS02b response and 0x00CB alert; RTDS 6.15.1, 8.5, 6.23):
    /// <code>
    /// 30 L
    ///    30 L cell            the affected trust anchor cell
    ///    0A 01 ss             status (<see cref="CredentialStatus"/>)
    ///    04 08 ..  04 08 ..   existing subject id and subject key id
    ///    04 08 ..  04 08 ..   replacing subject id and subject key id (the existing ones again when refused)
    /// </code>
    /// </summary>
    public sealed class ReplacementOutcome
    {
        /// <summary>The affected cell.</summary>
        public TrustAnchorCell Cell { get; } = new TrustAnchorCell();

        /// <summary>Whether it was replaced.</summary>
        public CredentialStatus Status { get; set; }

        /// <summary>Subject id of the trust anchor held before.</summary>
        public ulong ExistingId { get; set; }

        /// <summary>Subject key identifier of the trust anchor held before.</summary>
        public ulong ExistingKeyId { get; set; }

        /// <summary>Subject id of the trust anchor held now.</summary>
        public ulong ReplacingId { get; set; }

        /// <summary>Subject key identifier of the trust anchor held now.</summary>
        public ulong ReplacingKeyId { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => CredentialDer.HeaderLength(ContentLength, true) + ContentLength;

        private int ContentLength => Cell.EncodedLength + GbcsDer.UnsignedEncodedLength((byte)Status) + 40;

        /// <summary>Writes the outcome.</summary>
        public void WriteTo(ByteWriter writer)
        {
            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, ContentLength, true);
            Cell.WriteTo(writer, GbcsDer.SequenceTag);
            GbcsDer.WriteUnsigned(writer, CredentialDer.EnumeratedTag, (byte)Status);
            GbcsDer.WriteOctetString64(writer, ExistingId);
            GbcsDer.WriteOctetString64(writer, ExistingKeyId);
            GbcsDer.WriteOctetString64(writer, ReplacingId);
            GbcsDer.WriteOctetString64(writer, ReplacingKeyId);
        }

        /// <summary>Decodes one outcome into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, ReplacementOutcome into)
        {
            GbcsPayloadStatus status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out int length);
            int end = reader.Position + length;
            ulong value = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = TrustAnchorCell.TryDecode(reader, GbcsDer.SequenceTag, into.Cell);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadUnsigned(reader, CredentialDer.EnumeratedTag, 0x7F, out value);
            }

            into.Status = (CredentialStatus)value;
            ulong existing = 0;
            ulong existingKey = 0;
            ulong replacing = 0;
            ulong replacingKey = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadOctetString64(reader, out existing);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadOctetString64(reader, out existingKey);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadOctetString64(reader, out replacing);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadOctetString64(reader, out replacingKey);
            }

            into.ExistingId = existing;
            into.ExistingKeyId = existingKey;
            into.ReplacingId = replacing;
            into.ReplacingKeyId = replacingKey;
            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }
    }
}

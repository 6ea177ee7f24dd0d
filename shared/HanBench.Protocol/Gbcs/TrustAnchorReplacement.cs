using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// One replacement in a CS02b command (RTDS 6.15.1, 8.5, 6.23): <c>30 L { certificate, 30 L target cell }</c>, the
    /// new remote party certificate and the trust anchor cell it goes into.
    /// </summary>
    public sealed class TrustAnchorReplacement
    {
        /// <summary>The new certificate (DER).</summary>
        public DerView Certificate { get; } = new DerView();

        /// <summary>The cell it replaces.</summary>
        public TrustAnchorCell Target { get; } = new TrustAnchorCell();

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int ContentLength => Certificate.Length + Target.EncodedLength;

        /// <summary>Writes the replacement.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsDer.WriteSequenceHeader(writer, ContentLength);
            writer.WriteBytes(Certificate.Buffer, Certificate.Offset, Certificate.Length);
            Target.WriteTo(writer, GbcsDer.SequenceTag);
        }

        /// <summary>Decodes one replacement into <paramref name="into"/>; the certificate is a view into the reader's buffer.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, TrustAnchorReplacement into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadHeader(reader, GbcsDer.SequenceTag, out int length);
            int end = reader.Position + length;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.TryElement(reader, GbcsDer.SequenceTag, out int offset, out int count);
                into.Certificate.Set(reader.Buffer, offset, count);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = TrustAnchorCell.TryDecode(reader, GbcsDer.SequenceTag, into.Target);
            }

            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }
    }
}

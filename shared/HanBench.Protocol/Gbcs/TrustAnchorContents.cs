using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// What a device holds in one trust anchor cell, as a CS02a response reports it (RTDS 6.24.1):
    /// <code>
    /// 30 L
    ///    03 02 uu vv        key usage
    ///    [02 01 01]         cell usage (absent: management)
    ///    04 08 ..           subject unique id (the party's entity id)
    ///    04 08 ..           subject key identifier of the certificate
    /// </code>
    /// </summary>
    public sealed class TrustAnchorContents
    {
        /// <summary>Key usage (<see cref="GbcsKeyUsage"/>).</summary>
        public byte KeyUsage { get; set; }

        /// <summary>0 management, or <see cref="TrustAnchorCell.PrepaymentTopUp"/>.</summary>
        public byte CellUsage { get; set; }

        /// <summary>The subject's entity id (EUI-64 form, big-endian).</summary>
        public ulong SubjectId { get; set; }

        /// <summary>The certificate's 8-octet subject key identifier, big-endian.</summary>
        public ulong SubjectKeyId { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => 2 + ContentLength;

        private int ContentLength => CredentialDer.KeyUsageLength + CredentialDer.CellUsageLength(CellUsage) + 20;

        /// <summary>Writes the structure.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsDer.WriteSequenceHeader(writer, ContentLength);
            CredentialDer.WriteKeyUsage(writer, KeyUsage);
            CredentialDer.WriteCellUsage(writer, CellUsage);
            GbcsDer.WriteOctetString64(writer, SubjectId);
            GbcsDer.WriteOctetString64(writer, SubjectKeyId);
        }

        /// <summary>Decodes one structure into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, TrustAnchorContents into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadHeader(reader, GbcsDer.SequenceTag, out int length);
            int end = reader.Position + length;
            byte usage = 0;
            byte cell = 0;
            ulong id = 0;
            ulong keyId = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.TryKeyUsage(reader, out usage);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.TryCellUsage(reader, end, out cell);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadOctetString64(reader, out id);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadOctetString64(reader, out keyId);
            }

            into.KeyUsage = usage;
            into.CellUsage = cell;
            into.SubjectId = id;
            into.SubjectKeyId = keyId;
            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }
    }
}

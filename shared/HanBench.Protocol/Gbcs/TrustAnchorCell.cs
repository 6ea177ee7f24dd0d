using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// A trust anchor cell identifier (CS02a, CS02b; RTDS 6.x): which of a device's trust anchors is meant.
    /// <code>
    /// 30 L (or A2 L inside the CS02b authorising control)
    ///    02 01 rr        remote party role
    ///    03 02 uu vv     key usage (<see cref="GbcsKeyUsage"/>)
    ///    [02 01 01]      cell usage: absent for management (DEFAULT), 1 for prepayment top-up
    /// </code>
    /// </summary>
    public sealed class TrustAnchorCell
    {
        /// <summary>Cell usage of the prepayment top-up KA cell; 0 is management.</summary>
        public const byte PrepaymentTopUp = 1;

        /// <summary>The remote party.</summary>
        public RemotePartyRole Role { get; set; }

        /// <summary>Key usage (<see cref="GbcsKeyUsage"/>).</summary>
        public byte KeyUsage { get; set; }

        /// <summary>0 management, or <see cref="PrepaymentTopUp"/>.</summary>
        public byte CellUsage { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => 2 + ContentLength;

        private int ContentLength => GbcsDer.UnsignedEncodedLength((byte)Role) + CredentialDer.KeyUsageLength + CredentialDer.CellUsageLength(CellUsage);

        /// <summary>Copies <paramref name="other"/>.</summary>
        public void CopyFrom(TrustAnchorCell other)
        {
            Role = other.Role;
            KeyUsage = other.KeyUsage;
            CellUsage = other.CellUsage;
        }

        /// <summary>Whether <paramref name="other"/> names the same cell.</summary>
        public bool Matches(TrustAnchorCell other)
        {
            return Role == other.Role && KeyUsage == other.KeyUsage && CellUsage == other.CellUsage;
        }

        /// <summary>Writes the cell under <paramref name="tag"/> (0x30, or 0xA2 in the CS02b authorising control).</summary>
        public void WriteTo(ByteWriter writer, byte tag)
        {
            writer.WriteByte(tag);
            writer.WriteByte((byte)ContentLength);
            GbcsDer.WriteUnsigned(writer, (byte)Role);
            CredentialDer.WriteKeyUsage(writer, KeyUsage);
            CredentialDer.WriteCellUsage(writer, CellUsage);
        }

        /// <summary>Decodes one cell under <paramref name="tag"/> into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, byte tag, TrustAnchorCell into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadHeader(reader, tag, out int length);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            int end = reader.Position + length;
            status = CredentialDer.TryRole(reader, out RemotePartyRole role);
            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.TryKeyUsage(reader, out byte usage);
                into.KeyUsage = usage;
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.TryCellUsage(reader, end, out byte cell);
                into.CellUsage = cell;
            }

            into.Role = role;
            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS02a Provide Security Credentials Details command payload (message code 0x0008; RTDS 6.24.1, NA_CS02aSignature):
    /// <code>
    /// 30 L
    ///    30 L { role, key usage [, cell usage] }   the authorising remote party's trust anchor cell (<see cref="TrustAnchorCell"/>)
    ///    30 L { 02 01 rr ... }                    the roles whose credentials are asked for
    /// </code>
    /// </summary>
    public sealed class CredentialsDetailsCommand
    {
        private readonly RemotePartyRole[] _roles = new RemotePartyRole[CredentialDer.MaxItems];

        /// <summary>The authorising remote party's cell (the ACB's KA cell when MAC'd, as in the RTDS).</summary>
        public TrustAnchorCell Authorising { get; } = new TrustAnchorCell();

        /// <summary>Roles asked for, the first <see cref="RoleCount"/> of them (at most 8).</summary>
        public RemotePartyRole[] Roles => _roles;

        /// <summary>How many of <see cref="Roles"/> are used.</summary>
        public int RoleCount { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int RolesLength => 3 * RoleCount;

        private int ContentLength => Authorising.EncodedLength + GbcsDer.HeaderLength(RolesLength) + RolesLength;

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsDer.WriteSequenceHeader(writer, ContentLength);
            Authorising.WriteTo(writer, GbcsDer.SequenceTag);
            GbcsDer.WriteSequenceHeader(writer, RolesLength);
            for (int i = 0; i < RoleCount; i++)
            {
                GbcsDer.WriteUnsigned(writer, (byte)_roles[i]);
            }
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/> (unspecified on failure).</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, CredentialsDetailsCommand into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadOuterSequence(reader);
            if (status == GbcsPayloadStatus.Ok)
            {
                status = TrustAnchorCell.TryDecode(reader, GbcsDer.SequenceTag, into.Authorising);
            }

            int length = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadHeader(reader, GbcsDer.SequenceTag, out length);
            }

            into.RoleCount = 0;
            int end = reader.Position + length;
            while (status == GbcsPayloadStatus.Ok && reader.Position < end)
            {
                if (into.RoleCount == CredentialDer.MaxItems)
                {
                    return GbcsPayloadStatus.LengthMismatch;
                }

                status = CredentialDer.TryRole(reader, out into._roles[into.RoleCount]);
                into.RoleCount++;
            }

            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = CredentialDer.AtEnd(reader, end);
            return status == GbcsPayloadStatus.Ok && reader.Remaining != 0 ? GbcsPayloadStatus.TrailingBytes : status;
        }
    }
}

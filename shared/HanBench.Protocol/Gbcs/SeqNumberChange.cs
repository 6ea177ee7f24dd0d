using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// A remote party's sequence numbers after a CS02b replacement (RTDS 6.15.1, 8.5):
    /// <c>30 L { 02 01 role, 02 n floor, [30 L specialist floors] }</c>.
    /// </summary>
    public sealed class SeqNumberChange
    {
        /// <summary>The remote party.</summary>
        public RemotePartyRole Role { get; set; }

        /// <summary>Its new floor sequence number.</summary>
        public ulong FloorSeqNumber { get; set; }

        /// <summary>Whether <see cref="SpecialistFloors"/> is present.</summary>
        public bool HasSpecialistFloors { get; set; }

        /// <summary>Its specialist floor sequence numbers.</summary>
        public SpecialistSeqNumbers SpecialistFloors { get; } = new SpecialistSeqNumbers();

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => CredentialDer.HeaderLength(ContentLength, true) + ContentLength;

        private int ContentLength => GbcsDer.UnsignedEncodedLength((byte)Role) + GbcsDer.UnsignedEncodedLength(FloorSeqNumber)
            + (HasSpecialistFloors ? SpecialistFloors.EncodedLength(true) : 0);

        /// <summary>Writes the change.</summary>
        public void WriteTo(ByteWriter writer)
        {
            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, ContentLength, true);
            GbcsDer.WriteUnsigned(writer, (byte)Role);
            GbcsDer.WriteUnsigned(writer, FloorSeqNumber);
            if (HasSpecialistFloors)
            {
                SpecialistFloors.WriteTo(writer, GbcsDer.SequenceTag, true);
            }
        }

        /// <summary>Decodes one change into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, SeqNumberChange into)
        {
            GbcsPayloadStatus status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out int length);
            int end = reader.Position + length;
            RemotePartyRole role = RemotePartyRole.Root;
            ulong floor = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.TryRole(reader, out role);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadUnsigned(reader, ulong.MaxValue, out floor);
            }

            into.Role = role;
            into.FloorSeqNumber = floor;
            into.HasSpecialistFloors = status == GbcsPayloadStatus.Ok && reader.Position < end;
            if (into.HasSpecialistFloors)
            {
                status = SpecialistSeqNumbers.TryDecode(reader, GbcsDer.SequenceTag, true, into.SpecialistFloors);
            }

            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }
    }
}

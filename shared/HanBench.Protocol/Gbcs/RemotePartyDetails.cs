using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// One remote party in a CS02a response (RTDS 6.24.1): its role and status, and when the device holds its trust
    /// anchors (<see cref="HasDetails"/>) its current sequence number and each cell's contents.
    /// <code>
    /// 30 L
    ///    02 01 rr                   remote party role
    ///    0A 01 ss                   status (<see cref="CredentialStatus"/>)
    ///    [02 n seq                  current sequence number
    ///     30 L { TrustAnchorContents ... }]
    /// </code>
    /// Lengths are written as devices write them (<see cref="CredentialDer"/>).
    /// </summary>
    public sealed class RemotePartyDetails
    {
        private readonly TrustAnchorContents[] _cells = new TrustAnchorContents[CredentialDer.MaxItems];

        /// <summary>An empty entry with room for 8 cells.</summary>
        public RemotePartyDetails()
        {
            for (int i = 0; i < _cells.Length; i++)
            {
                _cells[i] = new TrustAnchorContents();
            }
        }

        /// <summary>The remote party.</summary>
        public RemotePartyRole Role { get; set; }

        /// <summary>Whether the device reported the party's credentials (status success in the RTDS).</summary>
        public CredentialStatus Status { get; set; }

        /// <summary>Whether the sequence number and cells follow.</summary>
        public bool HasDetails { get; set; }

        /// <summary>The party's current sequence number on the device.</summary>
        public ulong SeqNumber { get; set; }

        /// <summary>Cells, the first <see cref="CellCount"/> of them.</summary>
        public TrustAnchorContents[] Cells => _cells;

        /// <summary>How many of <see cref="Cells"/> are used.</summary>
        public int CellCount { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => CredentialDer.HeaderLength(ContentLength, true) + ContentLength;

        private int CellsLength
        {
            get
            {
                int length = 0;
                for (int i = 0; i < CellCount; i++)
                {
                    length += _cells[i].EncodedLength;
                }

                return length;
            }
        }

        private int ContentLength => GbcsDer.UnsignedEncodedLength((byte)Role) + GbcsDer.UnsignedEncodedLength((byte)Status)
            + (HasDetails ? GbcsDer.UnsignedEncodedLength(SeqNumber) + CredentialDer.HeaderLength(CellsLength, true) + CellsLength : 0);

        /// <summary>Writes the entry.</summary>
        public void WriteTo(ByteWriter writer)
        {
            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, ContentLength, true);
            GbcsDer.WriteUnsigned(writer, (byte)Role);
            GbcsDer.WriteUnsigned(writer, CredentialDer.EnumeratedTag, (byte)Status);
            if (HasDetails)
            {
                GbcsDer.WriteUnsigned(writer, SeqNumber);
                CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, CellsLength, true);
                for (int i = 0; i < CellCount; i++)
                {
                    _cells[i].WriteTo(writer);
                }
            }
        }

        /// <summary>Decodes one entry into <paramref name="into"/> (unspecified on failure).</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, RemotePartyDetails into)
        {
            GbcsPayloadStatus status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out int length);
            int end = reader.Position + length;
            RemotePartyRole role = RemotePartyRole.Root;
            ulong value = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.TryRole(reader, out role);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadUnsigned(reader, CredentialDer.EnumeratedTag, 0x7F, out value);
            }

            into.Role = role;
            into.Status = (CredentialStatus)value;
            into.HasDetails = status == GbcsPayloadStatus.Ok && reader.Position < end;
            into.CellCount = 0;
            if (into.HasDetails)
            {
                status = GbcsDer.TryReadUnsigned(reader, ulong.MaxValue, out value);
                into.SeqNumber = value;
                if (status == GbcsPayloadStatus.Ok)
                {
                    status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out length);
                }

                int cellsEnd = reader.Position + length;
                while (status == GbcsPayloadStatus.Ok && reader.Position < cellsEnd)
                {
                    if (into.CellCount == CredentialDer.MaxItems)
                    {
                        return GbcsPayloadStatus.LengthMismatch;
                    }

                    status = TrustAnchorContents.TryDecode(reader, into._cells[into.CellCount++]);
                }

                if (status == GbcsPayloadStatus.Ok)
                {
                    status = CredentialDer.AtEnd(reader, cellsEnd);
                }
            }

            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }
    }
}

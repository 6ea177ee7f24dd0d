using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS02b Update Security Credentials command payload (message codes 0x0102 supplier by supplier, 0x0104 ACB by ACB,
    /// 0x0107 supplier by transitional CoS; RTDS 6.15.1, 8.5, 6.23):
    /// <code>
    /// 30 L
    ///    30 L                         authorising remote party control
    ///       02 01 mm                    credentials replacement mode (<see cref="ReplacementMode"/>)
    ///       [81 01 cc]                  apply (0) or disapply (1) time-based CPV checks (RTDS 6.15.1 immediate: 1)
    ///       [A2 L cell]                 the authorising party's trust anchor cell
    ///       83 n seq                    the authorising party's sequence number (the command's originator counter)
    ///       [84 n seq]                  new remote party floor sequence number
    ///       [A5 L specialist floors]    new remote party specialist floor sequence numbers
    ///       [A6 L { SeqNumberChange ... }]   other remote parties' sequence number changes (RTDS 6.23 future-dated)
    ///    30 L { TrustAnchorReplacement ... }   new certificates and their target cells
    ///    30 L { certificate ... }              certification path certificates (the issuing CA)
    ///    [18 0F YYYYMMDDHHMMSSZ]               execution date-time (future-dated; 9999-12-31 23:59:59 cancels)
    /// </code>
    /// The optional control element the RTDS never carry, [0] plaintext symmetric key, is refused with
    /// <see cref="GbcsPayloadStatus.UnexpectedTag"/>.
    /// </summary>
    public sealed class UpdateCredentialsCommand
    {
        private const byte CpvTag = 0x81;
        private const byte CellTag = 0xA2;
        private const byte SeqTag = 0x83;
        private const byte FloorTag = 0x84;
        private const byte SpecialistTag = 0xA5;
        private const byte OtherChangesTag = 0xA6;

        private readonly TrustAnchorReplacement[] _replacements = new TrustAnchorReplacement[CredentialDer.MaxItems];
        private readonly DerView[] _path = new DerView[CredentialDer.MaxItems];
        private readonly SeqNumberChange[] _otherChanges = new SeqNumberChange[CredentialDer.MaxItems];

        /// <summary>An empty command with room for 8 replacements and 8 path certificates.</summary>
        public UpdateCredentialsCommand()
        {
            for (int i = 0; i < CredentialDer.MaxItems; i++)
            {
                _replacements[i] = new TrustAnchorReplacement();
                _path[i] = new DerView();
                _otherChanges[i] = new SeqNumberChange();
            }
        }

        /// <summary>Who replaces whose credentials.</summary>
        public ReplacementMode Mode { get; set; }

        /// <summary>Whether <see cref="CpvChecks"/> is present.</summary>
        public bool HasCpvChecks { get; set; }

        /// <summary>Time-based CPV checks: 0 apply, 1 disapply.</summary>
        public byte CpvChecks { get; set; }

        /// <summary>Whether <see cref="Authorising"/> is present (absent in ACB by ACB).</summary>
        public bool HasAuthorising { get; set; }

        /// <summary>The authorising party's trust anchor cell.</summary>
        public TrustAnchorCell Authorising { get; } = new TrustAnchorCell();

        /// <summary>The authorising party's sequence number (RTDS: the command's originator counter).</summary>
        public ulong SeqNumber { get; set; }

        /// <summary>Whether <see cref="FloorSeqNumber"/> is present.</summary>
        public bool HasFloor { get; set; }

        /// <summary>The floor sequence number the new party's commands must exceed.</summary>
        public ulong FloorSeqNumber { get; set; }

        /// <summary>Whether <see cref="SpecialistFloors"/> is present.</summary>
        public bool HasSpecialistFloors { get; set; }

        /// <summary>The new party's specialist floor sequence numbers.</summary>
        public SpecialistSeqNumbers SpecialistFloors { get; } = new SpecialistSeqNumbers();

        /// <summary>Other remote parties' sequence number changes, the first <see cref="OtherChangeCount"/> (present when non-zero).</summary>
        public SeqNumberChange[] OtherChanges => _otherChanges;

        /// <summary>How many of <see cref="OtherChanges"/> are used; 0 leaves the element out.</summary>
        public int OtherChangeCount { get; set; }

        /// <summary>Replacements, the first <see cref="ReplacementCount"/> of them.</summary>
        public TrustAnchorReplacement[] Replacements => _replacements;

        /// <summary>How many of <see cref="Replacements"/> are used.</summary>
        public int ReplacementCount { get; set; }

        /// <summary>Certification path certificates, the first <see cref="PathCount"/> of them.</summary>
        public DerView[] Path => _path;

        /// <summary>How many of <see cref="Path"/> are used.</summary>
        public int PathCount { get; set; }

        /// <summary>Whether <see cref="ExecutionDateTime"/> is present.</summary>
        public bool HasExecutionDateTime { get; set; }

        /// <summary>When to replace (future-dated), or <see cref="ActivateFirmwareCommand.CancellationDateTime"/> to cancel.</summary>
        public GbcsTimestamp ExecutionDateTime { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int ControlLength => GbcsDer.UnsignedEncodedLength((byte)Mode) + (HasCpvChecks ? GbcsDer.UnsignedEncodedLength(CpvChecks) : 0) + (HasAuthorising ? Authorising.EncodedLength : 0)
            + GbcsDer.UnsignedEncodedLength(SeqNumber) + (HasFloor ? GbcsDer.UnsignedEncodedLength(FloorSeqNumber) : 0)
            + (HasSpecialistFloors ? SpecialistFloors.EncodedLength(false) : 0) + (OtherChangeCount > 0 ? GbcsDer.HeaderLength(OtherChangesLength) + OtherChangesLength : 0);

        private int OtherChangesLength
        {
            get
            {
                int length = 0;
                for (int i = 0; i < OtherChangeCount; i++)
                {
                    length += _otherChanges[i].EncodedLength;
                }

                return length;
            }
        }

        private int ReplacementsLength
        {
            get
            {
                int length = 0;
                for (int i = 0; i < ReplacementCount; i++)
                {
                    length += _replacements[i].EncodedLength;
                }

                return length;
            }
        }

        private int PathLength
        {
            get
            {
                int length = 0;
                for (int i = 0; i < PathCount; i++)
                {
                    length += _path[i].Length;
                }

                return length;
            }
        }

        private int ContentLength => GbcsDer.HeaderLength(ControlLength) + ControlLength + GbcsDer.HeaderLength(ReplacementsLength)
            + ReplacementsLength + GbcsDer.HeaderLength(PathLength) + PathLength + (HasExecutionDateTime ? GbcsDer.GeneralizedTimeEncodedLength : 0);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsDer.WriteSequenceHeader(writer, ContentLength);
            GbcsDer.WriteSequenceHeader(writer, ControlLength);
            GbcsDer.WriteUnsigned(writer, (byte)Mode);
            if (HasCpvChecks)
            {
                GbcsDer.WriteUnsigned(writer, CpvTag, CpvChecks);
            }

            if (HasAuthorising)
            {
                Authorising.WriteTo(writer, CellTag);
            }

            GbcsDer.WriteUnsigned(writer, SeqTag, SeqNumber);
            if (HasFloor)
            {
                GbcsDer.WriteUnsigned(writer, FloorTag, FloorSeqNumber);
            }

            if (HasSpecialistFloors)
            {
                SpecialistFloors.WriteTo(writer, SpecialistTag, false);
            }

            if (OtherChangeCount > 0)
            {
                writer.WriteByte(OtherChangesTag);
                GbcsLength.Write(writer, OtherChangesLength);
                for (int i = 0; i < OtherChangeCount; i++)
                {
                    _otherChanges[i].WriteTo(writer);
                }
            }

            GbcsDer.WriteSequenceHeader(writer, ReplacementsLength);
            for (int i = 0; i < ReplacementCount; i++)
            {
                _replacements[i].WriteTo(writer);
            }

            GbcsDer.WriteSequenceHeader(writer, PathLength);
            for (int i = 0; i < PathCount; i++)
            {
                writer.WriteBytes(_path[i].Buffer, _path[i].Offset, _path[i].Length);
            }

            if (HasExecutionDateTime)
            {
                GbcsDer.WriteGeneralizedTime(writer, ExecutionDateTime);
            }
        }

        /// <summary>
        /// Decodes all of the reader's remaining bytes into <paramref name="into"/> (unspecified on failure); certificates
        /// are views into the reader's buffer.
        /// </summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, UpdateCredentialsCommand into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadOuterSequence(reader);
            if (status == GbcsPayloadStatus.Ok)
            {
                status = TryDecodeControl(reader, into);
            }

            int length = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadHeader(reader, GbcsDer.SequenceTag, out length);
            }

            int end = reader.Position + length;
            into.ReplacementCount = 0;
            while (status == GbcsPayloadStatus.Ok && reader.Position < end)
            {
                if (into.ReplacementCount == CredentialDer.MaxItems)
                {
                    return GbcsPayloadStatus.LengthMismatch;
                }

                status = TrustAnchorReplacement.TryDecode(reader, into._replacements[into.ReplacementCount++]);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.AtEnd(reader, end);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadHeader(reader, GbcsDer.SequenceTag, out length);
            }

            end = reader.Position + length;
            into.PathCount = 0;
            while (status == GbcsPayloadStatus.Ok && reader.Position < end)
            {
                if (into.PathCount == CredentialDer.MaxItems)
                {
                    return GbcsPayloadStatus.LengthMismatch;
                }

                status = CredentialDer.TryElement(reader, GbcsDer.SequenceTag, out int offset, out int count);
                into._path[into.PathCount++].Set(reader.Buffer, offset, count);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.AtEnd(reader, end);
            }

            into.HasExecutionDateTime = status == GbcsPayloadStatus.Ok && reader.Remaining > 0;
            if (into.HasExecutionDateTime)
            {
                status = GbcsDer.TryReadGeneralizedTime(reader, out GbcsTimestamp time);
                into.ExecutionDateTime = time;
            }

            return status == GbcsPayloadStatus.Ok && reader.Remaining != 0 ? GbcsPayloadStatus.TrailingBytes : status;
        }

        private static GbcsPayloadStatus TryDecodeControl(ByteReader reader, UpdateCredentialsCommand into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadHeader(reader, GbcsDer.SequenceTag, out int length);
            int end = reader.Position + length;
            ulong value = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadUnsigned(reader, (ulong)ReplacementMode.AnyByContingency, out value);
            }

            if (status == GbcsPayloadStatus.Ok && value < (ulong)ReplacementMode.SupplierBySupplier)
            {
                status = GbcsPayloadStatus.UnknownResponseCode;
            }

            into.Mode = (ReplacementMode)value;
            into.HasCpvChecks = status == GbcsPayloadStatus.Ok && Next(reader, end) == CpvTag;
            if (into.HasCpvChecks)
            {
                status = GbcsDer.TryReadUnsigned(reader, CpvTag, 1, out value);
                into.CpvChecks = (byte)value;
            }

            into.HasAuthorising = status == GbcsPayloadStatus.Ok && Next(reader, end) == CellTag;
            if (into.HasAuthorising)
            {
                status = TrustAnchorCell.TryDecode(reader, CellTag, into.Authorising);
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadUnsigned(reader, SeqTag, ulong.MaxValue, out value);
                into.SeqNumber = value;
            }

            into.HasFloor = status == GbcsPayloadStatus.Ok && Next(reader, end) == FloorTag;
            if (into.HasFloor)
            {
                status = GbcsDer.TryReadUnsigned(reader, FloorTag, ulong.MaxValue, out value);
                into.FloorSeqNumber = value;
            }

            into.HasSpecialistFloors = status == GbcsPayloadStatus.Ok && Next(reader, end) == SpecialistTag;
            if (into.HasSpecialistFloors)
            {
                status = SpecialistSeqNumbers.TryDecode(reader, SpecialistTag, false, into.SpecialistFloors);
            }

            into.OtherChangeCount = 0;
            if (status == GbcsPayloadStatus.Ok && Next(reader, end) == OtherChangesTag)
            {
                status = GbcsDer.TryReadHeader(reader, OtherChangesTag, out int changesLength);
                int changesEnd = reader.Position + changesLength;
                while (status == GbcsPayloadStatus.Ok && reader.Position < changesEnd)
                {
                    if (into.OtherChangeCount == CredentialDer.MaxItems)
                    {
                        return GbcsPayloadStatus.LengthMismatch;
                    }

                    status = SeqNumberChange.TryDecode(reader, into._otherChanges[into.OtherChangeCount++]);
                }

                if (status == GbcsPayloadStatus.Ok)
                {
                    status = CredentialDer.AtEnd(reader, changesEnd);
                }
            }

            if (status == GbcsPayloadStatus.Ok && reader.Position < end)
            {
                return GbcsPayloadStatus.UnexpectedTag;
            }

            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }

        private static int Next(ByteReader reader, int end)
        {
            return reader.Position < end ? reader.Buffer[reader.Position] : -1;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The execution outcome of a CS02b command, in the immediate response and the future-dated 0x00CB alert (RTDS
    /// 6.15.1, 8.5, 6.23), written with the device's length form (<see cref="CredentialDer"/>):
    /// <code>
    /// 30 L
    ///    02 n seq                          the authorising party's sequence number
    ///    02 01 mm                          credentials replacement mode
    ///    30 L { SeqNumberChange ... }      remote party sequence number changes
    ///    30 L { ReplacementOutcome ... }   one per replacement, in the command's order
    /// </code>
    /// </summary>
    public sealed class UpdateCredentialsOutcome
    {
        private readonly SeqNumberChange[] _changes = new SeqNumberChange[CredentialDer.MaxItems];
        private readonly ReplacementOutcome[] _outcomes = new ReplacementOutcome[CredentialDer.MaxItems];

        /// <summary>An empty outcome with room for 8 changes and 8 replacement outcomes.</summary>
        public UpdateCredentialsOutcome()
        {
            for (int i = 0; i < CredentialDer.MaxItems; i++)
            {
                _changes[i] = new SeqNumberChange();
                _outcomes[i] = new ReplacementOutcome();
            }
        }

        /// <summary>The authorising party's sequence number from the command.</summary>
        public ulong SeqNumber { get; set; }

        /// <summary>The command's replacement mode.</summary>
        public ReplacementMode Mode { get; set; }

        /// <summary>Sequence number changes, the first <see cref="ChangeCount"/>.</summary>
        public SeqNumberChange[] Changes => _changes;

        /// <summary>How many of <see cref="Changes"/> are used.</summary>
        public int ChangeCount { get; set; }

        /// <summary>Replacement outcomes, the first <see cref="OutcomeCount"/>.</summary>
        public ReplacementOutcome[] Outcomes => _outcomes;

        /// <summary>How many of <see cref="Outcomes"/> are used.</summary>
        public int OutcomeCount { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => CredentialDer.HeaderLength(ContentLength, true) + ContentLength;

        private int ChangesLength
        {
            get
            {
                int length = 0;
                for (int i = 0; i < ChangeCount; i++)
                {
                    length += _changes[i].EncodedLength;
                }

                return length;
            }
        }

        private int OutcomesLength
        {
            get
            {
                int length = 0;
                for (int i = 0; i < OutcomeCount; i++)
                {
                    length += _outcomes[i].EncodedLength;
                }

                return length;
            }
        }

        private int ContentLength => GbcsDer.UnsignedEncodedLength(SeqNumber) + GbcsDer.UnsignedEncodedLength((byte)Mode)
            + CredentialDer.HeaderLength(ChangesLength, true) + ChangesLength + CredentialDer.HeaderLength(OutcomesLength, true) + OutcomesLength;

        /// <summary>Writes the outcome.</summary>
        public void WriteTo(ByteWriter writer)
        {
            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, ContentLength, true);
            GbcsDer.WriteUnsigned(writer, SeqNumber);
            GbcsDer.WriteUnsigned(writer, (byte)Mode);
            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, ChangesLength, true);
            for (int i = 0; i < ChangeCount; i++)
            {
                _changes[i].WriteTo(writer);
            }

            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, OutcomesLength, true);
            for (int i = 0; i < OutcomeCount; i++)
            {
                _outcomes[i].WriteTo(writer);
            }
        }

        /// <summary>Decodes one outcome into <paramref name="into"/> (unspecified on failure).</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, UpdateCredentialsOutcome into)
        {
            GbcsPayloadStatus status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out int length);
            int end = reader.Position + length;
            ulong value = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadUnsigned(reader, ulong.MaxValue, out value);
            }

            into.SeqNumber = value;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadUnsigned(reader, (ulong)ReplacementMode.AnyByContingency, out value);
            }

            into.Mode = (ReplacementMode)value;
            into.ChangeCount = 0;
            into.OutcomeCount = 0;
            for (int list = 0; list < 2 && status == GbcsPayloadStatus.Ok; list++)
            {
                status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out int listLength);
                int listEnd = reader.Position + listLength;
                while (status == GbcsPayloadStatus.Ok && reader.Position < listEnd)
                {
                    if ((list == 0 ? into.ChangeCount : into.OutcomeCount) == CredentialDer.MaxItems)
                    {
                        return GbcsPayloadStatus.LengthMismatch;
                    }

                    status = list == 0
                        ? SeqNumberChange.TryDecode(reader, into._changes[into.ChangeCount++])
                        : ReplacementOutcome.TryDecode(reader, into._outcomes[into.OutcomeCount++]);
                }

                if (status == GbcsPayloadStatus.Ok)
                {
                    status = CredentialDer.AtEnd(reader, listEnd);
                }
            }

            return status != GbcsPayloadStatus.Ok ? status : CredentialDer.AtEnd(reader, end);
        }
    }
}

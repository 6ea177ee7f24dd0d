using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// A GBCS message around its payload (docs/PROTOCOL.md §3; layout as in the DCC RTDS 4.5.0 messages):
    /// <code>
    /// [General Ciphering, only when MAC'd]
    ///   DD 00 00 00 00 00 00      tag; empty transaction id, system titles, date-time, other information; no key info
    ///   L                         ciphered service length (DER): security header + General Signing APDU + MAC
    ///   SC IC IC IC IC            security header: security control (0x11), 4-octet invocation counter
    /// General Signing (the "grouping header", then content and signature)
    ///   DF 09 CRA CCCCCCCCCCCCCCCC   tag; transaction id = CRA flag + 8-octet originator counter
    ///   08 TTTTTTTTTTTTTTTT          originator system title
    ///   08 TTTTTTTTTTTTTTTT          recipient system title
    ///   00 | 0C + 12 octets          date-time (absent, or a DLMS date-time)
    ///   L  message code (2) [+ supplementary remote party id (8) [+ its counter (8) [+ supplementary originator counter (8)]]]
    ///   L  content
    ///   L  signature (00, or 40 + 64-octet ECDSA r‖s)   -- absent in a pre-command
    /// [MAC, only when MAC'd]
    ///   12-octet AES-GCM tag
    /// </code>
    /// Multi-octet integers are big-endian. Decoding fills the fields and <see cref="Layout"/>; content, signature and
    /// MAC are views into the decoded buffer (nothing is copied). Encoding writes the fields back octet for octet; the
    /// signature and MAC are written from the views set here, or as zeros when none is set, for the security layer
    /// to fill in place afterwards (see <see cref="GbcsLayout"/>). One instance is meant to be reused.
    /// </summary>
    public sealed class GbcsEnvelope
    {
        /// <summary>DLMS general-ciphering APDU tag: the message is MAC'd.</summary>
        public const byte GeneralCipheringTag = 0xDD;

        /// <summary>DLMS general-signing APDU tag.</summary>
        public const byte GeneralSigningTag = 0xDF;

        /// <summary>Octets of the General Ciphering header before the ciphered service length.</summary>
        public const int GeneralCipheringHeaderLength = 7;

        /// <summary>Security control octet plus 4-octet invocation counter.</summary>
        public const int SecurityHeaderLength = 5;

        /// <summary>Security control GBCS uses for MAC'd messages: authenticated (bit 4), security suite 1.</summary>
        public const byte SecurityControlAuthenticatedOnly = 0x11;

        /// <summary>Transaction id length: CRA flag + 8-octet originator counter.</summary>
        public const byte TransactionIdLength = 9;

        /// <summary>System title length (an EUI-64 or a DCC/supplier entity id).</summary>
        public const byte SystemTitleLength = 8;

        /// <summary>Length of a present date-time (a DLMS date-time).</summary>
        public const byte DateTimeLength = 12;

        /// <summary>AES-GCM tag length in GBCS.</summary>
        public const int MacLength = 12;

        /// <summary>ECDSA P-256 signature length (r‖s).</summary>
        public const int EcdsaSignatureLength = 64;

        /// <summary>Other information holding the message code only.</summary>
        public const int OtherInformationMessageCodeOnly = 2;

        /// <summary>Other information holding message code and supplementary remote party id.</summary>
        public const int OtherInformationWithRemoteParty = 10;

        /// <summary>Other information holding message code, supplementary remote party id and its counter.</summary>
        public const int OtherInformationWithRemotePartyCounter = 18;

        /// <summary>Other information that also holds a supplementary originator counter.</summary>
        public const int OtherInformationWithOriginatorCounter = 26;

        private static readonly byte[] NoBytes = new byte[0];

        /// <summary>Creates an empty envelope: General Signing only, security control 0x11, no date-time, no content.</summary>
        public GbcsEnvelope()
        {
            Layout = new GbcsLayout();
            ContentBuffer = NoBytes;
            Reset();
        }

        /// <summary>Whether the message is wrapped in General Ciphering and ends with a MAC.</summary>
        public bool HasGeneralCiphering { get; set; }

        /// <summary>Security control octet of the security header (GBCS: 0x11).</summary>
        public byte SecurityControl { get; set; }

        /// <summary>Invocation counter of the security header (0 in every RTDS message).</summary>
        public uint InvocationCounter { get; set; }

        /// <summary>
        /// Whether this is a pre-command: a General Signing APDU that ends with its content, before the supplier
        /// appends signature length and signature (the RTDS CS06 "PRECOMMAND" files). Never MAC'd.
        /// </summary>
        public bool IsPreCommand { get; set; }

        /// <summary>Command, response or alert.</summary>
        public GbcsCraFlag CraFlag { get; set; }

        /// <summary>Originator counter; a receiver refuses one not above the last it accepted (<see cref="OriginatorCounterGuard"/>).</summary>
        public ulong OriginatorCounter { get; set; }

        /// <summary>Originator system title, big-endian as printed (00-DB-12-34-56-78-90-A4 is 0x00DB1234567890A4).</summary>
        public ulong OriginatorSystemTitle { get; set; }

        /// <summary>Recipient system title.</summary>
        public ulong RecipientSystemTitle { get; set; }

        /// <summary>Whether the grouping header carries a date-time.</summary>
        public bool HasDateTime { get; private set; }

        /// <summary>Buffer holding the 12-octet DLMS date-time when <see cref="HasDateTime"/>.</summary>
        public byte[] DateTimeBuffer { get; private set; } = NoBytes;

        /// <summary>Index of the date-time in <see cref="DateTimeBuffer"/>.</summary>
        public int DateTimeOffset { get; private set; }

        /// <summary>Message code (<see cref="GbcsMessageCode"/>).</summary>
        public ushort MessageCode { get; set; }

        /// <summary>Whether other information carries a supplementary remote party id.</summary>
        public bool HasSupplementaryRemotePartyId { get; set; }

        /// <summary>Supplementary remote party id (for CS08, the supplier the ACB acts for).</summary>
        public ulong SupplementaryRemotePartyId { get; set; }

        /// <summary>Whether other information also carries the supplementary remote party counter (needs the id).</summary>
        public bool HasSupplementaryRemotePartyCounter { get; set; }

        /// <summary>Supplementary remote party counter.</summary>
        public ulong SupplementaryRemotePartyCounter { get; set; }

        /// <summary>Whether other information also carries a supplementary originator counter (needs id and counter).</summary>
        public bool HasSupplementaryOriginatorCounter { get; set; }

        /// <summary>Supplementary originator counter.</summary>
        public ulong SupplementaryOriginatorCounter { get; set; }

        /// <summary>Buffer holding the content (payload).</summary>
        public byte[] ContentBuffer { get; private set; }

        /// <summary>Index of the content in <see cref="ContentBuffer"/>.</summary>
        public int ContentOffset { get; private set; }

        /// <summary>Octets of content.</summary>
        public int ContentLength { get; private set; }

        /// <summary>Buffer holding the signature, or null: <see cref="WriteTo"/> then writes zeros.</summary>
        public byte[]? SignatureBuffer { get; private set; }

        /// <summary>Index of the signature in <see cref="SignatureBuffer"/>.</summary>
        public int SignatureOffset { get; private set; }

        /// <summary>Octets of signature: 0 (unsigned) or 64.</summary>
        public int SignatureLength { get; private set; }

        /// <summary>Buffer holding the 12-octet MAC, or null: <see cref="WriteTo"/> then writes zeros.</summary>
        public byte[]? MacBuffer { get; private set; }

        /// <summary>Index of the MAC in <see cref="MacBuffer"/>.</summary>
        public int MacOffset { get; private set; }

        /// <summary>Where every part sits after the last successful decode or encode.</summary>
        public GbcsLayout Layout { get; }

        /// <summary>Back to the state of a new envelope (views dropped, layout cleared).</summary>
        public void Reset()
        {
            HasGeneralCiphering = false;
            SecurityControl = SecurityControlAuthenticatedOnly;
            InvocationCounter = 0;
            IsPreCommand = false;
            CraFlag = GbcsCraFlag.Command;
            OriginatorCounter = 0;
            OriginatorSystemTitle = 0;
            RecipientSystemTitle = 0;
            ClearDateTime();
            MessageCode = 0;
            HasSupplementaryRemotePartyId = false;
            SupplementaryRemotePartyId = 0;
            HasSupplementaryRemotePartyCounter = false;
            SupplementaryRemotePartyCounter = 0;
            HasSupplementaryOriginatorCounter = false;
            SupplementaryOriginatorCounter = 0;
            ContentBuffer = NoBytes;
            ContentOffset = 0;
            ContentLength = 0;
            SignatureBuffer = null;
            SignatureOffset = 0;
            SignatureLength = 0;
            MacBuffer = null;
            MacOffset = 0;
            Layout.Clear();
        }

        /// <summary>Points the date-time at 12 octets of <paramref name="buffer"/> (a DLMS date-time; not copied).</summary>
        public void SetDateTime(byte[] buffer, int offset)
        {
            CheckWindow(buffer, offset, DateTimeLength);
            DateTimeBuffer = buffer;
            DateTimeOffset = offset;
            HasDateTime = true;
        }

        /// <summary>Leaves the date-time out (encoded as a zero length).</summary>
        public void ClearDateTime()
        {
            DateTimeBuffer = NoBytes;
            DateTimeOffset = 0;
            HasDateTime = false;
        }

        /// <summary>Points the content at <paramref name="count"/> octets of <paramref name="buffer"/> (not copied).</summary>
        public void SetContent(byte[] buffer, int offset, int count)
        {
            CheckWindow(buffer, offset, count);
            if (count > GbcsLength.MaxValue)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            ContentBuffer = buffer;
            ContentOffset = offset;
            ContentLength = count;
        }

        /// <summary>
        /// Reserves <paramref name="length"/> octets of signature, written as zeros for the signer to fill in place
        /// (<see cref="EcdsaSignatureLength"/> for a signed message, 0 for an unsigned one).
        /// </summary>
        public void SetSignaturePlaceholder(int length)
        {
            if (length < 0 || length > GbcsLength.MaxValue)
            {
                throw new System.ArgumentOutOfRangeException(nameof(length));
            }

            SignatureBuffer = null;
            SignatureOffset = 0;
            SignatureLength = length;
        }

        /// <summary>Points the MAC at 12 octets of <paramref name="buffer"/> (not copied).</summary>
        public void SetMac(byte[] buffer, int offset)
        {
            CheckWindow(buffer, offset, MacLength);
            MacBuffer = buffer;
            MacOffset = offset;
        }

        /// <summary>Drops the MAC view: <see cref="WriteTo"/> writes 12 zeros for the security layer to replace.</summary>
        public void ClearMac()
        {
            MacBuffer = null;
            MacOffset = 0;
        }

        /// <summary>Octets of other information the supplementary flags call for.</summary>
        public int OtherInformationLength
        {
            get
            {
                if (HasSupplementaryOriginatorCounter)
                {
                    return OtherInformationWithOriginatorCounter;
                }

                if (HasSupplementaryRemotePartyCounter)
                {
                    return OtherInformationWithRemotePartyCounter;
                }

                return HasSupplementaryRemotePartyId ? OtherInformationWithRemoteParty : OtherInformationMessageCodeOnly;
            }
        }

        /// <summary>Octets of the General Signing APDU (0xDF to the end of the signature, or of the content in a pre-command).</summary>
        public int GeneralSigningLength
        {
            get
            {
                int otherLength = OtherInformationLength;
                int length = 2 + 1 + 8 + 1 + SystemTitleLength + 1 + SystemTitleLength + 1 + (HasDateTime ? DateTimeLength : 0)
                    + GbcsLength.EncodedSize(otherLength) + otherLength
                    + GbcsLength.EncodedSize(ContentLength) + ContentLength;
                if (!IsPreCommand)
                {
                    length += GbcsLength.EncodedSize(SignatureLength) + SignatureLength;
                }

                return length;
            }
        }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength
        {
            get
            {
                int length = GeneralSigningLength;
                if (!HasGeneralCiphering)
                {
                    return length;
                }

                int ciphered = SecurityHeaderLength + length + MacLength;
                return GeneralCipheringHeaderLength + GbcsLength.EncodedSize(ciphered) + ciphered;
            }
        }

        /// <summary>
        /// Writes the message and records in <see cref="Layout"/> where each part went in <c>writer.Buffer</c>.
        /// Throws <see cref="System.InvalidOperationException"/> for fields that cannot be encoded (a pre-command
        /// with General Ciphering, supplementary counters without the fields before them, an unknown CRA flag) or
        /// when the writer lacks room: those are programmer errors.
        /// </summary>
        public void WriteTo(ByteWriter writer)
        {
            Validate();
            int generalSigningLength = GeneralSigningLength;
            int cipheredLength = SecurityHeaderLength + generalSigningLength + MacLength;
            if (HasGeneralCiphering && cipheredLength > GbcsLength.MaxValue)
            {
                throw new System.InvalidOperationException("GBCS: ciphered service longer than " + GbcsLength.MaxValue.ToString() + " octets");
            }

            if (writer.Remaining < EncodedLength)
            {
                throw new System.InvalidOperationException("GBCS: no room for a " + EncodedLength.ToString() + "-octet message");
            }

            GbcsLayout layout = Layout;
            layout.Clear();
            layout.Start = writer.Position;
            if (HasGeneralCiphering)
            {
                writer.WriteByte(GeneralCipheringTag);
                writer.WriteRepeated(0x00, GeneralCipheringHeaderLength - 1);
                GbcsLength.Write(writer, cipheredLength);
                layout.SecurityHeaderOffset = writer.Position;
                layout.CipheredServiceLength = cipheredLength;
                writer.WriteByte(SecurityControl);
                writer.WriteUInt32BigEndian(InvocationCounter);
            }

            layout.GeneralSigningOffset = writer.Position;
            layout.GeneralSigningLength = generalSigningLength;
            writer.WriteByte(GeneralSigningTag);
            layout.SignedDataOffset = writer.Position;
            writer.WriteByte(TransactionIdLength);
            layout.CraFlagOffset = writer.Position;
            writer.WriteByte((byte)CraFlag);
            layout.OriginatorCounterOffset = writer.Position;
            writer.WriteUInt64BigEndian(OriginatorCounter);
            writer.WriteByte(SystemTitleLength);
            layout.OriginatorSystemTitleOffset = writer.Position;
            writer.WriteUInt64BigEndian(OriginatorSystemTitle);
            writer.WriteByte(SystemTitleLength);
            layout.RecipientSystemTitleOffset = writer.Position;
            writer.WriteUInt64BigEndian(RecipientSystemTitle);
            if (HasDateTime)
            {
                writer.WriteByte(DateTimeLength);
                layout.DateTimeOffset = writer.Position;
                writer.WriteBytes(DateTimeBuffer, DateTimeOffset, DateTimeLength);
            }
            else
            {
                writer.WriteByte(0x00);
            }

            int otherLength = OtherInformationLength;
            GbcsLength.Write(writer, otherLength);
            layout.OtherInformationOffset = writer.Position;
            layout.OtherInformationLength = otherLength;
            writer.WriteUInt16BigEndian(MessageCode);
            if (HasSupplementaryRemotePartyId)
            {
                writer.WriteUInt64BigEndian(SupplementaryRemotePartyId);
            }

            if (HasSupplementaryRemotePartyCounter)
            {
                writer.WriteUInt64BigEndian(SupplementaryRemotePartyCounter);
            }

            if (HasSupplementaryOriginatorCounter)
            {
                writer.WriteUInt64BigEndian(SupplementaryOriginatorCounter);
            }

            GbcsLength.Write(writer, ContentLength);
            layout.ContentOffset = writer.Position;
            layout.ContentLength = ContentLength;
            writer.WriteBytes(ContentBuffer, ContentOffset, ContentLength);
            layout.SignedDataLength = writer.Position - layout.SignedDataOffset;
            if (!IsPreCommand)
            {
                layout.SignatureLengthOffset = writer.Position;
                GbcsLength.Write(writer, SignatureLength);
                layout.SignatureLength = SignatureLength;
                if (SignatureLength > 0)
                {
                    layout.SignatureOffset = writer.Position;
                    WriteOrZeros(writer, SignatureBuffer, SignatureOffset, SignatureLength);
                }
            }

            if (HasGeneralCiphering)
            {
                layout.MacOffset = writer.Position;
                WriteOrZeros(writer, MacBuffer, MacOffset, MacLength);
            }

            layout.Length = writer.Position - layout.Start;
        }

        /// <summary>
        /// Decodes all of the reader's remaining bytes as a complete message (General Signing, optionally inside General
        /// Ciphering, with its signature length). Content, signature, MAC and date-time become views into the reader's
        /// buffer. On failure the envelope's fields are unspecified.
        /// </summary>
        public static GbcsStatus TryDecode(ByteReader reader, GbcsEnvelope into)
        {
            return Decode(reader, into, false);
        }

        /// <summary>
        /// Decodes all of the reader's remaining bytes as a pre-command: a General Signing APDU that ends with its
        /// content (no signature length), as a supplier receives it to sign.
        /// </summary>
        public static GbcsStatus TryDecodePreCommand(ByteReader reader, GbcsEnvelope into)
        {
            return Decode(reader, into, true);
        }

        private static GbcsStatus Decode(ByteReader reader, GbcsEnvelope into, bool preCommand)
        {
            if (reader == null || into == null)
            {
                throw new System.ArgumentNullException(reader == null ? nameof(reader) : nameof(into));
            }

            into.Reset();
            into.IsPreCommand = preCommand;
            GbcsLayout layout = into.Layout;
            layout.Start = reader.Position;
            if (reader.Remaining == 0)
            {
                return GbcsStatus.Empty;
            }

            byte tag = reader.Buffer[reader.Position];
            if (tag != GeneralCipheringTag && tag != GeneralSigningTag)
            {
                return GbcsStatus.UnknownTag;
            }

            // A pre-command is what the supplier signs: it is never inside General Ciphering.
            if (tag == GeneralCipheringTag && preCommand)
            {
                return GbcsStatus.MissingGeneralSigning;
            }

            int cipheredLength = 0;
            int cipheredStart = 0;
            if (tag == GeneralCipheringTag)
            {
                into.HasGeneralCiphering = true;
                if (reader.Remaining < GeneralCipheringHeaderLength)
                {
                    return GbcsStatus.TruncatedCipheringHeader;
                }

                reader.TrySkip(1);
                for (int i = 1; i < GeneralCipheringHeaderLength; i++)
                {
                    reader.TryReadByte(out byte empty);
                    if (empty != 0x00)
                    {
                        return GbcsStatus.UnsupportedCipheringHeader;
                    }
                }

                GbcsLengthStatus lengthStatus = GbcsLength.TryRead(reader, out cipheredLength);
                if (lengthStatus != GbcsLengthStatus.Ok)
                {
                    return lengthStatus == GbcsLengthStatus.Truncated ? GbcsStatus.TruncatedCipheringHeader : GbcsStatus.MalformedLength;
                }

                cipheredStart = reader.Position;
                layout.SecurityHeaderOffset = cipheredStart;
                layout.CipheredServiceLength = cipheredLength;
                if (!reader.TryReadByte(out byte securityControl) || !reader.TryReadUInt32BigEndian(out uint invocationCounter))
                {
                    return GbcsStatus.TruncatedSecurityHeader;
                }

                into.SecurityControl = securityControl;
                into.InvocationCounter = invocationCounter;
                if (reader.Remaining == 0)
                {
                    return GbcsStatus.TruncatedGroupingHeader;
                }

                if (reader.Buffer[reader.Position] != GeneralSigningTag)
                {
                    return GbcsStatus.MissingGeneralSigning;
                }
            }

            GbcsStatus status = DecodeGeneralSigning(reader, into, preCommand);
            if (status != GbcsStatus.Ok)
            {
                return status;
            }

            if (into.HasGeneralCiphering)
            {
                if (!reader.TryReadSlice(MacLength, out int macOffset))
                {
                    return GbcsStatus.TruncatedMac;
                }

                into.MacBuffer = reader.Buffer;
                into.MacOffset = macOffset;
                layout.MacOffset = macOffset;
                if (reader.Position - cipheredStart != cipheredLength)
                {
                    return GbcsStatus.CipheredServiceLengthMismatch;
                }
            }

            if (reader.Remaining != 0)
            {
                return GbcsStatus.TrailingBytes;
            }

            layout.Length = reader.Position - layout.Start;
            return GbcsStatus.Ok;
        }

        private static GbcsStatus DecodeGeneralSigning(ByteReader reader, GbcsEnvelope into, bool preCommand)
        {
            GbcsLayout layout = into.Layout;
            int start = reader.Position;
            layout.GeneralSigningOffset = start;
            layout.SignedDataOffset = start + 1;

            // Tag, transaction id length, CRA flag, originator counter, and both system titles with their lengths.
            const int FixedPart = 2 + 1 + 8 + 1 + SystemTitleLength + 1 + SystemTitleLength;
            if (reader.Remaining < FixedPart)
            {
                return GbcsStatus.TruncatedGroupingHeader;
            }

            reader.TrySkip(1);
            reader.TryReadByte(out byte transactionIdLength);
            if (transactionIdLength != TransactionIdLength)
            {
                return GbcsStatus.BadTransactionIdLength;
            }

            layout.CraFlagOffset = reader.Position;
            reader.TryReadByte(out byte cra);
            if (cra != (byte)GbcsCraFlag.Command && cra != (byte)GbcsCraFlag.Response && cra != (byte)GbcsCraFlag.Alert)
            {
                return GbcsStatus.UnknownCraFlag;
            }

            into.CraFlag = (GbcsCraFlag)cra;
            layout.OriginatorCounterOffset = reader.Position;
            reader.TryReadUInt64BigEndian(out ulong originatorCounter);
            into.OriginatorCounter = originatorCounter;

            reader.TryReadByte(out byte originatorLength);
            if (originatorLength != SystemTitleLength)
            {
                return GbcsStatus.BadSystemTitleLength;
            }

            layout.OriginatorSystemTitleOffset = reader.Position;
            reader.TryReadUInt64BigEndian(out ulong originator);
            into.OriginatorSystemTitle = originator;

            reader.TryReadByte(out byte recipientLength);
            if (recipientLength != SystemTitleLength)
            {
                return GbcsStatus.BadSystemTitleLength;
            }

            layout.RecipientSystemTitleOffset = reader.Position;
            reader.TryReadUInt64BigEndian(out ulong recipient);
            into.RecipientSystemTitle = recipient;

            // Date-time: a DLMS octet string, empty or one 12-octet DLMS date-time (the RTDS CS06 responses carry one).
            if (!reader.TryReadByte(out byte dateTimeLength))
            {
                return GbcsStatus.TruncatedGroupingHeader;
            }

            if (dateTimeLength != 0 && dateTimeLength != DateTimeLength)
            {
                return GbcsStatus.BadDateTimeLength;
            }

            if (dateTimeLength == DateTimeLength)
            {
                if (!reader.TryReadSlice(DateTimeLength, out int dateTimeOffset))
                {
                    return GbcsStatus.TruncatedGroupingHeader;
                }

                into.SetDateTime(reader.Buffer, dateTimeOffset);
                layout.DateTimeOffset = dateTimeOffset;
            }

            GbcsStatus status = DecodeOtherInformation(reader, into);
            if (status != GbcsStatus.Ok)
            {
                return status;
            }

            GbcsLengthStatus lengthStatus = GbcsLength.TryRead(reader, out int contentLength);
            if (lengthStatus != GbcsLengthStatus.Ok)
            {
                return lengthStatus == GbcsLengthStatus.Truncated ? GbcsStatus.TruncatedGroupingHeader : GbcsStatus.MalformedLength;
            }

            if (!reader.TryReadSlice(contentLength, out int contentOffset))
            {
                return GbcsStatus.TruncatedContent;
            }

            into.ContentBuffer = reader.Buffer;
            into.ContentOffset = contentOffset;
            into.ContentLength = contentLength;
            layout.ContentOffset = contentOffset;
            layout.ContentLength = contentLength;
            layout.SignedDataLength = reader.Position - layout.SignedDataOffset;

            if (!preCommand)
            {
                layout.SignatureLengthOffset = reader.Position;
                lengthStatus = GbcsLength.TryRead(reader, out int signatureLength);
                if (lengthStatus != GbcsLengthStatus.Ok)
                {
                    return lengthStatus == GbcsLengthStatus.Truncated ? GbcsStatus.TruncatedSignature : GbcsStatus.MalformedLength;
                }

                if (!reader.TryReadSlice(signatureLength, out int signatureOffset))
                {
                    return GbcsStatus.TruncatedSignature;
                }

                into.SignatureBuffer = reader.Buffer;
                into.SignatureOffset = signatureOffset;
                into.SignatureLength = signatureLength;
                layout.SignatureLength = signatureLength;
                layout.SignatureOffset = signatureLength > 0 ? signatureOffset : -1;
            }

            layout.GeneralSigningLength = reader.Position - start;
            return GbcsStatus.Ok;
        }

        private static GbcsStatus DecodeOtherInformation(ByteReader reader, GbcsEnvelope into)
        {
            GbcsLengthStatus lengthStatus = GbcsLength.TryRead(reader, out int otherLength);
            if (lengthStatus != GbcsLengthStatus.Ok)
            {
                return lengthStatus == GbcsLengthStatus.Truncated ? GbcsStatus.TruncatedGroupingHeader : GbcsStatus.MalformedLength;
            }

            // GBCS other information: message code, then optional supplementary fields, each 8 octets. A longer one
            // (a supplementary remote party key agreement certificate, CS02 only) is outside HanBench's use cases.
            if (otherLength != OtherInformationMessageCodeOnly && otherLength != OtherInformationWithRemoteParty
                && otherLength != OtherInformationWithRemotePartyCounter && otherLength != OtherInformationWithOriginatorCounter)
            {
                return GbcsStatus.BadOtherInformationLength;
            }

            if (reader.Remaining < otherLength)
            {
                return GbcsStatus.TruncatedGroupingHeader;
            }

            into.Layout.OtherInformationOffset = reader.Position;
            into.Layout.OtherInformationLength = otherLength;
            reader.TryReadUInt16BigEndian(out ushort messageCode);
            into.MessageCode = messageCode;
            if (otherLength >= OtherInformationWithRemoteParty)
            {
                reader.TryReadUInt64BigEndian(out ulong remoteParty);
                into.HasSupplementaryRemotePartyId = true;
                into.SupplementaryRemotePartyId = remoteParty;
            }

            if (otherLength >= OtherInformationWithRemotePartyCounter)
            {
                reader.TryReadUInt64BigEndian(out ulong remotePartyCounter);
                into.HasSupplementaryRemotePartyCounter = true;
                into.SupplementaryRemotePartyCounter = remotePartyCounter;
            }

            if (otherLength >= OtherInformationWithOriginatorCounter)
            {
                reader.TryReadUInt64BigEndian(out ulong originatorCounter);
                into.HasSupplementaryOriginatorCounter = true;
                into.SupplementaryOriginatorCounter = originatorCounter;
            }

            return GbcsStatus.Ok;
        }

        private void Validate()
        {
            if (CraFlag != GbcsCraFlag.Command && CraFlag != GbcsCraFlag.Response && CraFlag != GbcsCraFlag.Alert)
            {
                throw new System.InvalidOperationException("GBCS: CRA flag must be command, response or alert");
            }

            if (IsPreCommand && HasGeneralCiphering)
            {
                throw new System.InvalidOperationException("GBCS: a pre-command is never MAC'd");
            }

            if ((HasSupplementaryRemotePartyCounter && !HasSupplementaryRemotePartyId)
                || (HasSupplementaryOriginatorCounter && !HasSupplementaryRemotePartyCounter))
            {
                throw new System.InvalidOperationException("GBCS: a supplementary field needs the ones before it");
            }
        }

        private static void WriteOrZeros(ByteWriter writer, byte[]? source, int offset, int count)
        {
            if (source == null)
            {
                writer.WriteRepeated(0x00, count);
            }
            else
            {
                writer.WriteBytes(source, offset, count);
            }
        }

        private static void CheckWindow(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }
        }
    }
}

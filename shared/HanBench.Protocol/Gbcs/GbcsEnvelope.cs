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
    public sealed partial class GbcsEnvelope
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

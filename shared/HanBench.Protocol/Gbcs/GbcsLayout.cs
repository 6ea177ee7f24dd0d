namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// Where each part of a GBCS message sits in the buffer it was decoded from or encoded into: absolute indices
    /// into that buffer. <see cref="GbcsEnvelope"/> fills it on every successful decode and on every
    /// <see cref="GbcsEnvelope.WriteTo"/>, so the security layer can sign and MAC in place:
    /// <list type="number">
    /// <item>ECDSA P-256/SHA-256 signature over <see cref="SignedDataOffset"/> .. + <see cref="SignedDataLength"/>:
    /// from the octet after the General Signing tag 0xDF to the end of the content (checked against the RTDS
    /// 8F8B alert and CS06 command signatures); the 64-octet r‖s goes to <see cref="SignatureOffset"/>.</item>
    /// <item>Then the 12-octet AES-GCM MAC at <see cref="MacOffset"/>. It closes the ciphered service the General
    /// Ciphering header announces (<see cref="CipheredServiceLength"/> octets from <see cref="SecurityHeaderOffset"/>):
    /// the security header (security control octet, then the 4-octet invocation counter) and the General Signing
    /// APDU <see cref="GeneralSigningOffset"/> .. + <see cref="GeneralSigningLength"/>, signature included.
    /// <see cref="HanBench.Protocol.Security.GbcsMessageSecurity"/> computes and checks it (KDF, IV and AAD as
    /// docs/GBCS-SECURITY.md §2 and the RTDS MACs have them); this layout only says where everything is.</item>
    /// </list>
    /// Offsets of absent parts are -1 and their lengths 0.
    /// </summary>
    public sealed class GbcsLayout
    {
        /// <summary>Index of the message's first octet (0xDD or 0xDF).</summary>
        public int Start { get; internal set; }

        /// <summary>Octets in the whole message.</summary>
        public int Length { get; internal set; }

        /// <summary>Index of the security control octet (first octet of the ciphered service), or -1 without General Ciphering.</summary>
        public int SecurityHeaderOffset { get; internal set; }

        /// <summary>The ciphered service length: security header + General Signing APDU + MAC; 0 without General Ciphering.</summary>
        public int CipheredServiceLength { get; internal set; }

        /// <summary>Index of the General Signing tag 0xDF.</summary>
        public int GeneralSigningOffset { get; internal set; }

        /// <summary>Octets from the 0xDF tag to the end of the signature (to the end of the content for a pre-command).</summary>
        public int GeneralSigningLength { get; internal set; }

        /// <summary>Index of the CRA flag.</summary>
        public int CraFlagOffset { get; internal set; }

        /// <summary>Index of the 8-octet originator counter.</summary>
        public int OriginatorCounterOffset { get; internal set; }

        /// <summary>Index of the 8-octet originator system title (after its length octet).</summary>
        public int OriginatorSystemTitleOffset { get; internal set; }

        /// <summary>Index of the 8-octet recipient system title (after its length octet).</summary>
        public int RecipientSystemTitleOffset { get; internal set; }

        /// <summary>Index of the 12-octet date-time value, or -1 when absent.</summary>
        public int DateTimeOffset { get; internal set; }

        /// <summary>Index of the other information value (it starts with the 2-octet message code).</summary>
        public int OtherInformationOffset { get; internal set; }

        /// <summary>Octets of other information: 2, 10, 18 or 26.</summary>
        public int OtherInformationLength { get; internal set; }

        /// <summary>Index of the content (payload).</summary>
        public int ContentOffset { get; internal set; }

        /// <summary>Octets of content.</summary>
        public int ContentLength { get; internal set; }

        /// <summary>Index of the first signed octet: the one after the 0xDF tag.</summary>
        public int SignedDataOffset { get; internal set; }

        /// <summary>Octets signed: up to and including the last content octet.</summary>
        public int SignedDataLength { get; internal set; }

        /// <summary>Index of the signature length, or -1 in a pre-command (which has none).</summary>
        public int SignatureLengthOffset { get; internal set; }

        /// <summary>Index of the signature, or -1 when there is none.</summary>
        public int SignatureOffset { get; internal set; }

        /// <summary>Octets of signature (0 or 64 in GBCS).</summary>
        public int SignatureLength { get; internal set; }

        /// <summary>Index of the 12-octet MAC, or -1 without General Ciphering.</summary>
        public int MacOffset { get; internal set; }

        internal void Clear()
        {
            Start = 0;
            Length = 0;
            SecurityHeaderOffset = -1;
            CipheredServiceLength = 0;
            GeneralSigningOffset = -1;
            GeneralSigningLength = 0;
            CraFlagOffset = -1;
            OriginatorCounterOffset = -1;
            OriginatorSystemTitleOffset = -1;
            RecipientSystemTitleOffset = -1;
            DateTimeOffset = -1;
            OtherInformationOffset = -1;
            OtherInformationLength = 0;
            ContentOffset = -1;
            ContentLength = 0;
            SignedDataOffset = -1;
            SignedDataLength = 0;
            SignatureLengthOffset = -1;
            SignatureOffset = -1;
            SignatureLength = 0;
            MacOffset = -1;
        }
    }
}

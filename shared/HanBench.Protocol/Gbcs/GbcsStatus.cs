namespace HanBench.Protocol.Gbcs
{
    /// <summary>Outcome of decoding a <see cref="GbcsEnvelope"/>; anything but <see cref="Ok"/> names the defect.</summary>
    public enum GbcsStatus : byte
    {
        /// <summary>The message decoded.</summary>
        Ok = 0,

        /// <summary>No bytes at all.</summary>
        Empty = 1,

        /// <summary>The first octet is neither General Ciphering (0xDD) nor General Signing (0xDF).</summary>
        UnknownTag = 2,

        /// <summary>The input ends inside the seven-octet General Ciphering header or its ciphered service length.</summary>
        TruncatedCipheringHeader = 3,

        /// <summary>
        /// The General Ciphering header carries a non-empty transaction id, system title, date-time or other
        /// information, or key information: GBCS leaves them empty (the grouping header carries them).
        /// </summary>
        UnsupportedCipheringHeader = 4,

        /// <summary>A length field is indefinite, longer than two octets or not in its shortest form.</summary>
        MalformedLength = 5,

        /// <summary>The input ends inside the five-octet security header.</summary>
        TruncatedSecurityHeader = 6,

        /// <summary>The ciphered service does not hold a General Signing APDU (0xDF) after the security header.</summary>
        MissingGeneralSigning = 7,

        /// <summary>The input ends inside the grouping header (before the content).</summary>
        TruncatedGroupingHeader = 8,

        /// <summary>The transaction id length is not 9 (CRA flag and 8-octet originator counter).</summary>
        BadTransactionIdLength = 9,

        /// <summary>The CRA flag is not 1 (command), 2 (response) or 3 (alert).</summary>
        UnknownCraFlag = 10,

        /// <summary>An originator or recipient system title length is not 8.</summary>
        BadSystemTitleLength = 11,

        /// <summary>The date-time length is neither 0 (absent) nor 12 (a DLMS date-time).</summary>
        BadDateTimeLength = 12,

        /// <summary>
        /// The other information length is not 2 (message code), 10 (+ supplementary remote party id), 18 (+ its
        /// counter) or 26 (+ supplementary originator counter).
        /// </summary>
        BadOtherInformationLength = 13,

        /// <summary>The input ends inside the content.</summary>
        TruncatedContent = 14,

        /// <summary>The input ends inside the signature length or the signature.</summary>
        TruncatedSignature = 15,

        /// <summary>The input ends inside the 12-octet MAC.</summary>
        TruncatedMac = 16,

        /// <summary>The ciphered service length disagrees with the security header, APDU and MAC it should cover.</summary>
        CipheredServiceLengthMismatch = 17,

        /// <summary>Bytes follow the end of the message.</summary>
        TrailingBytes = 18,
    }
}

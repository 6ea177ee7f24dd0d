namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// X.509 key usage as the CS02 payloads carry it, a DER BIT STRING of one octet (<c>03 02 uu vv</c>, uu the unused
    /// trailing bits): the octet's value. Digital signing is <c>03 02 07 80</c>, key agreement <c>03 02 03 08</c> (RTDS 6.x).
    /// </summary>
    public static class GbcsKeyUsage
    {
        /// <summary>digitalSignature (bit 0): a DS key.</summary>
        public const byte DigitalSignature = 0x80;

        /// <summary>keyAgreement (bit 4): a KA key.</summary>
        public const byte KeyAgreement = 0x08;

        /// <summary>keyCertSign (bit 5): a CA key (root and issuing authority cells).</summary>
        public const byte KeyCertSign = 0x04;
    }
}

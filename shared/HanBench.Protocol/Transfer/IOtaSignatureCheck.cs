namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Verifies a GBCS supplier signature (ECDSA P-256 over SHA-256 of the Manufacturer Image, docs/PROTOCOL.md §2). Behind an
    /// interface because nanoFramework 1.x has no ECDSA (docs/PLATFORM.md): a board supplies its own, the host one built on
    /// its crypto library.
    /// </summary>
    public interface IOtaSignatureCheck
    {
        /// <summary>
        /// True when the 64-byte r‖s <paramref name="signature"/> (from <paramref name="signatureOffset"/>) signs the
        /// 32-byte <paramref name="hash"/> (from <paramref name="hashOffset"/>) with the supplier's key.
        /// </summary>
        bool Verify(byte[] hash, int hashOffset, byte[] signature, int signatureOffset);
    }
}

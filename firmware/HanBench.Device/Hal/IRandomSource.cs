namespace HanBench.Device.Hal
{
    /// <summary>
    /// Random octets for what a device must make unpredictable: a new key pair (GBCS CS02c, 6.17). ECDSA signing needs
    /// none (RFC 6979 nonces). A board's implementation feeds its own entropy; virtual boards and tests use a seeded
    /// deterministic one (<see cref="Memory.HmacDrbg"/>).
    /// </summary>
    public interface IRandomSource
    {
        /// <summary>Fills <paramref name="count"/> octets of <paramref name="buffer"/> from <paramref name="offset"/>; false when no randomness can be given.</summary>
        bool TryFill(byte[] buffer, int offset, int count);
    }
}

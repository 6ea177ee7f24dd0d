namespace HanBench.Device.Storage
{
    /// <summary>
    /// An incremental hash fed block by block (SHA-256 for HanBench). The device core names only this interface so it does
    /// not depend on one implementation: the portable <c>HanBench.Protocol.Integrity.Sha256</c> plugs in through a
    /// three-line adapter, a desktop test through .NET's own SHA-256.
    /// </summary>
    public interface IStreamingHash
    {
        /// <summary>Bytes <see cref="GetHash"/> writes (32 for SHA-256).</summary>
        int HashLength { get; }

        /// <summary>Starts a new hash.</summary>
        void Reset();

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="buffer"/>.</summary>
        void Append(byte[] buffer, int offset, int count);

        /// <summary>Writes the hash of everything appended since <see cref="Reset"/> into <paramref name="output"/> at <paramref name="offset"/>.</summary>
        void GetHash(byte[] output, int offset);
    }
}

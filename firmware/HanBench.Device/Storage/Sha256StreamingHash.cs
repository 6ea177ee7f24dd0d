using HanBench.Protocol.Integrity;

namespace HanBench.Device.Storage
{
    /// <summary>
    /// <see cref="IStreamingHash"/> over the portable <see cref="Sha256"/> (nanoFramework 1.x has no SHA-256 class,
    /// docs/PLATFORM.md), so a small board's <see cref="DigestOnlyImageStore"/> hashes images as they stream in.
    /// </summary>
    public sealed class Sha256StreamingHash : IStreamingHash
    {
        private readonly Sha256 _sha = new Sha256();

        /// <inheritdoc />
        public int HashLength => Sha256.HashLength;

        /// <inheritdoc />
        public void Reset()
        {
            _sha.Reset();
        }

        /// <inheritdoc />
        public void Append(byte[] buffer, int offset, int count)
        {
            _sha.Append(buffer, offset, count);
        }

        /// <inheritdoc />
        public void GetHash(byte[] output, int offset)
        {
            _sha.GetHash(output, offset);
        }
    }
}

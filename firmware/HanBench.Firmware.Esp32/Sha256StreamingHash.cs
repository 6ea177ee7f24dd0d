using HanBench.Device.Storage;
using HanBench.Protocol.Integrity;

namespace HanBench.Firmware.Esp32
{
    /// <summary>
    /// The portable SHA-256 (PLATFORM.md: nanoFramework has no SHA-256 class) behind the device core's
    /// <see cref="IStreamingHash"/>, for the digest-only image store of 4 MB boards.
    /// </summary>
    internal sealed class Sha256StreamingHash : IStreamingHash
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

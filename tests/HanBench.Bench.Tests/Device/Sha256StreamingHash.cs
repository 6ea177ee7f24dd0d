using System.Security.Cryptography;
using HanBench.Device.Storage;

namespace HanBench.Bench.Tests.Device;

/// <summary>.NET's SHA-256 behind the device core's <see cref="IStreamingHash"/>, to test the digest-only store.</summary>
internal sealed class Sha256StreamingHash : IStreamingHash, IDisposable
{
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public int HashLength => 32;

    public void Reset()
    {
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    public void Append(byte[] buffer, int offset, int count) => _hash.AppendData(buffer, offset, count);

    public void GetHash(byte[] output, int offset) => _hash.GetHashAndReset().CopyTo(output, offset);

    public void Dispose() => _hash.Dispose();
}

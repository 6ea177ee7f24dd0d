using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Benchmarks.Security;

/// <summary>
/// The GBCS MAC of a 100-octet General-Signing block (docs/GBCS-SECURITY.md §2), Z given: the portable code
/// (<see cref="GbcsMessageSecurity.Protect"/>: KDF with the portable SHA-256, AES key schedule, GHASH table, GMAC,
/// and writing the General Ciphering frame) against the same steps with .NET's <see cref="SHA256"/> and
/// <see cref="AesGcm"/> (12-octet tag; the baseline). Every message has its own key (the KDF takes the originator
/// counter), so both pay the key setup each time. Also the GMAC alone once keyed, portable against .NET.
/// </summary>
[MemoryDiagnoser]
public class GbcsMacBenchmarks
{
    private const int BlockLength = 100;
    private static readonly byte[] AadPrefix = [0x11, 0, 0, 0, 0, 0];
    private readonly GbcsMessageSecurity _security = new();
    private readonly AesGcm128 _gcm = new();
    private readonly byte[] _z = new byte[32];
    private readonly byte[] _frame = new byte[BlockLength + 32];
    private readonly byte[] _kdfInput = new byte[4 + 32 + 33];
    private readonly byte[] _aad = new byte[6 + BlockLength];
    private readonly byte[] _iv = new byte[12];
    private readonly byte[] _tag = new byte[12];
    private readonly byte[] _key = new byte[16];
    private byte[] _block = [];
    private AesGcm? _dotNetKeyed;

    /// <summary>Builds a 100-octet General-Signing block (CS08-style command, 65 octets of content) and checks both MACs agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_z);
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = 0x1234,
            OriginatorSystemTitle = 0x90B3D51F30000002UL,
            RecipientSystemTitle = 0x00DB1234567890A4UL,
            MessageCode = GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion,
        };
        byte[] content = BenchmarkData.Image(BlockLength - 35);
        envelope.SetContent(content, 0, content.Length);
        _block = new byte[BlockLength];
        envelope.WriteTo(new ByteWriter(_block));
        if (envelope.Layout.Length != BlockLength)
        {
            throw new InvalidOperationException($"block is {envelope.Layout.Length} octets, not {BlockLength}");
        }

        int written = Portable();
        byte[] reference = DotNet();
        if (!_frame.AsSpan(written - 12, 12).SequenceEqual(reference))
        {
            throw new InvalidOperationException("portable and .NET GBCS MACs differ");
        }

        _key.AsSpan().Fill(0x5A);
        _gcm.SetKey(_key, 0);
        _dotNetKeyed = new AesGcm(_key, 12);
    }

    /// <summary>Releases the keyed .NET AES-GCM.</summary>
    [GlobalCleanup]
    public void Cleanup() => _dotNetKeyed?.Dispose();

    /// <summary>KDF, key setup, GMAC and the General Ciphering frame, all portable.</summary>
    [Benchmark]
    public int Portable()
    {
        _security.Protect(_z, 0, _block, 0, _block.Length, _frame, 0, _frame.Length, out int written);
        return written;
    }

    /// <summary>The same KDF and GMAC with .NET's SHA-256 and AES-GCM (the MAC only, no frame writing).</summary>
    [Benchmark(Baseline = true)]
    public byte[] DotNet()
    {
        _kdfInput[3] = 1;
        _z.CopyTo(_kdfInput, 4);
        ReadOnlySpan<byte> algorithm = [0x60, 0x85, 0x74, 0x06, 0x08, 0x03, 0x00];
        algorithm.CopyTo(_kdfInput.AsSpan(36));
        BinaryPrimitives.WriteUInt64BigEndian(_kdfInput.AsSpan(43), 0x90B3D51F30000002UL);
        _kdfInput[51] = 9;
        _kdfInput[52] = (byte)GbcsCraFlag.Command;
        BinaryPrimitives.WriteUInt64BigEndian(_kdfInput.AsSpan(53), 0x1234);
        BinaryPrimitives.WriteUInt64BigEndian(_kdfInput.AsSpan(61), 0x00DB1234567890A4UL);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_kdfInput, digest);
        BinaryPrimitives.WriteUInt64BigEndian(_iv, 0x90B3D51F30000002UL);
        AadPrefix.CopyTo(_aad, 0);
        _block.CopyTo(_aad, 6);
        using var gcm = new AesGcm(digest[..16], 12);
        gcm.Encrypt(_iv, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, _tag, _aad);
        return _tag;
    }

    /// <summary>GMAC of the 106-octet AAD under a key already set (portable).</summary>
    [Benchmark]
    public byte[] PortableGmacKeyed()
    {
        _gcm.Start(_iv, 0);
        _gcm.AppendAad(AadPrefix, 0, AadPrefix.Length);
        _gcm.AppendAad(_block, 0, _block.Length);
        _gcm.GetTag(_tag, 0, 12);
        return _tag;
    }

    /// <summary>GMAC of the 106-octet AAD under a key already set (.NET AesGcm).</summary>
    [Benchmark]
    public byte[] DotNetGmacKeyed()
    {
        _dotNetKeyed!.Encrypt(_iv, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, _tag, _aad);
        return _tag;
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace HanBench.Benchmarks.Security;

/// <summary>
/// The GBCS MAC of a 100-octet General-Signing block (docs/GBCS-SECURITY.md §2), Z given: the portable code
/// (<see cref="GbcsMessageSecurity.Protect"/>: KDF with the portable SHA-256, AES key schedule, GHASH table, GMAC,
/// and writing the General Ciphering frame) against the same steps with BouncyCastle 2.7.0 (<see cref="Sha256Digest"/>
/// and <see cref="GcmBlockCipher"/> over <see cref="AesEngine"/>, 12-octet tag; the baseline, the library the host uses)
/// and with .NET's <see cref="SHA256"/> and <see cref="AesGcm"/>. Every message has its own key (the KDF takes the
/// originator counter), so all pay the key setup each time. Also the GMAC alone once keyed, portable against both.
/// </summary>
[MemoryDiagnoser]
public class GbcsMacBenchmarks
{
    private const int BlockLength = 100;
    private const ulong Counter = 0x1234;
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
    private readonly byte[] _bcDigest = new byte[32];
    private readonly Sha256Digest _bcSha256 = new();
    private readonly GcmBlockCipher _bcGcm = new(new AesEngine());
    private readonly GcmBlockCipher _bcKeyedGcm = new(new AesEngine());
    private readonly byte[] _bcKeyedIv = new byte[12];
    private KeyParameter? _bcKey;
    private ulong _bcCounter = Counter;
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
            OriginatorCounter = Counter,
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
        byte[] reference = DotNet().ToArray();
        if (!_frame.AsSpan(written - 12, 12).SequenceEqual(reference) || !BouncyCastle().AsSpan().SequenceEqual(reference))
        {
            throw new InvalidOperationException("portable, BouncyCastle and .NET GBCS MACs differ");
        }

        _key.AsSpan().Fill(0x5A);
        _gcm.SetKey(_key, 0);
        _dotNetKeyed = new AesGcm(_key, 12);
        _bcKey = new KeyParameter(_key);
        _bcKeyedGcm.Init(true, new AeadParameters(_bcKey, 96, _iv));
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

    /// <summary>The same KDF and GMAC with BouncyCastle's SHA-256 and AES-GCM (the MAC only, no frame writing).</summary>
    [Benchmark(Baseline = true)]
    public byte[] BouncyCastle()
    {
        // BouncyCastle refuses a second encryption under the same key and IV, so each call takes the next originator
        // counter, as GBCS does: a new key from the KDF, the same work.
        WriteKdfInput(_bcCounter++);
        _bcSha256.BlockUpdate(_kdfInput, 0, _kdfInput.Length);
        _bcSha256.DoFinal(_bcDigest, 0);
        WriteIvAndAad();
        _bcGcm.Init(true, new AeadParameters(new KeyParameter(_bcDigest, 0, 16), 96, _iv));
        _bcGcm.ProcessAadBytes(_aad, 0, _aad.Length);
        _bcGcm.DoFinal(_tag, 0);
        return _tag;
    }

    /// <summary>The same KDF and GMAC with .NET's SHA-256 and AES-GCM (OpenSSL; the MAC only, no frame writing).</summary>
    [Benchmark]
    public byte[] DotNet()
    {
        WriteKdfInput(Counter);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_kdfInput, digest);
        WriteIvAndAad();
        using var gcm = new AesGcm(digest[..16], 12);
        gcm.Encrypt(_iv, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, _tag, _aad);
        return _tag;
    }

    /// <summary>The GBCS KDF's input for this message with originator counter <paramref name="counter"/> (docs/GBCS-SECURITY.md §2).</summary>
    private void WriteKdfInput(ulong counter)
    {
        _kdfInput[3] = 1;
        _z.CopyTo(_kdfInput, 4);
        ReadOnlySpan<byte> algorithm = [0x60, 0x85, 0x74, 0x06, 0x08, 0x03, 0x00];
        algorithm.CopyTo(_kdfInput.AsSpan(36));
        BinaryPrimitives.WriteUInt64BigEndian(_kdfInput.AsSpan(43), 0x90B3D51F30000002UL);
        _kdfInput[51] = 9;
        _kdfInput[52] = (byte)GbcsCraFlag.Command;
        BinaryPrimitives.WriteUInt64BigEndian(_kdfInput.AsSpan(53), counter);
        BinaryPrimitives.WriteUInt64BigEndian(_kdfInput.AsSpan(61), 0x00DB1234567890A4UL);
    }

    /// <summary>The GCM IV (originator system title, then the invocation counter) and the AAD (security header and block).</summary>
    private void WriteIvAndAad()
    {
        BinaryPrimitives.WriteUInt64BigEndian(_iv, 0x90B3D51F30000002UL);
        AadPrefix.CopyTo(_aad, 0);
        _block.CopyTo(_aad, 6);
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

    /// <summary>
    /// GMAC of the 106-octet AAD under a key already set (BouncyCastle): the cipher keeps the key, a new IV each time
    /// (BouncyCastle refuses to encrypt twice under one key and IV, as GBCS never does either).
    /// </summary>
    [Benchmark]
    public byte[] BouncyCastleGmacKeyed()
    {
        BinaryPrimitives.WriteUInt32BigEndian(_bcKeyedIv.AsSpan(8), BinaryPrimitives.ReadUInt32BigEndian(_bcKeyedIv.AsSpan(8)) + 1);
        _bcKeyedGcm.Init(true, new AeadParameters(null, 96, _bcKeyedIv));
        _bcKeyedGcm.ProcessAadBytes(_aad, 0, _aad.Length);
        _bcKeyedGcm.DoFinal(_tag, 0);
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

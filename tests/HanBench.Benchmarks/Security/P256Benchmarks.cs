using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HanBench.Protocol.Security;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace HanBench.Benchmarks.Security;

/// <summary>
/// The portable P-256 code the boards run (shared/HanBench.Protocol/Security) against BouncyCastle (what the host
/// uses): ECDSA P-256/SHA-256 sign (RFC 6979 nonces on both sides) and verify of a 100-octet message, and ECDH
/// (Z = x(d·Q)). BouncyCastle, on its custom P-256 curve, is each category's baseline, so Ratio is portable time over BouncyCastle time.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class P256Benchmarks
{
    private const int MessageLength = 100;

    // BouncyCastle's fastest P-256: the custom SecP256R1 field arithmetic, not the generic BigInteger curve that
    // SecNamedCurves / ECNamedCurveTable give (the host's EcdsaP256 uses that one).
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("P-256");
    private static readonly ECDomainParameters Domain = new(Curve);

    private readonly EcdsaP256Signer _signer = new();
    private readonly EcdsaP256Verifier _verifier = new();
    private readonly EcdhP256 _ecdh = new();
    private readonly byte[] _signature = new byte[EcdsaP256Signer.SignatureLength];
    private readonly byte[] _z = new byte[EcdhP256.SharedSecretLength];
    private byte[] _message = [];
    private byte[] _privateKey = [];
    private byte[] _publicKey = [];
    private byte[] _peerPublicKey = [];
    private ECPrivateKeyParameters _bouncyPrivate = null!;
    private ECPublicKeyParameters _bouncyPublic = null!;
    private ECPublicKeyParameters _bouncyPeer = null!;
    private BigInteger _r = null!;
    private BigInteger _s = null!;

    /// <summary>A fixed key pair, a peer key and a message; checks both sides agree before anything is timed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _message = BenchmarkData.Image(MessageLength);
        _privateKey = SHA256.HashData("HanBench P-256 benchmark key"u8);
        BigInteger d = new(1, _privateKey);
        BigInteger peer = new(1, SHA256.HashData("HanBench P-256 benchmark peer"u8));
        _bouncyPrivate = new ECPrivateKeyParameters(d, Domain);
        _bouncyPublic = new ECPublicKeyParameters(Domain.G.Multiply(d).Normalize(), Domain);
        _bouncyPeer = new ECPublicKeyParameters(Domain.G.Multiply(peer).Normalize(), Domain);
        _publicKey = _bouncyPublic.Q.GetEncoded(false);
        _peerPublicKey = _bouncyPeer.Q.GetEncoded(false);

        PortableSign();
        BigInteger[] rs = BouncySign();
        _r = rs[0];
        _s = rs[1];
        byte[] bouncy = [.. Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, _r), .. Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, _s)];
        if (!bouncy.AsSpan().SequenceEqual(_signature) || !PortableVerify() || !BouncyVerify()
            || !PortableEcdh().AsSpan().SequenceEqual(Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, BouncyEcdh())))
        {
            throw new InvalidOperationException("portable and BouncyCastle P-256 disagree");
        }
    }

    /// <summary>Portable: SHA-256 of the message and an RFC 6979 signature into a reused buffer.</summary>
    [Benchmark, BenchmarkCategory("Sign")]
    public byte[] PortableSign()
    {
        _signer.SignMessage(_privateKey, 0, _message, 0, _message.Length, _signature, 0);
        return _signature;
    }

    /// <summary>BouncyCastle: SHA-256 and ECDsaSigner with HMacDsaKCalculator (RFC 6979).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Sign")]
    public BigInteger[] BouncySign()
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, _bouncyPrivate);
        return signer.GenerateSignature(SHA256.HashData(_message));
    }

    /// <summary>Portable: decode and validate the key, SHA-256, verify.</summary>
    [Benchmark, BenchmarkCategory("Verify")]
    public bool PortableVerify() =>
        _verifier.VerifyMessage(_publicKey, 0, _publicKey.Length, _message, 0, _message.Length, _signature, 0, _signature.Length) == P256Status.Ok;

    /// <summary>BouncyCastle: SHA-256 and ECDsaSigner.VerifySignature.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("Verify")]
    public bool BouncyVerify()
    {
        var verifier = new ECDsaSigner();
        verifier.Init(false, _bouncyPublic);
        return verifier.VerifySignature(SHA256.HashData(_message), _r, _s);
    }

    /// <summary>Portable: decode and validate the peer key, Z = x(d·Q) into a reused buffer.</summary>
    [Benchmark, BenchmarkCategory("ECDH")]
    public byte[] PortableEcdh()
    {
        _ecdh.ComputeSharedSecret(_privateKey, 0, _peerPublicKey, 0, _peerPublicKey.Length, _z, 0);
        return _z;
    }

    /// <summary>BouncyCastle: ECDHBasicAgreement.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("ECDH")]
    public BigInteger BouncyEcdh()
    {
        var agreement = new ECDHBasicAgreement();
        agreement.Init(_bouncyPrivate);
        return agreement.CalculateAgreement(_bouncyPeer);
    }
}

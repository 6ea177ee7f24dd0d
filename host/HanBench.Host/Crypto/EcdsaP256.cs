// Every BouncyCastle (BouncyCastle.Cryptography 2.x) `using` of HanBench's production code lives in this folder
// (host/HanBench.Host/Crypto); tests and benchmarks use it directly only to cross-check the portable crypto in
// shared/HanBench.Protocol/Security.
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace HanBench.Host.Crypto;

/// <summary>
/// The curve and signature format GBCS uses for supplier-signed firmware images (docs/PROTOCOL.md §2): ECDSA over
/// NIST P-256 (secp256r1) with SHA-256, the signature carried as r‖s, each 32 bytes big-endian.
/// </summary>
public static class EcdsaP256
{
    /// <summary>Length of r‖s.</summary>
    public const int SignatureLength = 64;

    /// <summary>Length of one scalar (r, s or the private key).</summary>
    public const int ScalarLength = 32;

    internal static readonly X9ECParameters Curve = SecNamedCurves.GetByOid(SecObjectIdentifiers.SecP256r1);

    internal static readonly ECDomainParameters Domain = new ECNamedDomainParameters(SecObjectIdentifiers.SecP256r1, Curve);

    internal static bool IsP256(ECDomainParameters parameters) =>
        parameters.Curve.Equals(Curve.Curve) && parameters.G.Equals(Curve.G) && parameters.N.Equals(Curve.N);

    /// <summary>Signs a SHA-256 digest; deterministic k (RFC 6979), so the same key and image give the same bytes.</summary>
    internal static byte[] SignDigest(ECPrivateKeyParameters key, ReadOnlySpan<byte> digest)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, key);
        BigInteger[] rs = signer.GenerateSignature(digest.ToArray());
        byte[] signature = new byte[SignatureLength];
        WriteScalar(rs[0], signature.AsSpan(0, ScalarLength));
        WriteScalar(rs[1], signature.AsSpan(ScalarLength, ScalarLength));
        return signature;
    }

    /// <summary>Checks r‖s over a SHA-256 digest. A malformed signature (wrong length, r or s out of range) is simply invalid.</summary>
    internal static bool VerifyDigest(ECPublicKeyParameters key, ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureLength)
        {
            return false;
        }

        var r = new BigInteger(1, signature[..ScalarLength].ToArray());
        var s = new BigInteger(1, signature[ScalarLength..].ToArray());
        var verifier = new ECDsaSigner();
        verifier.Init(false, key);
        return verifier.VerifySignature(digest.ToArray(), r, s);
    }

    internal static ECPoint Multiply(BigInteger d) => Domain.G.Multiply(d).Normalize();

    private static void WriteScalar(BigInteger value, Span<byte> destination)
    {
        byte[] bytes = value.ToByteArrayUnsigned();
        destination.Clear();
        bytes.CopyTo(destination[(ScalarLength - bytes.Length)..]);
    }
}

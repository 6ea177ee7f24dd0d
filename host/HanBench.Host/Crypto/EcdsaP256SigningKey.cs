using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace HanBench.Host.Crypto;

/// <summary>
/// A supplier's ECDSA P-256 signing key: loads a PEM private key (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY",
/// unencrypted), signs with SHA-256 into a 64-byte r‖s, and for demos generates a key with a self-signed certificate.
/// </summary>
public sealed class EcdsaP256SigningKey
{
    private readonly ECPrivateKeyParameters _key;

    private EcdsaP256SigningKey(ECPrivateKeyParameters key)
    {
        _key = key;
        PublicKey = new EcdsaP256VerifyingKey(new ECPublicKeyParameters("EC", EcdsaP256.Multiply(key.D), P256));
    }

    /// <summary>The matching public key.</summary>
    public EcdsaP256VerifyingKey PublicKey { get; }

    private static DerObjectIdentifier P256 => SecObjectIdentifiers.SecP256r1;

    /// <summary>A fresh key from the system's cryptographic random source.</summary>
    public static EcdsaP256SigningKey Generate()
    {
        var generator = new ECKeyPairGenerator("EC");
        generator.Init(new ECKeyGenerationParameters(P256, new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
        return new EcdsaP256SigningKey((ECPrivateKeyParameters)pair.Private);
    }

    /// <summary>
    /// Reads an unencrypted PEM private key. Throws <see cref="InvalidDataException"/> naming the problem when the text
    /// holds no private key, an encrypted one, or a key on a curve other than P-256.
    /// </summary>
    public static EcdsaP256SigningKey FromPem(string pem)
    {
        object? item = PemItems.ReadFirst(pem, "private key");
        ECPrivateKeyParameters? key = item switch
        {
            AsymmetricCipherKeyPair pair => pair.Private as ECPrivateKeyParameters,
            ECPrivateKeyParameters single => single,
            _ => null,
        };

        if (key is null)
        {
            throw new InvalidDataException($"not an EC private key (found {PemItems.Describe(item)})");
        }

        if (!EcdsaP256.IsP256(key.Parameters))
        {
            throw new InvalidDataException("EC private key is not on P-256 (secp256r1)");
        }

        return new EcdsaP256SigningKey(new ECPrivateKeyParameters("EC", key.D, P256));
    }

    /// <summary>Signs SHA-256(<paramref name="message"/>): 64 bytes r‖s. Deterministic (RFC 6979).</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => EcdsaP256.SignDigest(_key, SHA256.HashData(message));

    /// <summary>The key as PKCS#8 PEM ("PRIVATE KEY").</summary>
    public string ExportPkcs8Pem()
    {
        using var text = new StringWriter();
        var writer = new PemWriter(text);
        writer.WriteObject(new Pkcs8Generator(_key));
        writer.Writer.Flush();
        return text.ToString();
    }

    /// <summary>
    /// A self-signed X.509 certificate for this key (ecdsa-with-SHA256), as PEM, so a demo can hand a verifier the
    /// same kind of file the RTDS keystore holds. Not a GBCS Organisation Certificate: no SMKI profile is applied.
    /// </summary>
    public string CreateSelfSignedCertificatePem(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var generator = new X509V3CertificateGenerator();
        var name = new X509Name($"CN={commonName}");
        generator.SetSerialNumber(new BigInteger(1, RandomNumberGenerator.GetBytes(16)));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(notBefore.UtcDateTime);
        generator.SetNotAfter(notAfter.UtcDateTime);
        generator.SetPublicKey(PublicKey.Parameters);
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature));
        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", _key));
        using var text = new StringWriter();
        var writer = new PemWriter(text);
        writer.WriteObject(certificate);
        writer.Writer.Flush();
        return text.ToString();
    }

    /// <summary>Whether <paramref name="other"/> is the same private key (tests, and loading what was exported).</summary>
    public bool HasSamePrivateKey(EcdsaP256SigningKey other) => _key.D.Equals(other._key.D);
}

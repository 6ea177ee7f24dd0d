using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.X509;

namespace HanBench.Host.Crypto;

/// <summary>
/// An ECDSA P-256 public key that checks GBCS image signatures (r‖s over SHA-256 of the Manufacturer Image). Loads
/// from a PEM X.509 certificate (as in the RTDS keystore) or a PEM "PUBLIC KEY". Certificate validity dates and the
/// issuer chain are not checked: HanBench verifies the signature, not the SMKI trust path (the RTDS test
/// certificates have expired).
/// </summary>
public sealed class EcdsaP256VerifyingKey
{
    internal EcdsaP256VerifyingKey(ECPublicKeyParameters parameters)
    {
        Parameters = parameters;
    }

    internal ECPublicKeyParameters Parameters { get; }

    /// <summary>Subject of the certificate the key came from, or null for a bare public key.</summary>
    public string? Subject { get; private init; }

    /// <summary>
    /// Reads the first certificate or public key in <paramref name="pem"/>. Throws <see cref="InvalidDataException"/>
    /// naming the problem when there is none or the key is not ECDSA P-256.
    /// </summary>
    public static EcdsaP256VerifyingKey FromPem(string pem)
    {
        object? item = PemItems.ReadFirst(pem, "certificate or public key");
        string? subject = null;
        object? key = item;
        if (item is X509Certificate certificate)
        {
            subject = certificate.SubjectDN.ToString();
            key = certificate.GetPublicKey();
        }

        if (key is not ECPublicKeyParameters ec)
        {
            throw new InvalidDataException($"not an EC public key (found {PemItems.Describe(item)})");
        }

        if (!EcdsaP256.IsP256(ec.Parameters))
        {
            throw new InvalidDataException("EC public key is not on P-256 (secp256r1)");
        }

        return new EcdsaP256VerifyingKey(ec) { Subject = subject };
    }

    /// <summary>Whether <paramref name="signature"/> (r‖s) signs SHA-256(<paramref name="message"/>).</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        EcdsaP256.VerifyDigest(Parameters, SHA256.HashData(message), signature);

    /// <summary>Whether <paramref name="signature"/> (r‖s) signs a SHA-256 digest computed elsewhere.</summary>
    public bool VerifyHash(ReadOnlySpan<byte> sha256Digest, ReadOnlySpan<byte> signature) =>
        sha256Digest.Length == 32 && EcdsaP256.VerifyDigest(Parameters, sha256Digest, signature);

    /// <summary>The key as PEM "PUBLIC KEY" (SubjectPublicKeyInfo).</summary>
    public string ExportPublicKeyPem()
    {
        using var text = new StringWriter();
        var writer = new PemWriter(text);
        writer.WriteObject(Parameters);
        writer.Writer.Flush();
        return text.ToString();
    }
}

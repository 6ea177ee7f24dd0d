using System.Security.Cryptography;

namespace HanBench.Host.Duis;

/// <summary>
/// <c>http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256</c> (RFC 6931 §2.3.6) for System.Security.Cryptography.Xml,
/// which ships no ECDSA description. The SignatureValue is r‖s, 32 octets each (XMLDSig 1.1 §6.4.3; what DCC Boxed's
/// signing tool writes: every file in <c>vectors/duis-signed</c> carries 64 octets), which is .NET's
/// <see cref="DSASignatureFormat.IeeeP1363FixedFieldConcatenation"/>; a DER signature is invalid.
/// </summary>
public sealed class EcdsaSha256SignatureDescription : SignatureDescription
{
    /// <summary>The algorithm URI.</summary>
    public const string Url = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>Describes ECDSA with SHA-256.</summary>
    public EcdsaSha256SignatureDescription()
    {
        KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
        DigestAlgorithm = typeof(SHA256).AssemblyQualifiedName;
    }

    /// <summary>Registers the description with CryptoConfig under <see cref="Url"/> (once per process).</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (!_registered)
            {
                CryptoConfig.AddAlgorithm(typeof(EcdsaSha256SignatureDescription), Url);
                _registered = true;
            }
        }
    }

    /// <inheritdoc/>
    public override HashAlgorithm CreateDigest() => SHA256.Create();

    /// <inheritdoc/>
    public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new Formatter(AsEcdsa(key));

    /// <inheritdoc/>
    public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new Deformatter(AsEcdsa(key));

    private static ECDsa AsEcdsa(AsymmetricAlgorithm key) =>
        key as ECDsa ?? throw new CryptographicException($"ecdsa-sha256 needs an ECDSA key, not {key?.GetType().Name ?? "none"}");

    private sealed class Formatter(ECDsa key) : AsymmetricSignatureFormatter
    {
        private ECDsa _key = key;

        public override byte[] CreateSignature(byte[] rgbHash) => _key.SignHash(rgbHash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        public override void SetHashAlgorithm(string strName)
        {
        }

        public override void SetKey(AsymmetricAlgorithm key) => _key = AsEcdsa(key);
    }

    private sealed class Deformatter(ECDsa key) : AsymmetricSignatureDeformatter
    {
        private ECDsa _key = key;

        public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) =>
            rgbSignature.Length == 64 && _key.VerifyHash(rgbHash, rgbSignature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        public override void SetHashAlgorithm(string strName)
        {
        }

        public override void SetKey(AsymmetricAlgorithm key) => _key = AsEcdsa(key);
    }
}

using System.Security.Cryptography;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Gbcs;

/// <summary>
/// The GBCS keys of a folder in the RTDS keystore layout (<c>&lt;eui-lowercase&gt;-ds.pem|-ka.pem|-ds.key|-ka.key</c>:
/// certificates and PKCS#8 private keys), as <c>hanbench gbcs verify</c> uses them: the party's primary credentials,
/// read by the one reader of that layout, <see cref="Keystore.Open"/> (so a folder <c>keys export</c> wrote, the keystore
/// itself and the RTDS keystore read alike). An unreadable file is an <see cref="InvalidDataException"/> naming it.
/// </summary>
public sealed class GbcsKeyFolder
{
    private readonly Keystore _keys;

    /// <summary>The keys in <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    /// <exception cref="InvalidDataException">A file of the layout is unreadable.</exception>
    public GbcsKeyFolder(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"keystore folder not found: {directory}");
        }

        _keys = Keystore.Open(directory);
    }

    /// <summary>The folder.</summary>
    public string Directory => _keys.Folder;

    /// <summary>
    /// Z, the static-static ECDH secret of two parties' KA keys (docs/GBCS-SECURITY.md §2), from whichever side has a
    /// private key here, with a description of the keys used; null when neither side's private key and the other's
    /// public key are both present.
    /// </summary>
    public byte[]? TrySharedSecret(ulong first, ulong second, out string keysUsed)
    {
        foreach ((ulong mine, ulong theirs) in new[] { (first, second), (second, first) })
        {
            PartyCredential? own = Primary(mine, CredentialUsage.KeyAgreement);
            PartyCredential? other = Primary(theirs, CredentialUsage.KeyAgreement);
            if (own?.PrivateKeyPem is null || other is null)
            {
                continue;
            }

            using ECDiffieHellman privateKey = ImportKeyAgreement(own);
            using ECDiffieHellman publicKey = ECDiffieHellman.Create();
            try
            {
                publicKey.ImportSubjectPublicKeyInfo(other.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), out _);
            }
            catch (CryptographicException ex)
            {
                throw new InvalidDataException($"{other.FileStem}.pem: not an EC key ({ex.Message})", ex);
            }

            keysUsed = $"{own.FileStem}.key + {other.FileStem}.pem";
            return privateKey.DeriveRawSecretAgreement(publicKey.PublicKey);
        }

        keysUsed = $"no KA private key of {first:X16} or {second:X16} with the other's KA certificate";
        return null;
    }

    /// <summary>The party's DS public key (from its certificate), or null.</summary>
    public ECDsa? TryDsPublicKey(ulong entity, out string source)
    {
        PartyCredential? credential = Primary(entity, CredentialUsage.DigitalSigning);
        source = credential is null ? $"{entity:x16}-ds.pem" : credential.FileStem + ".pem";
        if (credential is null)
        {
            return null;
        }

        // The SubjectPublicKeyInfo, not GetECDsaPublicKey(): that refuses a certificate whose key usage is not signing.
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(credential.Certificate.PublicKey.ExportSubjectPublicKeyInfo(), out _);
            return key;
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            throw new InvalidDataException($"{source}: not an EC key ({ex.Message})", ex);
        }
    }

    private PartyCredential? Primary(ulong entity, CredentialUsage usage) => _keys.Primary(new Eui64(entity), usage);

    private static ECDiffieHellman ImportKeyAgreement(PartyCredential credential)
    {
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportFromPem(credential.PrivateKeyPem);
            return key;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new InvalidDataException($"{credential.FileStem}.key: not an EC private key ({ex.Message})", ex);
        }
    }
}

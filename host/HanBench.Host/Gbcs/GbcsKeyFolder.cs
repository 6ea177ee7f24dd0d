using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HanBench.Host.Gbcs;

/// <summary>
/// A folder of GBCS credentials in the RTDS keystore layout (<c>&lt;eui-lowercase&gt;-ds.pem|-ka.pem|-ds.key|-ka.key</c>:
/// certificates and PKCS#8 private keys), read with .NET's own EC classes. Files are read when asked for; a missing
/// file is "no key", an unreadable one an <see cref="InvalidDataException"/> naming it.
/// </summary>
public sealed class GbcsKeyFolder
{
    public GbcsKeyFolder(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"keystore folder not found: {directory}");
        }

        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>
    /// Z, the static-static ECDH secret of two parties' KA keys (docs/GBCS-SECURITY.md §2), from whichever side has a
    /// private key here, with a description of the keys used; null when neither side's private key and the other's
    /// public key are both present.
    /// </summary>
    public byte[]? TrySharedSecret(ulong first, ulong second, out string keysUsed)
    {
        foreach ((ulong mine, ulong theirs) in new[] { (first, second), (second, first) })
        {
            using ECDiffieHellman? privateKey = TryLoadPrivate<ECDiffieHellman>(mine, "ka");
            if (privateKey == null)
            {
                continue;
            }

            using ECDiffieHellman? publicKey = TryPublicKaKey(theirs);
            if (publicKey != null)
            {
                keysUsed = $"{FileName(mine, "ka", "key")} + {PublicSource(theirs, "ka")}";
                return privateKey.DeriveRawSecretAgreement(publicKey.PublicKey);
            }
        }

        keysUsed = $"no KA private key of {first:X16} or {second:X16} with the other's KA certificate";
        return null;
    }

    /// <summary>The party's DS public key (from its certificate, else its private key), or null.</summary>
    public ECDsa? TryDsPublicKey(ulong entity, out string source)
    {
        source = PublicSource(entity, "ds");
        using X509Certificate2? certificate = TryLoadCertificate(entity, "ds");
        if (certificate != null)
        {
            return certificate.GetECDsaPublicKey() ?? throw new InvalidDataException($"{FileName(entity, "ds", "pem")}: not an EC key");
        }

        return TryLoadPrivate<ECDsa>(entity, "ds");
    }

    private ECDiffieHellman? TryPublicKaKey(ulong entity)
    {
        using X509Certificate2? certificate = TryLoadCertificate(entity, "ka");
        if (certificate != null)
        {
            return certificate.GetECDiffieHellmanPublicKey() ?? throw new InvalidDataException($"{FileName(entity, "ka", "pem")}: not an EC key");
        }

        return TryLoadPrivate<ECDiffieHellman>(entity, "ka");
    }

    private string PublicSource(ulong entity, string use) =>
        File.Exists(PathOf(entity, use, "pem")) ? FileName(entity, use, "pem") : FileName(entity, use, "key");

    private X509Certificate2? TryLoadCertificate(ulong entity, string use)
    {
        string path = PathOf(entity, use, "pem");
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: not a certificate ({ex.Message})", ex);
        }
    }

    private T? TryLoadPrivate<T>(ulong entity, string use)
        where T : AsymmetricAlgorithm
    {
        string path = PathOf(entity, use, "key");
        if (!File.Exists(path))
        {
            return null;
        }

        AsymmetricAlgorithm key = typeof(T) == typeof(ECDsa) ? ECDsa.Create() : ECDiffieHellman.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return (T)key;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new InvalidDataException($"{Path.GetFileName(path)}: not an EC private key ({ex.Message})", ex);
        }
    }

    private string PathOf(ulong entity, string use, string extension) => Path.Combine(Directory, FileName(entity, use, extension));

    private static string FileName(ulong entity, string use, string extension) => $"{entity:x16}-{use}.{extension}";
}

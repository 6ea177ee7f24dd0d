using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HanBench.Host.Keys;

/// <summary>
/// A CA of HanBench's test PKI: its certificate and private key. The root signs the issuing CA, the issuing CA signs
/// every party's certificate, both with ecdsa-with-SHA256 on P-256 keys. Test material only: the private keys sit
/// in the keystore folder (files 0600).
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    /// <summary>A CA from its certificate and key.</summary>
    public CertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA's certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The key as PKCS#8 PEM.</summary>
    public string ExportKeyPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>A self-signed root CA (<c>CN=name, OU=07</c>), valid until <see cref="SmkiProfile.NoExpiry"/>.</summary>
    public static CertificateAuthority CreateRoot(string commonName, DateTimeOffset now)
    {
        ECDsa key = SmkiProfile.NewKey();
        CertificateRequest request = CaRequest(commonName, key);
        X509Certificate2 certificate = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now.AddMinutes(-5), SmkiProfile.NoExpiry, SmkiProfile.NewSerial());
        return new CertificateAuthority(certificate, key);
    }

    /// <summary>An issuing CA signed by this one.</summary>
    public CertificateAuthority CreateIssuing(string commonName, DateTimeOffset now)
    {
        ECDsa key = SmkiProfile.NewKey();
        return new CertificateAuthority(Sign(CaRequest(commonName, key), now, SmkiProfile.NoExpiry), key);
    }

    /// <summary>Signs a certificate request (the subject's extensions already added), adding the authority key identifier.</summary>
    public X509Certificate2 Sign(CertificateRequest request, DateTimeOffset now, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        return request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddMinutes(-5), notAfter, SmkiProfile.NewSerial());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private static CertificateRequest CaRequest(string commonName, ECDsa key)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddOrganizationalUnitName("07");
        name.AddCommonName(commonName);
        var request = new CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        SmkiProfile.AddKeyIdentifier(request, key);
        return request;
    }
}

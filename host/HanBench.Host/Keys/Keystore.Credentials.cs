using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;

namespace HanBench.Host.Keys;

/// <summary>The keystore's part in SMKI credential management (SECMP0170 requirement 8; issue 8 §4).</summary>
public sealed partial class Keystore
{
    /// <summary>
    /// A Device certificate from the issuing CA for a key the device generated itself (CS02c): HanBench never sees the
    /// private key, only the SEC 1 uncompressed public key (65 octets) the device returned.
    /// </summary>
    /// <exception cref="InvalidOperationException">No test PKI yet.</exception>
    /// <exception cref="ArgumentException">Not a P-256 public key.</exception>
    public X509Certificate2 IssueDeviceCertificate(Eui64 device, CredentialUsage usage, byte[] publicKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!HasCertificateAuthority)
        {
            throw new InvalidOperationException($"the keystore {Folder} has no test CA yet: run 'hanbench keys init' first");
        }

        using ECDsa key = PublicKey(publicKey);
        using CertificateAuthority issuing = LoadCa("issuing");
        return SmkiProfile.IssueDevice(device, usage, key, issuing, now);
    }

    /// <summary>
    /// The 32-octet private scalar of the credential whose certificate carries <paramref name="publicKey"/> (SEC 1
    /// uncompressed), when the keystore holds it: how the host, playing a remote party, signs and MACs with credentials a
    /// replacement put on a device. Null when it does not.
    /// </summary>
    public byte[]? PrivateKeyFor(byte[] publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        foreach (PartyCredential credential in _credentials.Where(c => c.PrivateKeyPem is not null))
        {
            if (Sec1(credential.Certificate) is not { } held || !held.AsSpan().SequenceEqual(publicKey))
            {
                continue;
            }

            using ECDsa key = credential.OpenPrivateKey();
            return key.ExportParameters(true).D;
        }

        return null;
    }

    /// <summary>
    /// The SEC 1 uncompressed P-256 public key (<c>04</c> ‖ X ‖ Y, as GBCS carries it) a certificate holds, DS or KA
    /// alike (the SubjectPublicKeyInfo's bit string; GetECDsaPublicKey would refuse a keyAgreement-only certificate), or
    /// null when it holds no such key.
    /// </summary>
    public static byte[]? Sec1(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        byte[] point = certificate.PublicKey.EncodedKeyValue.RawData;
        return certificate.PublicKey.Oid.Value == "1.2.840.10045.2.1" && point.Length == 65 && point[0] == 0x04 ? point : null;
    }

    private static ECDsa PublicKey(byte[] sec1)
    {
        if (sec1.Length != 65 || sec1[0] != 0x04)
        {
            throw new ArgumentException("a P-256 public key is 65 octets, 04 ‖ X ‖ Y", nameof(sec1));
        }

        try
        {
            return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = sec1[1..33], Y = sec1[33..] } });
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"not a point on P-256: {e.Message}", nameof(sec1), e);
        }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;

namespace HanBench.Host.Keys;

/// <summary>A party known to the keystore.</summary>
/// <param name="Id">Its EUI-64.</param>
/// <param name="Role">What it is.</param>
/// <param name="Name">A name for people.</param>
public sealed record Party(Eui64 Id, PartyRole Role, string Name);

/// <summary>
/// One certificate of a party and, where HanBench holds it, its private key. A party has one primary credential per
/// usage (the RTDS keystore's <c>&lt;eui&gt;-ds.pem</c>) and may hold more (DCC Boxed gives suppliers several DS
/// certificates, one of them for DUIS XML signing).
/// </summary>
/// <param name="Party">The party's EUI-64.</param>
/// <param name="Usage">DS or KA.</param>
/// <param name="Certificate">The certificate.</param>
/// <param name="PrivateKeyPem">PKCS#8 PEM, or null when HanBench does not hold the key.</param>
/// <param name="Primary">Whether this is the party's primary credential for the usage.</param>
public sealed record PartyCredential(Eui64 Party, CredentialUsage Usage, X509Certificate2 Certificate, string? PrivateKeyPem, bool Primary)
{
    /// <summary>The Remote Party Role code in the certificate's OU (null for a Device certificate).</summary>
    public int? RoleCode { get; } = SmkiProfile.ReadRoleCode(Certificate);

    /// <summary>Whether this certificate signs DUIS XML (DCC Boxed's role codes 0x87 and 0x89).</summary>
    public bool IsXmlSigning => RoleCode is { } code && RemotePartyRoleCodes.IsXmlSigning(code);

    /// <summary>The serial number in decimal.</summary>
    public string Serial => SmkiProfile.SerialDecimal(Certificate);

    /// <summary>The file name stem: <c>&lt;eui&gt;-ds</c> for a primary, <c>&lt;eui&gt;-ds-&lt;serial&gt;</c> otherwise.</summary>
    public string FileStem => Keystore.FileStem(Party, Usage, Primary ? null : Serial);

    /// <summary>The private key for signing; throws when HanBench does not hold it.</summary>
    public ECDsa OpenPrivateKey()
    {
        if (PrivateKeyPem is null)
        {
            throw new InvalidOperationException($"HanBench holds no private key for {Party} {Usage.Suffix()} certificate {Serial}");
        }

        ECDsa key = ECDsa.Create();
        key.ImportFromPem(PrivateKeyPem);
        return key;
    }

    /// <summary>Whether the private key (if any) belongs to the certificate's public key.</summary>
    public bool KeyMatchesCertificate()
    {
        if (PrivateKeyPem is null)
        {
            return true;
        }

        using ECDsa key = OpenPrivateKey();
        // The certificate's SubjectPublicKeyInfo, not GetECDsaPublicKey(): that refuses a keyAgreement-only certificate.
        return key.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(Certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>What ToString prints (a failed assertion, a log line): never the private key itself, only whether it is held.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Party = {Party}, Usage = {Usage}, Serial = {Certificate.SerialNumber}, PrivateKey = {(PrivateKeyPem is null ? "not held" : "held")}, Primary = {Primary}");
        return true;
    }
}

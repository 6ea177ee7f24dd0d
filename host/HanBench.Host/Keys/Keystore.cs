using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using HanBench.Device.Roles;
using HanBench.Host.Inventory;

namespace HanBench.Host.Keys;

/// <summary>
/// HanBench's keystore: a folder the demo, <c>bench run</c>, <c>csp run</c>, <c>serve</c> and <c>flash</c> share. It
/// holds the parties (<c>parties.json</c>: EUI-64, role, name), their certificates and, where HanBench holds them,
/// private keys in the RTDS keystore's layout (<c>&lt;eui-lowercase&gt;-ds.pem|-ka.pem|-ds.key|-ka.key</c> for the
/// primary credentials, <c>&lt;eui&gt;-ds-&lt;serial&gt;.pem</c> for more), and the test PKI's root and issuing CA
/// (<c>ca/</c>). Key files are 0600.
/// </summary>
public sealed partial class Keystore
{
    /// <summary>The RTDS / DCC Boxed Access Control Broker (docs/GBCS-SECURITY.md §4), also DCC Boxed's DSP signing identity.</summary>
    public static readonly Eui64 DefaultAccessControlBroker = new(RoleSettings.DefaultAcbSystemTitle);

    /// <summary>The RTDS / DCC Boxed supplier.</summary>
    public static readonly Eui64 DefaultSupplier = new(RoleSettings.DefaultSupplierSystemTitle);

    /// <summary>The RTDS / DCC Boxed transitional change-of-supplier party (6.23).</summary>
    public static readonly Eui64 DefaultTransitionalCoS = new(RoleSettings.DefaultTransitionalCoSSystemTitle);

    private const string PartiesFile = "parties.json";
    private const string CaFolder = "ca";

    private readonly Dictionary<Eui64, Party> _parties = [];
    private readonly List<PartyCredential> _credentials = [];

    private Keystore(string folder)
    {
        Folder = folder;
    }

    /// <summary>The keystore folder.</summary>
    public string Folder { get; }

    /// <summary>Every party, by EUI-64.</summary>
    public IReadOnlyList<Party> Parties => [.. _parties.Values.OrderBy(p => p.Id.Value)];

    /// <summary>Every credential, by party, usage, primary first.</summary>
    public IReadOnlyList<PartyCredential> Credentials =>
        [.. _credentials.OrderBy(c => c.Party.Value).ThenBy(c => c.Usage).ThenByDescending(c => c.Primary).ThenBy(c => c.Serial, StringComparer.Ordinal)];

    /// <summary>Whether the test PKI's CAs exist (<c>keys init</c> ran).</summary>
    public bool HasCertificateAuthority => File.Exists(CaPath("issuing.pem"));

    /// <summary>
    /// Opens the keystore in <paramref name="folder"/> (an absent folder is an empty keystore). Throws
    /// <see cref="InvalidDataException"/> naming the file when one is unreadable.
    /// </summary>
    public static Keystore Open(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var store = new Keystore(Path.GetFullPath(folder));
        if (!Directory.Exists(store.Folder))
        {
            return store;
        }

        foreach (Party party in store.ReadParties())
        {
            store._parties[party.Id] = party;
        }

        foreach (string pem in Directory.EnumerateFiles(store.Folder, "*.pem"))
        {
            if (ParseStem(Path.GetFileNameWithoutExtension(pem)) is not { } stem)
            {
                continue;
            }

            X509Certificate2 certificate = ReadCertificate(pem);
            string keyPath = Path.ChangeExtension(pem, ".key");
            string? key = File.Exists(keyPath) ? File.ReadAllText(keyPath) : null;
            store._credentials.Add(new PartyCredential(stem.Party, stem.Usage, certificate, key, stem.Serial is null));
        }

        return store;
    }

    /// <summary>
    /// Creates the test PKI (a root and an issuing CA) in <paramref name="folder"/> if it has none, and, when
    /// <paramref name="defaultParties"/>, the default remote parties (ACB and supplier) with fresh keys where the
    /// keystore has none yet: the ACB, the supplier and the transitional change-of-supplier party, in the SMKI Organisation
    /// profile (import the RTDS / DCC Boxed ones instead to interoperate with public tools).
    /// </summary>
    public static Keystore Init(string folder, DateTimeOffset now, bool defaultParties = true) => Init(folder, now, out _, defaultParties);

    /// <summary>
    /// <see cref="Init(string, DateTimeOffset, bool)"/>; <paramref name="created"/> says whether the test PKI was made
    /// now. Under the keystore's lock (<see cref="LockFolder"/>): processes that share a keystore and start at once make
    /// one test PKI and one set of default parties between them.
    /// </summary>
    public static Keystore Init(string folder, DateTimeOffset now, out bool created, bool defaultParties = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        using FileStream held = LockFolder(Path.GetFullPath(folder));
        return InitLocked(Open(folder), now, out created, defaultParties);
    }

    // Init's work, the keystore's lock held by the caller (a second LockFolder in one process would wait on itself).
    private static Keystore InitLocked(Keystore store, DateTimeOffset now, out bool created, bool defaultParties)
    {
        created = !store.HasCertificateAuthority;
        if (created)
        {
            Directory.CreateDirectory(Path.Combine(store.Folder, CaFolder));
            using CertificateAuthority root = CertificateAuthority.CreateRoot("HanBench Test Root", now);
            using CertificateAuthority issuing = root.CreateIssuing("HB1", now);
            store.SaveCa("root", root);
            store.SaveCa("issuing", issuing);
        }

        if (defaultParties)
        {
            foreach ((Eui64 id, PartyRole role, string name) in new[]
            {
                (DefaultAccessControlBroker, PartyRole.AccessControlBroker, "DCC Access Control Broker"),
                (DefaultSupplier, PartyRole.Supplier, "Supplier"),
                (DefaultTransitionalCoS, PartyRole.TransitionalCoS, "DCC Transitional Change of Supplier"),
            })
            {
                if (store.Primary(id, CredentialUsage.DigitalSigning) is null)
                {
                    store.Issue(id, role, name, now);
                }
            }
        }

        return store;
    }

    /// <summary>
    /// Creates (or replaces) <paramref name="id"/>'s primary DS and KA credentials: fresh P-256 key pairs, certificates
    /// from the issuing CA in the Device profile for a device, the Organisation profile for any other party.
    /// </summary>
    /// <exception cref="InvalidOperationException">No test PKI yet (run <c>keys init</c>).</exception>
    public Party Issue(Eui64 id, PartyRole role, string? name, DateTimeOffset now)
    {
        if (!HasCertificateAuthority)
        {
            throw new InvalidOperationException($"the keystore {Folder} has no test CA yet: run 'hanbench keys init' first");
        }

        using CertificateAuthority issuing = LoadCa("issuing");
        var party = new Party(id, role, string.IsNullOrWhiteSpace(name) ? $"{role} {id}" : name);
        foreach (CredentialUsage usage in Enum.GetValues<CredentialUsage>())
        {
            using ECDsa key = SmkiProfile.NewKey();
            X509Certificate2 certificate = role == PartyRole.Device
                ? SmkiProfile.IssueDevice(id, usage, key, issuing, now)
                : SmkiProfile.IssueOrganisation(id, RemotePartyRoleCodes.Of(role), role == PartyRole.Device ? null : party.Name, usage, key, issuing, now);
            Put(new PartyCredential(id, usage, certificate, key.ExportPkcs8PrivateKeyPem(), Primary: true));
        }

        PutParty(party);
        return party;
    }

    /// <summary>The party, or null.</summary>
    public Party? FindParty(Eui64 id) => _parties.GetValueOrDefault(id);

    /// <summary>
    /// The transitional change-of-supplier party's primary DS credential with its private key: <see cref="DefaultTransitionalCoS"/>'s
    /// when held, else any party's whose certificate carries Remote Party Role 0x05 (an import may name another); null when
    /// the keystore holds none, and then 6.23 cannot be carried out.
    /// </summary>
    public PartyCredential? TransitionalCoSSigner() =>
        (Primary(DefaultTransitionalCoS, CredentialUsage.DigitalSigning) is { PrivateKeyPem: not null, RoleCode: RemotePartyRoleCodes.TransitionalCoS } preferred ? preferred : null)
        ?? _credentials.FirstOrDefault(c => c.Primary && c.Usage == CredentialUsage.DigitalSigning && c.PrivateKeyPem is not null && c.RoleCode == RemotePartyRoleCodes.TransitionalCoS);

    /// <summary>The party's primary credential for a usage, or null.</summary>
    public PartyCredential? Primary(Eui64 id, CredentialUsage usage) =>
        _credentials.FirstOrDefault(c => c.Party == id && c.Usage == usage && c.Primary);

    /// <summary>
    /// The credential <paramref name="id"/> signs DUIS XML with: its XML signing certificate when it has one with a
    /// private key (DCC Boxed's 0x87/0x89), otherwise its primary DS credential with a private key; null if neither.
    /// </summary>
    public PartyCredential? XmlSigner(Eui64 id) =>
        _credentials.FirstOrDefault(c => c.Party == id && c.Usage == CredentialUsage.DigitalSigning && c.IsXmlSigning && c.PrivateKeyPem is not null)
        ?? (Primary(id, CredentialUsage.DigitalSigning) is { PrivateKeyPem: not null } primary ? primary : null);

    /// <summary>The DS credential whose certificate has this serial number (decimal) and an issuer matching <paramref name="issuerMatches"/>.</summary>
    public PartyCredential? FindSigning(string serialDecimal, Func<X500DistinguishedName, bool> issuerMatches) =>
        _credentials.FirstOrDefault(c => c.Usage == CredentialUsage.DigitalSigning && c.Serial == serialDecimal && issuerMatches(c.Certificate.IssuerName));

    /// <summary>Adds or replaces a party record.</summary>
    public void PutParty(Party party)
    {
        ArgumentNullException.ThrowIfNull(party);
        _parties[party.Id] = party;
        Directory.CreateDirectory(Folder);

        // Parties another process sharing the keystore added since this one opened it are kept.
        foreach (Party other in ReadParties())
        {
            _parties.TryAdd(other.Id, other);
        }

        var entries = Parties.Select(p => new PartyEntry(EuiFileName(p.Id).ToUpperInvariant(), p.Role.ToString(), p.Name)).ToArray();
        PrivateFiles.WritePublicText(Path.Combine(Folder, PartiesFile), JsonSerializer.Serialize(entries, JsonOptions));
    }

    /// <summary>
    /// Stores a credential. A primary one replaces the party's primary for its usage (the old one is kept beside it,
    /// named by serial, unless it is the same certificate); an additional one with the same serial is replaced. A
    /// private key that does not match the certificate is refused (<see cref="InvalidDataException"/>).
    /// </summary>
    public void Put(PartyCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!credential.KeyMatchesCertificate())
        {
            throw new InvalidDataException($"the private key for {credential.Party} {credential.Usage.Suffix()} does not belong to certificate {credential.Serial}");
        }

        Directory.CreateDirectory(Folder);
        PartyCredential? same = _credentials.FirstOrDefault(c => c.Party == credential.Party && c.Usage == credential.Usage && c.Serial == credential.Serial);
        if (same is not null)
        {
            Remove(same);
            credential = credential with { PrivateKeyPem = credential.PrivateKeyPem ?? same.PrivateKeyPem, Primary = credential.Primary || same.Primary };
        }

        if (credential.Primary && Primary(credential.Party, credential.Usage) is { } old)
        {
            Remove(old);
            Write(old with { Primary = false });
        }

        Write(credential);
    }

    /// <summary>Writes every credential to <paramref name="directory"/> in the RTDS keystore layout; returns the files written.</summary>
    public int Export(string directory)
    {
        Directory.CreateDirectory(directory);
        int files = 0;
        foreach (PartyCredential credential in _credentials)
        {
            files += WriteFiles(directory, credential);
        }

        return files;
    }

    /// <summary>The file stem of a credential: <c>&lt;eui-lowercase&gt;-ds</c>, or with <c>-&lt;serial&gt;</c> when not primary.</summary>
    public static string FileStem(Eui64 party, CredentialUsage usage, string? serial) =>
        serial is null ? $"{EuiFileName(party)}-{usage.Suffix()}" : $"{EuiFileName(party)}-{usage.Suffix()}-{serial}";

    internal static string EuiFileName(Eui64 id) => id.Value.ToString("x16", CultureInfo.InvariantCulture);

    internal static X509Certificate2 ReadCertificate(string path)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{path}: not a PEM certificate ({e.Message.TrimEnd('.')})", e);
        }
    }

    // parties.json, as it is on disk now (none: empty).
    private List<Party> ReadParties()
    {
        string path = Path.Combine(Folder, PartiesFile);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return [.. (JsonSerializer.Deserialize<PartyEntry[]>(File.ReadAllText(path)) ?? []).Select(entry =>
            {
                Eui64 id = Eui64.Parse(entry.Eui);
                return new Party(id, Enum.Parse<PartyRole>(entry.Role), entry.Name);
            })];
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static (Eui64 Party, CredentialUsage Usage, string? Serial)? ParseStem(string stem)
    {
        Match match = StemPattern().Match(stem);
        if (!match.Success)
        {
            return null;
        }

        var usage = match.Groups[2].Value == "ds" ? CredentialUsage.DigitalSigning : CredentialUsage.KeyAgreement;
        return (Eui64.Parse(match.Groups[1].Value), usage, match.Groups[3].Success ? match.Groups[3].Value : null);
    }

    [GeneratedRegex("^([0-9a-f]{16})-(ds|ka)(?:-([0-9]+))?$")]
    private static partial Regex StemPattern();

    private void Write(PartyCredential credential)
    {
        WriteFiles(Folder, credential);
        _credentials.Add(credential);
    }

    private static int WriteFiles(string directory, PartyCredential credential)
    {
        // The key before the certificate: a process reading the keystore meanwhile finds a credential by its certificate.
        string stem = Path.Combine(directory, credential.FileStem);
        if (credential.PrivateKeyPem is not null)
        {
            PrivateFiles.WriteAllText(stem + ".key", credential.PrivateKeyPem.TrimEnd() + "\n");
        }

        PrivateFiles.WritePublicText(stem + ".pem", credential.Certificate.ExportCertificatePem() + "\n");
        return credential.PrivateKeyPem is null ? 1 : 2;
    }

    private void Remove(PartyCredential credential)
    {
        _credentials.Remove(credential);
        string stem = Path.Combine(Folder, credential.FileStem);
        File.Delete(stem + ".pem");
        File.Delete(stem + ".key");
    }

    private string CaPath(string file) => Path.Combine(Folder, CaFolder, file);

    private void SaveCa(string name, CertificateAuthority ca)
    {
        PrivateFiles.WriteAllText(CaPath(name + ".key"), ca.ExportKeyPem() + "\n");
        PrivateFiles.WritePublicText(CaPath(name + ".pem"), ca.Certificate.ExportCertificatePem() + "\n");
    }

    private CertificateAuthority LoadCa(string name)
    {
        X509Certificate2 certificate = ReadCertificate(CaPath(name + ".pem"));
        ECDsa key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(CaPath(name + ".key")));
        return new CertificateAuthority(certificate, key);
    }

    /// <summary>The issuing CA's certificate (the trust anchor of every certificate HanBench issues), or null.</summary>
    public X509Certificate2? IssuingCertificate => HasCertificateAuthority ? ReadCertificate(CaPath("issuing.pem")) : null;

    /// <summary>The root CA's certificate (it signs the issuing CA), or null.</summary>
    public X509Certificate2? RootCertificate => File.Exists(CaPath("root.pem")) ? ReadCertificate(CaPath("root.pem")) : null;

    private sealed record PartyEntry(string Eui, string Role, string Name);
}

using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using HanBench.Host.Inventory;

namespace HanBench.Host.Keys;

/// <summary>What an import brought in.</summary>
/// <param name="Credentials">Certificates stored.</param>
/// <param name="PrivateKeys">Of those, how many came with a private key.</param>
/// <param name="Parties">Parties seen.</param>
/// <param name="Warnings">What was odd but imported anyway (a certificate naming another EUI-64 than its file; a private key
/// that does not belong to its certificate, which is then left out).</param>
public sealed record KeystoreImportReport(int Credentials, int PrivateKeys, int Parties, IReadOnlyList<string> Warnings);

/// <summary>Imports of the RTDS keystore layout and of DCC Boxed's <c>keystore.json</c>.</summary>
public sealed partial class Keystore
{
    private const long MaxImportBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Imports a folder in the RTDS keystore layout: <c>&lt;eui&gt;-ds.pem|-ka.pem</c> (primary), other
    /// <c>&lt;eui&gt;-&lt;label&gt;-ds|ka.pem</c> files (kept as additional credentials, e.g. the prepayment KA), each with its
    /// <c>.key</c> when present. The file name says whose credential it is (the RTDS keystore has a certificate naming
    /// another EUI-64 than its file: imported under the file's, with a warning).
    /// </summary>
    public KeystoreImportReport ImportFolder(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"no folder {directory}");
        }

        var found = new List<PartyCredential>();
        var warnings = new List<string>();
        foreach (string pem in Directory.EnumerateFiles(directory, "*.pem").Order(StringComparer.Ordinal))
        {
            Match match = ImportStemPattern().Match(Path.GetFileNameWithoutExtension(pem));
            if (!match.Success)
            {
                continue;
            }

            var party = Eui64.Parse(match.Groups[1].Value);
            var usage = match.Groups[3].Value.Equals("ds", StringComparison.OrdinalIgnoreCase) ? CredentialUsage.DigitalSigning : CredentialUsage.KeyAgreement;
            bool primary = !match.Groups[2].Success && !match.Groups[4].Success;
            X509Certificate2 certificate = ReadCertificate(pem);
            if (SmkiProfile.ReadEui(certificate) is { } named && named != party)
            {
                warnings.Add($"{Path.GetFileName(pem)}: the certificate names {named}; imported as {party}'s, as the file name says");
            }

            string keyPath = Path.ChangeExtension(pem, ".key");
            found.Add(new PartyCredential(party, usage, certificate, File.Exists(keyPath) ? File.ReadAllText(keyPath) : null, primary));
        }

        return Store(found, warnings);
    }

    /// <summary>
    /// Imports DCC Boxed's <c>keystore.json</c> (<c>{ "&lt;eui&gt;": { "digitalSignature"|"keyAgreement": { "&lt;serial&gt;":
    /// { "certificate", "privateKey", "name", "role" } } } }</c>). Where the keystore has no primary credential for a
    /// party and usage yet, the primary is the party's GBCS certificate DCC Boxed names "Z1-…" (the one the RTDS
    /// keystore holds), else its first GBCS certificate; XML signing certificates stay additional.
    /// </summary>
    public KeystoreImportReport ImportDccBoxed(string jsonPath)
    {
        var info = new FileInfo(jsonPath);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"no file {jsonPath}", jsonPath);
        }

        if (info.Length > MaxImportBytes)
        {
            throw new InvalidDataException($"{jsonPath} is {info.Length} bytes; a keystore.json over {MaxImportBytes} bytes is not imported");
        }

        Dictionary<string, Dictionary<string, Dictionary<string, DccBoxedEntry>>>? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, Dictionary<string, DccBoxedEntry>>>>(File.ReadAllText(jsonPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{jsonPath}: not DCC Boxed's keystore.json ({e.Message})", e);
        }

        var found = new List<PartyCredential>();
        foreach ((string euiText, var usages) in parsed ?? [])
        {
            if (!Eui64.TryParse(euiText, out Eui64 party))
            {
                throw new InvalidDataException($"{jsonPath}: '{euiText}' is not an EUI-64");
            }

            foreach ((string usageText, var bySerial) in usages)
            {
                CredentialUsage usage = usageText switch
                {
                    "digitalSignature" => CredentialUsage.DigitalSigning,
                    "keyAgreement" => CredentialUsage.KeyAgreement,
                    _ => throw new InvalidDataException($"{jsonPath}: {euiText} has '{usageText}', neither digitalSignature nor keyAgreement"),
                };
                var credentials = new List<(PartyCredential Credential, int Rank)>();
                foreach ((string serial, DccBoxedEntry entry) in bySerial)
                {
                    X509Certificate2 certificate;
                    try
                    {
                        certificate = X509Certificate2.CreateFromPem(entry.Certificate ?? string.Empty);
                    }
                    catch (System.Security.Cryptography.CryptographicException e)
                    {
                        throw new InvalidDataException($"{jsonPath}: {euiText} {usageText} {serial}: not a PEM certificate ({e.Message.TrimEnd('.')})", e);
                    }

                    var credential = new PartyCredential(party, usage, certificate, entry.PrivateKey, Primary: false);
                    int rank = credential.IsXmlSigning ? 2 : (entry.Name ?? string.Empty).StartsWith("Z1-", StringComparison.Ordinal) && !(entry.Name ?? string.Empty).Contains("PP", StringComparison.Ordinal) ? 0 : 1;
                    credentials.Add((credential, rank));
                }

                bool hasPrimary = Primary(party, usage) is not null;
                PartyCredential? best = hasPrimary ? null : credentials.Where(c => c.Rank < 2).OrderBy(c => c.Rank).Select(c => c.Credential).FirstOrDefault();
                found.AddRange(credentials.Select(c => ReferenceEquals(c.Credential, best) ? c.Credential with { Primary = true } : c.Credential));
            }
        }

        return Store(found, []);
    }

    private KeystoreImportReport Store(List<PartyCredential> found, List<string> warnings)
    {
        for (int i = 0; i < found.Count; i++)
        {
            PartyCredential credential = found[i];
            if (!credential.KeyMatchesCertificate())
            {
                // DCC Boxed's keystore.json has such a pair (00DB123456780004's KA): the certificate is still useful.
                warnings.Add($"{credential.Party} {credential.Usage.Suffix()} {credential.Serial}: the private key does not belong to the certificate; certificate imported without it");
                credential = found[i] = credential with { PrivateKeyPem = null };
            }

            Put(credential);
        }

        var parties = found.Select(c => c.Party).Distinct().ToList();
        foreach (Eui64 id in parties)
        {
            if (FindParty(id) is null)
            {
                PutParty(Describe(id, found.Where(c => c.Party == id).ToList()));
            }
        }

        return new KeystoreImportReport(found.Count, found.Count(c => c.PrivateKeyPem is not null), parties.Count, warnings);
    }

    /// <summary>A new party's role and name from its certificates: Device profile → device; else the GBCS role code (or the XML signing one).</summary>
    private static Party Describe(Eui64 id, List<PartyCredential> credentials)
    {
        if (credentials.Any(c => SmkiProfile.IsDeviceCertificate(c.Certificate)))
        {
            return new Party(id, PartyRole.Device, $"Device {id}");
        }

        PartyCredential? gbcs = credentials.FirstOrDefault(c => c.RoleCode is not null && !c.IsXmlSigning) ?? credentials.FirstOrDefault(c => c.RoleCode is not null);
        PartyRole role = gbcs?.RoleCode is { } code ? RemotePartyRoleCodes.ToPartyRole(code) : PartyRole.OtherUser;
        string name = credentials.Select(c => c.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)).FirstOrDefault(n => !string.IsNullOrEmpty(n) && n.Length > 2) ?? $"{role} {id}";
        return new Party(id, role, name);
    }

    [GeneratedRegex("^([0-9a-fA-F]{16})-(?:(.+)-)?(ds|ka)(?:-([0-9]+))?$")]
    private static partial Regex ImportStemPattern();

    private sealed record DccBoxedEntry(
        [property: System.Text.Json.Serialization.JsonPropertyName("certificate")] string? Certificate,
        [property: System.Text.Json.Serialization.JsonPropertyName("privateKey")] string? PrivateKey,
        [property: System.Text.Json.Serialization.JsonPropertyName("name")] string? Name);
}

using HanBench.Tooling.Benchmarks;
using HanBench.Host.Keys;

namespace HanBench.Cli.Output;

/// <summary><c>keys list --json</c>: one credential in the keystore (<c>role</c> null for a party the keystore does not name).</summary>
internal sealed record CredentialJson(string Party, string? Role, string Usage, bool Primary, bool XmlSigning, string Serial, string Issuer, bool PrivateKey)
{
    public static CredentialJson From(Keystore store, PartyCredential c) => new(
        c.Party.ToString(), store.FindParty(c.Party)?.Role.ToString(), c.Usage.Suffix(), c.Primary, c.IsXmlSigning, c.Serial, c.Certificate.Issuer, c.PrivateKeyPem is not null);
}

/// <summary><c>duis load --json</c>: the load figures (seconds to the ms, rates and latencies to 0.1).</summary>
internal sealed record DuisLoadJson(int Requests, int Clients, int Accepted, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, double MaxMs)
{
    public static DuisLoadJson From(DuisLoadFigures f) => new(
        f.Requests, f.Clients, f.Accepted, Math.Round(f.Elapsed.TotalSeconds, 3), Math.Round(f.RequestsPerSecond, 1),
        Math.Round(f.P50.TotalMilliseconds, 1), Math.Round(f.P99.TotalMilliseconds, 1), Math.Round(f.Max.TotalMilliseconds, 1));
}

/// <summary><c>serve --json</c>: where the DUIS endpoint listens, on which inventory, schema and alert URL (null: none).</summary>
internal sealed record ServeListeningJson(string Listening, string Inventory, string? Schema, string? AlertsTo);

/// <summary><c>ui --json</c>: where the Self-Service Interface listens and on which inventory.</summary>
internal sealed record UiListeningJson(string Listening, string Inventory);

/// <summary><c>about --json</c>: the tool's version.</summary>
internal sealed record AboutJson(string Version);

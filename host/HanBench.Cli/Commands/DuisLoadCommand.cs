using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Xml.Schema;
using HanBench.Cli.Output;
using HanBench.Host.Alerts;
using HanBench.Tooling.Benchmarks;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.Serve;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench bench duis-load [--requests N] [--clients C | --url URL [--keystore DIR] [--signer EUI]...] [--schema XSD]</c>:
/// <see cref="DuisLoadBenchmark"/>, every request XML-signed by its client's Service User, against an endpoint started
/// here on a fresh temporary inventory and keystore with C registered suppliers (the same server, handlers and
/// signature checks <c>serve</c> runs, request log off) or a running <c>hanbench serve</c> (<c>--url</c>: one client
/// per <c>--signer</c>, signed with its key from the keystore that server trusts). Prints req/s and p50/p99; asserts no time.
/// </summary>
public static class DuisLoadCommand
{
    /// <summary>The <c>duis-load</c> subcommand of <c>hanbench bench</c>.</summary>
    public static Command Create(CliConsole console)
    {
        var requests = new Option<int>("--requests") { Description = "Requests in all (default 1000).", DefaultValueFactory = _ => 1000 };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients (default 50).", DefaultValueFactory = _ => 50 };
        var url = new Option<string?>("--url") { Description = "A running DUIS endpoint (e.g. http://127.0.0.1:8079/); default: one started here on a temporary inventory." };
        var schema = new Option<string?>("--schema") { Description = "DUIS XML Schema the endpoint started here validates against (as serve --schema)." };
        Option<string?> keystore = KeystoreOption.Create();
        var signers = new Option<string[]>("--signer") { Description = "With --url: a Service User whose XML signing key in --keystore signs one client's requests (repeat for more clients; default the keystore's default supplier).", AllowMultipleArgumentsPerToken = false };
        var json = InventoryAccess.JsonOption();
        var command = new Command("duis-load", "Load a DUIS endpoint: N signed 12.2 requests from C concurrent clients; req/s and p50/p99 latency.") { requests, clients, url, keystore, signers, schema, json };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(requests);
            int c = parse.GetValue(clients);
            if (n < 1 || c < 1)
            {
                throw new CliException("--requests and --clients must be at least 1", ExitCodes.BadInput);
            }

            Uri? target = ServeCommand.ParseUrl(parse.GetValue(url), "--url");
            string[] signerTexts = parse.GetValue(signers) ?? [];
            if (target is null && signerTexts.Length > 0)
            {
                throw new CliException("--signer goes with --url: the endpoint started here registers its own Service Users", ExitCodes.BadInput);
            }

            if (target is not null && parse.GetResult(clients) is not null)
            {
                throw new CliException("--clients does not go with --url: a running endpoint gets one client per --signer (DCC's RequestID counters are per originator)", ExitCodes.BadInput);
            }

            DuisLoadFigures figures = target is null
                ? RunInProcess(console, n, c, parse.GetValue(schema), parse.GetValue(json))
                : DuisLoadBenchmark.RunAsync(target, n, ClientsFrom(KeystoreOption.Open(parse.GetValue(keystore)), signerTexts.Length == 0 ? [Keystore.DefaultSupplier.ToString()] : signerTexts), line => Progress(console, parse.GetValue(json), line)).GetAwaiter().GetResult();
            if (parse.GetValue(json))
            {
                CliJson.Write(console, DuisLoadJson.From(figures));
            }
            else
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{figures.Requests} requests from {figures.Clients} clients in {figures.Elapsed.TotalSeconds:0.00} s: {figures.RequestsPerSecond:0} req/s, p50 {figures.P50.TotalMilliseconds:0} ms, p99 {figures.P99.TotalMilliseconds:0} ms, max {figures.Max.TotalMilliseconds:0} ms; {figures.Accepted} accepted (I0)"));
            }

            return figures.Accepted == figures.Requests ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static DuisLoadFigures RunInProcess(CliConsole console, int requests, int clients, string? schemaPath, bool json)
    {
        DuisSchema? schema = null;
        if (schemaPath is not null)
        {
            try
            {
                schema = DuisSchema.Load(schemaPath);
            }
            catch (Exception e) when (e is FileNotFoundException or XmlSchemaException or System.Xml.XmlException or IOException)
            {
                throw new CliException($"--schema: {e.Message}", ExitCodes.BadInput);
            }
        }

        using ProcessTemporaryFolder folder = ProcessTemporaryFolder.Create("hanbench-duis-load-");
        string dir = folder.Path;
        try
        {
            Keystore keys = Keystore.Init(Path.Combine(dir, "keystore"), DateTimeOffset.UtcNow);
            using InventoryStore store = InventoryStore.Open(Path.Combine(dir, "inventory.db"));
            var suppliers = new string[clients];
            for (int i = 0; i < clients; i++)
            {
                var id = new Eui64(Keystore.DefaultSupplier.Value + (ulong)i);
                string name = $"Load supplier {i + 1}";
                if (keys.FindParty(id) is null)
                {
                    keys.Issue(id, PartyRole.Supplier, name, DateTimeOffset.UtcNow);
                }

                store.Write(s => new ServiceUserDirectory(s).Put(new ServiceUser(id, name, ServiceUserRole.Supplier, "5.4")));
                suppliers[i] = id.ToString();
            }

            var security = new DuisSecurity(keys, Keystore.DefaultAccessControlBroker);
            var options = new DuisServerOptions(new IPEndPoint(IPAddress.Loopback, 0), new DuisRequestProcessor(InventoryAccess.Handlers(store), schema, security));
            DuisServer server = DuisServer.StartAsync(options).GetAwaiter().GetResult();
            try
            {
                Progress(console, json, $"duis-load: endpoint {server.BaseAddress} on a temporary inventory, signatures checked{(schema is null ? ", no schema" : $", validating against {schema.Path}")}");
                return DuisLoadBenchmark.RunAsync(server.BaseAddress, requests, ClientsFrom(keys, suppliers), line => Progress(console, json, line)).GetAwaiter().GetResult();
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            // The folder goes with the using above, once SQLite lets go of the inventory in it.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>One load client per Service User, signing with its XML signing key from <paramref name="keys"/>.</summary>
    private static DuisLoadClient[] ClientsFrom(Keystore keys, string[] signers) => [.. signers.Select(text =>
    {
        Eui64 party = InventoryAccess.ParseEui(text, "--signer");
        PartyCredential credential = keys.XmlSigner(party)
            ?? throw new CliException($"--signer: the keystore {keys.Folder} holds no XML signing key for {party}", ExitCodes.BadInput);
        return new DuisLoadClient(party, xml => DuisXmlSignature.Sign(xml, credential));
    })];

    private static void Progress(CliConsole console, bool json, string line)
    {
        if (!json)
        {
            console.Error.WriteLine(line);
        }
    }
}

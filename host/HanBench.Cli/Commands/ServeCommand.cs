using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Xml.Schema;
using HanBench.Cli.Output;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.Serve;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench serve --duis 127.0.0.1:8079 [--schema PATH] [--alerts-to URL]</c>: the DUIS XML endpoint (DCC Boxed's
/// paths: /api/v1/serviceD, /serviceS, /serviceT) on loopback only, requests and responses checked against the
/// user's schema, alerts POSTed to the Service User. One log line per request on standard output (<c>--log-json</c>:
/// one JSON object a line). Runs until SIGINT (Ctrl+C) or SIGTERM, which let the requests in flight finish and exit 0.
/// </summary>
public static class ServeCommand
{
    /// <summary>The default bind address (DCC Boxed listens on 8079).</summary>
    public const string DefaultBind = "127.0.0.1:8079";

    public static Command Create(CliConsole console)
    {
        var db = InventoryAccess.DatabaseOption();
        var json = InventoryAccess.JsonOption();
        var duis = new Option<string>("--duis") { Description = $"Loopback address and port to serve DUIS on (default {DefaultBind}; port 0: any free port).", DefaultValueFactory = _ => DefaultBind };
        var schema = new Option<string?>("--schema") { Description = "The DUIS XML Schema (e.g. \"DUIS Schema V5.4.xsd\"): validate every request and response." };
        var alertsTo = new Option<string?>("--alerts-to") { Description = "Service User URL alerts are POSTed to (when the recipient has no registered URL)." };
        var logJson = new Option<bool>("--log-json") { Description = "Log each request as one JSON object a line (time, path, requestId, serviceReference, outcome, status, ms)." };
        var xmldsig = new Option<string?>("--xmldsig-schema") { Description = "The W3C xmldsig-core-schema.xsd the DUIS schema imports, if not beside it." };
        Option<string?> keystore = KeystoreOption.Create("Keystore folder: Service Users' certificates, the DSP's signing key; made on first use");
        var dsp = new Option<string>("--dsp") { Description = "The DSP whose XML signing key signs responses and alerts.", DefaultValueFactory = _ => Keystore.DefaultAccessControlBroker.ToString() };
        var drain = new Option<double>("--drain")
        {
            Description = $"Seconds a stop (SIGINT/SIGTERM) waits for requests in flight before closing their connections (default {DuisServerLimits.Default.DrainTimeout.TotalSeconds:0}).",
            DefaultValueFactory = _ => DuisServerLimits.Default.DrainTimeout.TotalSeconds,
        };
        var command = new Command("serve", "Serve DUIS XML on loopback, shaped like DCC Boxed (POST /api/v1/serviceD and /api/v1/serviceS); requests must be signed by a Service User, responses and alerts are signed by the DSP.") { duis, schema, xmldsig, alertsTo, keystore, dsp, drain, db, json, logJson };
        command.SetAction(parse =>
        {
            if (!LoopbackEndpoint.TryParse(parse.GetValue(duis), out IPEndPoint? bind, out string? problem))
            {
                throw new CliException($"--duis: {problem}", ExitCodes.BadInput);
            }

            double drainSeconds = parse.GetValue(drain);
            if (!(drainSeconds > 0 && drainSeconds <= 3600))
            {
                throw new CliException($"--drain: {drainSeconds} is not a number of seconds from above 0 to 3600", ExitCodes.BadInput);
            }

            DuisSchema? loaded = null;
            if (parse.GetValue(schema) is { } path)
            {
                try
                {
                    loaded = DuisSchema.Load(path, parse.GetValue(xmldsig));
                }
                catch (Exception e) when (e is FileNotFoundException or XmlSchemaException or System.Xml.XmlException or IOException)
                {
                    throw new CliException($"--schema: {e.Message}", ExitCodes.BadInput);
                }
            }

            Uri? alerts = ParseUrl(parse.GetValue(alertsTo), "--alerts-to");
            using InventoryStore store = InventoryAccess.OpenOrCreate(console, parse.GetValue(db));
            using var http = new HttpClient();
            DuisSecurity security;
            Keystore keys;
            try
            {
                keys = KeystoreOption.OpenOrCreate(console, parse.GetValue(keystore));
                security = new DuisSecurity(keys, InventoryAccess.ParseEui(parse.GetValue(dsp), "--dsp"));
            }
            catch (InvalidOperationException e)
            {
                throw new CliException(e.Message, ExitCodes.BadInput);
            }

            var processor = new DuisRequestProcessor(InventoryAccess.Handlers(store, keystore: keys), loaded, security);
            var options = new DuisServerOptions(bind, processor, new DccAlertDeliverer(store, http, schema: loaded, security: security), alerts, Log: new DuisRequestLog(console.Out, parse.GetValue(logJson)), Limits: DuisServerLimits.Default with { Drain = TimeSpan.FromSeconds(drainSeconds) });
            using var stop = new StopSignal();
            DuisServer server;
            try
            {
                server = DuisServer.StartAsync(options).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
            {
                throw new CliException($"cannot listen on {bind}: {e.Message}", ExitCodes.Failed);
            }

            if (parse.GetValue(json))
            {
                CliJson.Write(console, new ServeListeningJson(server.BaseAddress.ToString(), store.DataSource, loaded?.Path, alerts?.ToString()));
            }
            else
            {
                console.Out.WriteLine($"DUIS endpoint on {server.BaseAddress} (POST api/v1/serviceD, api/v1/serviceS, api/v1/serviceT); inventory {store.DataSource}");
                console.Out.WriteLine(loaded is null ? "no --schema: requests are parsed but not schema-validated" : $"validating against {loaded.Path}");
                console.Out.WriteLine($"alerts to {alerts?.ToString() ?? "registered Service User URLs only"}; Ctrl+C or SIGTERM stops");
            }

            console.Out.Flush();
            stop.Requested.GetAwaiter().GetResult();
            console.Error.WriteLine($"serve: stopping; letting {server.InFlight} request(s) in flight finish");
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            console.Error.WriteLine("serve: stopped");
            return stop.ExitCode(console, "serve", ExitCodes.Ok);
        });
        return command;
    }

    /// <summary>An absolute http(s) URL, or null; anything else is bad input naming the option.</summary>
    internal static Uri? ParseUrl(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new CliException($"{option}: '{text}' is not an http:// or https:// URL", ExitCodes.BadInput);
    }
}

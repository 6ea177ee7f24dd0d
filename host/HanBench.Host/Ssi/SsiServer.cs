using System.Net;
using System.Text;
using System.Text.Json;
using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Host.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HanBench.Host.Ssi;

/// <summary>
/// The Self-Service Interface on the bench (SECMP0170 §4.2, §4.4): server-rendered pages over the inventory on a
/// loopback address — devices (Alt HAN P2P Devices as their own type, with their variant), device details, firmware
/// requests and DCC alerts updating live through server-sent events, the AltHANCo and deployment reports with CSV
/// downloads, and the HAN topology. Read-only; every request is a GET with a bounded query, and every problem is a 4xx
/// page that says what was wrong (never a stack trace).
/// </summary>
public sealed class SsiServer : IAsyncDisposable
{
    /// <summary>Longest query string accepted (the views take one short parameter at most).</summary>
    public const int MaxQueryLength = 256;

    /// <summary>Live views open at once (each holds one connection and polls the inventory).</summary>
    public const int MaxLiveClients = 32;

    /// <summary>How often a live view looks for changes (a cheap read; nothing is sent when nothing changed).</summary>
    public static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(400);

    private readonly WebApplication _app;
    private readonly SsiReadModel _model;
    private readonly SsiRemainingTime _remaining = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _liveClients;

    private SsiServer(WebApplication app, SsiReadModel model)
    {
        _app = app;
        _model = model;
    }

    /// <summary>The address the SSI listens on (the real port when 0 was asked for).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Starts listening on <paramref name="bind"/> (loopback only); returns once the socket is bound.</summary>
    /// <exception cref="ArgumentException">The address is not loopback.</exception>
    public static async Task<SsiServer> StartAsync(IPEndPoint bind, InventoryStore store, CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = LoopbackWebHost.CreateBuilder(bind, "the SSI", kestrel =>
        {
            kestrel.MaxRequestBodySize = 0;
            kestrel.MaxRequestLineSize = 4096;
            kestrel.MaxRequestHeadersTotalSize = 16 * 1024;
        });
        WebApplication app = builder.Build();
        var server = new SsiServer(app, new SsiReadModel(store));
        app.Use(server.GuardAsync);
        app.MapGet("/", (HttpContext c) => { c.Response.Redirect("/devices"); return Task.CompletedTask; });
        app.MapGet("/devices", server.DevicesAsync);
        app.MapGet("/devices/{id}", server.DeviceAsync);
        app.MapGet("/firmware", server.FirmwareAsync);
        app.MapGet("/alerts", server.AlertsAsync);
        app.MapGet("/reports", server.ReportsAsync);
        app.MapGet("/reports/althanco.csv", server.AltHanCoCsvAsync);
        app.MapGet("/reports/deployments.csv", server.DeploymentsCsvAsync);
        app.MapGet("/topology", server.TopologyAsync);
        app.MapGet("/events", server.EventsAsync);
        app.MapFallback(c => server.PageAsync(c, StatusCodes.Status404NotFound, "Not found", SsiPages.Error($"There is no page {c.Request.Path}.")));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.BaseAddress = LoopbackWebHost.BoundAddress(app);
        return server;
    }

    /// <summary>Stops listening; live views end.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _app.StopAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Refuses what no view takes (other methods, long queries) and turns a failure into a page without internals.</summary>
    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET, HEAD";
            await PageAsync(context, StatusCodes.Status405MethodNotAllowed, "Read-only", SsiPages.Error($"The SSI is read-only: {context.Request.Method} is not accepted; use the DUIS endpoint or the CLI to change the inventory.")).ConfigureAwait(false);
            return;
        }

        if (context.Request.QueryString.Value is { Length: > MaxQueryLength } query)
        {
            await PageAsync(context, StatusCodes.Status414UriTooLong, "Query too long", SsiPages.Error($"The query string is {query.Length} characters; the SSI takes at most {MaxQueryLength}.")).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!context.Response.HasStarted && e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            await PageAsync(context, StatusCodes.Status503ServiceUnavailable, "Inventory unavailable", SsiPages.Error($"The inventory could not be read: {e.Message}")).ConfigureAwait(false);
        }
    }

    private Task DevicesAsync(HttpContext context)
    {
        string? type = context.Request.Query["type"].ToString() is { Length: > 0 } t ? t : null;
        if (type is not null && !SsiReadModel.DeviceTypes.Contains(type))
        {
            return PageAsync(context, StatusCodes.Status400BadRequest, "Unknown device type",
                SsiPages.Error($"'{type}' is not a device type; choose one of {string.Join(", ", SsiReadModel.DeviceTypes)}."));
        }

        return PageAsync(context, StatusCodes.Status200OK, type is null ? "Devices" : $"Devices: {type}", SsiPages.Devices(_model.Devices(type), type));
    }

    private Task DeviceAsync(HttpContext context, string id)
    {
        if (!Eui64.TryParse(id, out Eui64 eui))
        {
            return PageAsync(context, StatusCodes.Status400BadRequest, "Not a device id", SsiPages.Error($"'{Shorten(id)}' is not an EUI-64 (eight hex octets, e.g. 00-DB-12-34-56-78-90-A4)."));
        }

        return _model.Device(eui) is { } details
            ? PageAsync(context, StatusCodes.Status200OK, $"Device {eui}", SsiPages.Device(details))
            : PageAsync(context, StatusCodes.Status404NotFound, "Unknown device", SsiPages.Error($"{eui} is not in the inventory."));
    }

    private Task FirmwareAsync(HttpContext context) =>
        PageAsync(context, StatusCodes.Status200OK, "Firmware requests", SsiPages.Firmware(ProgressRows(), AlertRows()), live: true);

    private Task AlertsAsync(HttpContext context) =>
        PageAsync(context, StatusCodes.Status200OK, "DCC alerts", SsiPages.AlertTable(AlertRows(), SsiPages.AlertRowsId), live: true);

    private Task ReportsAsync(HttpContext context) =>
        PageAsync(context, StatusCodes.Status200OK, "Reports", SsiPages.Reports(_model.Store.Read(AltHanCoReport.Build), _model.Deployments()));

    private Task AltHanCoCsvAsync(HttpContext context) => CsvAsync(context, "althanco.csv", w => _model.Store.Read(AltHanCoReport.Build).WriteCsv(w));

    private Task DeploymentsCsvAsync(HttpContext context) => CsvAsync(context, "deployments.csv", w =>
    {
        w.WriteLine(DeviceDeploymentRecord.HistoryCsvHeader);
        foreach (DeviceDeploymentRecord record in _model.Deployments())
        {
            record.WriteHistoryCsv(w);
        }
    });

    private Task TopologyAsync(HttpContext context) => PageAsync(context, StatusCodes.Status200OK, "HAN topology",
        "<p>Each Comms Hub's HAN; a hop carrying a transfer is drawn thick with the bytes sent over it so far (SECMP0170 requirement 10).</p>"
        + SsiTopology.Render(_model.Store.Read(s => s.Devices.Page(SsiTopology.MaxHubs * SsiTopology.MaxDevicesPerHub)), _model.Progress()));

    /// <summary>Server-sent events: the firmware progress and alert table bodies, sent whenever they change.</summary>
    private async Task EventsAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _liveClients) > MaxLiveClients)
        {
            Interlocked.Decrement(ref _liveClients);
            await PageAsync(context, StatusCodes.Status503ServiceUnavailable, "Too many live views", SsiPages.Error($"{MaxLiveClients} live views are open already; close one.")).ConfigureAwait(false);
            return;
        }

        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            string last = string.Empty;
            while (!stop.IsCancellationRequested)
            {
                string data = JsonSerializer.Serialize(new { progress = ProgressRows(), alerts = AlertRows() });
                if (data != last)
                {
                    last = data;
                    await context.Response.WriteAsync("data: " + data + "\n\n", stop.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                }

                await Task.Delay(LiveInterval, stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _liveClients);
        }
    }

    private string ProgressRows() => SsiPages.ProgressRows(_model.Progress(), _remaining);

    private string AlertRows() => SsiPages.AlertRows(_model.Alerts());

    private Task PageAsync(HttpContext context, int status, string title, string body, bool live = false)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(SsiPages.Layout(title, body, _model.Store.DataSource, live), context.RequestAborted);
    }

    private static async Task CsvAsync(HttpContext context, string name, Action<TextWriter> write)
    {
        var text = new StringWriter { NewLine = "\n" };
        write(text);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await context.Response.WriteAsync(text.ToString(), Encoding.UTF8, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

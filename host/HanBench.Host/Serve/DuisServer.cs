using System.Net;
using System.Text;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HanBench.Host.Serve;

/// <summary>What <see cref="DuisServer"/> runs with.</summary>
/// <param name="Bind">A loopback address and port (port 0: any free one); see <see cref="LoopbackEndpoint"/>.</param>
/// <param name="Processor">The DUIS processor (with the user's schema, if any: requests are checked against it before routing).</param>
/// <param name="Deliverer">Delivers alerts after each request and every <paramref name="AlertInterval"/>; null: alerts stay in the outbox.</param>
/// <param name="AlertsTo">Where alerts without a registered recipient URL go.</param>
/// <param name="AlertInterval">Time between delivery passes when no request arrives.</param>
public sealed record DuisServerOptions(
    IPEndPoint Bind,
    DuisRequestProcessor Processor,
    DccAlertDeliverer? Deliverer = null,
    Uri? AlertsTo = null,
    TimeSpan? AlertInterval = null);

/// <summary>
/// A DUIS XML endpoint on loopback shaped like DCC Boxed's: POST a request (<c>application/xml</c>) to
/// <c>/api/v1/serviceD</c> (non-device, CV 2/6/8), <c>/api/v1/serviceS</c> (send command, CV 1/3/5/7) or
/// <c>/api/v1/serviceT</c> (transform, CV 4) and get the DUIS response back (200, <c>application/xml</c>). A request
/// that fails the schema, is not DUIS, or is posted to the wrong service gets 400 with the reasons as text and changes
/// nothing; a response HanBench cannot make valid is 500 (a HanBench defect, not sent). Kestrel, bound to the given
/// loopback address only.
/// </summary>
public sealed class DuisServer : IAsyncDisposable
{
    private const long MaxRequestBytes = 16L * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly DuisServerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _deliverNow = new(0, int.MaxValue);
    private Task _deliveryLoop = Task.CompletedTask;

    private DuisServer(WebApplication app, DuisServerOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The address the endpoint listens on (the real port when 0 was asked for).</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The last alert delivery pass's outcome, if any ran.</summary>
    public AlertDeliveryReport? LastDelivery { get; private set; }

    /// <summary>Why the last delivery pass failed outright, if it did (alerts stay pending and are retried).</summary>
    public string? LastDeliveryError { get; private set; }

    /// <summary>Starts listening; returns once the socket is bound.</summary>
    /// <exception cref="ArgumentException">The bind address is not loopback.</exception>
    public static async Task<DuisServer> StartAsync(DuisServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IPAddress.IsLoopback(options.Bind.Address))
        {
            throw new ArgumentException($"refusing to bind the DUIS endpoint to {options.Bind.Address}: loopback only", nameof(options));
        }

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(options.Bind);
            kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
        });
        WebApplication app = builder.Build();
        var server = new DuisServer(app, options);
        foreach (DuisWebService service in Enum.GetValues<DuisWebService>())
        {
            app.MapPost(DuisWebServices.PathOf(service), (HttpContext context) => server.HandleAsync(context, service));
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no listening address");
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        if (options.Deliverer is not null)
        {
            server._deliveryLoop = Task.Run(() => server.DeliveryLoopAsync(options.Deliverer));
        }

        return server;
    }

    /// <summary>Asks for an alert delivery pass now (the loop also runs one after every request).</summary>
    public void DeliverAlertsNow() => _deliverNow.Release();

    /// <summary>Stops listening and the delivery loop.</summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _app.StopAsync().ConfigureAwait(false);
            try
            {
                await _deliveryLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _deliverNow.Dispose();
    }

    private async Task HandleAsync(HttpContext context, DuisWebService service)
    {
        string? mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not null && mediaType is not ("application/xml" or "text/xml"))
        {
            await Text(context, StatusCodes.Status415UnsupportedMediaType, $"DUIS requests are application/xml, not {mediaType}").ConfigureAwait(false);
            return;
        }

        string xml;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            xml = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        // Route check first (schema, then header), so a request on the wrong service changes nothing.
        DuisParseResult parsed = _options.Processor.Read(xml, out IReadOnlyList<string> schemaErrors);
        if (schemaErrors.Count > 0)
        {
            await Text(context, StatusCodes.Status400BadRequest, "DUIS schema validation failed:\n" + string.Join("\n", schemaErrors)).ConfigureAwait(false);
            return;
        }

        if (parsed.Header is null)
        {
            await Text(context, StatusCodes.Status400BadRequest, $"not a usable DUIS request: {parsed.Error}").ConfigureAwait(false);
            return;
        }

        DuisWebService expected = DuisWebServices.ForCommandVariant(parsed.Header.CommandVariant);
        if (expected != service)
        {
            await Text(context, StatusCodes.Status400BadRequest,
                $"CommandVariant {parsed.Header.CommandVariant} requests go to {DuisWebServices.PathOf(expected)}, not {DuisWebServices.PathOf(service)}").ConfigureAwait(false);
            return;
        }

        DuisExchange exchange = await _options.Processor.ProcessAsync(parsed, context.RequestAborted).ConfigureAwait(false);
        switch (exchange.Status)
        {
            case DuisExchangeStatus.Responded:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync(exchange.Response!.Declaration + "\n" + exchange.Response.Root!.ToString(System.Xml.Linq.SaveOptions.DisableFormatting), context.RequestAborted).ConfigureAwait(false);
                DeliverAlertsNow();
                break;
            case DuisExchangeStatus.RequestInvalid:
                await Text(context, StatusCodes.Status400BadRequest, "DUIS request refused:\n" + string.Join("\n", exchange.Errors)).ConfigureAwait(false);
                break;
            default:
                await Text(context, StatusCodes.Status500InternalServerError, "HanBench built a response that fails the DUIS schema (a HanBench defect):\n" + string.Join("\n", exchange.Errors)).ConfigureAwait(false);
                break;
        }
    }

    private static async Task Text(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private async Task DeliveryLoopAsync(DccAlertDeliverer deliverer)
    {
        TimeSpan interval = _options.AlertInterval ?? TimeSpan.FromSeconds(5);
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                LastDelivery = await deliverer.DeliverPendingAsync(_options.AlertsTo, stopping).ConfigureAwait(false);
                await _deliverNow.WaitAsync(interval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // One bad pass (a busy database, a closed socket) must not end delivery for the endpoint's lifetime.
                LastDeliveryError = e.Message;
                await _deliverNow.WaitAsync(interval, stopping).ConfigureAwait(false);
            }
        }
    }
}

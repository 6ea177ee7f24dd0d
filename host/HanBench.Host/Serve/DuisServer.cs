using System.Net;
using System.Text;
using HanBench.Host.Alerts;
using HanBench.Host.Duis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanBench.Host.Serve;

/// <summary>What <see cref="DuisServer"/> runs with.</summary>
/// <param name="Bind">A loopback address and port (port 0: any free one); see <see cref="LoopbackEndpoint"/>.</param>
/// <param name="Processor">The DUIS processor (with the user's schema, if any: requests are checked against it before routing).</param>
/// <param name="Deliverer">Delivers alerts after each request and every <paramref name="AlertInterval"/>; null: alerts stay in the outbox.</param>
/// <param name="AlertsTo">Where alerts without a registered recipient URL go.</param>
/// <param name="AlertInterval">Time between delivery passes when no request arrives.</param>
/// <param name="Limits">What one request may cost (default <see cref="DuisServerLimits.Default"/>).</param>
/// <param name="Log">Where each request is logged, one line each; null: not logged.</param>
public sealed record DuisServerOptions(
    IPEndPoint Bind,
    DuisRequestProcessor Processor,
    DccAlertDeliverer? Deliverer = null,
    Uri? AlertsTo = null,
    TimeSpan? AlertInterval = null,
    DuisServerLimits? Limits = null,
    DuisRequestLog? Log = null);

/// <summary>
/// A DUIS XML endpoint on loopback shaped like DCC Boxed's: POST a request (<c>application/xml</c>) to
/// <c>/api/v1/serviceD</c> (non-device, CV 2/6/8), <c>/api/v1/serviceS</c> (send command, CV 1/3/5/7) or
/// <c>/api/v1/serviceT</c> (transform, CV 4) and get the DUIS response back (200, <c>application/xml</c>). A request
/// that fails the schema, is not DUIS, or is posted to the wrong service gets 400 with the reasons as text and changes
/// nothing; a response HanBench cannot make valid is 500 (a HanBench defect, not sent). Kestrel, bound to the given
/// loopback address only. Every request is bounded before the work (<see cref="DuisServerLimits"/>: body size, element
/// depth and count, processing time, cancelled when the client goes away) and logged in one line; a stop lets the
/// requests in flight finish (up to <see cref="DuisServerLimits.Drain"/>) before it closes their connections.
/// </summary>
public sealed class DuisServer : IAsyncDisposable
{
    /// <summary>HTTP status logged for a request whose client went away before the response (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    /// <summary>How many schema or parse errors a 400 response lists at most.</summary>
    public const int MaxListedErrors = 20;

    private readonly WebApplication _app;
    private readonly DuisServerOptions _options;
    private readonly DuisServerLimits _limits;
    private int _inFlight;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _deliverNow = new(0, int.MaxValue);
    private Task _deliveryLoop = Task.CompletedTask;

    private DuisServer(WebApplication app, DuisServerOptions options)
    {
        _app = app;
        _options = options;
        _limits = options.Limits ?? DuisServerLimits.Default;
    }

    /// <summary>Requests being handled right now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

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

        DuisServerLimits limits = options.Limits ?? DuisServerLimits.Default;
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        if (workers < limits.ConcurrentRequests)
        {
            ThreadPool.SetMinThreads(limits.ConcurrentRequests, completionPorts);
        }

        WebApplicationBuilder builder = LoopbackWebHost.CreateBuilder(options.Bind, "the DUIS endpoint", kestrel =>
        {
            // A backstop only: Kestrel counts bytes as it buffers them from the socket, ahead of what HandleAsync has
            // read, so its limit sits well above ours and HandleAsync is the one that answers 413 with a reason.
            kestrel.MaxRequestBodySize = (limits.MaxBodyBytes * 2) + (64 * 1024);

            // Each connection may hold a body of up to MaxBodyBytes while it is parsed: bound how many there are, so
            // memory is bounded too (Kestrel closes connections past the limit at once).
            kestrel.MaxConcurrentConnections = limits.ConcurrentRequests;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = limits.DrainTimeout);
        WebApplication app = builder.Build();
        var server = new DuisServer(app, options);
        foreach (DuisWebService service in Enum.GetValues<DuisWebService>())
        {
            app.MapPost(DuisWebServices.PathOf(service), (HttpContext context) => server.HandleAsync(context, service));
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.BaseAddress = LoopbackWebHost.BoundAddress(app);
        if (options.Deliverer is not null)
        {
            server._deliveryLoop = Task.Run(() => server.DeliveryLoopAsync(options.Deliverer));
        }

        return server;
    }

    /// <summary>Asks for an alert delivery pass now (the loop also runs one after every request).</summary>
    public void DeliverAlertsNow() => _deliverNow.Release();

    /// <summary>
    /// Stops listening, lets the requests in flight finish (up to <see cref="DuisServerLimits.Drain"/>; then their
    /// connections are closed and their work cancelled) and stops the delivery loop.
    /// </summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            using var drain = new CancellationTokenSource(_limits.DrainTimeout);
            await _app.StopAsync(drain.Token).ConfigureAwait(false);
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
        Interlocked.Increment(ref _inFlight);
        var log = new RequestRecord(DateTimeOffset.UtcNow, context.Request.Path.Value ?? DuisWebServices.PathOf(service));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(_limits.ProcessingTimeout);
        try
        {
            await HandleBoundedAsync(context, service, log, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            log.End(ClientClosedRequest, "client-gone");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            await Text(context, log, StatusCodes.Status503ServiceUnavailable, "timeout",
                $"the request took longer than the {_limits.ProcessingTimeout.TotalSeconds:0.#} s limit and was cancelled").ConfigureAwait(false);
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            log.End(ClientClosedRequest, "client-gone");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _options.Log?.Write(log.Entry());
        }
    }

    private async Task HandleBoundedAsync(HttpContext context, DuisWebService service, RequestRecord log, CancellationToken cancellationToken)
    {
        string? mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not null && mediaType is not ("application/xml" or "text/xml"))
        {
            await Text(context, log, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", $"DUIS requests are application/xml, not {mediaType}").ConfigureAwait(false);
            return;
        }

        string? xml = await ReadBodyAsync(context.Request, cancellationToken).ConfigureAwait(false);
        if (xml is null)
        {
            // Close rather than drain the rest of an oversized body for the next request on this connection.
            context.Response.Headers.Connection = "close";
            await Text(context, log, StatusCodes.Status413PayloadTooLarge, "too-large", $"the request body is larger than the {_limits.MaxBodyBytes} byte limit").ConfigureAwait(false);
            return;
        }

        XmlShape shape = XmlShapeCheck.Measure(xml, _limits, cancellationToken, out string? shapeProblem);
        if (shape != XmlShape.WithinLimits)
        {
            await Text(context, log, StatusCodes.Status400BadRequest, shape == XmlShape.TooDeep ? "too-deep" : "too-many-elements", shapeProblem!).ConfigureAwait(false);
            return;
        }

        // Route check first (schema, then header), so a request on the wrong service changes nothing.
        DuisParseResult parsed = _options.Processor.Read(xml, out IReadOnlyList<string> schemaErrors);
        log.Header(parsed.Header);
        if (schemaErrors.Count > 0)
        {
            await Text(context, log, StatusCodes.Status400BadRequest, "schema-invalid", "DUIS schema validation failed:\n" + Capped(schemaErrors)).ConfigureAwait(false);
            return;
        }

        if (parsed.Header is null)
        {
            await Text(context, log, StatusCodes.Status400BadRequest, "not-duis", $"not a usable DUIS request: {parsed.Error}").ConfigureAwait(false);
            return;
        }

        DuisWebService expected = DuisWebServices.ForCommandVariant(parsed.Header.CommandVariant);
        if (expected != service)
        {
            await Text(context, log, StatusCodes.Status400BadRequest, "wrong-service",
                $"CommandVariant {parsed.Header.CommandVariant} requests go to {DuisWebServices.PathOf(expected)}, not {DuisWebServices.PathOf(service)}").ConfigureAwait(false);
            return;
        }

        DuisExchange exchange = await _options.Processor.ProcessAsync(parsed, cancellationToken).ConfigureAwait(false);
        switch (exchange.Status)
        {
            case DuisExchangeStatus.Responded:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/xml";
                log.End(StatusCodes.Status200OK, exchange.Result?.ResponseCode ?? "responded");

                // The work is done and committed: the response goes out even if the deadline passes while it is written.
                await context.Response.WriteAsync(exchange.Response!.Declaration + "\n" + exchange.Response.Root!.ToString(System.Xml.Linq.SaveOptions.DisableFormatting), context.RequestAborted).ConfigureAwait(false);
                DeliverAlertsNow();
                break;
            case DuisExchangeStatus.RequestInvalid:
                await Text(context, log, StatusCodes.Status400BadRequest, "request-invalid", "DUIS request refused:\n" + Capped(exchange.Errors)).ConfigureAwait(false);
                break;
            default:
                await Text(context, log, StatusCodes.Status500InternalServerError, "response-invalid", "HanBench built a response that fails the DUIS schema (a HanBench defect):\n" + string.Join("\n", exchange.Errors)).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The body as text, or null when it is larger than the limit: a declared Content-Length over it is refused
    /// before a byte is read, and a chunked body is read no further than one byte past it.
    /// </summary>
    private async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        long limit = _limits.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        byte[] chunk = new byte[16 * 1024];
        while (true)
        {
            // Never ask past limit + 1 bytes: one byte over is enough to know.
            int wanted = (int)Math.Min(chunk.Length, limit + 1 - buffer.Length);
            int read = await request.Body.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first <see cref="MaxListedErrors"/> errors, one a line, and how many more there were: a document with thousands
    /// of bad elements gets a short answer, not one as large as itself.
    /// </summary>
    private static string Capped(IReadOnlyList<string> errors) =>
        errors.Count <= MaxListedErrors
            ? string.Join("\n", errors)
            : string.Join("\n", errors.Take(MaxListedErrors)) + $"\n… and {errors.Count - MaxListedErrors} more error(s) not listed";

    private static async Task Text(HttpContext context, RequestRecord log, int status, string outcome, string message)
    {
        log.End(status, outcome);
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

    /// <summary>What the log line of one request is built from, filled in as the request goes.</summary>
    private sealed class RequestRecord(DateTimeOffset arrived, string path)
    {
        private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
        private DuisRequestHeader? _header;
        private int _status = StatusCodes.Status500InternalServerError;
        private string _outcome = "failed";

        public void Header(DuisRequestHeader? header) => _header = header;

        public void End(int status, string outcome)
        {
            _status = status;
            _outcome = outcome;
        }

        public DuisRequestLogEntry Entry() => new(
            arrived,
            path,
            _header?.RequestId.ToString(),
            _header?.ServiceReferenceVariant,
            _outcome,
            _status,
            (long)System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
    }
}

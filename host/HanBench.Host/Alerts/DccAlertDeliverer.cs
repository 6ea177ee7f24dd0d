using System.Net.Http.Headers;
using System.Text;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;

namespace HanBench.Host.Alerts;

/// <summary>How hard <see cref="DccAlertDeliverer"/> tries.</summary>
public sealed record AlertDeliverySettings
{
    /// <summary>POSTs per alert in one delivery pass before it is left pending for the next pass.</summary>
    public int MaxAttemptsPerPass { get; init; } = 3;

    /// <summary>Wait after the first failed POST; doubled after each further one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait for one POST.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The defaults above.</summary>
    public static AlertDeliverySettings Default { get; } = new();
}

/// <summary>What one delivery pass did.</summary>
/// <param name="Delivered">Alerts a Service User accepted (HTTP 2xx).</param>
/// <param name="Failed">Alerts still pending after every attempt of this pass (or refused by the schema).</param>
/// <param name="NoDestination">Alerts with no URL to go to (no registered URL and no default).</param>
public sealed record AlertDeliveryReport(int Delivered, int Failed, int NoDestination);

/// <summary>
/// Delivers pending DCC alerts from the inventory's outbox: each is POSTed (<c>application/xml</c>, as DCC Boxed
/// posts to a Service User's response endpoint) to its recipient's registered URL, or to the default URL
/// (<c>serve --alerts-to</c>). A 2xx answer marks it delivered; anything else is retried with a doubling delay, every
/// attempt counted in the outbox, and an alert still refused stays pending for the next pass. With a schema, an alert
/// that does not validate is never sent (that would be a HanBench defect) and is reported instead. With a
/// <see cref="DuisSecurity"/>, each alert is signed with the DSP's key before it is validated and sent.
/// </summary>
public sealed class DccAlertDeliverer(
    InventoryStore store,
    HttpClient http,
    AlertDeliverySettings? settings = null,
    DuisSchema? schema = null,
    Func<TimeSpan, CancellationToken, Task>? delay = null,
    DuisSecurity? security = null)
{
    private readonly AlertDeliverySettings _settings = settings ?? AlertDeliverySettings.Default;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? Task.Delay;
    private readonly SemaphoreSlim _onePass = new(1, 1);

    /// <summary>Runs one pass over every pending alert, oldest first.</summary>
    public async Task<AlertDeliveryReport> DeliverPendingAsync(Uri? defaultUrl, CancellationToken cancellationToken = default)
    {
        await _onePass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = store.Read(s =>
            {
                var users = new ServiceUserDirectory(s).All().ToDictionary(u => u.Id);
                return new DccAlertOutbox(s).List(pendingOnly: true)
                    .Select(a => (Alert: a, Url: Destination(a, users, defaultUrl)))
                    .ToList();
            });

            int delivered = 0, failed = 0, nowhere = 0;
            foreach ((IssuedDccAlert alert, Uri? url) in pending)
            {
                if (url is null)
                {
                    nowhere++;
                    continue;
                }

                if (await DeliverAsync(alert, url, cancellationToken).ConfigureAwait(false))
                {
                    delivered++;
                }
                else
                {
                    failed++;
                }
            }

            return new AlertDeliveryReport(delivered, failed, nowhere);
        }
        finally
        {
            _onePass.Release();
        }
    }

    private static Uri? Destination(IssuedDccAlert alert, Dictionary<Eui64, ServiceUser> users, Uri? defaultUrl) =>
        alert.RecipientId is { } to && users.TryGetValue(to, out ServiceUser? user) && Uri.TryCreate(user.AlertUrl, UriKind.Absolute, out Uri? own)
            ? own
            : defaultUrl;

    private async Task<bool> DeliverAsync(IssuedDccAlert alert, Uri url, CancellationToken cancellationToken)
    {
        // Alerts are kept unsigned in the outbox and signed with the DSP's key as they leave (issue 9 §1).
        string body = security is null || string.IsNullOrEmpty(alert.Body) ? alert.Body ?? string.Empty : security.Sign(alert.Body);
        if (schema is not null && schema.Validate(body) is { Count: > 0 } errors)
        {
            store.Write(s => new DccAlertOutbox(s).RecordFailedAttempt(alert.Id, $"not sent: the alert fails the DUIS schema ({errors[0]})"));
            return false;
        }

        TimeSpan wait = _settings.FirstRetryDelay;
        for (int attempt = 1; attempt <= _settings.MaxAttemptsPerPass; attempt++)
        {
            string? error = await PostAsync(url, body, cancellationToken).ConfigureAwait(false);
            if (error is null)
            {
                store.Write(s => new DccAlertOutbox(s).MarkDelivered(alert.Id));
                return true;
            }

            store.Write(s => new DccAlertOutbox(s).RecordFailedAttempt(alert.Id, $"POST {url}: {error}"));
            if (attempt < _settings.MaxAttemptsPerPass)
            {
                await _delay(wait, cancellationToken).ConfigureAwait(false);
                wait += wait;
            }
        }

        return false;
    }

    /// <summary>One POST; null when the receiver accepted it, otherwise what went wrong.</summary>
    private async Task<string?> PostAsync(Uri url, string body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.RequestTimeout);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/xml") { CharSet = "utf-8" };
        try
        {
            using HttpResponseMessage response = await http.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {_settings.RequestTimeout.TotalSeconds:0.#} s";
        }
    }
}

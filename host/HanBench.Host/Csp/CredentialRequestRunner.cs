using HanBench.Device.Roles;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Csp;

/// <summary>
/// Carries out the credential service requests the inventory's <see cref="CredentialQueue"/> holds for one Comms Hub
/// (issue 8 §4: the CLI and <c>serve</c> acknowledge and queue them), as the <see cref="DistributionEngine"/> carries out
/// queued firmware: it reads the queue on a timer and when woken (another process committed, <see cref="Wake"/>), marks a
/// request Sent, sends its CS02 through the credential handler's <see cref="ManageCredentialsHandler.ExecuteAsync"/>
/// (prechecks again, then the gateway through this hub: CS02a–e to a HAN device, CS02 and 8.5 to the hub itself) and
/// records how it ended: Done, or Refused with the DUIS response code and reason; a request that came through DUIS also
/// gets its later response in the DCC outbox, which <c>serve</c> delivers to the Service User. One request at a time
/// per device, in the order accepted; devices in parallel. A request a stopped CSP left Sent is not sent again (the
/// device may have carried it out): it ends Refused (E21) saying so. Runs on the session's thread and clock.
/// </summary>
public sealed class CredentialRequestRunner : IHubSessionExtension
{
    private readonly InventoryStore _store;
    private readonly HubSession _session;
    private readonly ManageCredentialsHandler _handler;
    private readonly DccAlertService _alerts;
    private readonly long _scanIntervalMs;
    private readonly Eui64 _hub;
    private readonly Dictionary<Eui64, string> _inFlight = [];
    private long _nextScanMs;
    private int _waiting;

    /// <summary>A runner for the hub at the other end of <paramref name="session"/>, attached to it at once.</summary>
    public CredentialRequestRunner(InventoryStore store, HubSession session, ManageCredentialsHandler handler, DccAlertService alerts, long scanIntervalMs)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(alerts);
        _store = store;
        _session = session;
        _handler = handler;
        _alerts = alerts;
        _scanIntervalMs = Math.Max(1, scanIntervalMs);
        _hub = new Eui64(session.HubEui);
        _session.Attach(this);
    }

    /// <summary>Raised when a request ends (after its outcome committed).</summary>
    public event Action<CredentialRequestRecord>? Finished;

    /// <summary>Raised for each later DUIS response put in the outbox for a request that came through DUIS.</summary>
    public event Action<IssuedDccAlert>? ResponseQueued;

    /// <summary>Raised when a request is sent.</summary>
    public event Action<CredentialRequestRecord>? Sent;

    /// <summary>Times the runner has read the queue.</summary>
    public long Scans { get; private set; }

    /// <summary>The queue has been read, nothing is in flight and nothing waits.</summary>
    public bool IsIdle => Scans > 0 && _inFlight.Count == 0 && _waiting == 0;

    /// <inheritdoc />
    public long NextWakeMs => _nextScanMs;

    /// <summary>Re-reads the queue at once (another process may have queued a request).</summary>
    public void Wake()
    {
        _nextScanMs = 0;
        _session.RequestWake();
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
        if (nowMs < _nextScanMs)
        {
            return;
        }

        _nextScanMs = nowMs + _scanIntervalMs;
        Scan();
    }

    private void Scan()
    {
        Scans++;
        IReadOnlyList<CredentialRequestRecord> open = _store.Read(s => s.Credentials.Open(_hub));
        int waiting = 0;
        foreach (CredentialRequestRecord row in open)
        {
            if (_inFlight.TryGetValue(row.DeviceId, out string? sending))
            {
                waiting += sending == row.RequestId ? 0 : 1;
                continue;
            }

            if (row.State == CredentialRequestState.Sent)
            {
                End(row, new CredentialResult(DuisResponseCodes.NoResponse, $"{row.DeviceId}: {row.UseCase} ({row.ServiceReferenceVariant}) was sent by a CSP that stopped before the answer; the device may have carried it out, so it is not sent again (read the device's credentials with 6.24.1/6.24.2 and repeat it if needed)"));
                continue;
            }

            Start(row);
        }

        _waiting = waiting;
    }

    private void Start(CredentialRequestRecord row)
    {
        CredentialRequest request;
        try
        {
            request = CredentialRequestPayload.Read(row.Payload);
        }
        catch (InvalidOperationException e)
        {
            End(row, new CredentialResult(DuisResponseCodes.NotApplicableToDevice, $"{row.DeviceId}: {e.Message}; nothing sent"));
            return;
        }

        CredentialRequestRecord sent = _store.Write(s =>
        {
            s.Credentials.MarkSent(row.RequestId);
            return s.Credentials.Find(row.RequestId)!;
        });
        _inFlight[row.DeviceId] = row.RequestId;
        Sent?.Invoke(sent);
        // The handler's task completes on the session's thread when the device answers (or the retries run out); whatever
        // went wrong on the way is in the task, and Complete records it.
        Task<CredentialResult> execution = _handler.ExecuteAsync(request);
        _ = execution.ContinueWith(done => Complete(row, done), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Complete(CredentialRequestRecord row, Task<CredentialResult> done)
    {
        CredentialResult result = done.IsCompletedSuccessfully
            ? done.Result
            : new CredentialResult(DuisResponseCodes.CannotCommunicate, $"{row.DeviceId}: {row.UseCase} ({row.ServiceReferenceVariant}) failed: {done.Exception?.GetBaseException().Message ?? "cancelled"}");
        _inFlight.Remove(row.DeviceId);
        End(row, result);
        Wake();
    }

    /// <summary>Records the outcome (and a DUIS request's later response) in one transaction, then tells the listeners.</summary>
    private void End(CredentialRequestRecord row, CredentialResult result)
    {
        CredentialRequestState state = result.DeviceAccepted ? CredentialRequestState.Done : CredentialRequestState.Refused;
        (CredentialRequestRecord ended, IReadOnlyList<IssuedDccAlert> issued) = _store.Write(s =>
        {
            CredentialRequestRecord finished = s.Credentials.Finish(row.RequestId, state, result.ResponseCode, result.Message, result.Reply?.GbcsResponse);
            IReadOnlyList<IssuedDccAlert> later = row.DuisServiceReference is { } serviceReference
                ? _alerts.OnLaterResponse(s, row.RequestId, serviceReference, row.ServiceReferenceVariant, row.DeviceId, result)
                : [];
            return (finished, later);
        });
        Finished?.Invoke(ended);
        foreach (IssuedDccAlert response in issued)
        {
            ResponseQueued?.Invoke(response);
        }
    }
}

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
/// per device, in the order accepted; devices in parallel; none to a device whose credentials are in doubt
/// (<see cref="CredentialDoubts"/>) until they are settled. A request a stopped CSP left Sent is not sent again (the device
/// may have carried it out): a change the host tracks (<see cref="CredentialIntentRecovery"/>) ends as the read-back or its
/// late 0x00CB alert settles it, its row finished in the transaction that records the outcome; any other ends Refused
/// (E21) saying so. Runs on the session's thread and clock.
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
        (IReadOnlyList<CredentialRequestRecord> open, HashSet<string> unsettled) = _store.Read(s =>
            (s.Credentials.Open(_hub), new CredentialIntents(s).All().Select(i => i.RequestId).ToHashSet()));
        int waiting = 0;
        var settling = new HashSet<Eui64>();
        foreach (CredentialRequestRecord row in open)
        {
            if (_inFlight.TryGetValue(row.DeviceId, out string? sending))
            {
                waiting += sending == row.RequestId ? 0 : 1;
                continue;
            }

            if (row.State == CredentialRequestState.Sent && unsettled.Contains(row.RequestId))
            {
                // Sent by a CSP that stopped, its change tracked: the intent recovery (read-back, or the late 0x00CB
                // alert) settles it and ends this row with what it found; the device's later requests wait for it.
                settling.Add(row.DeviceId);
                continue;
            }

            if (settling.Contains(row.DeviceId))
            {
                continue;
            }

            if (row.State == CredentialRequestState.Sent)
            {
                End(row, new CredentialResult(DuisResponseCodes.NoResponse, $"{row.DeviceId}: {row.UseCase} ({row.ServiceReferenceVariant}) was sent by a CSP that stopped before the answer; the device may have carried it out, so it is not sent again (read the device's credentials with 6.24.1/6.24.2 and repeat it if needed)"));
                continue;
            }

            // Nothing goes to a device whose credentials are in doubt (issue 8 §4); held rows do not keep the CSP busy;
            // once the CSP gave up settling them, rows fail naming why rather than wait for ever.
            if (_session.Credentials.Doubts.Refusal(row.DeviceId.Value) is { } refusal)
            {
                End(row, new CredentialResult(DuisResponseCodes.CannotCommunicate, $"{row.DeviceId}: {row.UseCase} ({row.ServiceReferenceVariant}) not sent: the device's credentials are unresolved ({refusal})"));
            }
            else if (!_session.Credentials.Doubts.Holds(row.DeviceId.Value, row.RequestId, $"{row.UseCase} ({row.ServiceReferenceVariant}) {row.RequestId}", Wake))
            {
                Start(row);
            }
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
        // The handler's task completes on the session's thread when the device answers (or the retries run out); the row
        // ends in the transaction that records the outcome (a host killed after it leaves no row Sent with its change
        // settled); whatever went wrong on the way is in the task, and Complete records it.
        QueueRowEnd end = EndWith(row.RequestId);
        Task<CredentialResult> execution = _handler.ExecuteAndRecordAsync(request, end.Record);
        _ = execution.ContinueWith(done => Complete(row, done, end), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Complete(CredentialRequestRecord row, Task<CredentialResult> done, QueueRowEnd end)
    {
        _inFlight.Remove(row.DeviceId);
        if (!end.Announce())
        {
            CredentialResult result = done.IsCompletedSuccessfully
                ? done.Result
                : new CredentialResult(DuisResponseCodes.CannotCommunicate, $"{row.DeviceId}: {row.UseCase} ({row.ServiceReferenceVariant}) failed: {done.Exception?.GetBaseException().Message ?? "cancelled"}");
            End(row, result);
        }

        Wake();
    }

    /// <summary>
    /// Ends <paramref name="requestId"/>'s queue row, if it is open, inside the transaction that records its outcome
    /// (<see cref="QueueRowEnd.Record"/>), and tells the listeners once that committed (<see cref="QueueRowEnd.Announce"/>):
    /// also how the intent recovery ends a row a stopped CSP left Sent.
    /// </summary>
    internal QueueRowEnd EndWith(string requestId) => new(this, requestId);

    /// <summary>Records the outcome (and a DUIS request's later response) in one transaction, then tells the listeners.</summary>
    private void End(CredentialRequestRecord row, CredentialResult result)
    {
        QueueRowEnd end = EndWith(row.RequestId);
        _store.Write(s => end.Record(s, result));
        end.Announce();
    }

    /// <summary>One queue row's end, recorded in a transaction and announced after it committed.</summary>
    internal sealed class QueueRowEnd(CredentialRequestRunner runner, string requestId)
    {
        private CredentialRequestRecord? _ended;
        private IReadOnlyList<IssuedDccAlert> _issued = [];

        /// <summary>Finishes the row, if still open, with <paramref name="result"/> (and a DUIS request's later response), in <paramref name="session"/>'s transaction.</summary>
        internal void Record(InventorySession session, CredentialResult result)
        {
            (_ended, _issued) = Finish(session, runner._alerts, requestId, result);
        }

        /// <summary>
        /// Finishes <paramref name="requestId"/>'s row, if it is open, with <paramref name="result"/>, and puts a DUIS
        /// request's later response in the outbox, in <paramref name="session"/>'s transaction: the row ended (null: none
        /// was open) and the responses issued. Also how an operator's settlement ends a row (<see cref="CredentialDoubtSettlement"/>).
        /// </summary>
        internal static (CredentialRequestRecord? Ended, IReadOnlyList<IssuedDccAlert> Issued) Finish(InventorySession session, DccAlertService alerts, string requestId, CredentialResult result)
        {
            if (session.Credentials.Find(requestId) is not { IsFinished: false } row)
            {
                return (null, []);
            }

            CredentialRequestState state = result.DeviceAccepted ? CredentialRequestState.Done : CredentialRequestState.Refused;
            CredentialRequestRecord ended = session.Credentials.Finish(row.RequestId, state, result.ResponseCode, result.Message, result.Reply?.GbcsResponse);
            return (ended, row.DuisServiceReference is { } serviceReference
                ? alerts.OnLaterResponse(session, row.RequestId, serviceReference, row.ServiceReferenceVariant, row.DeviceId, result)
                : []);
        }

        /// <summary>Tells the listeners how the row ended; false when <see cref="Record"/> finished nothing.</summary>
        internal bool Announce()
        {
            if (_ended is null)
            {
                return false;
            }

            runner.Finished?.Invoke(_ended);
            foreach (IssuedDccAlert response in _issued)
            {
                runner.ResponseQueued?.Invoke(response);
            }

            return true;
        }
    }
}

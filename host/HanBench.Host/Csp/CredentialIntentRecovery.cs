using HanBench.Device.Roles;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Csp;

/// <summary>
/// Makes credential changes survive the host (SECMP0170 requirement 8; issue 8 §4). The credential handler writes an
/// intent (<see cref="CredentialIntents"/>) before a CS02b or CS02d goes out and removes it in the transaction that records
/// the outcome, so a host killed between a device taking up new keys and the inventory recording them leaves the intent
/// behind. At start — composed by <see cref="CspRuntime"/>, so for <c>csp run</c>, <c>demo</c> and <c>bench run</c> alike —
/// this settles each one: a future-dated CS02b the device accepted goes back into the host's wait for its 0x00CB alert
/// (its command counter kept), so an alert after the restart still completes it; every other change is read back
/// (<see cref="CredentialReconciliation"/>: new, then old credentials) before the host sends that device anything else
/// secured, and recorded as the read-back found. It also bounds the wait for alerts: a pending CS02b whose alert has not
/// come <see cref="PendingReplacementLedger.Grace"/> after its date-time is read back and recorded the same way.
/// Runs on the session's thread and clock.
/// </summary>
internal sealed class CredentialIntentRecovery : IHubSessionExtension
{
    private readonly InventoryStore _store;
    private readonly HubSession _session;
    private readonly ManageCredentialsHandler _handler;
    private readonly Action<string> _log;
    private readonly List<CredentialRequest> _readBacks = [];

    internal CredentialIntentRecovery(InventoryStore store, HubSession session, ManageCredentialsHandler handler, Action<string> log)
    {
        _store = store;
        _session = session;
        _handler = handler;
        _log = log;
        session.Credentials.PendingAccepted = pending =>
            store.Write(s => new CredentialIntents(s).Accepted(pending.Request.RequestId, pending.Counter!.Value, pending.Expires));
        Load();
        session.Attach(this);
    }

    /// <summary>Whether a request's change is tracked by an intent: it changes keys the host uses (CS02b other than a cancellation, CS02d).</summary>
    internal static bool Tracks(CredentialRequest request) =>
        request.UseCase == CredentialUseCase.UpdateDeviceCertificate
        || (request.UseCase == CredentialUseCase.ReplaceRemoteParty && request.ExecutionDateTime is not { Year: 9999 });

    /// <inheritdoc />
    public long NextWakeMs
    {
        get
        {
            if (_readBacks.Count > 0)
            {
                return _session.Clock.NowMs;
            }

            if (_session.Credentials.Ledger.NextExpiry is not { } expiry)
            {
                return WakeTime.Never;
            }

            double waitMs = (expiry - _store.Time.GetUtcNow()).TotalMilliseconds;
            return _session.Clock.NowMs + (long)Math.Clamp(Math.Ceiling(waitMs), 0, WakeTime.Never / 2);
        }
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
        HubCredentialCalls calls = _session.Credentials;
        List<CredentialRequest> readBacks = [.. _readBacks];
        _readBacks.Clear();
        foreach (CredentialRequest request in readBacks)
        {
            _log($"credentials: {request.RequestId} to {request.DeviceId} was sent before the host stopped and its outcome never recorded: reading back what the device holds");
            Settle(request, $"the host stopped before the outcome of {request.RequestId} was recorded");
        }

        foreach (PendingReplacement expired in calls.Ledger.TakeExpired(_store.Time.GetUtcNow()))
        {
            _log($"credentials: no 0x00CB alert from {expired.Device:X16} for {expired.Request.RequestId} by {expired.Expires:O}: reading back what the device holds");
            string lost = $"no 0x00CB alert by {expired.Expires:O} (its date-time {expired.Request.ExecutionDateTime:O} + {PendingReplacementLedger.Grace.TotalMinutes:0} minutes' grace)";
            if (!calls.ReadBack(expired.Request, lost, expired.Completed))
            {
                expired.Completed(new CredentialReply(FirmwareVersionReadStatus.NoResponse, false, $"{lost}; nothing to read back, marked failed"));
            }
        }
    }

    private void Load()
    {
        DateTimeOffset now = _store.Time.GetUtcNow();
        var hub = new Eui64(_session.HubEui);
        foreach (CredentialIntentRecord intent in _store.Read(s => new CredentialIntents(s).All()))
        {
            // Only this hub's devices (and the hub itself): a csp run on another hub settles the others' through theirs,
            // and a read-back through the wrong hub would go unanswered and settle them wrongly (review finding).
            if (intent.DeviceId != hub && _store.Read(s => s.Devices.Find(intent.DeviceId))?.CommsHubId != hub)
            {
                continue;
            }

            CredentialRequest request;
            try
            {
                request = CredentialRequestJson.Read(intent.RequestJson);
            }
            catch (FormatException e)
            {
                _store.Write(s => new CredentialIntents(s).Settled(intent.RequestId));
                _log($"credentials: the unsettled change {intent.RequestId} to {intent.DeviceId} cannot be read ({e.Message}); dropped, its outcome unknown");
                continue;
            }

            if (intent.IsPending || (request.ExecutionDateTime is { } when && PendingReplacementLedger.ExpiryOf(when) > now))
            {
                // Accepted and waiting (or sent future-dated, its acceptance not recorded: then any 0x00CB alert from the
                // device completes it, the device holding one pending replacement at a time).
                DateTimeOffset expires = intent.Expires ?? PendingReplacementLedger.ExpiryOf(request.ExecutionDateTime!.Value);
                _session.Credentials.Ledger.Add(new PendingReplacement(intent.DeviceId.Value, intent.CommandCounter, request, expires, Recorder(request)));
                _log($"credentials: {intent.RequestId} to {intent.DeviceId} is pending until {expires:O}, waiting for its 0x00CB alert");
            }
            else
            {
                _readBacks.Add(request);
            }
        }
    }

    private void Settle(CredentialRequest request, string lost)
    {
        Action<CredentialReply> record = Recorder(request);
        Action<CredentialReply> unlessUnknown = reply =>
        {
            if (reply.HoldingUnknown)
            {
                // Answered under neither the new nor the old credentials (the device or its link down now): which it holds
                // is still unknown, so the change stays unsettled and the next start reads back again, rather than
                // settling for the old keys a device may no longer accept (review finding).
                _log($"credentials: {request.RequestId} to {request.DeviceId} still unsettled: {reply.Detail}; read back again at the next start");
                return;
            }

            record(reply);
        };
        if (!_session.Credentials.ReadBack(request, lost, unlessUnknown))
        {
            record(new CredentialReply(FirmwareVersionReadStatus.NoResponse, false, $"{lost}; nothing to read back, marked failed"));
        }
    }

    // A request whose handler is gone (it ran before the restart): its outcome is recorded as the handler would have.
    private Action<CredentialReply> Recorder(CredentialRequest request) => reply =>
    {
        CredentialResult result = _handler.Settle(request, reply);
        _log($"credentials: {request.RequestId} settled: {result.ResponseCode} {result.Message}");
    };
}

using HanBench.Device.Roles;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Csp;

/// <summary>
/// Makes credential changes survive the host (SECMP0170 requirement 8; issue 8 §4). The credential handler writes an
/// intent (<see cref="CredentialIntents"/>) before a CS02b or CS02d goes out — a future-dated CS02b's originator counters
/// with it, each before its attempt leaves — and removes it in the transaction that records the outcome, so a host killed
/// between a device taking up new keys and the inventory recording them leaves the intent behind. At start — composed by
/// <see cref="CspRuntime"/> before the distribution engine and the credential queue, so for <c>csp run</c>, <c>demo</c>
/// and <c>bench run</c> alike — this settles each one: a future-dated CS02b goes back into the host's wait for the 0x00CB
/// alert naming one of its counters; every other change puts its device in doubt (<see cref="CredentialDoubts"/>: nothing
/// else goes to it) and is read back (<see cref="CredentialReconciliation"/>: new, then old credentials) and recorded as
/// found, a queue row a stopped CSP left Sent ending in the same transaction. A read-back answered under neither key set
/// leaves the device in doubt and is tried again, the gaps doubling from <see cref="FirstRetry"/>; after
/// <see cref="ReadBackLimit"/> the CSP gives up (<see cref="Unanswered"/>): the request fails naming that (its queue row and
/// DUIS later response: E21), the change stays unsettled, and every command to the device is refused naming why until an
/// operator settles it (<see cref="CredentialDoubtSettlement"/>, which this CSP notices on <see cref="Wake"/>, or else
/// within one look interval while it holds a device in doubt: review F9). It also
/// bounds the wait for alerts: a pending CS02b puts its device in doubt from its date-time (the device may have switched
/// keys), and one whose alert has not come <see cref="PendingReplacementLedger.Grace"/> after it is cancelled on the device
/// and read back (<see cref="HubCredentialCalls.CancelThenReadBack"/>), under the same bound. The counts and times are kept
/// in the intent (<c>credentials show</c> lists them). Runs on the session's thread and clock.
/// </summary>
internal sealed partial class CredentialIntentRecovery : IHubSessionExtension
{
    /// <summary>
    /// How long after the first read-back answered under neither key set it is tried again; each later gap doubles (5,
    /// 10, 20, 40, 80 minutes). HanBench's choice: GBCS and DUIS set no bound on it (docs/GBCS-SECURITY.md §5).
    /// </summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(5);

    /// <summary>Read-backs answered under neither key set after which the CSP stops and the change waits for an operator (about 2 h 35 min of gaps). HanBench's choice.</summary>
    public const int ReadBackLimit = 6;

    private readonly InventoryStore _store;
    private readonly HubSession _session;
    private readonly ManageCredentialsHandler _handler;
    private readonly CredentialRequestRunner _queue;
    private readonly Action<string> _sink;
    private readonly long _lookEveryMs;
    // Read-backs waiting for their time: the request, when, why its outcome is unknown, and who gets what is found.
    private readonly List<(CredentialRequest Request, long AtMs, string Lost, Action<CredentialReply> Complete)> _readBacks = [];
    private readonly Dictionary<string, (ulong Device, int Unanswered)> _owned = [];
    private List<string>? _early = [];
    private int _running;
    private bool _resync;
    private long _nextLookMs;

    /// <summary>
    /// Composed on <paramref name="session"/>; while a device is in doubt the inventory is looked at every
    /// <paramref name="lookEveryMs"/> (the engine's scan interval) for an operator's settlement (<see cref="Resync"/>).
    /// </summary>
    internal CredentialIntentRecovery(InventoryStore store, HubSession session, ManageCredentialsHandler handler, CredentialRequestRunner queue, Action<string> log, long lookEveryMs)
    {
        _store = store;
        _session = session;
        _handler = handler;
        _queue = queue;
        _sink = log;
        _lookEveryMs = lookEveryMs;
        HubCredentialCalls calls = session.Credentials;
        calls.Doubts.Log += Log;
        calls.PendingAccepted = pending => Record(
            s => new CredentialIntents(s).Accepted(pending.Request.RequestId, pending.Counters[0], pending.Expires),
            $"that {pending.Request.RequestId} was accepted (the host still waits for its alert; a restarted one matches it by the counters sent)");
        calls.Unsettled = (request, lost, reply, completed) =>
        {
            // A change whose answer was lost, read back under neither key set: kept in doubt and read back again, as
            // one found at start is, rather than settled for the old keys (one mechanism, one bound). A cancellation
            // changes no keys the host uses and has no intent: it ends as it was found.
            if (!Tracks(request))
            {
                completed(reply);
                calls.Doubts.Clear(request.RequestId);
                return;
            }

            InDoubt(request.DeviceId.Value, request.RequestId, $"{lost}; reading back what it holds");
            KeepReading(request, lost, reply, completed);
        };
        calls.CounterSent = (request, counter) => Record(
            s => new CredentialIntents(s).CounterSent(request.RequestId, counter),
            $"counter {counter:X} of {request.RequestId} (a restarted host would not match its 0x00CB alert to it)");
        Load();
        session.Attach(this);
    }

    /// <summary>No read-back is waiting to start or running (one answered under neither key set and waiting to be tried again does not count).</summary>
    internal bool IsIdle => _running == 0 && _readBacks.TrueForAll(r => r.AtMs > _session.Clock.NowMs);

    /// <summary>Whether a request's change is tracked by an intent: it changes keys the host uses (CS02b other than a cancellation, CS02d).</summary>
    internal static bool Tracks(CredentialRequest request) =>
        request.UseCase == CredentialUseCase.UpdateDeviceCertificate
        || (request.UseCase == CredentialUseCase.ReplaceRemoteParty && request.ExecutionDateTime is not { Year: 9999 });

    /// <inheritdoc />
    public long NextWakeMs
    {
        get
        {
            long wake = _early is null && !_resync ? WakeTime.Never : 0;
            if (HoldsDoubt)
            {
                wake = Math.Min(wake, _nextLookMs);
            }

            foreach ((_, long atMs, _, _) in _readBacks)
            {
                wake = Math.Min(wake, atMs);
            }

            DateTimeOffset now = _store.Time.GetUtcNow();
            CredentialDoubts doubts = _session.Credentials.Doubts;
            foreach (PendingReplacement pending in _session.Credentials.Ledger.All)
            {
                wake = Math.Min(wake, After(pending.Expires, now));
                if (!doubts.Has(pending.Request.RequestId))
                {
                    wake = Math.Min(wake, After(pending.Request.ExecutionDateTime!.Value, now));
                }
            }

            return wake;
        }
    }

    /// <summary>
    /// Another process may have changed the unsettled changes (an operator settled one): looked at on the next tick. The
    /// file system's word (<see cref="InventoryWatch"/>) is the quick way, not the only one: it may drop an event, and an
    /// embedder may watch nothing, so while this CSP holds a device in doubt it also looks every look interval.
    /// </summary>
    internal void Wake()
    {
        _resync = true;
        _session.RequestWake();
    }

    /// <summary>How long after the <paramref name="unanswered"/>th unanswered read-back the next goes out.</summary>
    internal static TimeSpan RetryAfter(int unanswered) => FirstRetry * (1 << Math.Clamp(unanswered - 1, 0, 16));

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
        if (_resync || (nowMs >= _nextLookMs && HoldsDoubt))
        {
            _resync = false;
            _nextLookMs = nowMs + _lookEveryMs;
            Resync();
        }

        // What was found at start goes to the log once the CSP's log has its listeners (the first tick).
        List<string>? early = _early;
        _early = null;
        early?.ForEach(_sink);
        HubCredentialCalls calls = _session.Credentials;
        DateTimeOffset now = _store.Time.GetUtcNow();
        foreach (PendingReplacement due in calls.Ledger.All.Where(p => p.Request.ExecutionDateTime <= now && !calls.Doubts.Has(p.Request.RequestId)))
        {
            // Carried out at its date-time on the device's clock: which keys it holds is unknown until the alert comes.
            InDoubt(due.Device, due.Request.RequestId, $"its future-dated CS02b {due.Request.RequestId} fell due at {due.Request.ExecutionDateTime:O} and its 0x00CB alert has not come");
        }

        var readBacks = _readBacks.Where(r => r.AtMs <= nowMs).ToList();
        _readBacks.RemoveAll(r => r.AtMs <= nowMs);
        foreach ((CredentialRequest request, _, string lost, Action<CredentialReply> complete) in readBacks)
        {
            Log($"credentials: {request.RequestId} to {request.DeviceId}: its outcome is not recorded ({lost}): reading back what the device holds");
            Settle(request, lost, complete);
        }

        foreach (PendingReplacement expired in calls.Ledger.TakeExpired(now))
        {
            Expire(expired);
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
                Log($"credentials: the unsettled change {intent.RequestId} to {intent.DeviceId} cannot be read ({e.Message}); dropped, its outcome unknown");
                continue;
            }

            if (intent.Unresolved is { } givenUp)
            {
                // Given up on by an earlier CSP: refused, not read back again, until an operator settles it.
                _owned[intent.RequestId] = (intent.DeviceId.Value, intent.ReadBacks);
                _session.Credentials.Doubts.Doubt(intent.DeviceId.Value, intent.RequestId, $"the outcome of {intent.RequestId} is unresolved since {givenUp:O}");
                _session.Credentials.Doubts.GiveUp(intent.DeviceId.Value, intent.RequestId, Unresolved(intent.RequestId, intent.ReadBacks, intent.DoubtSince));
                continue;
            }

            _owned[intent.RequestId] = (intent.DeviceId.Value, intent.ReadBacks);
            if (intent.IsPending || (request.ExecutionDateTime is { } when && PendingReplacementLedger.ExpiryOf(when) > now))
            {
                // Accepted and waiting (or sent future-dated, its acceptance not recorded): the alert naming the accepted
                // command's counter, or one of the counters sent, completes it; any other alert completes nothing.
                DateTimeOffset expires = intent.Expires ?? PendingReplacementLedger.ExpiryOf(request.ExecutionDateTime!.Value);
                IReadOnlyList<ulong> counters = intent.CommandCounter is { } accepted ? [accepted] : intent.SentCounters;
                _session.Credentials.Ledger.Add(new PendingReplacement(intent.DeviceId.Value, counters, request, expires, Recorder(request)));
                Log($"credentials: {intent.RequestId} to {intent.DeviceId} is pending until {expires:O}, waiting for its 0x00CB alert");
            }
            else
            {
                // Read back at once, or when an earlier CSP had scheduled the next (a CSP restarted in a loop does not hammer the device).
                InDoubt(intent.DeviceId.Value, request.RequestId, $"the outcome of {request.RequestId} sent before the host stopped is not recorded; reading it back");
                _readBacks.Add((request, intent.NextReadBack is { } next ? After(next, now) : 0, $"the host stopped before the outcome of {request.RequestId} was recorded", Recorder(request)));
            }
        }
    }

    private void Settle(CredentialRequest request, string lost, Action<CredentialReply> record)
    {
        _running++;
        Action<CredentialReply> unlessUnknown = reply =>
        {
            _running--;
            if (SettledMeanwhile(request.RequestId, reply))
            {
                return;
            }

            if (reply.HoldingUnknown)
            {
                // Answered under neither the new nor the old credentials (the device or its link down now): which it holds
                // is still unknown, so the change stays unsettled and the device in doubt, and the read-back is tried again,
                // rather than settling for the old keys a device may no longer accept (review finding) — up to the bound.
                KeepReading(request, lost, reply, record);
                return;
            }

            record(reply);
            _owned.Remove(request.RequestId);
            _session.Credentials.Doubts.Clear(request.RequestId);
        };
        if (!_session.Credentials.ReadBack(request, lost, unlessUnknown))
        {
            unlessUnknown(new CredentialReply(FirmwareVersionReadStatus.NoResponse, false, $"{lost}; nothing to read back, marked failed"));
        }
    }

    /// <summary>A pending CS02b whose alert did not come by its expiry: cancelled on the device, then read back; unanswered both ways, waited for again.</summary>
    private void Expire(PendingReplacement expired)
    {
        HubCredentialCalls calls = _session.Credentials;
        string lost = $"no 0x00CB alert by {expired.Expires:O} (its date-time {expired.Request.ExecutionDateTime:O} + {PendingReplacementLedger.Grace.TotalMinutes:0} minutes' grace)";
        Log($"credentials: {expired.Request.RequestId} to {expired.Device:X16}: {lost}: cancelling it on the device, then reading back what the device holds");
        InDoubt(expired.Device, expired.Request.RequestId, $"{lost}; cancelling and reading back");
        _running++;
        calls.CancelThenReadBack(expired.Request, lost, reply =>
        {
            _running--;
            if (SettledMeanwhile(expired.Request.RequestId, reply))
            {
                return;
            }

            if (reply.HoldingUnknown)
            {
                // Neither the cancellation nor the read-back answered: the device may still carry it out and alert, so it
                // stays matchable (and its device in doubt) until the next read-back, up to the bound.
                Unanswered(expired.Request, expired.Device, reply, again =>
                {
                    calls.Ledger.Add(expired with { Expires = again });
                    Record(s => new CredentialIntents(s).Extend(expired.Request.RequestId, again), $"the new expiry of {expired.Request.RequestId}");
                }, expired.Completed);
                return;
            }

            expired.Completed(reply);
            _owned.Remove(expired.Request.RequestId);
            calls.Doubts.Clear(expired.Request.RequestId);
        });
    }

    /// <summary>
    /// Whether <paramref name="requestId"/>'s change was settled by an operator while its read-back ran: what the read-back
    /// found (<paramref name="reply"/>) is then said and not recorded over the operator's word.
    /// </summary>
    private bool SettledMeanwhile(string requestId, CredentialReply reply)
    {
        if (_owned.ContainsKey(requestId))
        {
            return false;
        }

        Log($"credentials: {requestId}: a read-back that ended after the change was settled changes nothing ({reply.Detail})");
        return true;
    }

    // A request whose handler is gone (it ran before the restart): its outcome is recorded as the handler would have, the
    // queue row a stopped CSP left Sent ending in the same transaction (the caller clears or gives up the device's doubt).
    private Action<CredentialReply> Recorder(CredentialRequest request) => reply =>
    {
        CredentialRequestRunner.QueueRowEnd row = _queue.EndWith(request.RequestId);
        CredentialResult result = _handler.Settle(request, reply, row.Record);
        row.Announce();
        Log($"credentials: {request.RequestId} {(reply.GivenUp ? "given up" : "settled")}: {result.ResponseCode} {result.Message}");
        _queue.Wake();
    };

    private void Log(string line)
    {
        if (_early is { } early)
        {
            early.Add(line);
        }
        else
        {
            _sink(line);
        }
    }

    // A write the host goes on without (it says what is lost), rather than an inventory error ending the session's thread.
    private void Record(Action<InventorySession> write, string what)
    {
        try
        {
            _store.Write(write);
        }
        catch (SqliteException e)
        {
            Log($"credentials: could not record {what}: {e.Message}");
        }
    }

    private long After(DateTimeOffset at, DateTimeOffset now) =>
        _session.Clock.NowMs + (long)Math.Clamp(Math.Ceiling((at - now).TotalMilliseconds), 0, WakeTime.Never / 2);
}

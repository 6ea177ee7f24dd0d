using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Csp;

/// <summary>A future-dated CS02b a device accepted, waiting for its 0x00CB alert (GBCS 6.15.1, 6.23; RTDS FUTURE_DATED).</summary>
/// <param name="Device">The device.</param>
/// <param name="Counters">
/// The originator counters the alert's outcome may name: the accepted command's, or — a restarted host that did not
/// record the acceptance — every attempt's, recorded as each went out (<c>credential_intents.sent_counters</c>). An
/// alert naming none of them completes nothing (an alert for another change, or a forged one that verified).
/// </param>
/// <param name="Request">The request.</param>
/// <param name="Expires">When the host stops waiting for the alert: <see cref="PendingReplacementLedger.ExpiryOf"/>.</param>
/// <param name="Completed">Gets the outcome: the alert's, or a read-back's after it expired.</param>
internal sealed record PendingReplacement(ulong Device, IReadOnlyList<ulong> Counters, CredentialRequest Request, DateTimeOffset Expires, Action<CredentialReply> Completed);

/// <summary>
/// The future-dated CS02b the host waits on (issue 8 §4), bounded in number (<see cref="Capacity"/>) and in time
/// (<see cref="Grace"/> after each one's execution date-time). The inventory holds the same (<c>credential_intents</c>),
/// so a restarted CSP loads them (<see cref="CredentialIntentRecovery"/>) and a late alert still completes its request.
/// Single-threaded, on the session's thread.
/// </summary>
internal sealed class PendingReplacementLedger
{
    /// <summary>Most future-dated CS02b waited on at once: each holds an inventory row and, before a restart, a request open.</summary>
    public const int Capacity = 64;

    /// <summary>
    /// How long after its execution date-time a pending CS02b's 0x00CB alert is waited for: the device carries it out at
    /// its time and alerts at once, so 15 minutes covers a device clock that drifted and an alert the Comms Hub retried.
    /// After it the host cancels the replacement on the device, should it still hold it, and reads back what the device
    /// holds (CS02a, <see cref="HubCredentialCalls.CancelThenReadBack"/>) and records that: the new credentials taken up,
    /// or the request failed with nothing changed (and nothing left to be carried out later).
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);

    private readonly List<PendingReplacement> _pending = [];

    /// <summary>Every one waiting, in the order added.</summary>
    public IReadOnlyList<PendingReplacement> All => _pending;

    /// <summary>How many wait.</summary>
    public int Count => _pending.Count;

    /// <summary>When the host stops waiting for the alert of a CS02b carried out at <paramref name="execution"/>.</summary>
    public static DateTimeOffset ExpiryOf(DateTimeOffset execution) => execution + Grace;

    /// <summary>Waits for <paramref name="pending"/>'s alert.</summary>
    public void Add(PendingReplacement pending) => _pending.Add(pending);

    /// <summary>Takes the one an alert from <paramref name="device"/> naming <paramref name="counter"/> completes, or null.</summary>
    public PendingReplacement? TakeMatch(ulong device, ulong counter)
    {
        int index = _pending.FindIndex(p => p.Device == device && p.Counters.Contains(counter));
        if (index < 0)
        {
            return null;
        }

        PendingReplacement match = _pending[index];
        _pending.RemoveAt(index);
        return match;
    }

    /// <summary>Takes every one for <paramref name="device"/> (a cancellation dropped the device's pending replacement).</summary>
    public List<PendingReplacement> TakeForDevice(ulong device) => Take(p => p.Device == device);

    /// <summary>Takes <paramref name="requestId"/>'s, if waited on (an operator settled it).</summary>
    public List<PendingReplacement> TakeRequest(string requestId) => Take(p => p.Request.RequestId == requestId);

    /// <summary>Takes every one whose alert was waited for until <paramref name="now"/>.</summary>
    public List<PendingReplacement> TakeExpired(DateTimeOffset now) => Take(p => p.Expires <= now);

    private List<PendingReplacement> Take(Predicate<PendingReplacement> which)
    {
        List<PendingReplacement> taken = _pending.FindAll(which);
        _pending.RemoveAll(which);
        return taken;
    }
}

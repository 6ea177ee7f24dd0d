namespace HanBench.Host.Csp;

/// <summary>
/// The devices whose credentials are in doubt (SECMP0170 requirement 8; issue 8 §4): a change the host sent before it
/// stopped and is reading back, a future-dated CS02b whose date-time has come and whose 0x00CB alert has not, a read-back
/// answered under neither key set that waits to be tried again. While a device is in doubt the host does not know which
/// keys secure a command to it, so nothing but the read-back itself goes to it: the distribution engine, the credential
/// queue and the service requests' gateway hold their work (<see cref="Holds"/>, <see cref="WhenClear"/>) and go on when
/// the last doubt about the device is cleared. A doubt the CSP stopped reading back (<see cref="GiveUp"/>: its bound
/// reached) refuses that work instead (<see cref="Refusal"/>), naming why, until an operator settles the change. Each
/// doubt is keyed by the request whose change is in doubt. Single-threaded, on the session's thread.
/// </summary>
public sealed class CredentialDoubts
{
    private readonly Dictionary<string, (ulong Device, string Why, string? Refusal)> _doubts = [];
    private readonly Dictionary<ulong, List<(Action Go, Action<string> Refuse)>> _waiting = [];
    private readonly HashSet<(ulong Device, object Key)> _held = [];

    /// <summary>Raised with a line worth logging: a doubt raised, work held, a device cleared.</summary>
    public event Action<string>? Log;

    /// <summary>Why <paramref name="device"/>'s credentials are in doubt, or null when they are not.</summary>
    public string? Why(ulong device) =>
        _doubts.Values.Where(d => d.Device == device).Select(d => d.Why).FirstOrDefault();

    /// <summary>Why commands to <paramref name="device"/> are refused (a doubt given up on, waiting for an operator), or null when they are not.</summary>
    public string? Refusal(ulong device) =>
        _doubts.Values.Where(d => d.Device == device).Select(d => d.Refusal).FirstOrDefault(r => r is not null);

    /// <summary>Whether <paramref name="requestId"/>'s change puts its device in doubt now.</summary>
    public bool Has(string requestId) => _doubts.ContainsKey(requestId);

    /// <summary>Every device in doubt now, with why.</summary>
    public IReadOnlyList<(ulong Device, string Why)> All() => [.. _doubts.Values.Select(d => (d.Device, d.Refusal ?? d.Why))];

    /// <summary>The requests whose changes put devices in doubt now.</summary>
    internal IReadOnlyList<string> Requests => [.. _doubts.Keys];

    /// <summary>How many commands to <paramref name="device"/> are held now (updates, queued requests, gateway calls).</summary>
    public int HeldFor(ulong device) => _waiting.TryGetValue(device, out List<(Action Go, Action<string> Refuse)>? waiting) ? waiting.Count : 0;

    /// <summary><paramref name="requestId"/>'s change to <paramref name="device"/> puts its credentials in doubt, for <paramref name="why"/> (again: the reason is replaced).</summary>
    internal void Doubt(ulong device, string requestId, string why)
    {
        bool known = _doubts.TryGetValue(requestId, out (ulong Device, string Why, string? Refusal) before);
        _doubts[requestId] = (device, why, known ? before.Refusal : null);
        if (!known)
        {
            Log?.Invoke($"credentials: {device:X16} in doubt ({why}): commands to it are held until its credentials are settled");
        }
    }

    /// <summary>
    /// The CSP stopped trying to settle <paramref name="requestId"/>'s change (<paramref name="refusal"/> says why and what
    /// the operator can do): the device stays in doubt, and the work held for it, and any later, is refused with that reason.
    /// </summary>
    internal void GiveUp(ulong device, string requestId, string refusal)
    {
        _doubts[requestId] = (device, _doubts.TryGetValue(requestId, out (ulong Device, string Why, string? Refusal) d) ? d.Why : refusal, refusal);
        int held = HeldFor(device);
        Log?.Invoke($"credentials: {device:X16} unresolved: {refusal}; {held} held command(s) to it fail, and later ones are refused");
        _held.RemoveWhere(h => h.Device == device);
        if (_waiting.Remove(device, out List<(Action Go, Action<string> Refuse)>? waiting))
        {
            foreach ((_, Action<string> refuse) in waiting)
            {
                refuse(refusal);
            }
        }
    }

    /// <summary><paramref name="requestId"/>'s change is settled; when nothing else about its device is in doubt, the work held for it goes on.</summary>
    internal void Clear(string requestId)
    {
        if (!_doubts.Remove(requestId, out (ulong Device, string Why, string? Refusal) doubt) || Why(doubt.Device) is not null)
        {
            return;
        }

        Log?.Invoke($"credentials: {doubt.Device:X16} settled: commands to it go on");
        _held.RemoveWhere(h => h.Device == doubt.Device);
        if (_waiting.Remove(doubt.Device, out List<(Action Go, Action<string> Refuse)>? waiting))
        {
            foreach ((Action go, _) in waiting)
            {
                go();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> now, or once <paramref name="device"/>'s credentials are no longer in doubt;
    /// <paramref name="refused"/> instead (with why) when they are, or become, unresolved (<see cref="GiveUp"/>).
    /// </summary>
    public void WhenClear(ulong device, Action action, Action<string> refused)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(refused);
        if (Refusal(device) is { } refusal)
        {
            refused(refusal);
            return;
        }

        if (Why(device) is null)
        {
            action();
            return;
        }

        if (!_waiting.TryGetValue(device, out List<(Action Go, Action<string> Refuse)>? waiting))
        {
            _waiting[device] = waiting = [];
        }

        waiting.Add((action, refused));
    }

    /// <summary>
    /// Whether work <paramref name="key"/> (an update, a queued request) for <paramref name="device"/> must wait: true while
    /// its credentials are in doubt, <paramref name="resume"/> then running once when they are cleared or given up on
    /// (said once per key). The caller checks <see cref="Refusal"/> first: refused work is not held.
    /// </summary>
    public bool Holds(ulong device, object key, string what, Action resume)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(resume);
        if (Why(device) is not { } why)
        {
            return false;
        }

        if (_held.Add((device, key)))
        {
            Log?.Invoke($"credentials: {what} to {device:X16} held: {why}");
            WhenClear(device, resume, _ => resume());
        }

        return true;
    }
}

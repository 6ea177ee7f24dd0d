namespace HanBench.Host.Csp;

/// <summary>
/// The devices whose credentials are in doubt (SECMP0170 requirement 8; issue 8 §4): a change the host sent before it
/// stopped and is reading back, a future-dated CS02b whose date-time has come and whose 0x00CB alert has not, a read-back
/// answered under neither key set that waits to be tried again. While a device is in doubt the host does not know which
/// keys secure a command to it, so nothing but the read-back itself goes to it: the distribution engine, the credential
/// queue and the service requests' gateway hold their work (<see cref="Holds"/>, <see cref="WhenClear"/>) and go on when
/// the last doubt about the device is cleared. Each doubt is keyed by the request whose change is in doubt. Single-threaded,
/// on the session's thread.
/// </summary>
public sealed class CredentialDoubts
{
    private readonly Dictionary<string, (ulong Device, string Why)> _doubts = [];
    private readonly Dictionary<ulong, List<Action>> _waiting = [];
    private readonly HashSet<(ulong Device, object Key)> _held = [];

    /// <summary>Raised with a line worth logging: a doubt raised, work held, a device cleared.</summary>
    public event Action<string>? Log;

    /// <summary>Why <paramref name="device"/>'s credentials are in doubt, or null when they are not.</summary>
    public string? Why(ulong device) =>
        _doubts.Values.Where(d => d.Device == device).Select(d => d.Why).FirstOrDefault();

    /// <summary>Whether <paramref name="requestId"/>'s change puts its device in doubt now.</summary>
    public bool Has(string requestId) => _doubts.ContainsKey(requestId);

    /// <summary>Every device in doubt now, with why.</summary>
    public IReadOnlyList<(ulong Device, string Why)> All() => [.. _doubts.Values];

    /// <summary><paramref name="requestId"/>'s change to <paramref name="device"/> puts its credentials in doubt, for <paramref name="why"/> (again: the reason is replaced).</summary>
    internal void Doubt(ulong device, string requestId, string why)
    {
        bool known = _doubts.ContainsKey(requestId);
        _doubts[requestId] = (device, why);
        if (!known)
        {
            Log?.Invoke($"credentials: {device:X16} in doubt ({why}): commands to it are held until its credentials are settled");
        }
    }

    /// <summary><paramref name="requestId"/>'s change is settled; when nothing else about its device is in doubt, the work held for it goes on.</summary>
    internal void Clear(string requestId)
    {
        if (!_doubts.Remove(requestId, out (ulong Device, string Why) doubt) || Why(doubt.Device) is not null)
        {
            return;
        }

        Log?.Invoke($"credentials: {doubt.Device:X16} settled: commands to it go on");
        _held.RemoveWhere(h => h.Device == doubt.Device);
        if (_waiting.Remove(doubt.Device, out List<Action>? waiting))
        {
            foreach (Action resume in waiting)
            {
                resume();
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> now, or once <paramref name="device"/>'s credentials are no longer in doubt.</summary>
    public void WhenClear(ulong device, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Why(device) is null)
        {
            action();
            return;
        }

        if (!_waiting.TryGetValue(device, out List<Action>? waiting))
        {
            _waiting[device] = waiting = [];
        }

        waiting.Add(action);
    }

    /// <summary>
    /// Whether work <paramref name="key"/> (an update, a queued request) for <paramref name="device"/> must wait: true while
    /// its credentials are in doubt, <paramref name="resume"/> then running once when they are cleared (said once per key).
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
            WhenClear(device, resume);
        }

        return true;
    }
}

namespace HanBench.Host.Csp;

/// <summary>
/// The future-dated CS06s this host sent (RTDS 11.3 FUTURE_DATED), each with the Manufacturer Image it activates, until the
/// device's outcome alert (0x8F66 actioned / 0x8F67 not, message code 0x00CA) names it by the originator counter of one of
/// its attempts: what ties an activation the hub reports to the image the host asked for, so an activation of another
/// image does not end an update that still waits for its own (review F12). Bounded (<see cref="Capacity"/>, the oldest
/// forgotten: a device that never alerts fills nothing); in memory, so a restarted host knows none. On the session's thread.
/// </summary>
internal sealed class FutureActivationLedger
{
    /// <summary>Future-dated CS06s remembered at once.</summary>
    public const int Capacity = 16;

    private readonly List<(ulong Device, byte[] Hash, GbcsCall Call)> _sent = [];

    /// <summary>A future-dated CS06 to <paramref name="device"/> for the image <paramref name="hash"/> went out as <paramref name="call"/>.</summary>
    public void Add(ulong device, byte[] hash, GbcsCall call)
    {
        _sent.Add((device, hash, call));
        if (_sent.Count > Capacity)
        {
            _sent.RemoveAt(0);
        }
    }

    /// <summary>
    /// The Manufacturer Image hash of the future-dated CS06 to <paramref name="device"/> one of whose attempts carried
    /// <paramref name="counter"/>, forgotten now that its outcome came; null when this host knows no such CS06 (not sent by
    /// it, sent before it restarted, or forgotten).
    /// </summary>
    public byte[]? Take(ulong device, ulong counter)
    {
        int index = _sent.FindIndex(s => s.Device == device && s.Call.Counters.Contains(counter));
        if (index < 0)
        {
            return null;
        }

        byte[] hash = _sent[index].Hash;
        _sent.RemoveAt(index);
        return hash;
    }
}

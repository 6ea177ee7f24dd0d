using HanBench.Device.Roles;

namespace HanBench.Host.Csp;

/// <summary>
/// Whether the hub behind the WAN link answers at all (issue 13, audit B1): a link the OS reports open (a socat pty, a
/// serial adapter) with a dead or hung board behind it used to leave <c>csp run</c> silent for ever. The silence is
/// counted from the first frame sent that the hub itself must answer (a management request or GBCS command or block
/// addressed to the hub, an Image Notify: <see cref="Expect"/>; a frame for a device behind it is only passed on) after
/// the last frame received from the hub, so an idle CSP that asks nothing never counts one. Past <see cref="HubSessionOptions.SilenceNoteMs"/> <see cref="NotAnswering"/> is raised, again every
/// <see cref="HubSessionOptions.SilenceRepeatMs"/>, and <see cref="AnsweringAgain"/> once a frame comes after that.
/// Single-threaded, as <see cref="HubSession"/>.
/// </summary>
public sealed class HubLiveness
{
    private readonly long _noteMs;
    private readonly long _repeatMs;
    private long _silentSinceMs = -1;
    private long _nextNoteMs = WakeTime.Never;
    private bool _noted;

    internal HubLiveness(long noteMs, long repeatMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(noteMs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeatMs, 1);
        _noteMs = noteMs;
        _repeatMs = repeatMs;
    }

    /// <summary>Raised with the milliseconds of silence so far when the hub has not answered for the note time, and again at the repeat interval.</summary>
    public event Action<long>? NotAnswering;

    /// <summary>Raised with the milliseconds the silence lasted when the hub is heard again after <see cref="NotAnswering"/>.</summary>
    public event Action<long>? AnsweringAgain;

    /// <summary>When the next note is due (<see cref="WakeTime.Never"/> while nothing is awaited).</summary>
    public long NextWakeMs => _nextNoteMs;

    /// <summary>Whether <see cref="NotAnswering"/> has been raised for the silence now under way.</summary>
    public bool Noted => _noted;

    /// <summary>Milliseconds since a frame asked the hub for an answer and none came (0 while none is awaited).</summary>
    public long SilentForMs(long nowMs) => _silentSinceMs < 0 ? 0 : Math.Max(0, nowMs - _silentSinceMs);

    /// <summary>A frame that asks for an answer was sent at <paramref name="nowMs"/>: the silence starts here unless it started already.</summary>
    internal void Expect(long nowMs)
    {
        if (_silentSinceMs < 0)
        {
            _silentSinceMs = nowMs;
            _nextNoteMs = nowMs + _noteMs;
        }
    }

    /// <summary>A frame came from the hub at <paramref name="nowMs"/>: the silence, if any, ends.</summary>
    internal void Heard(long nowMs)
    {
        long lasted = SilentForMs(nowMs);
        bool noted = _noted;
        _silentSinceMs = -1;
        _nextNoteMs = WakeTime.Never;
        _noted = false;
        if (noted)
        {
            AnsweringAgain?.Invoke(lasted);
        }
    }

    internal void Tick(long nowMs)
    {
        if (_silentSinceMs < 0 || nowMs < _nextNoteMs)
        {
            return;
        }

        _noted = true;
        _nextNoteMs = nowMs + _repeatMs;
        NotAnswering?.Invoke(SilentForMs(nowMs));
    }
}

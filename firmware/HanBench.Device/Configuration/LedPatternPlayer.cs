using HanBench.Device.Hal;
using HanBench.Device.Roles;

namespace HanBench.Device.Configuration
{
    /// <summary>
    /// Plays <see cref="LedPatterns"/> as a pure function of time: the board's timer asks <see cref="IsLitAt"/> and
    /// <see cref="NextChangeMs"/>, drives the pin and sleeps until the next change, so the pattern logic is tested without
    /// hardware. A pattern restarts (lit) when a different state is shown; showing the same state again changes nothing,
    /// so a role that repeats <c>Show(Transferring)</c> per block does not make the LED stutter. Allocates nothing.
    /// Not thread-safe: the caller locks when the timer and the role run on different threads.
    /// </summary>
    public sealed class LedPatternPlayer
    {
        private int[] _phases;
        private long _cycleMs;
        private long _startMs;

        /// <summary>Starts dark (<see cref="IndicatorState.Off"/>).</summary>
        public LedPatternPlayer()
        {
            _phases = LedPatterns.For(IndicatorState.Off);
            State = IndicatorState.Off;
        }

        /// <summary>The state being shown.</summary>
        public IndicatorState State { get; private set; }

        /// <summary>Shows <paramref name="state"/> from <paramref name="nowMs"/>; returns false (and changes nothing) when it is already shown.</summary>
        public bool Show(IndicatorState state, long nowMs)
        {
            if (state == State)
            {
                return false;
            }

            State = state;
            _phases = LedPatterns.For(state);
            _startMs = nowMs;
            _cycleMs = 0;
            for (int i = 0; i < _phases.Length; i++)
            {
                _cycleMs += _phases[i];
            }

            return true;
        }

        /// <summary>Whether the LED is lit at <paramref name="nowMs"/> (a time before the pattern started counts as its start).</summary>
        public bool IsLitAt(long nowMs)
        {
            if (_cycleMs == 0)
            {
                return false;
            }

            return (PhaseAt(nowMs, out long unused) & 1) == 0;
        }

        /// <summary>When the LED next changes after <paramref name="nowMs"/>, or <see cref="WakeTime.Never"/> for a steady state.</summary>
        public long NextChangeMs(long nowMs)
        {
            if (_cycleMs == 0)
            {
                return WakeTime.Never;
            }

            PhaseAt(nowMs, out long phaseEndMs);
            return phaseEndMs;
        }

        private int PhaseAt(long nowMs, out long phaseEndMs)
        {
            long elapsed = nowMs < _startMs ? 0 : nowMs - _startMs;
            long cycleStart = nowMs < _startMs ? _startMs : nowMs - (elapsed % _cycleMs);
            long inCycle = elapsed % _cycleMs;
            long end = 0;
            for (int i = 0; i < _phases.Length; i++)
            {
                end += _phases[i];
                if (inCycle < end)
                {
                    phaseEndMs = cycleStart + end;
                    return i;
                }
            }

            // Unreachable: inCycle < _cycleMs, the sum of the phases.
            phaseEndMs = cycleStart + _cycleMs;
            return 0;
        }
    }
}

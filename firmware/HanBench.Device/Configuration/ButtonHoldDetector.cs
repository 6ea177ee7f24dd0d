namespace HanBench.Device.Configuration
{
    /// <summary>
    /// Recognises the "clear state" gesture on the board's user button: held down for <see cref="HoldMs"/> (3 s), at boot or
    /// at run time (HanBench choice). Fed raw levels with their time by whoever polls the pin; a level must stay
    /// <see cref="DebounceMs"/> before it counts, so contact bounce neither starts nor breaks a hold. Reports each hold once:
    /// the button must be released before it can fire again. Pure state machine: no hardware, no clock, no allocation.
    /// </summary>
    public sealed class ButtonHoldDetector
    {
        /// <summary>Default hold time.</summary>
        public const int DefaultHoldMs = 3000;

        /// <summary>Default debounce time (mechanical switches settle within a few ms; HanBench choice with margin).</summary>
        public const int DefaultDebounceMs = 50;

        private bool _started;
        private bool _candidatePressed;
        private long _candidateSinceMs;
        private bool _stablePressed;
        private long _pressStartMs;
        private bool _fired;

        /// <summary>A detector with <see cref="DefaultHoldMs"/> and <see cref="DefaultDebounceMs"/>.</summary>
        public ButtonHoldDetector()
            : this(DefaultHoldMs, DefaultDebounceMs)
        {
        }

        /// <summary>A detector with the given times (debounce shorter than the hold, both positive).</summary>
        public ButtonHoldDetector(int holdMs, int debounceMs)
        {
            if (debounceMs <= 0 || holdMs <= debounceMs)
            {
                throw new System.ArgumentOutOfRangeException(nameof(holdMs));
            }

            HoldMs = holdMs;
            DebounceMs = debounceMs;
        }

        /// <summary>How long the button must be held.</summary>
        public int HoldMs { get; }

        /// <summary>How long a level must stay before it counts.</summary>
        public int DebounceMs { get; }

        /// <summary>True while the debounced level is "pressed".</summary>
        public bool IsPressed => _stablePressed;

        /// <summary>
        /// Feeds one sample: <paramref name="pressed"/> is the button's logical state (polarity already applied) at
        /// <paramref name="nowMs"/>. Returns true exactly once per hold, at the first sample at least <see cref="HoldMs"/>
        /// after the press began (the press begins when the pin first showed the level that then stayed
        /// <see cref="DebounceMs"/>). Samples must come in time order; sampling every 50 ms or faster is enough.
        /// </summary>
        public bool Update(long nowMs, bool pressed)
        {
            if (!_started || pressed != _candidatePressed)
            {
                _started = true;
                _candidatePressed = pressed;
                _candidateSinceMs = nowMs;
            }

            if (_candidatePressed != _stablePressed && nowMs - _candidateSinceMs >= DebounceMs)
            {
                _stablePressed = _candidatePressed;
                if (_stablePressed)
                {
                    _pressStartMs = _candidateSinceMs;
                }
                else
                {
                    // Released: the next hold may fire again.
                    _fired = false;
                }
            }

            if (!_stablePressed || _fired || nowMs - _pressStartMs < HoldMs)
            {
                return false;
            }

            _fired = true;
            return true;
        }
    }
}

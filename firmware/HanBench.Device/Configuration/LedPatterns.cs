using HanBench.Device.Hal;

namespace HanBench.Device.Configuration
{
    /// <summary>
    /// The blink pattern of each <see cref="IndicatorState"/> on a one-colour status LED (HanBench choice): phases in
    /// milliseconds, alternating lit and dark and starting lit, repeated for as long as the state is shown.
    /// <list type="bullet">
    /// <item><see cref="IndicatorState.Off"/>: dark.</item>
    /// <item><see cref="IndicatorState.Idle"/>: a 100 ms heartbeat every 2 s (the app is alive, nothing in progress).</item>
    /// <item><see cref="IndicatorState.Transferring"/>: 5 Hz flicker (100 ms lit, 100 ms dark).</item>
    /// <item><see cref="IndicatorState.Activating"/>: 1 Hz even blink (500 ms lit, 500 ms dark).</item>
    /// <item><see cref="IndicatorState.Error"/>: three quick flashes then 1 s dark, so it is never mistaken for the others.</item>
    /// </list>
    /// </summary>
    public static class LedPatterns
    {
        /// <summary>Shortest phase: a flash shorter than this is hard to see (HanBench choice).</summary>
        public const int MinPhaseMs = 50;

        private static readonly int[] OffPhases = new int[0];
        private static readonly int[] IdlePhases = new int[] { 100, 1900 };
        private static readonly int[] TransferringPhases = new int[] { 100, 100 };
        private static readonly int[] ActivatingPhases = new int[] { 500, 500 };
        private static readonly int[] ErrorPhases = new int[] { 150, 150, 150, 150, 150, 1000 };

        /// <summary>
        /// The phases of <paramref name="state"/> (shared, do not modify): an even count, lit first; empty means dark.
        /// An unknown state shows as <see cref="IndicatorState.Error"/>.
        /// </summary>
        public static int[] For(IndicatorState state)
        {
            switch (state)
            {
                case IndicatorState.Off:
                    return OffPhases;
                case IndicatorState.Idle:
                    return IdlePhases;
                case IndicatorState.Transferring:
                    return TransferringPhases;
                case IndicatorState.Activating:
                    return ActivatingPhases;
                default:
                    return ErrorPhases;
            }
        }
    }
}

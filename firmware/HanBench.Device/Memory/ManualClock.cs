using HanBench.Device.Hal;

namespace HanBench.Device.Memory
{
    /// <summary>A clock moved by hand: for unit tests of a single role without a scheduler.</summary>
    public sealed class ManualClock : IClock
    {
        /// <summary>Starts at <paramref name="startMs"/>.</summary>
        public ManualClock(long startMs)
        {
            NowMs = startMs;
        }

        /// <inheritdoc />
        public long NowMs { get; private set; }

        /// <summary>Moves the clock forward by <paramref name="deltaMs"/> (never back).</summary>
        public void Advance(long deltaMs)
        {
            if (deltaMs < 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(deltaMs));
            }

            NowMs += deltaMs;
        }
    }
}

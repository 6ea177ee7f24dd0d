using HanBench.Device.Hal;

namespace HanBench.Device.Memory
{
    /// <summary>An LED that only remembers: for tests and headless virtual boards.</summary>
    public sealed class MemoryIndicator : IIndicator
    {
        /// <inheritdoc />
        public IndicatorState State { get; private set; }

        /// <summary>How many times the state actually changed.</summary>
        public int ChangeCount { get; private set; }

        /// <inheritdoc />
        public void Show(IndicatorState state)
        {
            if (state == State)
            {
                return;
            }

            State = state;
            ChangeCount++;
        }
    }
}

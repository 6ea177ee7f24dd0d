namespace HanBench.Device.Hal
{
    /// <summary>The board's status LED (a GPIO pin on ESP32; a line in the log or a cell in a table on a PC).</summary>
    public interface IIndicator
    {
        /// <summary>The state last shown.</summary>
        IndicatorState State { get; }

        /// <summary>Shows <paramref name="state"/> until the next call; showing the current state again does nothing.</summary>
        void Show(IndicatorState state);
    }
}

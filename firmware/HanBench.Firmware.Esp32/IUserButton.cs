namespace HanBench.Firmware.Esp32
{
    /// <summary>The board's user button, as the run loop polls it (implemented in Hal/ over a GPIO).</summary>
    internal interface IUserButton
    {
        /// <summary>True while the button is held down (polarity already applied, not debounced).</summary>
        bool IsPressed { get; }
    }
}

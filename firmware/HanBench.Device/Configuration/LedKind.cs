namespace HanBench.Device.Configuration
{
    /// <summary>How the status LED is driven (boards/README.md, role configuration <c>led.kind</c>).</summary>
    public enum LedKind : byte
    {
        /// <summary>Not read yet.</summary>
        None = 0,

        /// <summary><c>gpio</c>: a plain LED driven at the <c>activeHigh</c> level.</summary>
        Gpio = 1,

        /// <summary><c>addressable-rgb</c>: one WS2812-type LED on the pin (needs the ESP32 RMT peripheral).</summary>
        AddressableRgb = 2,
    }
}

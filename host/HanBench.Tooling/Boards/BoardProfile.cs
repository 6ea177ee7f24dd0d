namespace HanBench.Tooling.Boards;

/// <summary>One supported board, as <c>boards/ID.json</c> describes it (rules: <c>boards/board.schema.json</c>, enforced by <see cref="BoardProfileLoader"/>).</summary>
public sealed record BoardProfile(
    string Id,
    string Name,
    string Chip,
    string Module,
    string NanoffTarget,
    long FlashBytes,
    long PsramBytes,
    long InternalDriveBytes,
    SdCardPins? SdCard,
    BoardStorage Storage,
    IReadOnlyList<UsbPort> Usb,
    IReadOnlyList<UartPins> Uarts,
    LedPin Led,
    ButtonPin Button,
    IReadOnlyList<ReservedGpio> ReservedGpios,
    IReadOnlyList<int> StrappingGpios,
    IReadOnlyList<int> InputOnlyGpios,
    IReadOnlyList<BoardRole> Roles,
    IReadOnlyList<string> Sources,
    string? Notes);

/// <summary>How a board keeps a firmware image it receives (docs/PLATFORM.md: memory and storage on ESP32).</summary>
public enum BoardStorage
{
    /// <summary>The whole image is written to <c>I:</c> or the SD card (needed by the Comms Hub).</summary>
    WholeImage,

    /// <summary>The image is verified while it streams (length + hash) and only what must be reported is kept.</summary>
    DigestOnly,
}

/// <summary>A UART routed to two GPIOs for a HAN/WAN link (nanoFramework.Hardware.Esp32 SetPinFunction COMn_TX/RX).</summary>
public sealed record UartPins(string Port, int Tx, int Rx);

/// <summary>The status LED: a plain GPIO LED, or an addressable RGB LED (WS2812-type) driven on one pin.</summary>
public sealed record LedPin(int Gpio, string Kind, bool ActiveHigh, bool OnBoard);

/// <summary>The user button.</summary>
public sealed record ButtonPin(int Gpio, bool ActiveLow, bool OnBoard);

/// <summary>A USB connector on the board and what it reaches.</summary>
public sealed record UsbPort(string Label, string ConnectsTo, string Use);

/// <summary>A GPIO the board's own hardware already uses, and what for.</summary>
public sealed record ReservedGpio(int Gpio, string Use);

/// <summary>SPI wiring of an optional SD card (nanoFramework.System.IO.FileSystem SDCard).</summary>
public sealed record SdCardPins(int Cs, int Sck, int Mosi, int Miso);

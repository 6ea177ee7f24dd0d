using System.Text.Json.Serialization;

namespace HanBench.Tooling.Boards;

/// <summary>
/// The members of <c>boards/ID.json</c> as System.Text.Json reads them (<see cref="BoardProfileLoader"/>), before the
/// loader's rules: names and required members as in <c>boards/board.schema.json</c> (a test keeps the two in step).
/// Parameters without a default are required; unknown members are refused.
/// </summary>
public sealed record BoardProfileJson(
    string Id,
    string Name,
    string Chip,
    string Module,
    string NanoffTarget,
    long FlashBytes,
    long PsramBytes,
    long InternalDriveBytes,
    string Storage,
    IReadOnlyList<UsbPort> Usb,
    IReadOnlyList<UartPins> Uarts,
    LedPin Led,
    ButtonPin Button,
    IReadOnlyList<ReservedGpio> ReservedGpios,
    IReadOnlyList<int> StrappingGpios,
    IReadOnlyList<int> InputOnlyGpios,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Sources,
    SdCardPins? SdCard = null,
    string? Notes = null,
    [property: JsonPropertyName("$schema")] string? Schema = null);

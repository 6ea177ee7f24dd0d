using System.Text.Json;
using System.Text.Json.Serialization;
using HanBench.Device.Configuration;
using HanBench.Tooling.Boards;

namespace HanBench.Tooling.Flashing;

/// <summary>
/// The role configuration file the host writes to the board's <c>I:\hanbench.json</c> and the ESP32 app reads at
/// start-up (format documented in boards/README.md, "Role configuration file"; its tag and path are the device's,
/// <see cref="RoleConfigFile.CurrentFormat"/> and <see cref="RoleConfigFile.DevicePath"/>).
/// </summary>
public sealed record RoleConfigJson(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("board")] string Board,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("eui64")] string? Eui64,
    [property: JsonPropertyName("variant")] string? Variant,
    [property: JsonPropertyName("links")] IReadOnlyList<RoleConfigJson.Link> Links,
    [property: JsonPropertyName("led")] RoleConfigJson.Led Indicator,
    [property: JsonPropertyName("button")] RoleConfigJson.Button UserButton,
    [property: JsonPropertyName("storage")] RoleConfigJson.Store Storage)
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The configuration for <paramref name="request"/>: the role's links on the board's UARTs in order.</summary>
    public static RoleConfigJson For(FlashRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        BoardProfile board = request.Board;
        IReadOnlyList<string> names = RoleRequirements.Links(request.Role);
        var links = new List<Link>(names.Count);
        for (int i = 0; i < names.Count; i++)
        {
            UartPins uart = board.Uarts[i];
            links.Add(new Link(names[i], uart.Port, uart.Tx, uart.Rx, request.LinkBaudRate));
        }

        var storage = new Store(
            board.Storage == BoardStorage.WholeImage ? "whole-image" : "digest-only",
            board.SdCard is not null && board.InternalDriveBytes < RoleRequirements.WholeImageBytes ? "D:" : "I:",
            board.SdCard);
        return new RoleConfigJson(
            RoleConfigFile.CurrentFormat,
            board.Id,
            request.Role.ToName(),
            request.Eui64,
            request.Variant,
            links,
            new Led(board.Led.Gpio, board.Led.Kind, board.Led.ActiveHigh),
            new Button(board.Button.Gpio, board.Button.ActiveLow),
            storage);
    }

    /// <summary>The file's text (indented JSON, UTF-8 without BOM when written).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>One byte link of the role on a board UART.</summary>
    public sealed record Link(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("port")] string Port,
        [property: JsonPropertyName("tx")] int Tx,
        [property: JsonPropertyName("rx")] int Rx,
        [property: JsonPropertyName("baudRate")] int BaudRate);

    /// <summary>The status LED.</summary>
    public sealed record Led(
        [property: JsonPropertyName("gpio")] int Gpio,
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("activeHigh")] bool ActiveHigh);

    /// <summary>The user button.</summary>
    public sealed record Button(
        [property: JsonPropertyName("gpio")] int Gpio,
        [property: JsonPropertyName("activeLow")] bool ActiveLow);

    /// <summary>Where and how images are kept.</summary>
    public sealed record Store(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("drive")] string Drive,
        [property: JsonPropertyName("sdCard")] SdCardPins? SdCard);
}

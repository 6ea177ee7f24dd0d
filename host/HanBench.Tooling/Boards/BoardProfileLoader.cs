using System.Text.Json;
using System.Text.RegularExpressions;
using HanBench.Host.Json;

namespace HanBench.Tooling.Boards;

/// <summary>
/// Reads a board profile with System.Text.Json into a <see cref="BoardProfileJson"/> (<see cref="StrictJson"/>: unknown
/// members refused, required members required, types checked) and checks every further rule of
/// <c>boards/board.schema.json</c> (enums, ranges, counts, patterns) plus the rules a JSON Schema cannot say: the target
/// suits the chip, the <c>I:</c> size matches the flash, pins exist on the chip and collide with nothing the board
/// already uses, and the declared roles are exactly those that fit. All problems are reported at once, each with its
/// JSON path.
/// </summary>
public static partial class BoardProfileLoader
{
    /// <summary>How profiles are read: no comments (the files are JSON as the schema describes it).</summary>
    public static JsonSerializerOptions Options { get; } = StrictJson.Options(JsonCommentHandling.Disallow);

    /// <summary>Loads and validates <paramref name="path"/>; the id must match the file name.</summary>
    public static BoardProfile LoadFile(string path)
    {
        string json = File.ReadAllText(path);
        return Parse(json, Path.GetFileName(path), Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Validates profile JSON; <paramref name="expectedId"/> (the file name) is checked when given.</summary>
    public static BoardProfile Parse(string json, string source, string? expectedId = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            throw new BoardProfileException(source, [$"not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new BoardProfileException(source, ["the profile must be a JSON object"]);
            }

            var problems = new List<JsonProblem>();
            BoardProfileJson file = StrictJson.Read<BoardProfileJson>(document.RootElement, Options, problems)!;
            var e = new Errors(problems);
            BoardProfile? profile = Check(file, e, expectedId);
            if (e.Count > 0 || profile is null)
            {
                throw new BoardProfileException(source, e.List);
            }

            return profile;
        }
    }

    /// <summary>
    /// The rules beyond the members' types, on what could be read (a member with a problem is null or 0 here and has its
    /// error already); the cross-member rules run only on a profile without other errors. Null when there were errors.
    /// </summary>
    private static BoardProfile? Check(BoardProfileJson file, Errors e, string? expectedId)
    {
        string? id = e.NotEmpty("$.id", file.Id);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            e.Add("$.id", $"'{id}' must be lower-case letters and digits separated by single hyphens");
        }

        if (expectedId is not null && id is not null && id != expectedId)
        {
            e.Add("$.id", $"'{id}' must match the file name '{expectedId}.json'");
        }

        e.NotEmpty("$.name", file.Name);
        e.NotEmpty("$.module", file.Module);
        e.OneOf("$.chip", file.Chip, ChipFacts.Chips);
        e.OneOf("$.nanoffTarget", file.NanoffTarget, ChipFacts.Targets);
        e.Range("$.flashBytes", file.FlashBytes, 0, long.MaxValue);
        e.Range("$.psramBytes", file.PsramBytes, 0, 64L << 20);
        e.Range("$.internalDriveBytes", file.InternalDriveBytes, 0, long.MaxValue);
        if (file.SdCard is { } sd)
        {
            e.Gpio("$.sdCard.cs", sd.Cs);
            e.Gpio("$.sdCard.sck", sd.Sck);
            e.Gpio("$.sdCard.mosi", sd.Mosi);
            e.Gpio("$.sdCard.miso", sd.Miso);
        }

        e.OneOf("$.storage", file.Storage, ["whole-image", "digest-only"]);
        e.ItemCount("$.usb", file.Usb, 1, 3);
        for (int i = 0; i < (file.Usb?.Count ?? 0); i++)
        {
            e.NotEmpty($"$.usb[{i}].label", file.Usb![i].Label);
            e.NotEmpty($"$.usb[{i}].connectsTo", file.Usb[i].ConnectsTo);
            e.NotEmpty($"$.usb[{i}].use", file.Usb[i].Use);
        }

        e.ItemCount("$.uarts", file.Uarts, 1, 2);
        for (int i = 0; i < (file.Uarts?.Count ?? 0); i++)
        {
            e.OneOf($"$.uarts[{i}].port", file.Uarts![i].Port, ["COM2", "COM3"]);
            e.Gpio($"$.uarts[{i}].tx", file.Uarts[i].Tx);
            e.Gpio($"$.uarts[{i}].rx", file.Uarts[i].Rx);
        }

        if (file.Led is { } led)
        {
            e.Gpio("$.led.gpio", led.Gpio);
            e.OneOf("$.led.kind", led.Kind, ["gpio", "addressable-rgb"]);
        }

        if (file.Button is { } button)
        {
            e.Gpio("$.button.gpio", button.Gpio);
        }

        e.ItemCount("$.reservedGpios", file.ReservedGpios, 0, 64);
        for (int i = 0; i < (file.ReservedGpios?.Count ?? 0); i++)
        {
            e.Gpio($"$.reservedGpios[{i}].gpio", file.ReservedGpios![i].Gpio);
            e.NotEmpty($"$.reservedGpios[{i}].use", file.ReservedGpios[i].Use);
        }

        e.GpioSet("$.strappingGpios", file.StrappingGpios);
        e.GpioSet("$.inputOnlyGpios", file.InputOnlyGpios);
        e.ItemCount("$.roles", file.Roles, 1, int.MaxValue);
        e.ItemCount("$.sources", file.Sources, 1, int.MaxValue);
        IReadOnlyList<string> sources = file.Sources ?? [];
        for (int i = 0; i < sources.Count; i++)
        {
            if (!sources[i].StartsWith("https://", StringComparison.Ordinal))
            {
                e.Add($"$.sources[{i}]", $"'{sources[i]}' must be an https:// address");
            }
        }

        IReadOnlyList<string> roleNames = file.Roles ?? [];
        var roles = new List<BoardRole>();
        for (int i = 0; i < roleNames.Count; i++)
        {
            if (!BoardRoles.TryParse(roleNames[i], out BoardRole role))
            {
                e.Add($"$.roles[{i}]", $"'{roleNames[i]}' is not a role (one of {BoardRoles.Describe()})");
            }
            else if (roles.Contains(role))
            {
                e.Add($"$.roles[{i}]", $"'{roleNames[i]}' is listed twice");
            }
            else
            {
                roles.Add(role);
            }
        }

        if (e.Count > 0)
        {
            return null;
        }

        // Without errors every required member was read: none is null past this point.
        BoardStorage storage = file.Storage == "whole-image" ? BoardStorage.WholeImage : BoardStorage.DigestOnly;
        CheckConsistency(e, file.Id, file.Chip, file.NanoffTarget, file.FlashBytes, file.PsramBytes, file.InternalDriveBytes, file.SdCard, storage,
            file.Uarts!, file.Led, file.Button, file.ReservedGpios!, file.StrappingGpios!, file.InputOnlyGpios!, roles);
        return new BoardProfile(file.Id, file.Name, file.Chip, file.Module, file.NanoffTarget, file.FlashBytes, file.PsramBytes, file.InternalDriveBytes,
            file.SdCard, storage, file.Usb!, file.Uarts!, file.Led, file.Button, file.ReservedGpios!, file.StrappingGpios!, file.InputOnlyGpios!, roles,
            file.Sources!, file.Notes);
    }

    private static void CheckConsistency(
        Errors e, string id, string chip, string target, long flash, long psram, long drive, SdCardPins? sd, BoardStorage storage,
        IReadOnlyList<UartPins> uarts, LedPin led, ButtonPin button, IReadOnlyList<ReservedGpio> reserved, IReadOnlyList<int> strapping, IReadOnlyList<int> inputOnly,
        List<BoardRole> roles)
    {
        if (!ChipFacts.TargetsFor(chip).Contains(target))
        {
            e.Add("$.nanoffTarget", $"{target} is not a firmware target for {chip} (one of {string.Join(", ", ChipFacts.TargetsFor(chip))})");
        }

        if (ChipFacts.NeedsPsram(target) && psram == 0)
        {
            e.Add("$.nanoffTarget", $"{target} needs PSRAM but psramBytes is 0");
        }

        if (!ChipFacts.FlashSizes.Contains(flash))
        {
            e.Add("$.flashBytes", $"{flash} is not a supported flash size (4194304, 8388608 or 16777216)");
        }
        else if (drive != ChipFacts.InternalDriveBytes(flash))
        {
            e.Add("$.internalDriveBytes", $"{drive} does not match the I: partition of a {flash >> 20} MB part ({ChipFacts.InternalDriveBytes(flash)})");
        }

        if (storage == BoardStorage.WholeImage && !RoleRequirements.CanStoreWholeImages(drive, sd is not null))
        {
            e.Add("$.storage", $"whole-image needs an SD card or an I: drive of at least {RoleRequirements.WholeImageBytes} bytes, and I: holds {drive}");
        }

        if (uarts.Count > ChipFacts.SpareUarts(chip))
        {
            e.Add("$.uarts", $"{chip} has {ChipFacts.SpareUarts(chip)} UART(s) besides COM1, not {uarts.Count}");
        }

        for (int i = 0; i < uarts.Count; i++)
        {
            string expected = i == 0 ? "COM2" : "COM3";
            if (uarts[i].Port != expected)
            {
                e.Add($"$.uarts[{i}].port", $"{uarts[i].Port} must be {expected} (COM2 first, then COM3)");
            }
        }

        int maxGpio = ChipFacts.MaxGpio(chip);
        var reservedByGpio = new Dictionary<int, string>();
        for (int i = 0; i < reserved.Count; i++)
        {
            CheckRange(e, $"$.reservedGpios[{i}].gpio", reserved[i].Gpio, chip, maxGpio);
            if (!reservedByGpio.TryAdd(reserved[i].Gpio, reserved[i].Use))
            {
                e.Add($"$.reservedGpios[{i}].gpio", $"GPIO{reserved[i].Gpio} is listed twice");
            }
        }

        for (int i = 0; i < strapping.Count; i++)
        {
            CheckRange(e, $"$.strappingGpios[{i}]", strapping[i], chip, maxGpio);
        }

        for (int i = 0; i < inputOnly.Count; i++)
        {
            CheckRange(e, $"$.inputOnlyGpios[{i}]", inputOnly[i], chip, maxGpio);
        }

        var assigned = new Dictionary<int, string>();
        void Assign(string path, int gpio, bool output, bool mayStrap)
        {
            CheckRange(e, path, gpio, chip, maxGpio);
            if (reservedByGpio.TryGetValue(gpio, out string? use))
            {
                e.Add(path, $"GPIO{gpio} is reserved on this board ({use})");
            }

            if (!mayStrap && strapping.Contains(gpio))
            {
                e.Add(path, $"GPIO{gpio} is a strapping pin: a UART line there can change the boot mode");
            }

            if (output && inputOnly.Contains(gpio))
            {
                e.Add(path, $"GPIO{gpio} is input-only and cannot drive an output");
            }

            if (!assigned.TryAdd(gpio, path))
            {
                e.Add(path, $"GPIO{gpio} is already used by {assigned[gpio]}");
            }
        }

        for (int i = 0; i < uarts.Count; i++)
        {
            Assign($"$.uarts[{i}].tx", uarts[i].Tx, output: true, mayStrap: false);
            Assign($"$.uarts[{i}].rx", uarts[i].Rx, output: false, mayStrap: false);
        }

        // The on-board LED and BOOT button sit on strapping pins by design (GPIO0, GPIO8, GPIO9).
        Assign("$.led.gpio", led.Gpio, output: true, mayStrap: true);
        Assign("$.button.gpio", button.Gpio, output: false, mayStrap: true);
        if (sd is not null)
        {
            Assign("$.sdCard.cs", sd.Cs, output: true, mayStrap: false);
            Assign("$.sdCard.sck", sd.Sck, output: true, mayStrap: false);
            Assign("$.sdCard.mosi", sd.Mosi, output: true, mayStrap: false);
            Assign("$.sdCard.miso", sd.Miso, output: false, mayStrap: false);
        }

        foreach (BoardRole role in BoardRoles.All)
        {
            RoleFit fit = RoleRequirements.Check(role, id, storage, drive, sd is not null, uarts.Count);
            bool listed = roles.Contains(role);
            if (listed && !fit.Fits)
            {
                e.Add("$.roles", $"lists '{role.ToName()}', which does not fit: {fit.Reason}");
            }
            else if (!listed && fit.Fits)
            {
                e.Add("$.roles", $"omits '{role.ToName()}', which fits this board");
            }
        }
    }

    private static void CheckRange(Errors e, string path, int gpio, string chip, int maxGpio)
    {
        if (gpio > maxGpio)
        {
            e.Add(path, $"GPIO{gpio} does not exist on {chip} (GPIO0–GPIO{maxGpio})");
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    /// <summary>Collects every problem, so one pass reports everything.</summary>
    private sealed class Errors(List<JsonProblem> problems)
    {
        public List<string> List { get; } = [.. problems.Select(p => p.ToString())];

        public int Count => List.Count;

        public void Add(string path, string message) => List.Add($"{path}: {message}");

        /// <summary>The text when it is there and not blank (a missing one has its error already).</summary>
        public string? NotEmpty(string path, string? text)
        {
            if (text is not null && text.Trim().Length == 0)
            {
                Add(path, "must not be empty");
                return null;
            }

            return text;
        }

        public void OneOf(string path, string? text, IReadOnlyList<string> allowed)
        {
            if (text is not null && !allowed.Contains(text))
            {
                Add(path, $"'{text}' is not one of {string.Join(", ", allowed)}");
            }
        }

        public void Range(string path, long number, long min, long max)
        {
            if (number < min || number > max)
            {
                Add(path, $"{number} is out of range ({min}–{max})");
            }
        }

        public void Gpio(string path, int gpio) => Range(path, gpio, 0, 63);

        public void ItemCount<T>(string path, IReadOnlyList<T>? items, int min, int max)
        {
            if (items is null || (items.Count >= min && items.Count <= max))
            {
                return;
            }

            Add(path, max == int.MaxValue ? $"needs at least {min} item(s)" : $"has {items.Count} item(s); expected {min}–{max}");
        }

        public void GpioSet(string path, IReadOnlyList<int>? gpios)
        {
            for (int i = 0; i < (gpios?.Count ?? 0); i++)
            {
                Gpio($"{path}[{i}]", gpios![i]);
                if (gpios.Take(i).Contains(gpios[i]))
                {
                    Add($"{path}[{i}]", $"GPIO{gpios[i]} is listed twice");
                }
            }
        }
    }
}

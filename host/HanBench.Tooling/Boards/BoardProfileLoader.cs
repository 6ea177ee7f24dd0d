using System.Text.Json;
using System.Text.RegularExpressions;

namespace HanBench.Tooling.Boards;

/// <summary>
/// Reads a board profile and checks every rule of <c>boards/board.schema.json</c> (shape, types, enums, ranges)
/// plus the rules a JSON Schema cannot say: the target suits the chip, the <c>I:</c> size matches the flash,
/// pins exist on the chip and collide with nothing the board already uses, and the declared roles are exactly
/// those that fit. All problems are reported at once, each with its JSON path.
/// </summary>
public static partial class BoardProfileLoader
{
    private static readonly string[] s_topLevel =
    [
        "$schema", "id", "name", "chip", "module", "nanoffTarget", "flashBytes", "psramBytes", "internalDriveBytes", "sdCard",
        "storage", "usb", "uarts", "led", "button", "reservedGpios", "strappingGpios", "inputOnlyGpios", "roles", "sources", "notes",
    ];

    /// <summary>Loads and validates <paramref name="path"/>; the id must match the file name.</summary>
    public static BoardProfile LoadFile(string path)
    {
        string json = File.ReadAllText(path);
        return Parse(json, Path.GetFileName(path), Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Validates profile JSON; <paramref name="expectedId"/> (the file name) is checked when given.</summary>
    public static BoardProfile Parse(string json, string source, string? expectedId = null)
    {
        var e = new Errors();
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
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new BoardProfileException(source, ["the profile must be a JSON object"]);
            }

            e.UnknownProperties(root, "$", s_topLevel);
            string id = e.String(root, "$", "id");
            if (id.Length > 0 && !IdPattern().IsMatch(id))
            {
                e.Add("$.id", $"'{id}' must be lower-case letters and digits separated by single hyphens");
            }

            if (expectedId is not null && id.Length > 0 && id != expectedId)
            {
                e.Add("$.id", $"'{id}' must match the file name '{expectedId}.json'");
            }

            string name = e.String(root, "$", "name");
            string chip = e.Enum(root, "$", "chip", ChipFacts.Chips);
            string module = e.String(root, "$", "module");
            string target = e.Enum(root, "$", "nanoffTarget", ChipFacts.Targets);
            long flash = e.Integer(root, "$", "flashBytes", 0, long.MaxValue);
            long psram = e.Integer(root, "$", "psramBytes", 0, 64L << 20);
            long drive = e.Integer(root, "$", "internalDriveBytes", 0, long.MaxValue);
            SdCardPins? sd = ReadSdCard(root, e);
            string storageText = e.Enum(root, "$", "storage", ["whole-image", "digest-only"]);
            BoardStorage storage = storageText == "whole-image" ? BoardStorage.WholeImage : BoardStorage.DigestOnly;
            List<UsbPort> usb = e.Array(root, "$", "usb", 1, 3, (item, path) => new UsbPort(
                e.String(item, path, "label"), e.String(item, path, "connectsTo"), e.String(item, path, "use")), ["label", "connectsTo", "use"]);
            List<UartPins> uarts = e.Array(root, "$", "uarts", 1, 2, (item, path) => new UartPins(
                e.Enum(item, path, "port", ["COM2", "COM3"]), e.Integer(item, path, "tx", 0, 63), e.Integer(item, path, "rx", 0, 63)), ["port", "tx", "rx"]);
            LedPin? led = e.Object(root, "$", "led", (item, path) => new LedPin(
                e.Integer(item, path, "gpio", 0, 63), e.Enum(item, path, "kind", ["gpio", "addressable-rgb"]), e.Boolean(item, path, "activeHigh"), e.Boolean(item, path, "onBoard")), ["gpio", "kind", "activeHigh", "onBoard"]);
            ButtonPin? button = e.Object(root, "$", "button", (item, path) => new ButtonPin(
                e.Integer(item, path, "gpio", 0, 63), e.Boolean(item, path, "activeLow"), e.Boolean(item, path, "onBoard")), ["gpio", "activeLow", "onBoard"]);
            List<ReservedGpio> reserved = e.Array(root, "$", "reservedGpios", 0, 64, (item, path) => new ReservedGpio(
                e.Integer(item, path, "gpio", 0, 63), e.String(item, path, "use")), ["gpio", "use"]);
            List<int> strapping = e.IntegerArray(root, "$", "strappingGpios");
            List<int> inputOnly = e.IntegerArray(root, "$", "inputOnlyGpios");
            List<string> roleNames = e.StringArray(root, "$", "roles", 1);
            List<string> sources = e.StringArray(root, "$", "sources", 1);
            string? notes = e.OptionalString(root, "$", "notes");

            for (int i = 0; i < sources.Count; i++)
            {
                if (!sources[i].StartsWith("https://", StringComparison.Ordinal))
                {
                    e.Add($"$.sources[{i}]", $"'{sources[i]}' must be an https:// address");
                }
            }

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

            if (e.Count == 0)
            {
                CheckConsistency(e, id, chip, target, flash, psram, drive, sd, storage, uarts, led!, button!, reserved, strapping, inputOnly, roles);
            }

            if (e.Count > 0)
            {
                throw new BoardProfileException(source, e.List);
            }

            return new BoardProfile(id, name, chip, module, target, flash, psram, drive, sd, storage, usb, uarts, led!, button!, reserved, strapping, inputOnly, roles, sources, notes);
        }
    }

    private static SdCardPins? ReadSdCard(JsonElement root, Errors e)
    {
        if (!root.TryGetProperty("sdCard", out JsonElement sd) || sd.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return e.Object(root, "$", "sdCard", (item, path) => new SdCardPins(
            e.Integer(item, path, "cs", 0, 63), e.Integer(item, path, "sck", 0, 63), e.Integer(item, path, "mosi", 0, 63), e.Integer(item, path, "miso", 0, 63)), ["cs", "sck", "mosi", "miso"]);
    }

    private static void CheckConsistency(
        Errors e, string id, string chip, string target, long flash, long psram, long drive, SdCardPins? sd, BoardStorage storage,
        List<UartPins> uarts, LedPin led, ButtonPin button, List<ReservedGpio> reserved, List<int> strapping, List<int> inputOnly, List<BoardRole> roles)
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

    /// <summary>Collects errors while reading, so one pass reports everything.</summary>
    private sealed class Errors
    {
        public List<string> List { get; } = [];

        public int Count => List.Count;

        public void Add(string path, string message) => List.Add($"{path}: {message}");

        public void UnknownProperties(JsonElement obj, string path, IReadOnlyCollection<string> allowed)
        {
            foreach (JsonProperty property in obj.EnumerateObject())
            {
                if (!allowed.Contains(property.Name))
                {
                    Add($"{path}.{property.Name}", "unknown property");
                }
            }
        }

        public string String(JsonElement obj, string path, string name)
        {
            if (!TryGet(obj, path, name, JsonValueKind.String, "a string", out JsonElement value))
            {
                return string.Empty;
            }

            string text = value.GetString()!;
            if (text.Trim().Length == 0)
            {
                Add($"{path}.{name}", "must not be empty");
            }

            return text;
        }

        public string? OptionalString(JsonElement obj, string path, string name)
        {
            if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Add($"{path}.{name}", $"must be a string, not {Describe(value)}");
                return null;
            }

            return value.GetString();
        }

        public string Enum(JsonElement obj, string path, string name, IReadOnlyList<string> allowed)
        {
            if (!TryGet(obj, path, name, JsonValueKind.String, "a string", out JsonElement value))
            {
                return string.Empty;
            }

            string text = value.GetString()!;
            if (!allowed.Contains(text))
            {
                Add($"{path}.{name}", $"'{text}' is not one of {string.Join(", ", allowed)}");
            }

            return text;
        }

        public int Integer(JsonElement obj, string path, string name, int min, int max) => (int)Integer(obj, path, name, (long)min, max);

        public long Integer(JsonElement obj, string path, string name, long min, long max)
        {
            if (!TryGet(obj, path, name, JsonValueKind.Number, "an integer", out JsonElement value))
            {
                return 0;
            }

            if (!value.TryGetInt64(out long number))
            {
                Add($"{path}.{name}", $"must be an integer, not {value.GetRawText()}");
                return 0;
            }

            if (number < min || number > max)
            {
                Add($"{path}.{name}", $"{number} is out of range ({min}–{max})");
                return 0;
            }

            return number;
        }

        public bool Boolean(JsonElement obj, string path, string name)
        {
            if (!obj.TryGetProperty(name, out JsonElement value))
            {
                Add($"{path}.{name}", "is required");
                return false;
            }

            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Add($"{path}.{name}", $"must be true or false, not {Describe(value)}");
                return false;
            }

            return value.GetBoolean();
        }

        public T? Object<T>(JsonElement obj, string path, string name, Func<JsonElement, string, T> read, IReadOnlyCollection<string> allowed)
            where T : class
        {
            if (!TryGet(obj, path, name, JsonValueKind.Object, "an object", out JsonElement value))
            {
                return null;
            }

            string here = $"{path}.{name}";
            UnknownProperties(value, here, allowed);
            return read(value, here);
        }

        public List<T> Array<T>(JsonElement obj, string path, string name, int min, int max, Func<JsonElement, string, T> read, IReadOnlyCollection<string> allowed)
        {
            var list = new List<T>();
            if (!TryGet(obj, path, name, JsonValueKind.Array, "an array", out JsonElement value))
            {
                return list;
            }

            int length = value.GetArrayLength();
            if (length < min || length > max)
            {
                Add($"{path}.{name}", $"has {length} item(s); expected {min}–{max}");
            }

            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                string here = $"{path}.{name}[{i}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Add(here, $"must be an object, not {Describe(item)}");
                }
                else
                {
                    UnknownProperties(item, here, allowed);
                    list.Add(read(item, here));
                }

                i++;
            }

            return list;
        }

        public List<int> IntegerArray(JsonElement obj, string path, string name)
        {
            var list = new List<int>();
            if (!TryGet(obj, path, name, JsonValueKind.Array, "an array", out JsonElement value))
            {
                return list;
            }

            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out int n) && n >= 0 && n <= 63)
                {
                    if (list.Contains(n))
                    {
                        Add($"{path}.{name}[{i}]", $"GPIO{n} is listed twice");
                    }

                    list.Add(n);
                }
                else
                {
                    Add($"{path}.{name}[{i}]", $"must be a GPIO number 0–63, not {item.GetRawText()}");
                }

                i++;
            }

            return list;
        }

        public List<string> StringArray(JsonElement obj, string path, string name, int min)
        {
            var list = new List<string>();
            if (!TryGet(obj, path, name, JsonValueKind.Array, "an array", out JsonElement value))
            {
                return list;
            }

            if (value.GetArrayLength() < min)
            {
                Add($"{path}.{name}", $"needs at least {min} item(s)");
            }

            int i = 0;
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    list.Add(item.GetString()!);
                }
                else
                {
                    Add($"{path}.{name}[{i}]", $"must be a string, not {Describe(item)}");
                }

                i++;
            }

            return list;
        }

        private bool TryGet(JsonElement obj, string path, string name, JsonValueKind kind, string what, out JsonElement value)
        {
            if (!obj.TryGetProperty(name, out value))
            {
                Add($"{path}.{name}", "is required");
                return false;
            }

            if (value.ValueKind != kind)
            {
                Add($"{path}.{name}", $"must be {what}, not {Describe(value)}");
                return false;
            }

            return true;
        }

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"the string \"{value.GetString()}\"",
            JsonValueKind.Number => $"the number {value.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "an array",
            _ => "an object",
        };
    }
}

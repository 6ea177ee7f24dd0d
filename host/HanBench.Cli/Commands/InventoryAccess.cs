using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HanBench.Cli.Output;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Cli.Commands;

/// <summary>
/// What the inventory commands share: the <c>--db</c> and <c>--json</c> options, opening the store with one-line
/// errors, EUI-64 and enum arguments, RequestIDs for CLI-made requests, and JSON output.
/// </summary>
internal static class InventoryAccess
{
    /// <summary>Environment variable that overrides the default database path.</summary>
    public const string DatabaseVariable = "HANBENCH_DB";

    /// <summary>
    /// The RTDS supplier identity (shared/vectors README), the Service User CLI requests come from unless
    /// <c>--service-user</c> says otherwise: alerts about them are routed to it.
    /// </summary>
    public static readonly Eui64 DefaultServiceUser = Keystore.DefaultSupplier;

    /// <summary>
    /// The default inventory file: <c>$HANBENCH_DB</c> if set, otherwise <c>HanBench/inventory.db</c> under the user's
    /// local application data folder (Linux: <c>~/.local/share</c>, Windows: <c>%LOCALAPPDATA%</c>).
    /// </summary>
    public static string DefaultDatabasePath => UserDataPath(DatabaseVariable, "inventory.db");

    /// <summary><c>$variable</c> if set, otherwise <c>HanBench/name</c> under the user's local application data folder.</summary>
    public static string UserDataPath(string variable, string name) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "HanBench", name);

    public static Option<string?> DatabaseOption() => new("--db")
    {
        Description = $"Inventory database file (default: ${DatabaseVariable}, else HanBench/inventory.db in the user's local data folder).",
    };

    /// <summary>
    /// Takes the one-engine-per-inventory lock (<see cref="InventoryEngineLock"/>) for <paramref name="command"/>; another
    /// engine holding it is <see cref="ExitCodes.InUse"/> with a line saying so.
    /// </summary>
    public static InventoryEngineLock LockForEngine(string inventoryPath, string command)
    {
        try
        {
            return InventoryEngineLock.Acquire(inventoryPath, command);
        }
        catch (InventoryInUseException ex)
        {
            throw new CliException($"{command}: {ex.Message}", ExitCodes.InUse);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{command}: cannot lock {InventoryEngineLock.PathFor(inventoryPath)}: {ex.Message}", ExitCodes.Failed);
        }
    }

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    /// <summary>
    /// Opens an inventory that must exist already (every read, and every write naming devices): a mistyped <c>--db</c> is bad input naming the file, never
    /// a new empty database.
    /// </summary>
    public static InventoryStore OpenExisting(string? path)
    {
        string file = Resolve(path);
        RefuseFolder(file);
        if (file != InventoryStore.InMemory && !File.Exists(file))
        {
            throw new CliException($"no inventory at {file} (create one with 'hanbench inventory init --db {file}', or by pre-notifying a device)", ExitCodes.BadInput);
        }

        return OpenStore(file);
    }

    /// <summary>
    /// Opens the inventory for a write that adds devices (pre-notify, init, a server), creating it (and its folder) if it
    /// does not exist, and saying so on stderr. A write naming devices already held opens with <see cref="OpenExisting"/>:
    /// on a new empty inventory it could only be refused.
    /// </summary>
    public static InventoryStore OpenOrCreate(CliConsole console, string? path)
    {
        string file = Resolve(path);
        RefuseFolder(file);
        bool creating = file != InventoryStore.InMemory && !File.Exists(file);
        if (creating && Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } folder)
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot create the inventory {file}: {e.Message}", ExitCodes.BadInput);
            }
        }

        InventoryStore store = OpenStore(file);
        if (creating)
        {
            console.Error.WriteLine($"hanbench: created a new inventory {file}");
        }

        return store;
    }

    /// <summary>A device named that the inventory does not hold: bad input, as an unknown request is (audit B4).</summary>
    public static CliException NotInInventory(Eui64 id) => new($"{id} is not in the inventory", ExitCodes.BadInput);

    /// <summary>Refuses, as <see cref="NotInInventory"/>, the first of <paramref name="ids"/> the inventory does not hold.</summary>
    public static void RequireHeld(InventoryStore store, IEnumerable<Eui64> ids)
    {
        Eui64[] missing = store.Read(s => ids.Where(id => s.Devices.Find(id) is null).Take(1).ToArray());
        if (missing.Length > 0)
        {
            throw NotInInventory(missing[0]);
        }
    }

    private static void RefuseFolder(string file)
    {
        if (Directory.Exists(file))
        {
            throw new CliException($"the inventory {file} is a folder, not a database file", ExitCodes.BadInput);
        }
    }

    private static string Resolve(string? path) => string.IsNullOrWhiteSpace(path) ? DefaultDatabasePath : path;

    private static InventoryStore OpenStore(string file)
    {
        try
        {
            InventoryStore store = InventoryStore.Open(file);
            store.UseLargeCache();
            return store;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new CliException($"cannot open the inventory {file}: {e.Message}", ExitCodes.BadInput);
        }
    }

    public static Eui64 ParseEui(string? text, string what) =>
        Eui64.TryParse(text, out Eui64 eui) ? eui : throw new CliException($"{what}: '{text}' is not an EUI-64 (e.g. 00-DB-12-34-56-78-90-A4)", ExitCodes.BadInput);

    public static IReadOnlyList<Eui64> ParseEuiList(string? text, string what)
    {
        string[] parts = (text ?? string.Empty).Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new CliException($"{what}: no device given", ExitCodes.BadInput);
        }

        return parts.Select(p => ParseEui(p, what)).ToList();
    }

    public static T ParseEnum<T>(string? text, string what)
        where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out T value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new CliException($"{what}: '{text}' is not one of {string.Join(", ", Enum.GetNames<T>())}", ExitCodes.BadInput);

    /// <summary>An Alt HAN Device Variant B1–B4 given on the command line (any case), or a usage error naming <paramref name="what"/>.</summary>
    public static AltHanVariant ParseVariant(string text, string what) =>
        AltHanVariants.TryParse(text.ToUpperInvariant(), out AltHanVariant variant)
            ? variant
            : throw new CliException($"{what}: '{text}' is not one of {string.Join(", ", AltHanVariants.Bridges)}", ExitCodes.BadInput);

    /// <summary>A RequestID for a request the CLI makes (<see cref="DuisRequestId.Next"/>).</summary>
    public static string NewRequestId(Eui64 serviceUser, Eui64 target) => DuisRequestId.Next(serviceUser, target).ToString();

    /// <summary>
    /// Handlers over the store. No device link exists in the CLI or <c>serve</c>: 11.2/11.3 answer "unreachable", and the
    /// CS02 credential requests are acknowledged and queued in the inventory for <c>csp run</c> (as <c>firmware submit</c>
    /// queues firmware) rather than sent; <paramref name="keystore"/> issues certificates for 6.17.
    /// </summary>
    public static ServiceRequestHandlers Handlers(InventoryStore store, ServiceRequestSettings? settings = null, HanBench.Host.Keys.Keystore? keystore = null) =>
        new(store, new NoDeviceGateway(), settings: settings, keystore: keystore, queueCredentials: true);

    /// <summary>
    /// Prints a service request's outcome: "I…"/"W…" on Out (with <paramref name="json"/>, as <see cref="ServiceOutcomeJson"/>),
    /// a refusal as one line on Error with exit 1 (a refused request is a failed expected step).
    /// </summary>
    public static int Finish(CliConsole console, ServiceResult result, bool json) => Finish(console, result, json ? ServiceOutcomeJson.From(result) : null);

    /// <summary>As <see cref="Finish(CliConsole, ServiceResult, bool)"/>, printing <paramref name="record"/> (the outcome and its data) when not null.</summary>
    public static int Finish<TRecord>(CliConsole console, ServiceResult result, TRecord? record)
        where TRecord : class
    {
        if (record is not null)
        {
            CliJson.Write(console, record);
        }

        return Conclude(console, result, printed: record is not null);
    }

    /// <summary>
    /// As <see cref="Finish(CliConsole, ServiceResult, bool)"/> for outcomes whose data the library writes itself
    /// (<paramref name="extra"/>: the properties after <c>responseCode</c>, <c>message</c> and <c>refused</c>).
    /// </summary>
    public static int Finish(CliConsole console, ServiceResult result, bool json, Action<Utf8JsonWriter> extra)
    {
        if (json)
        {
            CliJson.Write(console, w =>
            {
                w.WriteStartObject();
                w.WriteString("responseCode", result.ResponseCode);
                w.WriteString("message", result.Message);
                w.WriteBoolean("refused", result.IsRefused);
                extra(w);
                w.WriteEndObject();
            });
        }

        return Conclude(console, result, printed: json);
    }

    /// <summary>
    /// The outcome as a line unless <paramref name="printed"/> as JSON; a refusal on Error, exit 1, except a device the
    /// inventory does not hold (E19): bad input, exit 2, as the reads' <see cref="NotInInventory"/> (README exit codes).
    /// </summary>
    private static int Conclude(CliConsole console, ServiceResult result, bool printed)
    {
        if (result.IsRefused)
        {
            console.Error.WriteLine($"hanbench: error: {result.ResponseCode}: {result.Message}");
            return result.ResponseCode == DuisResponseCodes.UnknownDevice ? ExitCodes.BadInput : ExitCodes.Failed;
        }

        if (!printed)
        {
            console.Out.WriteLine($"{result.ResponseCode}: {result.Message}");
        }

        return ExitCodes.Ok;
    }

    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>The CLI has no link to devices: device reads and CS06 say so instead of pretending.</summary>
    private sealed class NoDeviceGateway : IDeviceGateway
    {
        public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken) =>
            Task.FromResult(new FirmwareVersionReading(FirmwareVersionReadStatus.Unreachable, null, "no device link is configured in this HanBench (the CSP distribution engine provides one)"));
    }
}

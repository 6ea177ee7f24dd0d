using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HanBench.Cli.Output;

/// <summary>
/// How every command prints <c>--json</c>: an output record (one type per kind of output, in this folder) rendered by
/// <see cref="JsonSerializer"/> through <see cref="CliJsonContext"/>: camelCase names, nulls written unless a property
/// says otherwise, indented as one document (what scripts and the tests read today); streams of records
/// (<c>firmware status --watch</c>) print one compact record per line (JSON Lines).
/// </summary>
internal static class CliJson
{
    /// <summary>One record per line: the options of <see cref="CliJsonContext"/> without indentation.</summary>
    private static readonly JsonSerializerOptions Lines = new(CliJsonContext.Default.Options) { WriteIndented = false };

    /// <summary>Writes <paramref name="value"/> as one indented JSON document and a line break.</summary>
    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, TypeInfo<T>(CliJsonContext.Default.Options)));

    /// <summary>Writes <paramref name="items"/> as one indented JSON array (the list commands).</summary>
    public static void WriteList<T>(TextWriter output, IEnumerable<T> items) => Write<IReadOnlyList<T>>(output, items.ToList());

    /// <summary>Writes <paramref name="value"/> as one JSON line (a record of a stream).</summary>
    public static void WriteLine<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, TypeInfo<T>(Lines)));

    private static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) =>
        options.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not an output record of {nameof(CliJsonContext)}");
}

/// <summary>The output records the CLI prints, serialized without reflection (System.Text.Json source generation).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ServiceOutcomeJson))]
[JsonSerializable(typeof(IReadOnlyList<AlertJson>))]
[JsonSerializable(typeof(IReadOnlyList<AlertRefusalJson>))]
[JsonSerializable(typeof(AlertDeliveryJson))]
[JsonSerializable(typeof(ServiceUserJson))]
[JsonSerializable(typeof(IReadOnlyList<ServiceUserJson>))]
[JsonSerializable(typeof(FirmwareSubmitJson))]
[JsonSerializable(typeof(IReadOnlyList<FirmwareRequestSummaryJson>))]
[JsonSerializable(typeof(FirmwareRequestStatusJson))]
[JsonSerializable(typeof(FirmwareCancelJson))]
[JsonSerializable(typeof(FirmwareWatchJson))]
[JsonSerializable(typeof(InventoryInitJson))]
[JsonSerializable(typeof(IReadOnlyList<DeviceJson>))]
[JsonSerializable(typeof(BulkPrenotificationJson))]
[JsonSerializable(typeof(CplEntryJson))]
[JsonSerializable(typeof(IReadOnlyList<CplEntryJson>))]
[JsonSerializable(typeof(IReadOnlyList<CredentialJson>))]
[JsonSerializable(typeof(ImageInspectionJson))]
[JsonSerializable(typeof(DuisLoadJson))]
[JsonSerializable(typeof(ServeListeningJson))]
[JsonSerializable(typeof(UiListeningJson))]
[JsonSerializable(typeof(AboutJson))]
[JsonSerializable(typeof(OtaBenchJson))]
[JsonSerializable(typeof(RadioModelJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HanBench.Cli.Output;

/// <summary>
/// The one place <c>--json</c> is written. Output records (one type per kind of output, in this folder) go through
/// <see cref="JsonSerializer"/> and <see cref="CliJsonContext"/> (camelCase names, nulls written unless a property says
/// otherwise); JSON the library renders itself (deployment records, credentials, scale figures) and JSON nodes (GBCS and
/// ZCL fields, the demo's report, ports) through a <see cref="Utf8JsonWriter"/>. Each document is indented for a person
/// on a terminal and one compact line for a pipe or a file ("piped output is one record per line"); a list is one JSON
/// array either way (the same value a script reads on a terminal or through a pipe); a stream of records
/// (<c>firmware status --watch</c>) is one compact record per line (JSON Lines) everywhere. Strings are written as they
/// are (no <c>\uXXXX</c> for non-ASCII or HTML characters): this JSON goes to terminals and scripts, never into a page.
/// </summary>
internal static class CliJson
{
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The options of <see cref="CliJsonContext"/> indented (for a terminal).</summary>
    private static readonly JsonSerializerOptions Indented = new(CliJsonContext.Default.Options) { WriteIndented = true, Encoder = Encoder };

    /// <summary>The options of <see cref="CliJsonContext"/> on one line (for a pipe, a file, a stream of records).</summary>
    private static readonly JsonSerializerOptions Compact = new(CliJsonContext.Default.Options) { WriteIndented = false, Encoder = Encoder };

    /// <summary>Writes <paramref name="value"/> to <paramref name="console"/>'s output: one document, indented on a terminal, else one line.</summary>
    public static void Write<T>(CliConsole console, T value) =>
        console.Out.WriteLine(JsonSerializer.Serialize(value, TypeInfo<T>(console.IsTerminal ? Indented : Compact)));

    /// <summary>Writes <paramref name="items"/> as one JSON array (the list commands), as <see cref="Write{T}(CliConsole, T)"/>.</summary>
    public static void WriteList<T>(CliConsole console, IEnumerable<T> items) => Write<IReadOnlyList<T>>(console, items.ToList());

    /// <summary>Writes <paramref name="value"/> as one JSON line, on a terminal too (a record of a stream).</summary>
    public static void WriteLine<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, TypeInfo<T>(Compact)));

    /// <summary>Writes a JSON node (fields built by a decoder, a report serialized by reflection), as <see cref="Write{T}(CliConsole, T)"/>.</summary>
    public static void WriteNode(CliConsole console, JsonNode? node) => Write(console, w =>
    {
        if (node is null)
        {
            w.WriteNullValue();
        }
        else
        {
            node.WriteTo(w);
        }
    });

    /// <summary>Writes the one document <paramref name="write"/> renders, as <see cref="Write{T}(CliConsole, T)"/>.</summary>
    public static void Write(CliConsole console, Action<Utf8JsonWriter> write) => Write(console.Out, console.IsTerminal, write);

    /// <summary>Writes the one document <paramref name="write"/> renders to <paramref name="output"/>, indented or on one line, and a line break.</summary>
    public static void Write(TextWriter output, bool indented, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = Encoder }))
        {
            write(json);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Writes <paramref name="items"/> as one JSON array, each by <paramref name="writeItem"/>, to <paramref name="console"/>'s output.</summary>
    public static void WriteArray<T>(CliConsole console, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem) =>
        WriteArray(console.Out, console.IsTerminal, items, writeItem);

    /// <summary>Writes <paramref name="items"/> as one JSON array, each by <paramref name="writeItem"/>.</summary>
    public static void WriteArray<T>(TextWriter output, bool indented, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeItem) => Write(output, indented, w =>
    {
        w.WriteStartArray();
        foreach (T item in items)
        {
            writeItem(w, item);
        }

        w.WriteEndArray();
    });

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

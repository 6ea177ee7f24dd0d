using System.Globalization;
using System.Text;
using System.Text.Json;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Reports;

/// <summary>One line of the AltHANCo report: how many bridges of a variant run a version of a component.</summary>
/// <param name="Variant">Alt HAN Device Variant B1–B4.</param>
/// <param name="Component">Firmware component (<see cref="FirmwareComponents"/>).</param>
/// <param name="FirmwareVersion">The version, or null for bridges with no version recorded for the component.</param>
/// <param name="Devices">How many bridges.</param>
/// <param name="LastChangeUtc">The latest time one of them changed to this version (null for the unrecorded line).</param>
public sealed record AltHanCoReportLine(AltHanVariant Variant, string Component, string? FirmwareVersion, long Devices, DateTimeOffset? LastChangeUtc);

/// <summary>
/// The report the DCC gives AltHANCo on deployed firmware versions (SECMP0170 §3.4 requirement 4; §4.2 "Reporting":
/// the DSP extract "contains all the necessary information including the active firmware version"). Per Alt HAN
/// variant and firmware component: the versions deployed, the number of bridges on each and when that last changed.
/// A bridge is a PPMID whose SMETS variant is B1–B4 (§4.2). The components expected of a variant (SiLabs on all,
/// Broadcom on B1–B3, §4.3) are always listed, with an unrecorded line for bridges whose version is not known.
/// </summary>
public sealed class AltHanCoReport
{
    private AltHanCoReport(DateTimeOffset generatedUtc, IReadOnlyDictionary<AltHanVariant, long> bridges, IReadOnlyList<AltHanCoReportLine> lines)
    {
        GeneratedUtc = generatedUtc;
        BridgesPerVariant = bridges;
        Lines = lines;
    }

    /// <summary>When the report was made.</summary>
    public DateTimeOffset GeneratedUtc { get; }

    /// <summary>Bridges in the inventory per variant (every variant listed, zero included).</summary>
    public IReadOnlyDictionary<AltHanVariant, long> BridgesPerVariant { get; }

    /// <summary>The lines, by variant, component, then version.</summary>
    public IReadOnlyList<AltHanCoReportLine> Lines { get; }

    /// <summary>Bridges in all.</summary>
    public long TotalBridges => BridgesPerVariant.Values.Sum();

    /// <summary>The components each variant carries (SECMP0170 §4.3: SiLabs on all, the shared Broadcom image on B1–B3).</summary>
    public static IReadOnlyList<string> ExpectedComponents(AltHanVariant variant) =>
        variant == AltHanVariant.B4 ? [FirmwareComponents.SiLabs] : [FirmwareComponents.SiLabs, FirmwareComponents.Broadcom];

    /// <summary>Builds the report from the inventory in one read (two grouped queries over the variant index).</summary>
    public static AltHanCoReport Build(InventorySession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var bridges = AltHanVariants.Bridges.ToDictionary(v => v, _ => 0L);
        using (SqliteCommand count = session.Command(
            $"SELECT smets_variant, COUNT(*) FROM devices WHERE smets_variant IN ({AltHanVariants.SqlList}) AND device_type = 'PPMID' GROUP BY smets_variant"))
        using (SqliteDataReader r = count.ExecuteReader())
        {
            while (r.Read())
            {
                bridges[Enum.Parse<AltHanVariant>(r.GetString(0))] = r.GetInt64(1);
            }
        }

        var found = new List<AltHanCoReportLine>();
        using (SqliteCommand grouped = session.Command(
            $"""
            SELECT d.smets_variant, f.component, f.version, COUNT(*), MAX(f.updated_utc)
            FROM devices d JOIN device_firmware f ON f.eui64 = d.eui64
            WHERE d.smets_variant IN ({AltHanVariants.SqlList}) AND d.device_type = 'PPMID'
            GROUP BY d.smets_variant, f.component, f.version
            """))
        using (SqliteDataReader r = grouped.ExecuteReader())
        {
            while (r.Read())
            {
                found.Add(new AltHanCoReportLine(
                    Enum.Parse<AltHanVariant>(r.GetString(0)),
                    r.GetString(1),
                    r.GetString(2),
                    r.GetInt64(3),
                    DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)));
            }
        }

        var lines = new List<AltHanCoReportLine>(found);
        foreach (AltHanVariant variant in AltHanVariants.Bridges)
        {
            var components = ExpectedComponents(variant).Union(found.Where(l => l.Variant == variant).Select(l => l.Component)).ToList();
            foreach (string component in components)
            {
                long known = found.Where(l => l.Variant == variant && l.Component == component).Sum(l => l.Devices);
                if (bridges[variant] - known > 0)
                {
                    lines.Add(new AltHanCoReportLine(variant, component, null, bridges[variant] - known, null));
                }
            }
        }

        List<AltHanCoReportLine> ordered = lines
            .OrderBy(l => l.Variant)
            .ThenBy(l => ComponentOrder(l.Component)).ThenBy(l => l.Component, StringComparer.Ordinal)
            .ThenBy(l => l.FirmwareVersion is null).ThenBy(l => l.FirmwareVersion, StringComparer.Ordinal)
            .ToList();
        return new AltHanCoReport(session.Now, bridges, ordered);
    }

    /// <summary>
    /// CSV, one line per variant/component/version: <c>variant,component,firmware_version,devices,last_change_utc</c>.
    /// An unrecorded version is the empty field.
    /// </summary>
    public void WriteCsv(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("variant,component,firmware_version,devices,last_change_utc");
        foreach (AltHanCoReportLine line in Lines)
        {
            output.Write(line.Variant.ToString());
            output.Write(',');
            output.Write(Csv(line.Component));
            output.Write(',');
            output.Write(Csv(line.FirmwareVersion ?? string.Empty));
            output.Write(',');
            output.Write(line.Devices.ToString(CultureInfo.InvariantCulture));
            output.Write(',');
            output.WriteLine(line.LastChangeUtc is { } at ? Time(at) : string.Empty);
        }
    }

    /// <summary>
    /// JSON: <c>{ "report": "althanco", "generatedUtc", "totalBridges", "variants": [ { "variant", "bridges",
    /// "components": [ { "component", "versions": [ { "firmwareVersion", "devices", "lastChangeUtc" } ] } ] } ] }</c>;
    /// an unrecorded version has <c>"firmwareVersion": null</c>.
    /// </summary>
    public void WriteJson(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        WriteJson(json);
    }

    /// <summary>As <see cref="WriteJson(Stream)"/>, through a writer whose options (indentation) the caller chose.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("report", "althanco");
        json.WriteString("generatedUtc", Time(GeneratedUtc));
        json.WriteNumber("totalBridges", TotalBridges);
        json.WriteStartArray("variants");
        foreach (AltHanVariant variant in AltHanVariants.Bridges)
        {
            json.WriteStartObject();
            json.WriteString("variant", variant.ToString());
            json.WriteNumber("bridges", BridgesPerVariant[variant]);
            json.WriteStartArray("components");
            foreach (IGrouping<string, AltHanCoReportLine> component in Lines.Where(l => l.Variant == variant).GroupBy(l => l.Component))
            {
                json.WriteStartObject();
                json.WriteString("component", component.Key);
                json.WriteStartArray("versions");
                foreach (AltHanCoReportLine line in component)
                {
                    json.WriteStartObject();
                    if (line.FirmwareVersion is null)
                    {
                        json.WriteNull("firmwareVersion");
                    }
                    else
                    {
                        json.WriteString("firmwareVersion", line.FirmwareVersion);
                    }

                    json.WriteNumber("devices", line.Devices);
                    if (line.LastChangeUtc is { } at)
                    {
                        json.WriteString("lastChangeUtc", Time(at));
                    }
                    else
                    {
                        json.WriteNull("lastChangeUtc");
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The JSON as a string.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteJson(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static int ComponentOrder(string component) => component switch
    {
        FirmwareComponents.SiLabs => 0,
        FirmwareComponents.Broadcom => 1,
        _ => 2,
    };

    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

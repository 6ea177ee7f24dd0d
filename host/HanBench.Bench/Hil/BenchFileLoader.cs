using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HanBench.Bench.Radio;
using HanBench.Device.Configuration;
using HanBench.Device.Roles;
using HanBench.Host.Json;
using HanBench.Protocol.Management;
using HanBench.Transports;

namespace HanBench.Bench.Hil;

/// <summary>
/// Reads and checks a bench file (format <see cref="BenchFile.CurrentFormat"/>, documented in boards/benches/README.md,
/// schema boards/benches/bench.schema.json) with System.Text.Json into <see cref="BenchFileJson"/> and its kin
/// (<see cref="StrictJson"/>), then applies the format's rules. Strict: an unknown member, a wrong type, a name that does
/// not resolve, a topology that is not a tree rooted at the hub, a link that does not fit the role — each is refused with
/// the JSON path of the first defect and what is wrong there (<see cref="BenchFileException"/>).
/// </summary>
public static partial class BenchFileLoader
{
    /// <summary>Largest generated image body (HanBench choice: a bench run in real time, not a scale test).</summary>
    public const int MaxImageBytes = 1024 * 1024;

    /// <summary>How bench files are read: comments skipped (bench files are edited by hand and annotated).</summary>
    public static JsonSerializerOptions Options { get; } = StrictJson.Options(JsonCommentHandling.Skip);

    /// <summary>Reads <paramref name="path"/>; throws <see cref="BenchFileException"/> for an unreadable or invalid file.</summary>
    public static BenchFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BenchFileException(path, "$", $"cannot read the file ({ex.Message})");
        }

        return Parse(text, path);
    }

    /// <summary>Parses <paramref name="json"/>; <paramref name="sourcePath"/> names it in errors and anchors relative image paths.</summary>
    public static BenchFile Parse(string json, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new Reader(sourcePath ?? "bench.json");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            throw reader.Fail("$", $"not JSON: {ex.Message}");
        }

        using (document)
        {
            return reader.Read(document.RootElement, sourcePath);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,32}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9A-Fa-f]{16}$")]
    private static partial Regex EuiPattern();

    [GeneratedRegex("^[0-9A-Fa-f]{8}$")]
    private static partial Regex VersionPattern();

    private sealed partial class Reader(string file)
    {
        public BenchFileException Fail(string path, string problem) => new(file, path, problem);

        public BenchFile Read(JsonElement root, string? sourcePath)
        {
            // The format first: a newer file's other members would otherwise hide the one thing that matters.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out JsonElement format)
                && format.ValueKind == JsonValueKind.String && format.GetString() != BenchFile.CurrentFormat)
            {
                throw Fail("$.format", $"'{format.GetString()}' is not a format this build reads ({BenchFile.CurrentFormat})");
            }

            BenchFileJson bench = Typed<BenchFileJson>(root, "$");
            string name = CheckName(bench.Name, "$.name");
            ulong hostEui = bench.HostEui64 is { } host ? ParseEui(host, "$.hostEui64") : RoleAddressing.DefaultHostEui;
            ulong seed = bench.Seed ?? 1;
            if (bench.Nodes.Count == 0)
            {
                throw Fail("$.nodes", "needs at least 1 item(s)");
            }

            IReadOnlyList<BenchNode> nodes = ReadNodes(bench.Nodes, hostEui);
            IReadOnlyList<BenchHop> hops = ReadHops(bench.Hops, nodes);
            CheckTopology(nodes, hops, hostEui);
            IReadOnlyList<BenchImageSpec> images = ReadImages(bench.Images ?? [], nodes, seed, sourcePath);
            IReadOnlyList<BenchStep> steps = ReadSteps(bench.Steps, nodes, images);
            return new BenchFile(name, sourcePath, hostEui, seed, nodes, hops, images, steps);
        }

        /// <summary>Reads <paramref name="element"/> as a <typeparamref name="T"/>, refusing the file at its first problem.</summary>
        private T Typed<T>(JsonElement element, string at)
            where T : class
        {
            var problems = new List<JsonProblem>();
            T? value = StrictJson.Read<T>(element, Options, problems, at);
            return problems.Count == 0 && value is not null ? value : throw Fail(problems[0].Path, problems[0].Message);
        }

        private List<BenchNode> ReadNodes(IReadOnlyList<BenchNodeJson> items, ulong hostEui)
        {
            var nodes = new List<BenchNode>();
            for (int index = 0; index < items.Count; index++)
            {
                BenchNodeJson item = items[index];
                string at = $"$.nodes[{index}]";
                string name = CheckName(item.Name, at + ".name");
                if (nodes.Any(n => n.Name == name))
                {
                    throw Fail(at + ".name", $"a node called '{name}' exists already");
                }

                ConfiguredRole configured = RoleConfigMapping.ParseRole(item.Role);
                if (configured == ConfiguredRole.None)
                {
                    throw Fail(at + ".role", $"unknown role '{item.Role}' (hub, ppmid, bridge, meter)");
                }

                DeviceRoleKind role = RoleConfigMapping.ToRoleKind(configured);
                AltHanVariant variant = AltHanVariant.None;
                if (item.Variant is { } text)
                {
                    variant = RoleConfigMapping.ParseVariant(text);
                    if (variant == AltHanVariant.None)
                    {
                        throw Fail(at + ".variant", $"'{text}' is not B1, B2, B3 or B4");
                    }
                }

                if ((role == DeviceRoleKind.Bridge) != (variant != AltHanVariant.None))
                {
                    throw Fail(at + ".variant", role == DeviceRoleKind.Bridge ? "a bridge needs a variant B1–B4" : "only a bridge has a variant");
                }

                ulong eui = ParseEui(item.Eui64, at + ".eui64");
                if (eui == hostEui)
                {
                    throw Fail(at + ".eui64", $"{eui:X16} is the host's EUI-64");
                }

                if (nodes.FirstOrDefault(n => n.Eui64 == eui) is { } same)
                {
                    throw Fail(at + ".eui64", $"{eui:X16} is {same.Name}'s EUI-64 already");
                }

                NodeRun run = item.Run switch
                {
                    "virtual" => NodeRun.Virtual,
                    "process" => NodeRun.Process,
                    "serial" => NodeRun.Serial,
                    _ => throw Fail(at + ".run", $"unknown run '{item.Run}' (virtual, process, serial)"),
                };

                Dictionary<string, string> links = ReadLinks(item.Links, at, configured, run);
                long? restart = item.RestartMs is { } r ? CheckRange(r, at + ".restartMs", 0, 3_600_000) : null;
                if (restart is not null && run == NodeRun.Serial)
                {
                    throw Fail(at + ".restartMs", "a real board restarts in the time its firmware takes; restartMs applies to virtual and process nodes");
                }

                HanDeviceType deviceType = role == DeviceRoleKind.Meter ? HanDeviceType.Gsme : HanDeviceType.Ppmid;
                if (item.DeviceType is { } typeText)
                {
                    if (role != DeviceRoleKind.Meter)
                    {
                        throw Fail(at + ".deviceType", "only a meter node has a device type (PPMIDs and bridges join as PPMIDs)");
                    }

                    deviceType = typeText switch
                    {
                        "gsme" => HanDeviceType.Gsme,
                        "ihd" => HanDeviceType.Ihd,
                        "esme" => HanDeviceType.Esme,
                        _ => throw Fail(at + ".deviceType", $"unknown device type '{typeText}' (gsme, ihd, esme)"),
                    };
                }

                long? meterReport = null;
                if (item.MeterReportMs is { } report)
                {
                    if (role != DeviceRoleKind.Meter || run != NodeRun.Virtual)
                    {
                        throw Fail(at + ".meterReportMs", "applies to virtual meter nodes only");
                    }

                    meterReport = CheckRange(report, at + ".meterReportMs", 100, 3_600_000);
                }

                nodes.Add(new BenchNode(name, role, variant, eui, run, links, restart, deviceType, meterReport));
            }

            int hubs = nodes.Count(n => n.Role == DeviceRoleKind.Hub);
            if (hubs != 1)
            {
                throw Fail("$.nodes", $"a bench has exactly one Comms Hub, this one has {hubs}");
            }

            return nodes;
        }

        private Dictionary<string, string> ReadLinks(IReadOnlyDictionary<string, string>? given, string at, ConfiguredRole role, NodeRun run)
        {
            string[] names = RoleConfigFile.ExpectedLinks(role);
            var links = new Dictionary<string, string>(StringComparer.Ordinal);
            if (given is null)
            {
                if (run == NodeRun.Serial)
                {
                    throw Fail(at, $"a serial node needs 'links': {string.Join(", ", names)} (a link spec such as serial:/dev/ttyUSB0@115200, or \"wired\")");
                }

                return links;
            }

            if (run != NodeRun.Serial)
            {
                throw Fail(at + ".links", $"only serial nodes name their links; a {(run == NodeRun.Virtual ? "virtual" : "process")} node's links are made by the runner");
            }

            if (given.Keys.FirstOrDefault(k => !names.Contains(k)) is { } unknown)
            {
                throw Fail($"{at}.links.{unknown}", $"unknown member (allowed here: {string.Join(", ", names)})");
            }

            foreach (string name in names)
            {
                if (!given.TryGetValue(name, out string? spec))
                {
                    throw Fail(at + ".links", $"missing link '{name}' (this role's links: {string.Join(", ", names)})");
                }

                if (spec != BenchNode.Wired && !LinkSpec.TryParse(spec, out _, out string? error))
                {
                    throw Fail($"{at}.links.{name}", error);
                }

                if (spec == BenchNode.Wired && role == ConfiguredRole.Hub && name == "wan")
                {
                    throw Fail($"{at}.links.{name}", "the WAN link goes to the host: it cannot be wired to a board");
                }

                links[name] = spec;
            }

            return links;
        }

        private List<BenchHop> ReadHops(IReadOnlyList<BenchHopJson>? items, IReadOnlyList<BenchNode> nodes)
        {
            var hops = new List<BenchHop>();
            if (items is null)
            {
                if (nodes.Count > 1)
                {
                    throw Fail("$.hops", "is required: every device but the hub needs a hop towards it");
                }

                return hops;
            }

            for (int index = 0; index < items.Count; index++)
            {
                BenchHopJson item = items[index];
                string at = $"$.hops[{index}]";
                HopKind kind = item.Kind switch
                {
                    "zigbee" => HopKind.ZigBee,
                    "althan" => HopKind.AltHan,
                    _ => throw Fail(at + ".kind", $"unknown hop kind '{item.Kind}' (zigbee, althan; the host–hub WAN link is implicit)"),
                };
                if (item.Between.Count != 2)
                {
                    throw Fail(at + ".between", "a hop joins exactly two nodes");
                }

                string a = item.Between[0];
                string b = item.Between[1];
                CheckNodeName(nodes, a, at + ".between[0]");
                CheckNodeName(nodes, b, at + ".between[1]");
                if (a == b)
                {
                    throw Fail(at + ".between", "a hop joins two different nodes");
                }

                if (hops.Any(h => (h.A == a && h.B == b) || (h.A == b && h.B == a)))
                {
                    throw Fail(at + ".between", $"{a} and {b} are joined by an earlier hop");
                }

                // A real board's UART link carries whole frames (up to 1,044 bytes) and its firmware sizes OTA blocks by
                // it: a radio model with a smaller frame would drop them, so its hops are ideal (the real link is the radio).
                bool real = nodes.First(n => n.Name == a).Run == NodeRun.Serial || nodes.First(n => n.Name == b).Run == NodeRun.Serial;
                string model = real ? "ideal" : kind == HopKind.ZigBee ? "zigbee" : "althan";
                if (item.Model is { } given)
                {
                    model = given;
                    if (model is not ("zigbee" or "althan" or "ideal"))
                    {
                        throw Fail(at + ".model", $"unknown radio model '{model}' (zigbee, althan, ideal)");
                    }

                    if (real && model != "ideal")
                    {
                        throw Fail(at + ".model", "a real board's link carries frames of up to 1,044 bytes, which the " + model + " model drops: a hop with a serial node is ideal");
                    }
                }

                hops.Add(new BenchHop(kind, a, b, item.Wired, model));
            }

            return hops;
        }

        private BenchNode CheckNodeName(IReadOnlyList<BenchNode> nodes, string name, string at) =>
            nodes.FirstOrDefault(n => n.Name == name) ?? throw Fail(at, $"no node called '{name}' (nodes: {string.Join(", ", nodes.Select(n => n.Name))})");

        private string CheckName(string value, string at) =>
            NamePattern().IsMatch(value) ? value : throw Fail(at, $"'{value}' is not a name (1–32 of A–Z a–z 0–9 _ . -)");

        private long CheckRange(long value, string at, long minimum, long maximum) =>
            value >= minimum && value <= maximum ? value : throw Fail(at, $"{value} is outside {minimum}..{maximum}");

        private ulong ParseEui(string text, string at)
        {
            if (!EuiPattern().IsMatch(text))
            {
                throw Fail(at, $"'{text}' is not an EUI-64 (16 hex digits, most significant octet first)");
            }

            ulong value = ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return value is 0 or ulong.MaxValue ? throw Fail(at, "an EUI-64 is neither 0 nor the broadcast address") : value;
        }

        private uint ParseVersion(string text, string at) => VersionPattern().IsMatch(text)
            ? uint.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : throw Fail(at, $"'{text}' is not a file version (8 hex digits, as CS08 and the OTA header carry it)");

        private static int IndexOf<T>(IReadOnlyList<T> list, T item)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (ReferenceEquals(list[i], item))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>A node's role configuration as the bench would make it (component layout only).</summary>
    internal static RoleSettings ConfigurationOf(BenchNode node) => node.Role switch
    {
        DeviceRoleKind.Hub => RoleSettings.ForHub(node.Eui64, RoleAddressing.DefaultHostEui),
        DeviceRoleKind.Bridge => RoleSettings.ForBridge(node.Eui64, node.Variant, RoleAddressing.DefaultHubEui, 0, []),
        DeviceRoleKind.Meter => RoleSettings.ForMeter(node.Eui64, RoleAddressing.DefaultHubEui),
        _ => RoleSettings.ForPpmid(node.Eui64, RoleAddressing.DefaultHubEui),
    };

    internal static string RoleName(DeviceRoleKind role) => role switch
    {
        DeviceRoleKind.Hub => "hub",
        DeviceRoleKind.Bridge => "bridge",
        DeviceRoleKind.Meter => "meter",
        _ => "ppmid",
    };

    private static HopKind Other(HopKind kind) => kind == HopKind.ZigBee ? HopKind.AltHan : HopKind.ZigBee;

    private static string KindName(HopKind kind) => kind == HopKind.ZigBee ? "zigbee" : kind == HopKind.AltHan ? "althan" : "the WAN";
}

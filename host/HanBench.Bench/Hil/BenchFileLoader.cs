using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HanBench.Bench.Radio;
using HanBench.Device.Configuration;
using HanBench.Device.Roles;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Transports;

namespace HanBench.Bench.Hil;

/// <summary>
/// Reads and checks a bench file (format <see cref="BenchFile.CurrentFormat"/>, documented in boards/benches/README.md,
/// schema boards/benches/bench.schema.json). Strict: an unknown member, a wrong type, a name that does not resolve, a
/// topology that is not a tree rooted at the hub, a link that does not fit the role — each is refused with the JSON path
/// of the first defect and what is wrong there (<see cref="BenchFileException"/>).
/// </summary>
public static partial class BenchFileLoader
{
    /// <summary>Largest generated image body (HanBench choice: a bench run in real time, not a scale test).</summary>
    public const int MaxImageBytes = 1024 * 1024;

    private static readonly string[] TopMembers = ["$schema", "format", "name", "hostEui64", "seed", "nodes", "hops", "images", "steps"];
    private static readonly string[] NodeMembers = ["name", "role", "variant", "eui64", "run", "links", "restartMs", "deviceType", "meterReportMs"];
    private static readonly string[] HopMembers = ["kind", "between", "wired", "model"];
    private static readonly string[] ImageMembers = ["name", "for", "component", "version", "bytes", "seed", "file"];

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

    private sealed class Reader(string file)
    {
        public BenchFileException Fail(string path, string problem) => new(file, path, problem);

        public BenchFile Read(JsonElement root, string? sourcePath)
        {
            RequireObject(root, "$", TopMembers);
            string format = RequireString(root, "$", "format");
            if (format != BenchFile.CurrentFormat)
            {
                throw Fail("$.format", $"'{format}' is not a format this build reads ({BenchFile.CurrentFormat})");
            }

            string name = RequireName(root, "$", "name");
            ulong hostEui = root.TryGetProperty("hostEui64", out JsonElement host) ? ReadEui(host, "$.hostEui64") : RoleAddressing.DefaultHostEui;
            ulong seed = root.TryGetProperty("seed", out JsonElement seedElement) ? ReadULong(seedElement, "$.seed") : 1;

            IReadOnlyList<BenchNode> nodes = ReadNodes(root, hostEui);
            IReadOnlyList<BenchHop> hops = ReadHops(root, nodes);
            CheckTopology(nodes, hops, hostEui);
            IReadOnlyList<BenchImageSpec> images = ReadImages(root, nodes, seed, sourcePath);
            IReadOnlyList<BenchStep> steps = ReadSteps(root, nodes, images);
            return new BenchFile(name, sourcePath, hostEui, seed, nodes, hops, images, steps);
        }

        private List<BenchNode> ReadNodes(JsonElement root, ulong hostEui)
        {
            JsonElement array = RequireArray(root, "$", "nodes", 1);
            var nodes = new List<BenchNode>();
            int index = 0;
            foreach (JsonElement element in array.EnumerateArray())
            {
                string at = $"$.nodes[{index}]";
                RequireObject(element, at, NodeMembers);
                string name = RequireName(element, at, "name");
                if (nodes.Any(n => n.Name == name))
                {
                    throw Fail(at + ".name", $"a node called '{name}' exists already");
                }

                string roleText = RequireString(element, at, "role");
                ConfiguredRole configured = RoleConfigMapping.ParseRole(roleText);
                if (configured == ConfiguredRole.None)
                {
                    throw Fail(at + ".role", $"unknown role '{roleText}' (hub, ppmid, bridge, meter)");
                }

                DeviceRoleKind role = RoleConfigMapping.ToRoleKind(configured);
                AltHanVariant variant = AltHanVariant.None;
                if (element.TryGetProperty("variant", out JsonElement variantElement))
                {
                    string text = ReadString(variantElement, at + ".variant");
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

                if (!element.TryGetProperty("eui64", out JsonElement euiElement))
                {
                    throw Fail(at, "missing member 'eui64'");
                }

                ulong eui = ReadEui(euiElement, at + ".eui64");
                if (eui == hostEui)
                {
                    throw Fail(at + ".eui64", $"{eui:X16} is the host's EUI-64");
                }

                if (nodes.FirstOrDefault(n => n.Eui64 == eui) is { } same)
                {
                    throw Fail(at + ".eui64", $"{eui:X16} is {same.Name}'s EUI-64 already");
                }

                string runText = RequireString(element, at, "run");
                NodeRun run = runText switch
                {
                    "virtual" => NodeRun.Virtual,
                    "process" => NodeRun.Process,
                    "serial" => NodeRun.Serial,
                    _ => throw Fail(at + ".run", $"unknown run '{runText}' (virtual, process, serial)"),
                };

                Dictionary<string, string> links = ReadLinks(element, at, configured, run);
                long? restart = element.TryGetProperty("restartMs", out JsonElement restartElement) ? ReadLong(restartElement, at + ".restartMs", 0, 3_600_000) : null;
                if (restart is not null && run == NodeRun.Serial)
                {
                    throw Fail(at + ".restartMs", "a real board restarts in the time its firmware takes; restartMs applies to virtual and process nodes");
                }

                HanDeviceType deviceType = role == DeviceRoleKind.Meter ? HanDeviceType.Gsme : HanDeviceType.Ppmid;
                if (element.TryGetProperty("deviceType", out JsonElement typeElement))
                {
                    if (role != DeviceRoleKind.Meter)
                    {
                        throw Fail(at + ".deviceType", "only a meter node has a device type (PPMIDs and bridges join as PPMIDs)");
                    }

                    string typeText = ReadString(typeElement, at + ".deviceType");
                    deviceType = typeText switch
                    {
                        "gsme" => HanDeviceType.Gsme,
                        "ihd" => HanDeviceType.Ihd,
                        "esme" => HanDeviceType.Esme,
                        _ => throw Fail(at + ".deviceType", $"unknown device type '{typeText}' (gsme, ihd, esme)"),
                    };
                }

                long? meterReport = null;
                if (element.TryGetProperty("meterReportMs", out JsonElement meterElement))
                {
                    if (role != DeviceRoleKind.Meter || run != NodeRun.Virtual)
                    {
                        throw Fail(at + ".meterReportMs", "applies to virtual meter nodes only");
                    }

                    meterReport = ReadLong(meterElement, at + ".meterReportMs", 100, 3_600_000);
                }

                nodes.Add(new BenchNode(name, role, variant, eui, run, links, restart, deviceType, meterReport));
                index++;
            }

            int hubs = nodes.Count(n => n.Role == DeviceRoleKind.Hub);
            if (hubs != 1)
            {
                throw Fail("$.nodes", $"a bench has exactly one Comms Hub, this one has {hubs}");
            }

            return nodes;
        }

        private Dictionary<string, string> ReadLinks(JsonElement node, string at, ConfiguredRole role, NodeRun run)
        {
            string[] names = RoleConfig.ExpectedLinks(role);
            var links = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!node.TryGetProperty("links", out JsonElement element))
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

            RequireObject(element, at + ".links", names);
            foreach (string name in names)
            {
                if (!element.TryGetProperty(name, out JsonElement value))
                {
                    throw Fail(at + ".links", $"missing link '{name}' (this role's links: {string.Join(", ", names)})");
                }

                string spec = ReadString(value, $"{at}.links.{name}");
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

        private List<BenchHop> ReadHops(JsonElement root, IReadOnlyList<BenchNode> nodes)
        {
            var hops = new List<BenchHop>();
            if (!root.TryGetProperty("hops", out JsonElement array))
            {
                if (nodes.Count > 1)
                {
                    throw Fail("$", "missing member 'hops': every device but the hub needs a hop towards it");
                }

                return hops;
            }

            RequireArrayValue(array, "$.hops");
            int index = 0;
            foreach (JsonElement element in array.EnumerateArray())
            {
                string at = $"$.hops[{index}]";
                RequireObject(element, at, HopMembers);
                string kindText = RequireString(element, at, "kind");
                HopKind kind = kindText switch
                {
                    "zigbee" => HopKind.ZigBee,
                    "althan" => HopKind.AltHan,
                    _ => throw Fail(at + ".kind", $"unknown hop kind '{kindText}' (zigbee, althan; the host–hub WAN link is implicit)"),
                };
                JsonElement between = RequireArray(element, at, "between", 2);
                if (between.GetArrayLength() != 2)
                {
                    throw Fail(at + ".between", "a hop joins exactly two nodes");
                }

                string a = ReadString(between[0], at + ".between[0]");
                string b = ReadString(between[1], at + ".between[1]");
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

                bool wired = element.TryGetProperty("wired", out JsonElement wiredElement) && ReadBool(wiredElement, at + ".wired");

                // A real board's UART link carries whole frames (up to 1,044 bytes) and its firmware sizes OTA blocks by
                // it: a radio model with a smaller frame would drop them, so its hops are ideal (the real link is the radio).
                bool real = nodes.First(n => n.Name == a).Run == NodeRun.Serial || nodes.First(n => n.Name == b).Run == NodeRun.Serial;
                string model = real ? "ideal" : kind == HopKind.ZigBee ? "zigbee" : "althan";
                if (element.TryGetProperty("model", out JsonElement modelElement))
                {
                    model = ReadString(modelElement, at + ".model");
                    if (model is not ("zigbee" or "althan" or "ideal"))
                    {
                        throw Fail(at + ".model", $"unknown radio model '{model}' (zigbee, althan, ideal)");
                    }

                    if (real && model != "ideal")
                    {
                        throw Fail(at + ".model", "a real board's link carries frames of up to 1,044 bytes, which the " + model + " model drops: a hop with a serial node is ideal");
                    }
                }

                hops.Add(new BenchHop(kind, a, b, wired, model));
                index++;
            }

            return hops;
        }

        private void CheckTopology(IReadOnlyList<BenchNode> nodes, IReadOnlyList<BenchHop> hops, ulong hostEui)
        {
            // A tree rooted at the hub: every node reached once, the hop towards the hub decides each link's radio.
            BenchNode hub = nodes.First(n => n.Role == DeviceRoleKind.Hub);
            var parentKind = new Dictionary<string, HopKind> { [hub.Name] = HopKind.Wire };
            var parents = new Dictionary<string, string>();
            var queue = new Queue<string>([hub.Name]);
            var used = new HashSet<BenchHop>();
            while (queue.Count > 0)
            {
                string name = queue.Dequeue();
                foreach (BenchHop hop in hops.Where(h => (h.A == name || h.B == name) && !used.Contains(h)))
                {
                    used.Add(hop);
                    string other = hop.A == name ? hop.B : hop.A;
                    string at = $"$.hops[{IndexOf(hops, hop)}]";
                    if (parentKind.ContainsKey(other))
                    {
                        throw Fail(at, $"{name}–{other} closes a loop: a bench is a tree rooted at the hub");
                    }

                    BenchNode from = nodes.First(n => n.Name == name);
                    if (from.Role is DeviceRoleKind.Ppmid or DeviceRoleKind.Meter)
                    {
                        throw Fail(at, $"{from.Name} is a {RoleName(from.Role)}: only the hub and bridges have devices behind them");
                    }

                    HopKind expectedDown = from.Role == DeviceRoleKind.Hub ? HopKind.ZigBee : Other(parentKind[name]);
                    if (hop.Kind != expectedDown)
                    {
                        throw Fail(at + ".kind", from.Role == DeviceRoleKind.Hub
                            ? "the Comms Hub's HAN hops are zigbee"
                            : $"bridge {from.Name} reaches the hub over {KindName(parentKind[name])}, so the devices behind it are on {KindName(expectedDown)}");
                    }

                    parentKind[other] = hop.Kind;
                    parents[other] = name;
                    queue.Enqueue(other);
                    CheckWired(nodes, hop, at, name, other);
                }
            }

            foreach (BenchHop hop in hops.Where(h => h.Wired))
            {
                // One UART, one peer: a board whose downstream link is wired reaches no other device on that link.
                string upper = parentKind.ContainsKey(hop.A) && IsAbove(hop.A, hop.B) ? hop.A : hop.B;
                int children = hops.Count(h => (h.A == upper || h.B == upper) && h.Kind == hop.Kind && h != hop && IsAbove(upper, h.A == upper ? h.B : h.A));
                if (children > 0)
                {
                    throw Fail($"$.hops[{IndexOf(hops, hop)}].wired", $"{upper}'s link on this hop is wired to one board, so no other device can share it");
                }
            }

            bool IsAbove(string upper, string lower) => parents.TryGetValue(lower, out string? p) && p == upper;

            foreach (BenchNode node in nodes)
            {
                if (!parentKind.ContainsKey(node.Name))
                {
                    throw Fail($"$.nodes[{IndexOf(nodes, node)}]", $"{node.Name} has no hop towards the hub");
                }
            }

            bool realHanDevices = nodes.Any(n => n.Run == NodeRun.Serial && n.Role != DeviceRoleKind.Hub);
            if (realHanDevices && hub.Eui64 != RoleAddressing.DefaultHubEui)
            {
                throw Fail($"$.nodes[{IndexOf(nodes, hub)}].eui64",
                    $"real boards report to the bench hub {RoleAddressing.DefaultHubEui:X16} (their configuration file carries no hub address): give the hub that EUI-64");
            }

            if (hub.Run == NodeRun.Serial && hostEui != RoleAddressing.DefaultHostEui)
            {
                throw Fail("$.hostEui64", $"a real hub pulls from the bench host {RoleAddressing.DefaultHostEui:X16}: leave hostEui64 out or give that");
            }
        }

        private void CheckWired(IReadOnlyList<BenchNode> nodes, BenchHop hop, string at, string upper, string lower)
        {
            BenchNode up = nodes.First(n => n.Name == upper);
            BenchNode down = nodes.First(n => n.Name == lower);
            string upLink = up.Role == DeviceRoleKind.Hub ? "han" : "althan";
            const string downLink = "han";
            bool upWired = up.Links.TryGetValue(upLink, out string? upSpec) && upSpec == BenchNode.Wired;
            bool downWired = down.Links.TryGetValue(downLink, out string? downSpec) && downSpec == BenchNode.Wired;
            if (hop.Wired)
            {
                if (up.Run != NodeRun.Serial || down.Run != NodeRun.Serial)
                {
                    throw Fail(at + ".wired", "only two real (serial) boards can be wired UART-to-UART");
                }

                if (!upWired || !downWired)
                {
                    throw Fail(at + ".wired", $"a wired hop needs {up.Name}.links.{upLink} and {down.Name}.links.{downLink} to be \"wired\"");
                }
            }
            else if (upWired && up.Run == NodeRun.Serial || downWired && down.Run == NodeRun.Serial)
            {
                throw Fail(at + ".wired", $"{(upWired ? up.Name + ".links." + upLink : down.Name + ".links." + downLink)} is \"wired\", so this hop must say \"wired\": true");
            }
        }

        private List<BenchImageSpec> ReadImages(JsonElement root, IReadOnlyList<BenchNode> nodes, ulong seed, string? sourcePath)
        {
            var images = new List<BenchImageSpec>();
            if (!root.TryGetProperty("images", out JsonElement array))
            {
                return images;
            }

            RequireArrayValue(array, "$.images");
            int index = 0;
            foreach (JsonElement element in array.EnumerateArray())
            {
                string at = $"$.images[{index}]";
                RequireObject(element, at, ImageMembers);
                string name = RequireName(element, at, "name");
                if (images.Any(i => i.Name == name))
                {
                    throw Fail(at + ".name", $"an image called '{name}' exists already");
                }

                if (element.TryGetProperty("file", out JsonElement fileElement))
                {
                    foreach (string generated in new[] { "for", "component", "version", "bytes", "seed" })
                    {
                        if (element.TryGetProperty(generated, out _))
                        {
                            throw Fail($"{at}.{generated}", "an image is read from 'file' or generated, not both");
                        }
                    }

                    string file = ReadString(fileElement, at + ".file");
                    string full = Path.GetFullPath(file, Path.GetDirectoryName(Path.GetFullPath(sourcePath ?? ".")) ?? ".");
                    if (!File.Exists(full))
                    {
                        throw Fail(at + ".file", $"no file {full}");
                    }

                    images.Add(new BenchImageSpec(name, null, FirmwareComponentId.Main, 0, 0, 0, full));
                    index++;
                    continue;
                }

                string forName = RequireString(element, at, "for");
                BenchNode target = CheckNodeName(nodes, forName, at + ".for");
                string componentText = RequireString(element, at, "component");
                if (!FirmwareComponentNames.TryParse(componentText, out FirmwareComponentId component))
                {
                    throw Fail(at + ".component", $"unknown component '{componentText}' ({FirmwareComponentNames.Main}, {FirmwareComponentNames.SiLabs}, {FirmwareComponentNames.Broadcom})");
                }

                if (ConfigurationOf(target).FindComponent(component) is null)
                {
                    throw Fail(at + ".component", $"{target.Name} ({RoleName(target.Role)}{(target.Variant == AltHanVariant.None ? string.Empty : " " + target.Variant)}) has no {componentText} component");
                }

                uint version = ReadVersion(RequireMember(element, at, "version"), at + ".version");
                int bytes = (int)ReadLong(RequireMember(element, at, "bytes"), at + ".bytes", 64, MaxImageBytes);
                ulong imageSeed = element.TryGetProperty("seed", out JsonElement s) ? ReadULong(s, at + ".seed") : seed + (ulong)index;
                images.Add(new BenchImageSpec(name, forName, component, version, bytes, imageSeed, null));
                index++;
            }

            return images;
        }

        private List<BenchStep> ReadSteps(JsonElement root, IReadOnlyList<BenchNode> nodes, IReadOnlyList<BenchImageSpec> images)
        {
            JsonElement array = RequireArray(root, "$", "steps", 1);
            var steps = new List<BenchStep>();
            int index = 0;
            foreach (JsonElement element in array.EnumerateArray())
            {
                string at = $"$.steps[{index}]";
                int number = index + 1;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw Fail(at, "a step is an object such as {\"join\": \"all\"}");
                }

                string[] kinds = ["identify", "join", "distribute", "readVersion", "meterTraffic", "waitMs"];
                string[] present = [.. kinds.Where(k => element.TryGetProperty(k, out _))];
                if (present.Length != 1)
                {
                    throw Fail(at, present.Length == 0 ? $"a step names one action: {string.Join(", ", kinds)}" : $"one action per step, not {string.Join(" and ", present)}");
                }

                int timeout = element.TryGetProperty("timeoutSeconds", out JsonElement t) ? (int)ReadLong(t, at + ".timeoutSeconds", 1, 86_400) : BenchStep.DefaultTimeoutSeconds;
                string kind = present[0];
                BenchStep step;
                switch (kind)
                {
                    case "identify":
                        RequireObject(element, at, ["identify", "timeoutSeconds"]);
                        step = new IdentifyStep(number, ReadDevices(element.GetProperty(kind), at + ".identify", nodes, includeHub: true), timeout);
                        break;
                    case "join":
                        RequireObject(element, at, ["join", "timeoutSeconds"]);
                        IReadOnlyList<string> joining = ReadDevices(element.GetProperty(kind), at + ".join", nodes, includeHub: false);
                        if (joining.FirstOrDefault(d => nodes.First(n => n.Name == d).Role == DeviceRoleKind.Hub) is { } hubName)
                        {
                            throw Fail(at + ".join", $"{hubName} is the hub: devices join it");
                        }

                        step = new JoinStep(number, joining, timeout);
                        break;
                    case "distribute":
                        RequireObject(element, at, ["distribute", "to", "expect", "timeoutSeconds"]);
                        step = ReadDistribute(element, at, number, timeout, nodes, images);
                        break;
                    case "readVersion":
                        RequireObject(element, at, ["readVersion", "expect", "timeoutSeconds"]);
                        IReadOnlyList<string> readers = ReadDevices(element.GetProperty(kind), at + ".readVersion", nodes, includeHub: false);
                        foreach (string device in readers)
                        {
                            DeviceRoleKind role = nodes.First(n => n.Name == device).Role;
                            if (role is not (DeviceRoleKind.Ppmid or DeviceRoleKind.Bridge))
                            {
                                throw Fail(at + ".readVersion", $"{device} is a {RoleName(role)}: CS08 reads PPMIDs and bridges (joined as PPMIDs)");
                            }
                        }

                        step = new ReadVersionStep(number, readers, timeout, ReadVersion(RequireMember(element, at, "expect"), at + ".expect"));
                        break;
                    case "meterTraffic":
                        RequireObject(element, at, ["meterTraffic", "maxLost", "timeoutSeconds"]);
                        IReadOnlyList<string> meters = ReadDevices(element.GetProperty(kind), at + ".meterTraffic", nodes, includeHub: false);
                        foreach (string device in meters)
                        {
                            BenchNode meter = nodes.First(n => n.Name == device);
                            if (meter.Role != DeviceRoleKind.Meter || meter.Run != NodeRun.Virtual)
                            {
                                throw Fail(at + ".meterTraffic", $"{device}: meter traffic is counted on virtual meter nodes (a meter's counters are in its RAM)");
                            }
                        }

                        long maxLost = element.TryGetProperty("maxLost", out JsonElement lost) ? ReadLong(lost, at + ".maxLost", 0, long.MaxValue) : 0;
                        step = new MeterTrafficStep(number, meters, timeout, maxLost);
                        break;
                    default:
                        RequireObject(element, at, ["waitMs"]);
                        step = new WaitStep(number, (int)ReadLong(element.GetProperty(kind), at + ".waitMs", 0, 3_600_000));
                        break;
                }

                steps.Add(step);
                index++;
            }

            return steps;
        }

        private DistributeStep ReadDistribute(JsonElement element, string at, int number, int timeout, IReadOnlyList<BenchNode> nodes, IReadOnlyList<BenchImageSpec> images)
        {
            string imageName = ReadString(element.GetProperty("distribute"), at + ".distribute");
            BenchImageSpec image = images.FirstOrDefault(i => i.Name == imageName) ?? throw Fail(at + ".distribute", $"no image called '{imageName}' in $.images");
            IReadOnlyList<string> devices = ReadDevices(RequireMember(element, at, "to"), at + ".to", nodes, includeHub: false);
            if (image.For is not null)
            {
                BenchNode owner = nodes.First(n => n.Name == image.For);
                FirmwareComponentConfig component = ConfigurationOf(owner).FindComponent(image.Component)!;
                foreach (string device in devices)
                {
                    BenchNode node = nodes.First(n => n.Name == device);
                    if (node.Role == DeviceRoleKind.Hub || ConfigurationOf(node).FindComponentByImage(component.ManufacturerCode, component.ImageType) is null)
                    {
                        throw Fail(at + ".to", $"{device} has no component upgraded by image type {component.ImageType:X4} ('{imageName}')");
                    }
                }
            }

            JsonElement expect = RequireMember(element, at, "expect");
            RequireObject(expect, at + ".expect", ["transfer", "activation", "version"]);
            FirmwareTransferResponseCode? transfer = null;
            if (expect.TryGetProperty("transfer", out JsonElement tr))
            {
                string text = ReadString(tr, at + ".expect.transfer");
                transfer = text switch
                {
                    "success" => FirmwareTransferResponseCode.Success,
                    "image-discarded" => FirmwareTransferResponseCode.ImageDiscarded,
                    "hardware-mismatch" => FirmwareTransferResponseCode.HardwareVersionMismatch,
                    "transfer-failure" => FirmwareTransferResponseCode.FileTransferFailure,
                    _ => throw Fail(at + ".expect.transfer", $"unknown outcome '{text}' (success, image-discarded, hardware-mismatch, transfer-failure)"),
                };
            }

            PpmidFirmwareActivationResult? activation = null;
            bool checkActivation = false;
            if (expect.TryGetProperty("activation", out JsonElement ac))
            {
                string text = ReadString(ac, at + ".expect.activation");
                checkActivation = true;
                activation = text switch
                {
                    "success" => PpmidFirmwareActivationResult.Success,
                    "failure" => PpmidFirmwareActivationResult.Failure,
                    "none" => null,
                    _ => throw Fail(at + ".expect.activation", $"unknown outcome '{text}' (success, failure, none)"),
                };
            }

            uint? version = expect.TryGetProperty("version", out JsonElement v) ? ReadVersion(v, at + ".expect.version") : null;
            if (transfer is null && !checkActivation && version is null)
            {
                throw Fail(at + ".expect", "expect at least one of transfer, activation, version");
            }

            return new DistributeStep(number, devices, timeout, imageName, new DistributeExpectation(transfer, activation, checkActivation, version));
        }

        private IReadOnlyList<string> ReadDevices(JsonElement element, string at, IReadOnlyList<BenchNode> nodes, bool includeHub)
        {
            if (element.ValueKind == JsonValueKind.String && element.GetString() == "all")
            {
                return [.. nodes.Where(n => includeHub || n.Role != DeviceRoleKind.Hub).Select(n => n.Name)];
            }

            if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
            {
                throw Fail(at, "\"all\" or a non-empty array of node names");
            }

            var names = new List<string>();
            int i = 0;
            foreach (JsonElement item in element.EnumerateArray())
            {
                string name = ReadString(item, $"{at}[{i}]");
                CheckNodeName(nodes, name, $"{at}[{i}]");
                if (names.Contains(name))
                {
                    throw Fail($"{at}[{i}]", $"{name} is listed twice");
                }

                names.Add(name);
                i++;
            }

            return names;
        }

        private BenchNode CheckNodeName(IReadOnlyList<BenchNode> nodes, string name, string at) =>
            nodes.FirstOrDefault(n => n.Name == name) ?? throw Fail(at, $"no node called '{name}' (nodes: {string.Join(", ", nodes.Select(n => n.Name))})");

        private void RequireObject(JsonElement element, string at, string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Fail(at, $"expected an object, found {Describe(element)}");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw Fail($"{at}.{property.Name}", "member given twice");
                }

                if (!allowed.Contains(property.Name) && !(at.StartsWith("$.steps[", StringComparison.Ordinal) && property.Name == "timeoutSeconds"))
                {
                    throw Fail($"{at}.{property.Name}", $"unknown member (allowed here: {string.Join(", ", allowed)})");
                }
            }
        }

        private JsonElement RequireMember(JsonElement element, string at, string name) =>
            element.TryGetProperty(name, out JsonElement value) ? value : throw Fail(at, $"missing member '{name}'");

        private JsonElement RequireArray(JsonElement element, string at, string name, int minimum)
        {
            JsonElement value = RequireMember(element, at, name);
            RequireArrayValue(value, $"{at}.{name}");
            if (value.GetArrayLength() < minimum)
            {
                throw Fail($"{at}.{name}", $"needs at least {minimum} item(s)");
            }

            return value;
        }

        private void RequireArrayValue(JsonElement value, string at)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw Fail(at, $"expected an array, found {Describe(value)}");
            }
        }

        private string RequireString(JsonElement element, string at, string name) => ReadString(RequireMember(element, at, name), $"{at}.{name}");

        private string RequireName(JsonElement element, string at, string name)
        {
            string value = RequireString(element, at, name);
            return NamePattern().IsMatch(value) ? value : throw Fail($"{at}.{name}", $"'{value}' is not a name (1–32 of A–Z a–z 0–9 _ . -)");
        }

        private string ReadString(JsonElement element, string at) =>
            element.ValueKind == JsonValueKind.String ? element.GetString()! : throw Fail(at, $"expected a string, found {Describe(element)}");

        private bool ReadBool(JsonElement element, string at) => element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail(at, $"expected true or false, found {Describe(element)}"),
        };

        private long ReadLong(JsonElement element, string at, long minimum, long maximum)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long value))
            {
                throw Fail(at, $"expected an integer, found {Describe(element)}");
            }

            return value >= minimum && value <= maximum ? value : throw Fail(at, $"{value} is outside {minimum}..{maximum}");
        }

        private ulong ReadULong(JsonElement element, string at) =>
            element.ValueKind == JsonValueKind.Number && element.TryGetUInt64(out ulong value) ? value : throw Fail(at, $"expected a non-negative integer, found {Describe(element)}");

        private ulong ReadEui(JsonElement element, string at)
        {
            string text = ReadString(element, at);
            if (!EuiPattern().IsMatch(text))
            {
                throw Fail(at, $"'{text}' is not an EUI-64 (16 hex digits, most significant octet first)");
            }

            ulong value = ulong.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return value is 0 or ulong.MaxValue ? throw Fail(at, "an EUI-64 is neither 0 nor the broadcast address") : value;
        }

        private uint ReadVersion(JsonElement element, string at)
        {
            string text = ReadString(element, at);
            return VersionPattern().IsMatch(text)
                ? uint.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : throw Fail(at, $"'{text}' is not a file version (8 hex digits, as CS08 and the OTA header carry it)");
        }

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string \"{element.GetString()}\"",
            JsonValueKind.Number => $"the number {element.GetRawText()}",
            JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => "null",
        };

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
    internal static RoleConfiguration ConfigurationOf(BenchNode node) => node.Role switch
    {
        DeviceRoleKind.Hub => RoleConfiguration.ForHub(node.Eui64, RoleAddressing.DefaultHostEui),
        DeviceRoleKind.Bridge => RoleConfiguration.ForBridge(node.Eui64, node.Variant, RoleAddressing.DefaultHubEui, 0, []),
        DeviceRoleKind.Meter => RoleConfiguration.ForMeter(node.Eui64, RoleAddressing.DefaultHubEui),
        _ => RoleConfiguration.ForPpmid(node.Eui64, RoleAddressing.DefaultHubEui),
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

using System.Text.Json;
using HanBench.Bench.Radio;
using HanBench.Device.Configuration;
using HanBench.Device.Roles;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Hil;

/// <summary>The bench file's rules between members: the topology, the images and the steps.</summary>
public static partial class BenchFileLoader
{
    private sealed partial class Reader
    {
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

        private List<BenchImageSpec> ReadImages(IReadOnlyList<BenchImageJson> items, IReadOnlyList<BenchNode> nodes, ulong seed, string? sourcePath)
        {
            var images = new List<BenchImageSpec>();
            for (int index = 0; index < items.Count; index++)
            {
                BenchImageJson item = items[index];
                string at = $"$.images[{index}]";
                string name = CheckName(item.Name, at + ".name");
                if (images.Any(i => i.Name == name))
                {
                    throw Fail(at + ".name", $"an image called '{name}' exists already");
                }

                if (item.File is { } file)
                {
                    (string member, bool given)[] generated = [("for", item.For is not null), ("component", item.Component is not null), ("version", item.Version is not null), ("bytes", item.Bytes is not null), ("seed", item.Seed is not null)];
                    if (generated.FirstOrDefault(g => g.given) is { given: true } both)
                    {
                        throw Fail($"{at}.{both.member}", "an image is read from 'file' or generated, not both");
                    }

                    string full = Path.GetFullPath(file, Path.GetDirectoryName(Path.GetFullPath(sourcePath ?? ".")) ?? ".");
                    if (!File.Exists(full))
                    {
                        throw Fail(at + ".file", $"no file {full}");
                    }

                    images.Add(new BenchImageSpec(name, null, FirmwareComponentId.Main, 0, 0, 0, full));
                    continue;
                }

                string forName = item.For ?? throw Fail(at + ".for", "is required (or 'file')");
                BenchNode target = CheckNodeName(nodes, forName, at + ".for");
                string componentText = item.Component ?? throw Fail(at + ".component", "is required (or 'file')");
                if (!FirmwareComponentNames.TryParse(componentText, out FirmwareComponentId component))
                {
                    throw Fail(at + ".component", $"unknown component '{componentText}' ({FirmwareComponentNames.Main}, {FirmwareComponentNames.SiLabs}, {FirmwareComponentNames.Broadcom})");
                }

                if (ConfigurationOf(target).FindComponent(component) is null)
                {
                    throw Fail(at + ".component", $"{target.Name} ({RoleName(target.Role)}{(target.Variant == AltHanVariant.None ? string.Empty : " " + target.Variant)}) has no {componentText} component");
                }

                uint version = ParseVersion(item.Version ?? throw Fail(at + ".version", "is required (or 'file')"), at + ".version");
                int bytes = (int)CheckRange(item.Bytes ?? throw Fail(at + ".bytes", "is required (or 'file')"), at + ".bytes", 64, MaxImageBytes);
                images.Add(new BenchImageSpec(name, forName, component, version, bytes, item.Seed ?? seed + (ulong)index, null));
            }

            return images;
        }

        private List<BenchStep> ReadSteps(IReadOnlyList<JsonElement> items, IReadOnlyList<BenchNode> nodes, IReadOnlyList<BenchImageSpec> images)
        {
            if (items.Count == 0)
            {
                throw Fail("$.steps", "needs at least 1 item(s)");
            }

            string[] kinds = ["identify", "join", "distribute", "readVersion", "meterTraffic", "waitMs"];
            var steps = new List<BenchStep>();
            for (int index = 0; index < items.Count; index++)
            {
                JsonElement element = items[index];
                string at = $"$.steps[{index}]";
                int number = index + 1;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw Fail(at, "a step is an object such as {\"join\": \"all\"}");
                }

                string[] present = [.. kinds.Where(k => element.TryGetProperty(k, out _))];
                if (present.Length != 1)
                {
                    throw Fail(at, present.Length == 0 ? $"a step names one action: {string.Join(", ", kinds)}" : $"one action per step, not {string.Join(" and ", present)}");
                }

                steps.Add(present[0] switch
                {
                    "identify" => ReadIdentify(Typed<IdentifyStepJson>(element, at), at, number, nodes),
                    "join" => ReadJoin(Typed<JoinStepJson>(element, at), at, number, nodes),
                    "distribute" => ReadDistribute(Typed<DistributeStepJson>(element, at), at, number, nodes, images),
                    "readVersion" => ReadReadVersion(Typed<ReadVersionStepJson>(element, at), at, number, nodes),
                    "meterTraffic" => ReadMeterTraffic(Typed<MeterTrafficStepJson>(element, at), at, number, nodes),
                    _ => new WaitStep(number, (int)CheckRange(Typed<WaitStepJson>(element, at).WaitMs, at + ".waitMs", 0, 3_600_000)),
                });
            }

            return steps;
        }

        private int Timeout(int? seconds, string at) =>
            seconds is { } s ? (int)CheckRange(s, at + ".timeoutSeconds", 1, 86_400) : BenchStep.DefaultTimeoutSeconds;

        private IdentifyStep ReadIdentify(IdentifyStepJson step, string at, int number, IReadOnlyList<BenchNode> nodes) =>
            new(number, ReadDevices(step.Identify, at + ".identify", nodes, includeHub: true), Timeout(step.TimeoutSeconds, at));

        private JoinStep ReadJoin(JoinStepJson step, string at, int number, IReadOnlyList<BenchNode> nodes)
        {
            IReadOnlyList<string> joining = ReadDevices(step.Join, at + ".join", nodes, includeHub: false);
            if (joining.FirstOrDefault(d => nodes.First(n => n.Name == d).Role == DeviceRoleKind.Hub) is { } hubName)
            {
                throw Fail(at + ".join", $"{hubName} is the hub: devices join it");
            }

            return new JoinStep(number, joining, Timeout(step.TimeoutSeconds, at));
        }

        private ReadVersionStep ReadReadVersion(ReadVersionStepJson step, string at, int number, IReadOnlyList<BenchNode> nodes)
        {
            int timeout = Timeout(step.TimeoutSeconds, at);
            IReadOnlyList<string> readers = ReadDevices(step.ReadVersion, at + ".readVersion", nodes, includeHub: false);
            foreach (string device in readers)
            {
                DeviceRoleKind role = nodes.First(n => n.Name == device).Role;
                if (role is not (DeviceRoleKind.Ppmid or DeviceRoleKind.Bridge))
                {
                    throw Fail(at + ".readVersion", $"{device} is a {RoleName(role)}: CS08 reads PPMIDs and bridges (joined as PPMIDs)");
                }
            }

            return new ReadVersionStep(number, readers, timeout, ParseVersion(step.Expect, at + ".expect"));
        }

        private MeterTrafficStep ReadMeterTraffic(MeterTrafficStepJson step, string at, int number, IReadOnlyList<BenchNode> nodes)
        {
            int timeout = Timeout(step.TimeoutSeconds, at);
            IReadOnlyList<string> meters = ReadDevices(step.MeterTraffic, at + ".meterTraffic", nodes, includeHub: false);
            foreach (string device in meters)
            {
                BenchNode meter = nodes.First(n => n.Name == device);
                if (meter.Role != DeviceRoleKind.Meter || meter.Run != NodeRun.Virtual)
                {
                    throw Fail(at + ".meterTraffic", $"{device}: meter traffic is counted on virtual meter nodes (a meter's counters are in its RAM)");
                }
            }

            long maxLost = step.MaxLost is { } lost ? CheckRange(lost, at + ".maxLost", 0, long.MaxValue) : 0;
            return new MeterTrafficStep(number, meters, timeout, maxLost);
        }

        private DistributeStep ReadDistribute(DistributeStepJson step, string at, int number, IReadOnlyList<BenchNode> nodes, IReadOnlyList<BenchImageSpec> images)
        {
            int timeout = Timeout(step.TimeoutSeconds, at);
            string imageName = step.Distribute;
            BenchImageSpec image = images.FirstOrDefault(i => i.Name == imageName) ?? throw Fail(at + ".distribute", $"no image called '{imageName}' in $.images");
            IReadOnlyList<string> devices = ReadDevices(step.To, at + ".to", nodes, includeHub: false);
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

            DistributeExpectJson expect = step.Expect;
            FirmwareTransferResponseCode? transfer = expect.Transfer switch
            {
                null => null,
                "success" => FirmwareTransferResponseCode.Success,
                "image-discarded" => FirmwareTransferResponseCode.ImageDiscarded,
                "hardware-mismatch" => FirmwareTransferResponseCode.HardwareVersionMismatch,
                "transfer-failure" => FirmwareTransferResponseCode.FileTransferFailure,
                _ => throw Fail(at + ".expect.transfer", $"unknown outcome '{expect.Transfer}' (success, image-discarded, hardware-mismatch, transfer-failure)"),
            };
            PpmidFirmwareActivationResult? activation = expect.Activation switch
            {
                null or "none" => null,
                "success" => PpmidFirmwareActivationResult.Success,
                "failure" => PpmidFirmwareActivationResult.Failure,
                _ => throw Fail(at + ".expect.activation", $"unknown outcome '{expect.Activation}' (success, failure, none)"),
            };
            bool checkActivation = expect.Activation is not null;
            uint? version = expect.Version is { } v ? ParseVersion(v, at + ".expect.version") : null;
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
                string name = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Fail($"{at}[{i}]", $"must be a string, not {Host.Json.StrictJson.Describe(item)}");
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
    }
}

using System.Diagnostics;
using System.Globalization;
using HanBench.Bench.Topology;
using HanBench.Host.Csp;
using HanBench.Device.Roles;
using HanBench.Device.Roles.Traffic;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;

namespace HanBench.Bench.Hil;

/// <summary>
/// Runs a bench file's scenario on a started <see cref="HilBench"/>, step by step, through <see cref="IBenchHost"/>: one
/// <see cref="BenchCaseResult"/> per device per step, with the reason and the device's log when an expectation fails. A
/// failed step does not stop the run (later steps may still tell something); every wait is bounded by the step's
/// timeout. Runs the bench's scheduler on the calling thread. Progress lines go to the given callback as they happen.
/// </summary>
public sealed class BenchRunner
{
    /// <summary>Lines of device log attached to a failed case.</summary>
    public const int LogLinesPerFailure = 120;

    /// <summary>How often an unanswered Ping or CS08 is sent again (a device restarting drops frames; HanBench choice).</summary>
    public const int ResendMs = 1000;

    private readonly HilBench _bench;
    private readonly Action<string> _progress;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<BenchCaseResult> _cases = [];

    private BenchRunner(HilBench bench, Action<string> progress)
    {
        _bench = bench;
        _progress = progress;
    }

    private IBenchHost Host => _bench.Host;

    /// <summary>Runs every step of <paramref name="bench"/>'s file and returns the report.</summary>
    public static BenchReport Run(HilBench bench, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(bench);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        var runner = new BenchRunner(bench, progress ?? (_ => { }));
        foreach (BenchStep step in bench.File.Steps)
        {
            runner.RunStep(step);
        }

        return new BenchReport(bench.File.Name, started, runner._clock.Elapsed.TotalSeconds, runner._cases, runner.Properties());
    }

    /// <summary>A report for a bench that could not start: one failed case for the node that did not come up.</summary>
    public static BenchReport StartFailure(BenchFile file, HilStartException failure, double seconds)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(failure);
        var result = new BenchCaseResult(failure.Node, "00 start", seconds, failure.Message.Split('\n')[0], failure.Message, null);
        return new BenchReport(file.Name, DateTimeOffset.UtcNow, seconds, [result], [new("seed", file.Seed.ToString(CultureInfo.InvariantCulture))]);
    }

    private List<KeyValuePair<string, string>> Properties()
    {
        var properties = new List<KeyValuePair<string, string>>
        {
            new("seed", _bench.File.Seed.ToString(CultureInfo.InvariantCulture)),
            new("host", _bench.Host.GetType().Name),
        };
        foreach (HilNode node in _bench.Nodes)
        {
            properties.Add(new($"node.{node.Spec.Name}", $"{BenchFileLoader.RoleName(node.Spec.Role)} {node.Spec.Eui64:X16} {node.Spec.Run.ToString().ToLowerInvariant()}"));
        }

        properties.Add(new("medium", _bench.Medium.Report(_bench.Scheduler.NowUs)));
        return properties;
    }

    private void RunStep(BenchStep step)
    {
        Say($"step {step.Title}");
        switch (step)
        {
            case IdentifyStep identify:
                foreach (string device in identify.Devices)
                {
                    Case(device, step, () => Identify(device, step.TimeoutSeconds));
                }

                break;
            case JoinStep join:
                foreach (string device in join.Devices)
                {
                    Case(device, step, () => Join(device, step.TimeoutSeconds));
                }

                break;
            case DistributeStep distribute:
                Distribute(distribute);
                break;
            case ReadVersionStep read:
                foreach (string device in read.Devices)
                {
                    Case(device, step, () => ReadVersion(device, read.Expected, step.TimeoutSeconds));
                }

                break;
            case MeterTrafficStep traffic:
                foreach (string device in traffic.Devices)
                {
                    Case(device, step, () => MeterTraffic(device, traffic.MaxLost, step.TimeoutSeconds));
                }

                break;
            case WaitStep wait:
                _bench.RunFor(wait.Milliseconds);
                break;
        }
    }

    /// <summary>Runs one device's check; null from <paramref name="check"/> means it passed, else the failure (reason, details).</summary>
    private void Case(string device, BenchStep step, Func<(string Reason, string Details)?> check)
    {
        double start = _clock.Elapsed.TotalSeconds;
        (string Reason, string Details)? failure = check();
        Record(device, step, start, failure);
    }

    private void Record(string device, BenchStep step, double start, (string Reason, string Details)? failure)
    {
        double seconds = _clock.Elapsed.TotalSeconds - start;
        string? log = failure is null ? null : _bench.Node(device).Log(LogLinesPerFailure);
        _cases.Add(new BenchCaseResult(device, step.Title, seconds, failure?.Reason, failure?.Details, log));
        Say(failure is null ? $"  PASS {device} {step.Title} ({seconds:F1} s)" : $"  FAIL {device} {step.Title}: {failure.Value.Reason}");
    }

    private void Say(string line) => _progress(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F1} s] {line}"));

    private HilNode NodeOf(string device) => _bench.Node(device);

    private ManagementRecord? AwaitAnswer(Func<byte> send, ulong from, ManagementMessageType type, int timeoutSeconds, Func<ManagementRecord, bool>? accept = null)
    {
        long deadline = _bench.Scheduler.NowMs + (timeoutSeconds * 1000L);
        while (_bench.Scheduler.NowMs < deadline)
        {
            int before = Host.Management.Count;
            byte token = send();
            ManagementRecord? answer = null;
            bool Answered()
            {
                for (int i = before; i < Host.Management.Count; i++)
                {
                    ManagementRecord m = Host.Management[i];
                    if (m.Source == from && m.Token == token && m.Type == type && (accept is null || accept(m)))
                    {
                        answer = m;
                        return true;
                    }
                }

                return false;
            }

            if (_bench.RunUntil(Answered, Math.Min(ResendMs, deadline - _bench.Scheduler.NowMs)))
            {
                return answer;
            }
        }

        return null;
    }

    private (string, string)? Identify(string device, int timeoutSeconds)
    {
        BenchNode spec = NodeOf(device).Spec;
        ManagementRecord? answer = AwaitAnswer(() => Host.Ping(spec.Eui64), spec.Eui64, ManagementMessageType.Identity, timeoutSeconds);
        if (answer?.Identity is not { } identity)
        {
            return ($"no identity from {spec.Eui64:X16} within {timeoutSeconds} s", $"Ping sent every {ResendMs} ms from the host to {spec}; nothing answered. Check the board's links and that it runs role {BenchFileLoader.RoleName(spec.Role)}.");
        }

        string seen = $"role {identity.Role}, variant {identity.Variant}, EUI-64 {identity.Eui64:X16}, state {identity.State}, components {Describe(identity)}";
        if (identity.Role != spec.Role || identity.Variant != spec.Variant || identity.Eui64 != spec.Eui64)
        {
            return ($"{device} answered as {identity.Role} {identity.Variant} {identity.Eui64:X16}, the bench file says {spec.Role} {spec.Variant} {spec.Eui64:X16}", seen);
        }

        Say($"  {device}: {seen}");
        return null;
    }

    private (string, string)? Join(string device, int timeoutSeconds)
    {
        BenchNode spec = NodeOf(device).Spec;
        ManagementRecord? answer = AwaitAnswer(() => Host.Join(spec.Eui64, spec.DeviceType), _bench.File.Hub.Eui64, ManagementMessageType.JoinResult, timeoutSeconds);
        if (answer?.Join is not { } result)
        {
            return ($"the hub did not answer the join of {spec.Eui64:X16} within {timeoutSeconds} s", "JoinDevice sent to the hub; no JoinResult came back.");
        }

        return result.Status is JoinStatus.Joined or JoinStatus.AlreadyJoined
            ? null
            : ($"the hub refused the join of {device}: {result.Status}", $"JoinResult status {result.Status}");
    }

    private (string, string)? ReadVersion(string device, uint expected, int timeoutSeconds)
    {
        BenchNode spec = NodeOf(device).Spec;
        long deadline = _bench.Scheduler.NowMs + (timeoutSeconds * 1000L);
        while (_bench.Scheduler.NowMs < deadline)
        {
            int before = Host.Gbcs.Count;
            Host.ReadFirmwareVersion(spec.Eui64);
            GbcsRecord? response = null;
            bool Answered()
            {
                for (int i = before; i < Host.Gbcs.Count; i++)
                {
                    GbcsRecord g = Host.Gbcs[i];
                    if (g.Originator == spec.Eui64 && g.MessageCode == GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion && g.Cra == GbcsCraFlag.Response)
                    {
                        response = g;
                        return true;
                    }
                }

                return false;
            }

            if (_bench.RunUntil(Answered, Math.Min(ResendMs, deadline - _bench.Scheduler.NowMs)))
            {
                uint version = response!.Cs08Version ?? 0;
                return version == expected ? null : ($"CS08 read {version:X8} from {device}, expected {expected:X8}", $"CS08 response at {response.AtMs} ms: firmware version {version:X8}");
            }
        }

        return ($"no CS08 response from {device} within {timeoutSeconds} s", $"CS08 (0x0129) sent as the ACB every {ResendMs} ms; nothing came back through the hub.");
    }

    private (string, string)? MeterTraffic(string device, long maxLost, int timeoutSeconds)
    {
        if (NodeOf(device).Role is not MeterTrafficRole meter)
        {
            return ($"{device} is not a virtual meter", "meter traffic is counted in the meter's RAM");
        }

        MeterTrafficStatistics s = meter.Statistics;
        _bench.RunUntil(() => s.Acknowledged > 0, timeoutSeconds * 1000L);
        string seen = $"{s.Reports} reports, {s.Acknowledged} acknowledged, {s.Retransmissions} retransmissions, {s.Lost} lost, latency max {s.MaxLatencyMs} ms mean {s.MeanLatencyMs} ms";
        Say($"  {device}: {seen}");
        if (s.Acknowledged == 0)
        {
            return ($"no meter report from {device} was acknowledged within {timeoutSeconds} s", seen);
        }

        return s.Lost > maxLost ? ($"{device} lost {s.Lost} meter report(s), at most {maxLost} allowed", seen) : null;
    }

    private void Distribute(DistributeStep step)
    {
        double start = _clock.Elapsed.TotalSeconds;
        BenchImage image;
        try
        {
            image = BuildImage(_bench.File.Image(step.Image));
        }
        catch (InvalidDataException ex)
        {
            FailAll(step, start, $"image '{step.Image}': {ex.Message}", ex.Message);
            return;
        }

        long timeoutMs = step.TimeoutSeconds * 1000L;
        if (Host.DeliveredCount(image.Identity) == 0)
        {
            Say($"  host offers {step.Image} ({image.Identity.ManufacturerCode:X4}/{image.Identity.ImageType:X4}/{image.Identity.FileVersion:X8}, {image.Bytes.Length} bytes) to the hub");
            Host.OfferToHub(image.Bytes);
            if (!_bench.RunUntil(() => Host.DeliveredCount(image.Identity) > 0, timeoutMs))
            {
                FailAll(step, start, $"the hub did not pull '{step.Image}' within {step.TimeoutSeconds} s", "Image Notify sent to the hub over the WAN link; the hub's OTA download did not end with Upgrade End SUCCESS.");
                return;
            }

            Say($"  hub holds {step.Image}");
        }

        ulong[] devices = [.. step.Devices.Select(d => NodeOf(d).Spec.Eui64)];
        var transfersBefore = devices.ToDictionary(d => d, d => TransferAlerts(d).Count());
        var activationsBefore = devices.ToDictionary(d => d, d => ActivationAlerts(d).Count());
        ManagementRecord? answer = AwaitAnswer(() => Host.Distribute(image.Identity, image.ManufacturerImageHash, devices), _bench.File.Hub.Eui64, ManagementMessageType.DistributeResult, step.TimeoutSeconds);
        if (answer?.Distribute is not { } result || result.Status != DistributeStatus.Accepted)
        {
            string why = answer?.Distribute is { } refused ? $"the hub refused the distribution: {refused.Status} (device {refused.Device:X16})" : $"the hub did not answer the distribution within {step.TimeoutSeconds} s";
            FailAll(step, start, why, why);
            return;
        }

        // The hub runs the transfers itself (at most two at once): wait for every device's outcome together.
        DistributeExpectation expect = step.Expect;
        bool Done(ulong d) => TransferAlerts(d).Count() > transfersBefore[d]
            && (!expect.CheckActivation || expect.Activation is null || ActivationAlerts(d).Count() > activationsBefore[d]);
        _bench.RunUntil(() => devices.All(Done), timeoutMs * Math.Max(1, (devices.Length + 1) / 2));
        foreach (string device in step.Devices)
        {
            ulong eui = NodeOf(device).Spec.Eui64;
            Record(device, step, start, CheckDistribution(device, eui, image, expect, transfersBefore[eui], activationsBefore[eui], step.TimeoutSeconds));
        }
    }

    private (string, string)? CheckDistribution(string device, ulong eui, BenchImage image, DistributeExpectation expect, int transfersBefore, int activationsBefore, int timeoutSeconds)
    {
        GbcsRecord? transfer = TransferAlerts(eui).Skip(transfersBefore).FirstOrDefault();
        GbcsRecord? activation = ActivationAlerts(eui).Skip(activationsBefore).FirstOrDefault();
        string seen = $"CCS08: {(transfer is null ? "none" : $"{transfer.TransferAlertCode:X4} response {transfer.TransferResponse} version {transfer.FirmwareVersion:X8} at {transfer.AtMs} ms")}; "
            + $"0x8F8B: {(activation is null ? "none" : $"{activation.ActivationResult} version {activation.FirmwareVersion:X8} at {activation.AtMs} ms")}";
        Say($"  {device}: {seen}");
        if (transfer is null)
        {
            return ($"no firmware transfer alert (CCS08) about {device} within the step's time", seen);
        }

        if (expect.Transfer is { } code && transfer.TransferResponse != code)
        {
            return ($"transfer alert {transfer.TransferAlertCode:X4} with response {transfer.TransferResponse}, expected {code}", seen);
        }

        if (expect.CheckActivation)
        {
            if (expect.Activation is null && activation is not null)
            {
                return ($"{device} raised 0x8F8B ({activation.ActivationResult}), expected no activation", seen);
            }

            if (expect.Activation is { } wanted && activation?.ActivationResult != wanted)
            {
                return (activation is null ? $"no 0x8F8B from {device}, expected {wanted}" : $"0x8F8B {activation.ActivationResult}, expected {wanted}", seen);
            }
        }

        if (expect.Version is { } version)
        {
            // The version is stored before 0x8F8B goes out, so the first identity after the alerts tells it; a Ping while
            // the device restarts is dropped and sent again.
            ManagementRecord? identity = AwaitAnswer(() => Host.Ping(eui), eui, ManagementMessageType.Identity, timeoutSeconds);
            if (identity?.Identity is not { } id)
            {
                return ($"no identity from {device} within {timeoutSeconds} s after the transfer", seen);
            }

            var component = id.Components.FirstOrDefault(c => c.ImageType == image.Identity.ImageType);
            seen += $"; identity: {Describe(id)}";
            if (component.Version != version)
            {
                return ($"{device} runs {component.Version:X8} on image type {image.Identity.ImageType:X4}, expected {version:X8}", seen);
            }
        }

        return null;
    }

    private void FailAll(DistributeStep step, double start, string reason, string details)
    {
        foreach (string device in step.Devices)
        {
            Record(device, step, start, (reason, details));
        }
    }

    private IEnumerable<GbcsRecord> TransferAlerts(ulong device) => Host.Gbcs.Where(g => g.TransferEntity == device);

    private IEnumerable<GbcsRecord> ActivationAlerts(ulong device) =>
        Host.Gbcs.Where(g => g.Originator == device && g.MessageCode == GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert);

    private BenchImage BuildImage(BenchImageSpec spec)
    {
        if (spec.File is null)
        {
            FirmwareComponentConfig component = _bench.Node(spec.For!).Configuration.FindComponent(spec.Component)!;
            return BenchImages.Build(component.ManufacturerCode, component.ImageType, spec.Version, spec.Bytes, spec.Seed);
        }

        byte[] bytes = File.ReadAllBytes(spec.File);
        var parsed = new OtaImage();
        OtaFileStatus status = OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.Unknown, parsed);
        if (status != OtaFileStatus.Ok || parsed.Layout == OtaImageLayout.ZigBee)
        {
            throw new InvalidDataException(status != OtaFileStatus.Ok ? $"{spec.File} is not an OTA image ({status})" : $"{spec.File} is a plain ZigBee OTA file; devices check a GBCS Manufacturer Image hash");
        }

        return new BenchImage(new ImageIdentity(parsed.Header.ManufacturerCode, parsed.Header.ImageType, parsed.Header.FileVersion), bytes, parsed.GetManufacturerImageHash());
    }

    private static string Describe(IdentitySnapshot identity) =>
        string.Join(", ", identity.Components.Select(c => $"{c.Component} {c.ImageType:X4} {c.Version:X8}"));
}

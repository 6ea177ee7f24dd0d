using System.Diagnostics;
using System.Globalization;
using HanBench.Bench.Topology;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Tooling.Demo;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
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
/// <para>
/// The DCC side is played through the production CSP path, as <c>hanbench demo</c> plays it (<see cref="DccSide"/>): an
/// inventory (temporary unless named) where the hub is pre-notified and commissioned and every PPMID and bridge of the
/// file pre-notified (12.2) and added to the HAN (8.11), commissioned once its join succeeds; a <c>distribute</c> step
/// puts its image on the CPL and is submitted as 11.4 and driven by the
/// <see cref="DistributionEngine"/>, each device checked against the engine's outcome, the DCC alerts issued (N59, N62,
/// N39), the inventory's version and what the device itself said (CCS08, 0x8F8B, its identity); a <c>readVersion</c>
/// step is 11.2 through <see cref="HubDeviceGateway"/>. The engine stays attached to the session after the run; the
/// bench is disposed next.
/// </para>
/// </summary>
public sealed partial class BenchRunner
{
    /// <summary>Lines of device log attached to a failed case.</summary>
    public const int LogLinesPerFailure = 120;

    /// <summary>How often an unanswered Ping or CS08 is sent again (a device restarting drops frames; HanBench choice).</summary>
    public const int ResendMs = 1000;

    private readonly HilBench _bench;
    private readonly Action<string> _progress;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<BenchCaseResult> _cases = [];
    private readonly DccSide _dcc;
    private readonly List<IssuedDccAlert> _alerts = [];

    private BenchRunner(HilBench bench, Action<string> progress, DccSide dcc)
    {
        _bench = bench;
        _progress = progress;
        _dcc = dcc;
        dcc.Engine.AlertIssued += _alerts.Add;
        dcc.Engine.Log += line => Say($"  CSP: {line}");
    }

    private IBenchHost Host => _bench.Host;

    /// <summary>
    /// Runs every step of <paramref name="bench"/>'s file and returns the report; the DCC side's inventory is
    /// <paramref name="inventoryPath"/>, kept afterwards unless <paramref name="keepInventory"/> is false (a file in the
    /// caller's temporary folder), or a temporary one deleted at the end. A stopped bench (<see cref="HilBench.StartAsync"/>'s
    /// token) ends it with <see cref="OperationCanceledException"/>, the inventory closed (and deleted unless kept).
    /// </summary>
    public static BenchReport Run(HilBench bench, Action<string>? progress = null, string? inventoryPath = null, bool keepInventory = true)
    {
        ArgumentNullException.ThrowIfNull(bench);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        bool keep = inventoryPath is not null && keepInventory;
        using DccSide dcc = DccSide.Open(bench.Host.Session, inventoryPath, keep);
        var runner = new BenchRunner(bench, progress ?? (_ => { }), dcc);
        runner.Commission();
        foreach (BenchStep step in bench.File.Steps)
        {
            runner.RunStep(step);
        }

        List<KeyValuePair<string, string>> properties = runner.Properties();
        if (keep)
        {
            properties.Add(new("inventory", Path.GetFullPath(inventoryPath!)));
        }

        return new BenchReport(bench.File.Name, started, runner._clock.Elapsed.TotalSeconds, runner._cases, properties);
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

    /// <summary>
    /// The inventory the DCC holds before the scenario: the hub pre-notified and commissioned, every PPMID and bridge
    /// pre-notified (12.2) and added to the hub's HAN (8.11) at the version its component starts with. A refusal (a kept
    /// inventory that already knows the device) is reported, not fatal: later steps tell whether the inventory fits.
    /// </summary>
    private void Commission()
    {
        BenchNode hub = _bench.File.Hub;
        var results = new List<(string What, ServiceResult Result)>();
        results.AddRange(_dcc.CommissionHub(hub.Eui64, MainVersion(hub.Name)).Select(r => ("12.2/8.4 " + hub.Name, r)));
        foreach (BenchNode node in _bench.File.Nodes.Where(IsType1))
        {
            results.AddRange(_dcc.AddDevice(hub.Eui64, node.Eui64, DeviceType.PPMID, InventoryVariant(node), _bench.Node(node.Name).Configuration.Components[0].InitialVersion)
                .Select(r => ($"12.2/8.11 {node.Name}", r)));
        }

        int refused = 0;
        foreach ((string what, ServiceResult result) in results.Where(r => r.Result.IsRefused))
        {
            refused++;
            Say($"  inventory: {what}: {result.ResponseCode} {result.Message}");
        }

        Say($"inventory {_dcc.Path}: {_bench.File.Hub.Name} commissioned, {_bench.File.Nodes.Count(IsType1)} PPMID/bridge(s) pre-notified and added to the HAN{(refused == 0 ? string.Empty : $" ({refused} request(s) refused)")}");
    }

    private static bool IsType1(BenchNode node) => node.Role is DeviceRoleKind.Ppmid or DeviceRoleKind.Bridge;

    private static AltHanVariant? InventoryVariant(BenchNode node) => node.Role == DeviceRoleKind.Bridge ? node.Variant : null;

    private uint MainVersion(string node) => _bench.Node(node).Configuration.Components[0].InitialVersion;

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
                    ReadVersion(device, read);
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

    private void Record(string device, BenchStep step, double start, (string Reason, string Details)? failure, string? output = null)
    {
        double seconds = _clock.Elapsed.TotalSeconds - start;
        string? log = failure is null ? null : _bench.Node(device).Log(LogLinesPerFailure);
        _cases.Add(new BenchCaseResult(device, step.Title, seconds, failure?.Reason, failure?.Details, log, output));
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

        if (result.Status is not (JoinStatus.Joined or JoinStatus.AlreadyJoined))
        {
            return ($"the hub refused the join of {device}: {result.Status}", $"JoinResult status {result.Status}");
        }

        // Whitelisted is not joined (audit N5): the device is Commissioned once it answered through the hub.
        if (IsType1(spec) && _dcc.AwaitsJoin(spec.Eui64))
        {
            if (AwaitAnswer(() => Host.Ping(spec.Eui64), spec.Eui64, ManagementMessageType.Identity, timeoutSeconds) is null)
            {
                return ($"the hub whitelisted {device} but it did not answer through the hub within {timeoutSeconds} s", "JoinResult received; Ping through the hub unanswered, so it stays Whitelisted.");
            }

            _dcc.RecordJoined(spec.Eui64);
        }

        return null;
    }

    /// <summary>SRV 11.2 through <see cref="HubDeviceGateway"/> (CS08 as the ACB, the session's retries for a device restarting).</summary>
    private void ReadVersion(string device, ReadVersionStep step)
    {
        double start = _clock.Elapsed.TotalSeconds;
        BenchNode spec = NodeOf(device).Spec;
        Task<ReadFirmwareVersionResult> task = _dcc.Handlers.ReadFirmwareVersion.HandleAsync(new ReadFirmwareVersionRequest(_dcc.NextRequestId(spec.Eui64), new Eui64(spec.Eui64)));
        if (!_bench.RunUntil(() => task.IsCompleted, step.TimeoutSeconds * 1000L))
        {
            Record(device, step, start, ($"no 11.2 answer about {device} within {step.TimeoutSeconds} s", "11.2 sends CS08 (0x0129) as the ACB through the hub; the session was still retrying."));
            return;
        }

        ReadFirmwareVersionResult result = task.GetAwaiter().GetResult();
        string expected = FirmwareVersionText.Of(step.Expected);
        string output = $"11.2: {result.ResponseCode} {result.Message}";
        Say($"  {device}: {output}");
        (string, string)? failure = result.ResponseCode != DuisResponseCodes.Success
            ? ($"11.2 about {device} answered {result.ResponseCode}: {result.Message}", output)
            : !string.Equals(result.FirmwareVersion, expected, StringComparison.OrdinalIgnoreCase)
                ? ($"CS08 read {result.FirmwareVersion} from {device}, expected {expected}", output)
                : null;
        Record(device, step, start, failure, output);
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
}

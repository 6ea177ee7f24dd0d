using System.Globalization;
using HanBench.Bench.Radio;
using HanBench.Bench.Time;
using HanBench.Bench.Topology;
using HanBench.Device.Desktop.Links;
using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Host.Keys;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Transports;

namespace HanBench.Bench.Hil;

/// <summary>How a <see cref="HilBench"/> runs.</summary>
public sealed class HilOptions
{
    /// <summary>Where process nodes keep their state (a fresh folder per node); default: a new temporary folder, deleted afterwards.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>How to start <c>hanbench board</c> for process nodes; default: the one next to this build.</summary>
    public BoardCommandLine? BoardCommand { get; init; }

    /// <summary>How long a process may take to start, and links to connect.</summary>
    public TimeSpan StartPatience { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lines each virtual node's log keeps.</summary>
    public int LogLines { get; init; } = 400;

    /// <summary>Level of the device logs (virtual nodes and processes).</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Info;

    /// <summary>Each virtual device's image store capacity (the hub stores whole images).</summary>
    public int ImageStoreBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// What the boards are provisioned with and the host's matching keys (issue 8 §1): virtual nodes get it in their
    /// settings, process nodes a credentials file in their state folder; real boards carry what <c>flash</c> gave them.
    /// HanBench's test keys unless a keystore's.
    /// </summary>
    public BoardProvisioning Provisioning { get; init; } = BoardProvisioning.TestKeys;

    /// <summary>
    /// For debugging a device only (<c>--insecure</c>): the host, every virtual node and every board process act on GBCS
    /// messages whose MAC or signature fails (board processes get <c>--insecure</c>); real boards keep their own setting.
    /// </summary>
    public bool Insecure { get; init; }
}

/// <summary>
/// A bench in real time with the host as the medium between its boards (issue [D] §5): every node of a
/// <see cref="BenchFile"/> is a virtual role in this process, a <c>hanbench board</c> process on pseudo-terminals, or a
/// real board on serial ports; the host's <see cref="Medium"/> (on a <see cref="RealTimeScheduler"/>) carries frames
/// between their ports by the bench topology, with a <see cref="BoardProxy"/> per external board. The DCC side is the
/// host's <see cref="Host.Csp.HubSession"/> on the hub's WAN link, behind <see cref="IBenchHost"/>. So "hub + PPMID + B1–B4 on USB serial"
/// needs only USB cables (one adapter per board link); Alt HAN hops wired UART-to-UART are left out of the medium.
/// Call everything but <see cref="StartAsync"/> and <see cref="DisposeAsync"/> on the thread that runs the scheduler.
/// </summary>
public sealed class HilBench : IAsyncDisposable
{
    /// <summary>The host–hub link inside the host: no radio, so the real link's own timing is all there is. (HanBench choice.)</summary>
    public static readonly RadioModel Ideal = new() { MaxFrameBytes = HanFrame.MaxEncodedLength, BitRate = 100_000_000, FullDuplex = true };

    private readonly List<HilNode> _nodes = [];
    private readonly List<BoardProcess> _processes = [];
    private readonly bool _ownsWorkDirectory;
    private readonly Action<string> _log;
    private CancellationToken _stop;
    private CancellationTokenRegistration _wakeOnStop;

    private HilBench(BenchFile file, HilOptions options, string workDirectory, bool ownsWorkDirectory, Action<string> log)
    {
        File = file;
        Options = options;
        WorkDirectory = workDirectory;
        _ownsWorkDirectory = ownsWorkDirectory;
        _log = log;
        Scheduler = new RealTimeScheduler();
        Medium = new Medium(Scheduler, file.Seed);
    }

    /// <summary>The bench file.</summary>
    public BenchFile File { get; }

    /// <summary>The options.</summary>
    public HilOptions Options { get; }

    /// <summary>Where process nodes keep their state.</summary>
    public string WorkDirectory { get; }

    /// <summary>The wall clock the medium and the virtual roles run on.</summary>
    public RealTimeScheduler Scheduler { get; }

    /// <summary>The host's medium.</summary>
    public Medium Medium { get; }

    /// <summary>The DCC side.</summary>
    public IBenchHost Host { get; private set; } = null!;

    /// <summary>The nodes, in file order.</summary>
    public IReadOnlyList<HilNode> Nodes => _nodes;

    /// <summary>The node called <paramref name="name"/>.</summary>
    public HilNode Node(string name) => _nodes.First(n => n.Spec.Name == name);

    /// <summary>
    /// Builds the medium, starts the virtual roles and the board processes, opens every external link and waits (bounded
    /// by <see cref="HilOptions.StartPatience"/>) until each is connected. Throws <see cref="HilStartException"/> naming
    /// the node and link that would not come up. <paramref name="cancellationToken"/> also stops the started bench (Ctrl-C,
    /// SIGTERM): <see cref="RunUntil"/> and <see cref="RunFor"/> then end with <see cref="OperationCanceledException"/>
    /// between two events, so the caller unwinds and <see cref="DisposeAsync"/> stops the board processes.
    /// </summary>
    public static async Task<HilBench> StartAsync(BenchFile file, HilOptions? options, Action<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        options ??= new HilOptions();
        bool owns = options.WorkDirectory is null;
        string work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("hanbench-bench-").FullName;
        var bench = new HilBench(file, options, work, owns, log ?? (_ => { }));
        bench._stop = cancellationToken;

        // A scheduler waiting for its next event sleeps; a posted no-op wakes it to see the stop at once.
        bench._wakeOnStop = cancellationToken.Register(() => bench.Scheduler.Post(static () => { }));
        try
        {
            await bench.BuildAsync(cancellationToken).ConfigureAwait(false);
            return bench;
        }
        catch
        {
            await bench.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the scheduler until <paramref name="condition"/> holds or <paramref name="timeoutMs"/> pass; whether it held.</summary>
    public bool RunUntil(Func<bool> condition, long timeoutMs)
    {
        bool met = Scheduler.RunUntil(() => _stop.IsCancellationRequested || condition(), Scheduler.NowMs + timeoutMs);
        _stop.ThrowIfCancellationRequested();
        return met;
    }

    /// <summary>Runs the scheduler for <paramref name="durationMs"/>.</summary>
    public void RunFor(long durationMs) => RunUntil(static () => false, durationMs);

    /// <summary>Stops the processes and closes every link; deletes a temporary work directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _wakeOnStop.DisposeAsync().ConfigureAwait(false);
        foreach (HilNode node in _nodes)
        {
            if (node.Proxy is not null)
            {
                await node.Proxy.DisposeAsync().ConfigureAwait(false);
            }
        }

        foreach (BoardProcess process in _processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        if (_ownsWorkDirectory)
        {
            try
            {
                Directory.Delete(WorkDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A process still closing a file: the temporary folder is left for the system to clean.
            }
        }
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        BenchNode hubSpec = File.Hub;
        MediumNode host = Medium.AddNode(File.HostEui, "host");
        var mediumNodes = File.Nodes.ToDictionary(n => n.Name, n => Medium.AddNode(n.Eui64, n.Name));
        Medium.AddHop(host, mediumNodes[hubSpec.Name], HopKind.Wire, Ideal);
        foreach (BenchHop hop in File.Hops.Where(h => !h.Wired))
        {
            Medium.AddHop(mediumNodes[hop.A], mediumNodes[hop.B], hop.Kind, ModelOf(hop.Model));
        }

        BenchTree tree = BenchTree.Of(File);
        foreach (BenchNode spec in File.Nodes)
        {
            MediumNode node = mediumNodes[spec.Name];
            if (spec.Role == DeviceRoleKind.Hub)
            {
                node.AddRelayedAddress(File.HostEui);
                foreach (BenchNode other in File.Nodes.Where(n => n != spec))
                {
                    node.AddRelayedAddress(other.Eui64);
                }
            }
            else if (spec.Role == DeviceRoleKind.Bridge)
            {
                foreach (BenchNode below in tree.Below(spec.Name))
                {
                    node.AddRelayedAddress(below.Eui64);
                }

                node.AddRelayedAddress(hubSpec.Eui64);
                node.AddRelayedAddress(File.HostEui);
            }
        }

        var stub = new HostStub(Scheduler, File.HostEui, hubSpec.Eui64, host.Port(HopKind.Wire), provisioning: Options.Provisioning, insecure: Options.Insecure);
        host.Attach(stub);
        Host = new HubSessionBenchHost(stub);

        // Board processes start together: each takes about a second to come up (a dotnet start), and started one after
        // another a bench opened its ports a second apart.
        Dictionary<BenchNode, Task<BoardProcess>> starting = File.Nodes.Where(n => n.Run == NodeRun.Process)
            .ToDictionary(spec => spec, spec => StartProcessAsync(spec, ConfigurationFor(spec, tree), tree.LinkKinds(spec.Name), cancellationToken));
        try
        {
            await Task.WhenAll(starting.Values).ConfigureAwait(false);
        }
        catch (Exception) when (starting.Values.Any(t => t.IsCompletedSuccessfully))
        {
            // Hand the ones that did start to DisposeAsync before reporting the one that did not.
            _processes.AddRange(starting.Values.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            throw;
        }

        foreach (BenchNode spec in File.Nodes)
        {
            RoleSettings configuration = ConfigurationFor(spec, tree);
            HopKind[] kinds = tree.LinkKinds(spec.Name);
            MediumNode node = mediumNodes[spec.Name];
            switch (spec.Run)
            {
                case NodeRun.Virtual:
                    var log = new MemoryLog(Options.LogLines, Options.LogLevel);
                    var settings = new MemorySettingsStore();
                    Options.Provisioning.Provision(configuration).Save(settings);
                    var context = new DeviceContext(Scheduler, new MemoryImageStore(Options.ImageStoreBytes), settings, new MemoryIndicator(), log);
                    IDeviceRole role = RoleFactory.Create(configuration, context, node.Port(kinds[0]), kinds.Length > 1 ? node.Port(kinds[1]) : null);
                    node.Attach(role);
                    _nodes.Add(new HilNode(spec, configuration, node, role, log, null, null));
                    break;
                case NodeRun.Process:
                    BoardProcess process = starting[spec].Result;
                    _processes.Add(process);
                    LinkConnector?[] ptys = [.. process.PtyPaths.Select(p => LinkConnector.ForSpec(LinkSpec.ForSerial(p)))];
                    _nodes.Add(AttachProxy(spec, configuration, node, ptys, kinds, process));
                    break;
                default:
                    string[] names = Device.Configuration.RoleConfigFile.ExpectedLinks(Device.Configuration.RoleConfigMapping.ParseRole(BenchFileLoader.RoleName(spec.Role)));
                    LinkConnector?[] serial = [.. names.Select(n => spec.Links[n] == BenchNode.Wired ? null : Connect(spec, n))];
                    _nodes.Add(AttachProxy(spec, configuration, node, serial, kinds, null));
                    break;
            }
        }

        foreach (HilNode node in _nodes)
        {
            node.Proxy?.Open();
        }

        // Bounded: a link that does not come up is named, with the pump's last error.
        DateTime deadline = DateTime.UtcNow + Options.StartPatience;
        foreach (HilNode node in _nodes.Where(n => n.Proxy is not null))
        {
            while (!node.Proxy!.AllConnected)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new HilStartException(node.Spec.Name, $"{node.Proxy.DescribeUnconnected()} (after {Options.StartPatience.TotalSeconds:F0} s)");
                }

                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private HilNode AttachProxy(BenchNode spec, RoleSettings configuration, MediumNode node, LinkConnector?[] connectors, HopKind[] kinds, BoardProcess? process)
    {
        var proxy = new BoardProxy(Scheduler, node, connectors, kinds, _log);
        node.Attach(proxy);
        return new HilNode(spec, configuration, node, null, null, proxy, process);
    }

    private static LinkConnector Connect(BenchNode spec, string link)
    {
        try
        {
            return LinkConnector.ForSpec(LinkSpec.Parse(spec.Links[link]));
        }
        catch (Exception ex) when (ex is LinkClosedException or FormatException or ArgumentException)
        {
            throw new HilStartException(spec.Name, $"link {link} {spec.Links[link]}: {ex.Message}");
        }
    }

    private async Task<BoardProcess> StartProcessAsync(BenchNode spec, RoleSettings configuration, HopKind[] kinds, CancellationToken cancellationToken)
    {
        BoardCommandLine command = Options.BoardCommand ?? BoardCommandLine.NextToThisBuild()
            ?? throw new HilStartException(spec.Name, "no hanbench next to this build to start a board process with");
        string state = Path.Combine(WorkDirectory, spec.Name);
        Options.Provisioning.WriteFile(configuration, state);
        var arguments = new List<string>
        {
            "--role", BenchFileLoader.RoleName(spec.Role),
            "--id", Hex(spec.Eui64),
            "--state", state,
            "--restart-ms", configuration.RestartTimeMs.ToString(CultureInfo.InvariantCulture),
            "--log-level", Options.LogLevel.ToString().ToLowerInvariant(),
            "--link", "pty",
            "--exit-on-stdin-eof",
        };
        int[] maxFrames = MaxFramesOf(spec, kinds);
        arguments.AddRange(["--max-frame", maxFrames[0].ToString(CultureInfo.InvariantCulture)]);
        if (kinds.Length > 1)
        {
            arguments.AddRange(["--link2", "pty", "--max-frame2", maxFrames[1].ToString(CultureInfo.InvariantCulture)]);
        }

        if (Options.Insecure)
        {
            arguments.Add("--insecure");
        }

        if (spec.Role == DeviceRoleKind.Hub)
        {
            arguments.AddRange(["--host", Hex(configuration.UpstreamEui)]);
        }
        else
        {
            arguments.AddRange(["--hub", Hex(configuration.HubEui)]);
        }

        if (spec.Role == DeviceRoleKind.Bridge)
        {
            arguments.AddRange(["--variant", spec.Variant.ToString()]);
            if (configuration.PeerEui != 0)
            {
                arguments.AddRange(["--peer", Hex(configuration.PeerEui)]);
            }

            foreach (ulong relayed in configuration.RelayedEuis)
            {
                arguments.AddRange(["--relay", Hex(relayed)]);
            }
        }

        _log($"{spec.Name}: starting {command.FileName} {string.Join(' ', command.Prefix.Append("board").Concat(arguments))}");
        try
        {
            BoardProcess process = await BoardProcess.StartAsync(command, spec.Name, arguments, Options.StartPatience, cancellationToken).ConfigureAwait(false);
            if (process.PtyPaths.Count != kinds.Length)
            {
                await process.DisposeAsync().ConfigureAwait(false);
                throw new HilStartException(spec.Name, $"the board process printed {process.PtyPaths.Count} pty path(s), not {kinds.Length}");
            }

            return process;
        }
        catch (InvalidOperationException ex)
        {
            throw new HilStartException(spec.Name, ex.Message);
        }
    }

    /// <summary>The role configuration the bench gives <paramref name="spec"/> (a serial board has its own, from its flash, with the same defaults).</summary>
    private RoleSettings ConfigurationFor(BenchNode spec, BenchTree tree)
    {
        ulong hub = File.Hub.Eui64;
        RoleSettings configuration = spec.Role switch
        {
            DeviceRoleKind.Hub => RoleSettings.ForHub(spec.Eui64, File.HostEui),
            DeviceRoleKind.Bridge => RoleSettings.ForBridge(spec.Eui64, spec.Variant, hub, tree.AltHanPartner(spec.Name)?.Eui64 ?? 0, [.. tree.Below(spec.Name).Select(n => n.Eui64)]),
            DeviceRoleKind.Meter => RoleSettings.ForMeter(spec.Eui64, hub),
            _ => RoleSettings.ForPpmid(spec.Eui64, hub),
        };
        if (spec.RestartMs is { } restart)
        {
            configuration.RestartTimeMs = restart;
        }

        if (spec.MeterReportMs is { } period)
        {
            configuration.MeterReportPeriodMs = period;
            configuration.MeterRetryIntervalMs = Math.Max(100, period / 2);
        }

        configuration.Insecure = Options.Insecure;

        return configuration;
    }

    /// <summary>
    /// The largest frame each of a process node's links may carry, in link order: the smallest of the radios of its hops
    /// of that link's kind, so its OTA client asks for blocks that fit the air and its hub serves no larger, as a virtual
    /// node on that port would (<see cref="MediumPort.MaxFrameLength"/>). A hub's WAN link to the host is no radio
    /// (<see cref="Ideal"/>): it carries whole signed GBCS alerts.
    /// </summary>
    private int[] MaxFramesOf(BenchNode spec, HopKind[] kinds)
    {
        var max = new int[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
        {
            max[i] = HanFrame.MaxEncodedLength;
            foreach (BenchHop hop in File.Hops.Where(h => !h.Wired && h.Kind == kinds[i] && (h.A == spec.Name || h.B == spec.Name)))
            {
                max[i] = Math.Min(max[i], ModelOf(hop.Model).MaxFrameBytes);
            }
        }

        return max;
    }

    private static RadioModel ModelOf(string model) => model switch
    {
        "zigbee" => RadioModel.ZigBee,
        "althan" => RadioModel.AltHan,
        _ => Ideal,
    };

    private static string Hex(ulong value) => value.ToString("X16", CultureInfo.InvariantCulture);
}

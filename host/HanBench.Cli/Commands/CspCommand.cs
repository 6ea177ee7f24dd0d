using HanBench.Bench.Capture;
using System.CommandLine;
using System.Globalization;
using HanBench.Device.Configuration;
using HanBench.Device.Desktop.Boards;
using HanBench.Device.Desktop.Links;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Transports;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench csp run</c>: the host's CSP side as a process of its own, in real time, on a link to one Comms Hub (a
/// board, or a bench behind TCP): a <see cref="HubSession"/> with the CSP composed on it (<see cref="CspRuntime"/>, as the
/// demo and <c>bench run</c> compose it) on the inventory file, resuming whatever the inventory says is in progress and
/// picking up at once what other processes commit to it (<c>firmware submit</c>, <c>firmware cancel</c>, the credential
/// requests <c>credentials</c> and <c>serve</c> queue, each carried out through the hub and its outcome recorded). The wiring
/// only: the session runs as the role of a real-time virtual board (its thread, clock and stream link).
/// </summary>
public static class CspCommand
{
    /// <summary>The host's EUI-64 on the WAN link when none is given (the standard bench's).</summary>
    public const ulong DefaultHostEui = RoleAddressing.DefaultHostEui;

    public static Command Create(CliConsole console)
    {
        var command = new Command("csp", "The CSP side of the host: distribution to a Comms Hub over a link.");
        // --db, as every command that works on an existing inventory names it (issue 13 §2); --inventory, its name before, still works.
        var inventory = new Option<string>("--db", "--inventory") { Description = "The inventory (SQLite) file with the queued distributions.", Required = true };
        var link = new Option<string>("--link") { Description = "Link to the Comms Hub: serial:PATH[@baud], tcp:HOST:PORT or listen:PORT.", Required = true };
        var hub = new Option<string?>("--hub") { Description = "EUI-64 of the Comms Hub (default: the only Comms Hub in the inventory)." };
        var host = new Option<string?>("--host-eui") { Description = $"The host's EUI-64 on the link (default {new Eui64(DefaultHostEui)}, the standard bench's)." };
        var scale = new Option<double>("--time-scale") { Description = "Divide the CSP's waits and time-outs by this (for a bench paced faster than the wall clock).", DefaultValueFactory = _ => 1.0 };
        var idle = new Option<bool>("--exit-when-idle") { Description = "Exit once no distribution is in progress, no queued credential request waits and the hub answered every join: code 0, or 1 when an update failed, a credential request was refused, a join was refused or an 11.2 got no version in this run." };
        var readVersions = new Option<bool>("--read-versions") { Description = "Once idle, SRV 11.2: read every Commissioned PPMID, HCALCS and Alt HAN bridge's firmware version with CS08 through the hub and print it (the inventory takes what the device says)." };
        Option<string?> capture = CaptureOption.Create();
        Option<string?> keystore = KeystoreOption.CreateForDevices();
        Option<bool> wait = MissingPortWait.WaitOption();
        Option<double?> giveUpAfter = MissingPortWait.GiveUpAfterOption();
        Option<string?> gbcsLog = CaptureOption.CreateGbcsLog();
        Option<bool> insecure = InsecureOption.Create();
        var run = new Command("run", "Run the distribution engine against one Comms Hub until stopped (or idle).") { inventory, link, hub, host, scale, idle, readVersions, capture, gbcsLog, insecure, wait, giveUpAfter, keystore };
        run.SetAction(parse => Run(console, parse.GetValue(inventory)!, parse.GetValue(link)!, parse.GetValue(hub), parse.GetValue(host), parse.GetValue(scale), parse.GetValue(idle), parse.GetValue(readVersions), parse.GetValue(capture),
            parse.GetValue(gbcsLog), InsecureOption.Read(console, parse.GetValue(insecure)), new MissingPortWait.Choice(parse.GetValue(wait), parse.GetValue(giveUpAfter)), parse.GetValue(keystore)));
        command.Add(run);
        return command;
    }

    private static int Run(CliConsole console, string inventoryPath, string linkText, string? hubText, string? hostText, double scale, bool exitWhenIdle, bool readVersions, string? capturePath, string? gbcsLogPath, bool insecure, MissingPortWait.Choice portWait, string? keystore)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new CliException($"--time-scale must be a positive number, not {scale.ToString(CultureInfo.InvariantCulture)}");
        }

        FileArguments.RefuseFolder(inventoryPath, "--db");
        if (!File.Exists(inventoryPath))
        {
            throw new CliException($"--db {inventoryPath}: no such file (the inventory the distributions were queued in)");
        }

        if (!LinkSpec.TryParse(linkText, out LinkSpec? spec, out string? error))
        {
            throw new CliException($"--link: {error}");
        }

        Eui64 hostEui = new(DefaultHostEui);
        if (hostText is not null && !Eui64.TryParse(hostText, out hostEui))
        {
            throw new CliException($"--host-eui '{hostText}' is not an EUI-64");
        }

        BoardProvisioning provisioning = KeystoreOption.Provisioning(console, keystore);

        // The keystore's test CA certifies the key a device generates for a queued 6.17 (CS02c).
        Keystore certifier = KeystoreOption.Open(keystore);
        MissingPortWait.UntilPresent(console, spec, "--link", portWait, "csp run");
        using InventoryEngineLock engineLock = InventoryAccess.LockForEngine(inventoryPath, "csp run");
        using InventoryStore store = InventoryStore.Open(inventoryPath);
        Eui64 hubEui = ResolveHub(store, hubText);
        VirtualBoard? board = null;
        CspRuntime? csp = null;
        // The host's board state lives only while this process does; a SIGKILLed run's folder goes at the next run's start.
        using ProcessTemporaryFolder stateFolder = ProcessTemporaryFolder.Create("hanbench-csp-");
        string state = stateFolder.Path;
        var output = new CspRunOutput(console);
        void Line(string text) => output.Line(text);

        TimeSpan? giveUpAfter = portWait.GiveUpAfter();
        LinkConnector connector;
        try
        {
            connector = LinkConnector.ForSpec(spec, giveUpAfter);
        }
        catch (LinkClosedException ex)
        {
            throw new CliException($"--link: {ex.Message}", ExitCodes.Failed);
        }

        HubSessionOptions options = SessionOptions(hostEui.Value, hubEui.Value, scale, provisioning, insecure, giveUpAfter);

        HubSession? hubSession = null;
        BoardRoleFactory createRole = (context, links) =>
        {
            var session = new HubSession(links[0], context.Clock, options, new InventoryOriginatorCounter(store));
            hubSession = session;
            session.Liveness.NotAnswering += silentMs => Line($"note hub {hubEui} not answering on {connector.Name} for {Seconds(silentMs)} s: is its board running?");
            session.Liveness.AnsweringAgain += silentMs => Line($"note hub {hubEui} answering again on {connector.Name} after {Seconds(silentMs)} s");
            csp = CspRuntime.Attach(store, session, DistributionSettings.Default.Scaled(scale), certifier);
            csp.Credentials.Sent += output.Credential;
            csp.Credentials.Finished += output.Credential;
            csp.Credentials.ResponseQueued += response => Line($"response {response.RequestId} to {response.RecipientId?.ToString() ?? "-"} queued for serve to deliver");
            csp.WatchInventory(action => board!.Post(action));
            DistributionEngine engine = csp.Engine;
            engine.AlertIssued += alert => Line($"alert {alert.AlertCode} device {alert.DeviceId?.ToString() ?? "-"} request {alert.RequestId ?? "-"}");
            engine.ProgressChanged += output.Progress;
            engine.Log += text => Line($"note {text}");
            csp.KeepHanJoined(text => Line($"note {text}"));
            return session;
        };

        using var signals = new StopSignal();
        Task stop = signals.Requested;

        using HanCapture? captureFile = CaptureOption.Open(capturePath, console);
        using GbcsTranscript? transcript = CaptureOption.OpenGbcsLog(gbcsLogPath, console);
        IFrameRecorder? taps = FrameRecorders.Combine(captureFile, transcript);
        createRole = taps is null ? createRole : new BoardCapture(taps, "csp").Wrap(createRole);
        board = new VirtualBoard(new VirtualBoardOptions { Id = hostEui.Value, Name = "csp", StateDirectory = state, Links = [connector], LogWriter = TextWriter.Null, LinkEvents = (_, message) => output.Link(message) }, createRole);
        try
        {
            board.Start();
            Line($"csp: hub {hubEui}, inventory {Path.GetFullPath(inventoryPath)}, link {connector.Name}, time scale {scale.ToString(CultureInfo.InvariantCulture)}");
            bool versionsRead = !readVersions;
            while (!stop.IsCompleted && !board.Stopped.IsCompleted)
            {
                // Idle: no update in progress and every join of the hub's HAN devices answered.
                bool idle = board.InvokeAsync(() => csp!.IsIdle).GetAwaiter().GetResult();
                if (idle && !versionsRead)
                {
                    versionsRead = true;
                    ReadVersions(board, csp!, output, stop);
                    continue;
                }

                if (exitWhenIdle && idle)
                {
                    Line("csp: no distribution in progress; exiting");
                    break;
                }

                // --exit-when-idle never comes while the hub owes an answer it will not give: give up as for a missing port
                // (unless --wait).
                if (exitWhenIdle && giveUpAfter is { } giveUp
                    && board.InvokeAsync(() => GivesUpOnHub(hubSession!.Liveness, hubSession.Clock.NowMs, giveUp) ? hubSession.Liveness.SilentForMs(hubSession.Clock.NowMs) : (long?)null).GetAwaiter().GetResult() is { } silentMs)
                {
                    output.Fail($"hub {hubEui} not answering on {connector.Name} for {Seconds(silentMs)} s: gave up (is its board running? --wait waits for it)");
                    break;
                }

                Task.WaitAny([stop, board.Stopped], 200);
            }

            bool faulted = board.Stopped.IsFaulted;
            if (faulted)
            {
                Line($"csp: stopped by an error: {board.Stopped.Exception?.GetBaseException().Message}");
                return ExitCodes.Failed;
            }

            List<string> failed = [.. output.Failures, .. board.InvokeAsync(() => csp!.Joins!.Problems.ToList()).GetAwaiter().GetResult()];
            foreach (string failure in failed)
            {
                console.Error.WriteLine($"hanbench: csp run: {failure}");
            }

            return signals.ExitCode(console, "csp run", failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed);
        }
        finally
        {
            board.StopAsync().AsTask().GetAwaiter().GetResult();
            csp?.Dispose();
            InsecureOption.Remind(console, insecure);
        }
    }

    /// <summary>
    /// SRV 11.2 (CS08 through the hub) for every device <see cref="CspRuntime.VersionReadTargets"/> names, one line each; a
    /// read that gets no version is a failed step. Waits for each answer unless <paramref name="stopped"/> completes first.
    /// </summary>
    private static void ReadVersions(VirtualBoard board, CspRuntime csp, CspRunOutput output, Task stopped)
    {
        foreach (Eui64 device in csp.VersionReadTargets())
        {
            var request = new ReadFirmwareVersionRequest(InventoryAccess.NewRequestId(InventoryAccess.DefaultServiceUser, device), device);
            Task<ReadFirmwareVersionResult> read = board.InvokeAsync(() => csp.Handlers.ReadFirmwareVersion.HandleAsync(request)).GetAwaiter().GetResult();
            if (Task.WaitAny(read, stopped) != 0)
            {
                return;
            }

            ReadFirmwareVersionResult result = read.GetAwaiter().GetResult();
            if (result.ResponseCode == DuisResponseCodes.Success)
            {
                output.Line($"11.2 {device} {result.FirmwareVersion} {result.ResponseCode}: {result.Message}");
            }
            else
            {
                output.Fail($"11.2 {device} {result.ResponseCode}: {result.Message}");
            }
        }
    }

    /// <summary>
    /// The session options of <c>csp run</c>: every retry policy of the session (management, GBCS and CS06 activation)
    /// has its time-out divided by <paramref name="timeScale"/>, so a bench paced faster than the wall clock waits for
    /// each kind of answer in the same proportion; the attempt counts stay as they are. <paramref name="insecure"/>:
    /// <see cref="InsecureOption"/>. The hub's silence is noted by <paramref name="giveUpAfter"/> at the latest. The keys are <paramref name="provisioning"/>'s (a keystore's: <see cref="KeystoreOption.Provisioning(CliConsole, string?)"/>).
    /// </summary>
    public static HubSessionOptions SessionOptions(ulong hostEui, ulong hubEui, double timeScale, BoardProvisioning provisioning, bool insecure = false, TimeSpan? giveUpAfter = null) => new()
    {
        // A hub that never answers is named no later than the give-up time (audit B1): a short --give-up-after shows the note first.
        SilenceNoteMs = giveUpAfter is { } limit ? Math.Clamp((long)limit.TotalMilliseconds, 1, HubSessionOptions.DefaultSilenceNoteMs) : HubSessionOptions.DefaultSilenceNoteMs,
        Insecure = insecure,
        HostEui = hostEui,
        HubEui = hubEui,
        Keys = provisioning.NewHostGbcsKeys(),
        ManagementKeys = provisioning.ManagementKeys,
        Management = HubSessionOptions.DefaultManagement.Scaled(timeScale),
        Gbcs = HubSessionOptions.DefaultGbcs.Scaled(timeScale),
        Activation = HubSessionOptions.DefaultActivation.Scaled(timeScale),
    };

    /// <summary>
    /// Whether <c>csp run --exit-when-idle</c> gives up on the hub at <paramref name="nowMs"/>: it was asked something,
    /// its silence has been said (the note comes from the board's own tick) and has lasted <paramref name="giveUpAfter"/>.
    /// A hub asked nothing is not silent, also with <c>--give-up-after 0</c> (review F4: it was given up on at once).
    /// </summary>
    public static bool GivesUpOnHub(HubLiveness liveness, long nowMs, TimeSpan giveUpAfter)
    {
        ArgumentNullException.ThrowIfNull(liveness);
        return liveness.Noted && liveness.SilentForMs(nowMs) >= giveUpAfter.TotalMilliseconds;
    }

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.#", CultureInfo.InvariantCulture);

    private static Eui64 ResolveHub(InventoryStore store, string? hubText)
    {
        Eui64? given = null;
        if (hubText is not null)
        {
            given = Eui64.TryParse(hubText, out Eui64 parsed) ? parsed : throw new CliException($"--hub '{hubText}' is not an EUI-64");
        }

        try
        {
            return CspRuntime.ResolveHub(store, given);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException($"{ex.Message}; give --hub");
        }
    }
}

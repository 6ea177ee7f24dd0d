using HanBench.Bench.Capture;
using HanBench.Bench.Hil;
using System.CommandLine;
using System.Globalization;
using HanBench.Device.Desktop.Boards;
using HanBench.Device.Desktop.Links;
using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Tooling.Boards;
using HanBench.Tooling.Flashing;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Transports;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench board</c>: runs one device role as a virtual board in real time over a serial port, an in-process pty or
/// TCP, with its state in a directory that survives restarts as a board's flash does. Stops cleanly on Ctrl+C or
/// SIGTERM. The runner itself is <see cref="VirtualBoard"/> (host/HanBench.Device.Desktop); this only wires it.
/// </summary>
public static class BoardCommand
{
    /// <summary>Link value that makes an in-process pseudo-terminal instead of opening a spec.</summary>
    public const string PtyLink = "pty";

    /// <summary>The link-check role, which every build has (see <see cref="EchoRole"/>).</summary>
    public const string EchoRoleName = BoardRoleRules.EchoRoleName;

    public static Command Create(CliConsole console)
    {
        var role = new Option<string?>("--role") { Description = $"Role to run: {BoardRoles.Describe()}, or {EchoRoleName} (link check). Not with --config." };
        var id = new Option<string?>("--id") { Description = "EUI-64 of the device: 16 hex digits or 00-DB-12-34-56-78-90-A4 (with --config: overrides the file's)." };
        var variant = new Option<string?>("--variant") { Description = "Alt HAN device variant of a bridge: B1, B2, B3 or B4. Not with --config." };
        var config = new Option<string?>("--config") { Description = "Role configuration file (hanbench.json, as 'hanbench flash' writes to I:) instead of --role/--variant." };
        var hub = new Option<string?>("--hub") { Description = $"EUI-64 of the Comms Hub a HAN device reports to (default {RoleAddressing.DefaultHubEui:X16}, the bench's)." };
        var host = new Option<string?>("--host") { Description = $"EUI-64 of the host a Comms Hub pulls from (default {RoleAddressing.DefaultHostEui:X16}, the bench's)." };
        var peer = new Option<string?>("--peer") { Description = "EUI-64 of a bridge's Alt HAN partner (reported in its identity)." };
        var relay = new Option<string[]>("--relay") { Description = "EUI-64 of a device behind a bridge (repeat; default: the bridge forwards every unicast not for itself).", AllowMultipleArgumentsPerToken = false };
        var maxFrame = new Option<int?>("--max-frame") { Description = $"Largest frame (header and payload) the first link carries, {HanFrame.HeaderLength}..{HanFrame.MaxEncodedLength} (default {HanFrame.MaxEncodedLength}); a bench sets the radio's (ZigBee: 102)." };
        var maxFrame2 = new Option<int?>("--max-frame2") { Description = $"Largest frame the second link carries (default {HanFrame.MaxEncodedLength}); a hub's HAN link takes the radio's while its WAN link to the host takes a whole signed GBCS alert." };
        var restartMs = new Option<long?>("--restart-ms") { Description = "How long the device is off when it restarts into new firmware, ms (default 30000)." };
        var link = new Option<string?>("--link") { Description = "First link (hub: WAN to the host; bridge: hub side; others: HAN): serial:PATH[@baud], tcp:HOST:PORT, listen:PORT, or pty (an in-process pseudo-terminal)." };
        var link2 = new Option<string[]>("--link2")
        {
            Description = "Second link (hub: HAN; bridge: its far side), same forms as --link. A hub takes it once per HAN device (or bridge) it serves: they form one HAN, every frame heard on every link as on a radio.",
            AllowMultipleArgumentsPerToken = false,
        };
        var pty = new Option<bool>("--pty") { Description = "Same as --link pty: create a pseudo-terminal and print its path for another program to open as a serial port." };
        var imageStore = new Option<long>("--image-store-bytes")
        {
            Description = $"Room for images in the board's store, bytes (default {DefaultImageStoreBytes:N0}: the I: drive of the boards that run a hub, boards/README.md); a hub refuses an image that does not fit, saying so.",
            DefaultValueFactory = _ => DefaultImageStoreBytes,
        };
        var state = new Option<string?>("--state") { Description = "State directory (the board's flash); default: a folder per EUI-64 under the user's local application data." };
        var pace = new Option<bool>("--pace") { Description = "Pace serial links to their baud rate (10 bits a byte, 8N1), so a bench on ptys or socat takes the time real UARTs would; same as adding ,pace to a serial: spec." };
        Option<bool> wait = MissingPortWait.WaitOption();
        Option<double?> giveUpAfter = MissingPortWait.GiveUpAfterOption();
        var stdinEof = new Option<bool>("--exit-on-stdin-eof") { Description = "Stop when standard input closes: a bench that starts the board passes it, so the board never outlives the bench." };
        var logLevel = new Option<string>("--log-level") { Description = "debug, info, warning or error.", DefaultValueFactory = _ => "info" };
        Option<string?> capture = CaptureOption.Create();
        var keystore = new Option<string?>("--keystore")
        {
            Description = $"Keystore folder (made on first use): write this board's credentials (its own DS, KA and management keys, issued there on first use, and its trust anchors) into its state folder before it starts, as 'flash' puts them on I:; the shared one is {KeystoreOption.DefaultPath}. Without it the board uses what its state folder already holds (bench run provisions the boards it starts).",
        };
        Option<string?> gbcsLog = CaptureOption.CreateGbcsLog();
        Option<bool> insecure = InsecureOption.Create();
        var requireSigned = new Option<bool>("--require-signed-images") { Description = "A Comms Hub refuses its own firmware image, a PPMID or bridge any image of its firmware, unless it is GBCS-signed by the supplier (0x8F1C Firmware Verification Failed, nothing activated; a signed image is always verified)." };
        var command = new Command("board", "Run a virtual board: one device role in real time over a serial port, pty or TCP.")
        {
            role, id, variant, config, hub, host, peer, relay, restartMs, maxFrame, maxFrame2, link, link2, pty, pace, wait, giveUpAfter, state, imageStore, logLevel, stdinEof, capture, gbcsLog, insecure, requireSigned, keystore,
        };
        command.SetAction(parse => Run(
            console,
            new BoardRoleArguments(
                parse.GetValue(role),
                parse.GetValue(id),
                parse.GetValue(variant),
                parse.GetValue(config),
                parse.GetValue(hub),
                parse.GetValue(host),
                parse.GetValue(peer),
                parse.GetValue(relay) ?? [],
                parse.GetValue(restartMs)),
            parse.GetValue(link),
            parse.GetValue(link2) ?? [],
            parse.GetValue(pty),
            parse.GetValue(state),
            parse.GetValue(logLevel)!,
            [parse.GetValue(maxFrame), parse.GetValue(maxFrame2)],
            parse.GetValue(stdinEof),
            new LinkOpening(parse.GetValue(pace), new MissingPortWait.Choice(parse.GetValue(wait), parse.GetValue(giveUpAfter))),
            parse.GetValue(imageStore),
            parse.GetValue(capture),
            parse.GetValue(gbcsLog),
            InsecureOption.Read(console, parse.GetValue(insecure)),
            parse.GetValue(requireSigned),
            parse.GetValue(keystore)));
        return command;
    }

    /// <summary>A virtual board's image store when <c>--image-store-bytes</c> is not given: 2 MiB, the I: drive of an 8 MB ESP32 (every board that runs a hub).</summary>
    public const long DefaultImageStoreBytes = 2_097_152;

    /// <summary>The state directory used when <c>--state</c> is not given.</summary>
    public static string DefaultStateDirectory(ulong id) => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "hanbench",
        "boards",
        id.ToString("X16", CultureInfo.InvariantCulture));

    private static int Run(CliConsole console, BoardRoleArguments arguments, string? linkText, IReadOnlyList<string> link2Texts, bool pty, string? stateDir, string logLevelText, int?[] maxFrames, bool exitOnStdinEof, LinkOpening opening, long imageStoreBytes, string? capturePath, string? gbcsLogPath, bool insecure, bool requireSignedImages, string? keystore)
    {
        BoardRoleChoice choice = Rules(() =>
        {
            BoardRoleRules.CheckMaxFrames(maxFrames);
            if (imageStoreBytes < 0)
            {
                throw new BoardRoleException($"--image-store-bytes must be 0 or more, not {imageStoreBytes}");
            }

            return BoardRoleRules.Choose(arguments);
        });
        (RoleSettings? configuration, ulong id, string roleName) = choice;
        if (configuration is not null)
        {
            configuration.Insecure = insecure;
            configuration.RequireSignedImages = requireSignedImages;
        }

        if (pty && linkText is not null)
        {
            throw new CliException("--pty and --link both name the first link: give one of them");
        }

        linkText = pty ? PtyLink : linkText;
        if (linkText is null)
        {
            throw new CliException("a board needs a link: --link serial:PATH[@baud] | tcp:HOST:PORT | listen:PORT | pty, or --pty");
        }

        Rules(() => BoardRoleRules.CheckLinkCount(choice, 1 + link2Texts.Count));
        if (stateDir is not null)
        {
            FileArguments.RefuseFile(stateDir, "--state");
        }

        LogLevel logLevel = ParseLogLevel(logLevelText);
        BoardRoleFactory createRole = configuration is null
            ? (context, links) => new EchoRole(id, context, links)
            : RoleBoards.Factory(configuration);

        using HanCapture? captureFile = CaptureOption.Open(capturePath, console);
        using GbcsTranscript? transcript = CaptureOption.OpenGbcsLog(gbcsLogPath, console);
        IFrameRecorder? taps = FrameRecorders.Combine(captureFile, transcript);
        createRole = taps is null ? createRole : new BoardCapture(taps, $"{roleName} {id:X16}").Wrap(createRole);
        var ptys = new OpenPtys();
        try
        {
            var connectors = new List<LinkConnector> { Connector(console, linkText, "--link", ptys, opening) };
            foreach (string link2Text in link2Texts)
            {
                connectors.Add(Connector(console, link2Text, "--link2", ptys, opening));
            }

            string state = stateDir ?? DefaultStateDirectory(id);
            if (keystore is not null && configuration is not null)
            {
                BoardProvisioning provisioning = KeystoreOption.Provisioning(console, keystore);
                console.Out.WriteLine($"credentials from {provisioning.Source} written to {provisioning.WriteFile(configuration, state)}");
            }

            return RunBoard(console, new VirtualBoardOptions
            {
                Id = id,
                StateDirectory = state,
                Links = connectors,
                LogWriter = console.Out,
                MinimumLogLevel = logLevel,
                // --max-frame2 holds for every --link2 (a hub's HAN links all reach the same radio).
                MaxFrameLengths = [.. connectors.Select((_, i) => maxFrames[Math.Min(i, 1)] ?? HanFrame.MaxEncodedLength)],
                ImageCapacityBytes = imageStoreBytes,
            }, createRole, roleName, ptys, exitOnStdinEof, insecure);
        }
        finally
        {
            ptys.Dispose();
        }
    }

    private static int RunBoard(CliConsole console, VirtualBoardOptions options, BoardRoleFactory createRole, string roleName, OpenPtys ptys, bool exitOnStdinEof, bool insecure)
    {
        // A board its bench started shares the bench's terminal, so a Ctrl-C reaches it too: its bench stops it (by closing
        // its standard input) once the bench itself has stopped, rather than every board vanishing under the others
        // mid-step, each saying its peers went (review R6). SIGTERM still stops it.
        using var stop = new StopSignal(interruptStops: !exitOnStdinEof);
        if (exitOnStdinEof)
        {
            // The parent holds the other end of our standard input: when it ends (even killed), the pipe closes.
            _ = Task.Run(async () =>
            {
                using Stream input = ProcessConsole.OpenInput();
                var buffer = new byte[256];
                while (await input.ReadAsync(buffer).ConfigureAwait(false) > 0)
                {
                }

                stop.Request();
            });
        }

        var board = new VirtualBoard(options, createRole);
        try
        {
            board.Start();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot use state directory {options.StateDirectory}: {ex.Message}", ExitCodes.Failed);
        }

        console.Out.WriteLine($"board {board.Name} role {roleName} state {board.StateDirectory}");
        foreach (string path in ptys.SlavePaths)
        {
            console.Out.WriteLine($"pty: {path}");
        }

        foreach (BoardPort port in board.Ports)
        {
            console.Out.WriteLine($"link {port.Index}: {port.Name}");
        }

        console.Out.WriteLine("running; Ctrl+C or SIGTERM stops");
        Task.WaitAny(stop.Requested, board.Stopped);
        bool faulted = board.Stopped.IsFaulted;
        board.StopAsync().AsTask().GetAwaiter().GetResult();
        foreach (BoardPort port in board.Ports)
        {
            console.Out.WriteLine(port.Describe());
        }

        console.Out.WriteLine(faulted ? $"board {board.Name} stopped: {board.Stopped.Exception?.GetBaseException().Message}" : $"board {board.Name} stopped");
        InsecureOption.Remind(console, insecure);
        return faulted ? ExitCodes.Failed : stop.ExitCode(console, "board", ExitCodes.Ok);
    }

    private static LinkConnector Connector(CliConsole console, string text, string option, OpenPtys ptys, LinkOpening opening)
    {
        if (text == PtyLink)
        {
            if (!OperatingSystem.IsLinux())
            {
                throw new CliException($"{option} pty: in-process pseudo-terminals exist on Linux only; use a tcp: or listen: link");
            }

            PseudoTerminalPort port;
            try
            {
                port = PseudoTerminalPort.Open();
            }
            catch (IOException ex)
            {
                throw new CliException($"{option} pty: {ex.Message}", ExitCodes.Failed);
            }

            ptys.Add(port.SlavePath, port);
            return LinkConnector.ForLink(port.Master);
        }

        if (!LinkSpec.TryParse(text, out LinkSpec? spec, out string? error))
        {
            throw new CliException($"{option}: {error}");
        }

        if (opening.Pace)
        {
            spec = spec.WithPacing();
        }

        if (spec.Kind == LinkKind.Serial)
        {
            MissingPortWait.UntilPresent(console, spec, option, opening.PortWait, "board");
        }

        // listen:PORT binds 127.0.0.1 (LinkSpec); an address the user names may reach other machines.
        if (spec.Kind == LinkKind.TcpListener && !IsLoopbackHost(spec.Host!))
        {
            console.Error.WriteLine($"warning: {option} {spec.Text} accepts connections from other machines: whoever connects drives this board's management channel (identity, state, reboot) and its HAN traffic, unauthenticated; leave out the address to listen on 127.0.0.1 only");
        }

        try
        {
            return LinkConnector.ForSpec(spec, opening.PortWait.GiveUpAfter());
        }
        catch (LinkClosedException ex)
        {
            throw new CliException($"{option}: {ex.Message}", ExitCodes.Failed);
        }
    }

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out System.Net.IPAddress? address) && HanBench.Host.Serve.LoopbackEndpoint.IsLoopback(address));

    /// <summary>Runs <see cref="BoardRoleRules"/>; a refusal is bad input (exit 2) with its message.</summary>
    private static T Rules<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (BoardRoleException ex)
        {
            throw new CliException(ex.Message);
        }
    }

    private static void Rules(Action check) => Rules(() =>
    {
        check();
        return true;
    });

    private static LogLevel ParseLogLevel(string text) => text switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Info,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new CliException($"unknown --log-level '{text}' (debug, info, warning or error)"),
    };

    /// <summary>How the board opens its serial links: paced to the baud rate, and how long a missing port is waited for.</summary>
    private sealed record LinkOpening(bool Pace, MissingPortWait.Choice PortWait);

    /// <summary>The pseudo-terminals a board made: their slave paths to print, closed when the board is done.</summary>
    private sealed class OpenPtys : IDisposable
    {
        private readonly List<IDisposable> _ports = [];

        public List<string> SlavePaths { get; } = [];

        public void Add(string slavePath, IDisposable port)
        {
            SlavePaths.Add(slavePath);
            _ports.Add(port);
        }

        public void Dispose()
        {
            foreach (IDisposable port in _ports)
            {
                port.Dispose();
            }
        }
    }
}

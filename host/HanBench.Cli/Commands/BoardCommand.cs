using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using HanBench.Device.Desktop.Boards;
using HanBench.Device.Desktop.Links;
using HanBench.Device.Hal;
using HanBench.Host.Boards;
using HanBench.Host.Flashing;
using HanBench.Host.Inventory;
using HanBench.Transports;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench board</c>: runs one device role as a virtual board in real time over a serial port, an in-process pty or
/// TCP, with its state in a directory that survives restarts as a board's flash does. Stops cleanly on Ctrl+C or
/// SIGTERM. The runner itself is <see cref="VirtualBoard"/> (firmware/HanBench.Device.Desktop); this only wires it.
/// </summary>
public static class BoardCommand
{
    /// <summary>Link value that makes an in-process pseudo-terminal instead of opening a spec.</summary>
    public const string PtyLink = "pty";

    /// <summary>The link-check role, which every build has (see <see cref="EchoRole"/>).</summary>
    public const string EchoRoleName = "echo";

    public static Command Create(CliConsole console)
    {
        var role = new Option<string>("--role") { Description = $"Role to run: {BoardRoles.Describe()}, or {EchoRoleName} (link check).", Required = true };
        var id = new Option<string>("--id") { Description = "EUI-64 of the device: 16 hex digits or 00-DB-12-34-56-78-90-A4.", Required = true };
        var variant = new Option<string?>("--variant") { Description = "Alt HAN device variant of a bridge: B1, B2, B3 or B4." };
        var link = new Option<string?>("--link") { Description = "First link: serial:PATH[@baud], tcp:HOST:PORT, listen:PORT, or pty (an in-process pseudo-terminal)." };
        var link2 = new Option<string?>("--link2") { Description = "Second link of a hub or bridge (same forms as --link)." };
        var pty = new Option<bool>("--pty") { Description = "Same as --link pty: create a pseudo-terminal and print its path for another program to open as a serial port." };
        var state = new Option<string?>("--state") { Description = "State directory (the board's flash); default: a folder per EUI-64 under the user's local application data." };
        var logLevel = new Option<string>("--log-level") { Description = "debug, info, warning or error.", DefaultValueFactory = _ => "info" };
        var command = new Command("board", "Run a virtual board: one device role in real time over a serial port, pty or TCP.")
        {
            role, id, variant, link, link2, pty, state, logLevel,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(role)!,
            parse.GetValue(id)!,
            parse.GetValue(variant),
            parse.GetValue(link),
            parse.GetValue(link2),
            parse.GetValue(pty),
            parse.GetValue(state),
            parse.GetValue(logLevel)!));
        return command;
    }

    /// <summary>The state directory used when <c>--state</c> is not given.</summary>
    public static string DefaultStateDirectory(ulong id) => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "hanbench",
        "boards",
        id.ToString("X16", CultureInfo.InvariantCulture));

    private static int Run(CliConsole console, string roleName, string idText, string? variant, string? linkText, string? link2Text, bool pty, string? stateDir, string logLevelText)
    {
        bool echo = roleName == EchoRoleName;
        if (!echo && !BoardRoles.TryParse(roleName, out BoardRole role))
        {
            throw new CliException($"unknown role '{roleName}' (one of {BoardRoles.Describe()}, {EchoRoleName})");
        }

        if (!Eui64.TryParse(idText, out Eui64 id))
        {
            throw new CliException($"--id '{idText}' is not an EUI-64 (16 hex digits, or eight octets such as 00-DB-12-34-56-78-90-A4)");
        }

        if (variant is not null && roleName != BoardRole.Bridge.ToName())
        {
            throw new CliException($"--variant applies to bridges only, not to the {roleName} role");
        }

        if (variant is not null && !FlashRequest.Variants.Contains(variant))
        {
            throw new CliException($"unknown variant '{variant}' (one of {string.Join(", ", FlashRequest.Variants)})");
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

        LogLevel logLevel = ParseLogLevel(logLevelText);
        BoardRoleFactory createRole = echo
            ? (context, links) => new EchoRole(id.Value, context, links)
            : throw new CliException($"the {roleName} role is not in this build yet; run --role {EchoRoleName} to check links");

        var ptys = new OpenPtys();
        try
        {
            var connectors = new List<LinkConnector> { Connector(linkText, "--link", ptys) };
            if (link2Text is not null)
            {
                connectors.Add(Connector(link2Text, "--link2", ptys));
            }

            string state = stateDir ?? DefaultStateDirectory(id.Value);
            return RunBoard(console, new VirtualBoardOptions
            {
                Id = id.Value,
                StateDirectory = state,
                Links = connectors,
                LogWriter = console.Out,
                MinimumLogLevel = logLevel,
            }, createRole, roleName, ptys);
        }
        finally
        {
            ptys.Dispose();
        }
    }

    private static int RunBoard(CliConsole console, VirtualBoardOptions options, BoardRoleFactory createRole, string roleName, OpenPtys ptys)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });

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
        Task.WaitAny(stop.Task, board.Stopped);
        bool faulted = board.Stopped.IsFaulted;
        board.StopAsync().AsTask().GetAwaiter().GetResult();
        foreach (BoardPort port in board.Ports)
        {
            console.Out.WriteLine(port.Describe());
        }

        console.Out.WriteLine(faulted ? $"board {board.Name} stopped: the role failed" : $"board {board.Name} stopped");
        return faulted ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static LinkConnector Connector(string text, string option, OpenPtys ptys)
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

        try
        {
            return LinkConnector.ForSpec(spec);
        }
        catch (LinkClosedException ex)
        {
            throw new CliException($"{option}: {ex.Message}", ExitCodes.Failed);
        }
    }

    private static LogLevel ParseLogLevel(string text) => text switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Info,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => throw new CliException($"unknown --log-level '{text}' (debug, info, warning or error)"),
    };

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

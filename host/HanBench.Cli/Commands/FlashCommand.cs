using System.CommandLine;
using HanBench.Device.Configuration;
using HanBench.Tooling.Boards;
using HanBench.Tooling.Flashing;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench flash</c>: checks that the role fits the board, then updates the nanoCLR, deploys the HanBench app and
/// uploads the role configuration, all through nanoff (logic in HanBench.Tooling.Flashing).
/// </summary>
public static class FlashCommand
{
    /// <summary>Where the ESP32 app's deployment image is built, relative to the repository root.</summary>
    public const string DefaultImage = "firmware/HanBench.Firmware.Esp32/bin/Release/HanBench.Firmware.Esp32.bin";

    public static Command Create(CliConsole console)
    {
        var board = new Option<string>("--board") { Description = "Board profile id (a file in boards/), e.g. esp32-s3-devkitc-1-n8r8.", Required = true };
        var role = new Option<string>("--role") { Description = $"Role to run: {BoardRoles.Describe()}.", Required = true };
        var port = new Option<string>("--port") { Description = "Serial port of the board's USB connector (COM1 side), e.g. /dev/ttyUSB0 or COM5.", Required = true };
        var id = new Option<string?>("--id") { Description = "EUI-64 of the emulated device (16 hex digits); default: the board derives one from its MAC." };
        var variant = new Option<string?>("--variant") { Description = "Alt HAN device variant for a bridge: B1, B2, B3 or B4." };
        var image = new Option<string?>("--image") { Description = $"HanBench app deployment image; default: {DefaultImage} under the repository." };
        var linkBaud = new Option<int>("--link-baud") { Description = "Baud rate of the board's COM2/COM3 links.", DefaultValueFactory = _ => 115200 };
        var workDir = new Option<string?>("--work-dir") { Description = "Folder for the generated configuration, seed and credentials files, kept; default: a private temporary folder, removed when the command ends." };
        var boards = new Option<string?>("--boards") { Description = "Folder of board profiles; default: HANBENCH_BOARDS, else boards/ above the current folder." };
        Option<string?> keystore = KeystoreOption.Create("Keystore folder this board's credentials come from (its own DS, KA and management keys, issued there on first use, and its trust anchors), put on I: with the configuration when --id is given; made on first use");
        var hub = new Option<string?>("--hub") { Description = $"EUI-64 of the Comms Hub a HAN device reports to (default {RoleAddressing.DefaultHubEui:X16}); its management key is derived from the hub's." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the nanoff commands and the configuration; run nothing (a board given --id still has its keys issued in the keystore if missing, so the credentials printed are those a real flash deploys)." };
        var command = new Command("flash", "Flash a board: nanoCLR firmware, the HanBench app and the role configuration, via nanoff.")
        {
            board, role, port, id, variant, image, linkBaud, workDir, boards, dryRun, keystore, hub,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(board)!,
            parse.GetValue(role)!,
            parse.GetValue(port)!,
            parse.GetValue(id),
            parse.GetValue(variant),
            parse.GetValue(image),
            parse.GetValue(linkBaud),
            parse.GetValue(workDir),
            parse.GetValue(boards),
            parse.GetValue(dryRun),
            parse.GetValue(keystore),
            parse.GetValue(hub)));
        return command;
    }

    private static int Run(CliConsole console, string boardId, string roleName, string port, string? idText, string? variant, string? imagePath, int linkBaud, string? workDir, string? boardsDir, bool dryRun, string? keystore, string? hubText)
    {
        string directory = BoardCatalog.Locate(boardsDir)
            ?? throw new CliException("no boards/ folder found: run from the repository, or pass --boards or set HANBENCH_BOARDS");
        BoardCatalog catalog;
        try
        {
            catalog = BoardCatalog.Load(directory);
        }
        catch (BoardProfileException ex)
        {
            throw new CliException($"board profile {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read board profiles in {directory}: {ex.Message}");
        }

        BoardProfile board = catalog.Find(boardId)
            ?? throw new CliException($"unknown board '{boardId}' (one of {string.Join(", ", catalog.Boards.Select(b => b.Id))})");
        if (!BoardRoles.TryParse(roleName, out BoardRole role))
        {
            throw new CliException($"unknown role '{roleName}' (one of {BoardRoles.Describe()})");
        }

        RoleFit fit = RoleRequirements.Check(role, board);
        if (!fit.Fits)
        {
            throw new CliException($"role {role.ToName()} does not fit board {board.Id}: {fit.Reason}");
        }

        string? eui64 = null;
        if (idText is not null)
        {
            if (!FlashRequest.TryParseEui64(idText, out string canonical, out string error))
            {
                throw new CliException(error);
            }

            eui64 = canonical;
        }

        if (role == BoardRole.Bridge && variant is null)
        {
            throw new CliException($"a bridge needs --variant ({string.Join(", ", FlashRequest.Variants)})");
        }

        if (variant is not null && role != BoardRole.Bridge)
        {
            throw new CliException($"--variant applies to bridges only, not to the {role.ToName()} role");
        }

        if (variant is not null && !FlashRequest.Variants.Contains(variant))
        {
            throw new CliException($"unknown variant '{variant}' (one of {string.Join(", ", FlashRequest.Variants)})");
        }

        if (!Transports.Serial.SerialBaudRates.IsStandard(linkBaud))
        {
            throw new CliException($"--link-baud {linkBaud} is not a supported baud rate (one of {Transports.Serial.SerialBaudRates.Describe()})");
        }

        string repositoryRoot = Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar))!;
        string image = Path.GetFullPath(imagePath ?? Path.Combine(repositoryRoot, DefaultImage));
        // The seed and credentials are secrets: without --work-dir they go to a fresh private (0700) folder of this run,
        // removed when it ends, never to a fixed, predictable one left behind (audit G9).
        using ProcessTemporaryFolder? temporary = workDir is null ? ProcessTemporaryFolder.Create("hanbench-flash-") : null;
        string work = workDir ?? temporary!.Path;
        string? credentials = WriteCredentials(console, keystore, role, variant, eui64, hubText, work);
        var plan = FlashPlan.Create(new FlashRequest(board, role, port, eui64, variant, image, linkBaud, work, credentials));

        if (dryRun)
        {
            plan.WriteFiles();
            if (!File.Exists(image))
            {
                console.Error.WriteLine($"hanbench: warning: deployment image not found: {image}");
            }

            console.Out.WriteLine($"# {board.Name}: role {role.ToName()}{(variant is null ? string.Empty : $" {variant}")}, target {board.NanoffTarget}");
            if (temporary is not null)
            {
                console.Out.WriteLine($"# files in {work}, a private temporary folder removed when this command ends (pass --work-dir to keep them)");
            }

            foreach (NanoffStep step in plan.Steps)
            {
                console.Out.WriteLine(step.CommandLine);
            }

            console.Out.WriteLine($"# {plan.RandomSeedPath} → {BoardRandomSeed.DevicePath}: a fresh seed for the board's random source (0600; delete it once deployed)");
            console.Out.WriteLine($"# {plan.ConfigurationPath} → {RoleConfigFile.DevicePath}:");
            console.Out.WriteLine(plan.ConfigurationJson);
            WarnIfUnprovisioned(console, credentials);
            return ExitCodes.Ok;
        }

        if (!File.Exists(image))
        {
            throw new CliException($"deployment image not found: {image} (build the ESP32 app first, or pass --image)");
        }

        if (!PortExists(port))
        {
            throw new CliException($"serial port {port} does not exist (hanbench ports lists the ports of this machine)");
        }

        string nanoff = NanoffRunner.Locate()
            ?? throw new CliException("nanoff is not installed or not on PATH: install it with 'dotnet tool install -g nanoff' (see docs/PLATFORM.md)", ExitCodes.Failed);
        plan.WriteFiles();
        int failedStep, exitCode;
        try
        {
            (failedStep, exitCode) = NanoffRunner.RunAsync(plan, nanoff, console.Out).GetAwaiter().GetResult();
        }
        finally
        {
            // Whoever reads the seed can predict the board's CS02c keys: it lives on the board only.
            plan.DeleteSeed();
        }

        if (failedStep != 0)
        {
            throw new CliException($"step {failedStep}/{plan.Steps.Count} ({plan.Steps[failedStep - 1].Title}) failed: nanoff exited with code {exitCode}", ExitCodes.Failed);
        }

        WarnIfUnprovisioned(console, credentials);
        console.Out.WriteLine($"flashed {board.Id} as {role.ToName()}{(variant is null ? string.Empty : $" {variant}")} on {port}");
        return ExitCodes.Ok;
    }

    // Said once the flash is done (an error before it is the one line a failed flash prints).
    private static void WarnIfUnprovisioned(CliConsole console, string? credentials)
    {
        if (credentials is null)
        {
            console.Error.WriteLine("hanbench: warning: no --id, so no credentials were put on the board (it refuses management requests and secured GBCS until provisioned): give --id to provision it from the keystore");
        }
    }

    // The board's credentials record from the keystore (--keystore, else the default one every command shares), written
    // (0600) where nanoff deploys it from (issue 8 §1). Null without --id: the board's EUI-64 is not known until it runs.
    private static string? WriteCredentials(CliConsole console, string? keystore, BoardRole role, string? variant, string? eui64, string? hubText, string work)
    {
        if (eui64 is null)
        {
            if (keystore is not null)
            {
                throw new CliException("--keystore needs --id: credentials are issued for one EUI-64");
            }

            return null;
        }

        var addressing = new RoleAddressing();
        if (hubText is not null)
        {
            addressing.HubEui = Eui64.TryParse(hubText, out Eui64 hub) ? hub.Value : throw new CliException($"--hub '{hubText}' is not an EUI-64");
        }

        ulong id = ulong.Parse(eui64, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);
        Device.Roles.RoleSettings configuration = RoleConfigMapping.TryMap(RoleConfigMapping.ParseRole(role.ToName()), variant, id, addressing, out string problem)
            ?? throw new CliException($"the {role.ToName()} role cannot be provisioned: {problem}");
        Keystore store = KeystoreOption.OpenOrCreate(console, keystore);
        if (KeystoreOption.Guard(store.Folder, () => store.EnsureIssued(new Eui64(id), PartyRole.Device, $"{configuration.Role} {new Eui64(id)}", DateTimeOffset.UtcNow)))
        {
            console.Error.WriteLine($"hanbench: issued {new Eui64(id)}'s DS and KA keys and certificates in keystore {store.Folder}");
        }

        BoardProvisioning provisioning = KeystoreOption.Provisioning(store);
        string path = provisioning.WriteFile(configuration, work);
        console.Out.WriteLine($"# credentials of {eui64} from {provisioning.Source}: {path} → {FlashPlan.CredentialsDevicePath}");
        return path;
    }

    private static bool PortExists(string port)
    {
        if (OperatingSystem.IsWindows())
        {
            // COM names are not files; nanoff itself reports a COM port that is not there.
            return port.StartsWith("COM", StringComparison.OrdinalIgnoreCase);
        }

        return File.Exists(port);
    }
}

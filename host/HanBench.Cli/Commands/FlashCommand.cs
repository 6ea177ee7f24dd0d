using System.CommandLine;
using HanBench.Device.Configuration;
using HanBench.Device.Roles;
using HanBench.Tooling.Boards;
using HanBench.Tooling.Flashing;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench flash</c>: checks that the role fits the board, then updates the nanoCLR, deploys the HanBench app and
/// uploads the role configuration, all through nanoff (logic in HanBench.Tooling.Flashing). <c>--dry-run</c> prints what it
/// would do and changes nothing on disk: the keystore, the work folder and the temporary folder are left as they are, and
/// what a flash would issue in the keystore is said instead.
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
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the nanoff commands, the configuration and what a flash would write and issue (a keystore made, a board's keys issued, its hub's management key made); change nothing on disk: no keystore, work or temporary files." };
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
        RoleSettings? provisioned = ProvisionedRole(keystore, role, variant, eui64, hubText);
        if (dryRun)
        {
            return DryRun(console, new FlashRequest(board, role, port, eui64, variant, image, linkBaud, workDir ?? PrivateFolderToBe(), null), provisioned, keystore, workDir is null);
        }

        // The seed and credentials are secrets: without --work-dir they go to a fresh private (0700) folder of this run,
        // removed when it ends, never to a fixed, predictable one left behind (audit G9).
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

        // Written only now that nothing the user can fix stands in the way: a refused flash issues no keys.
        using ProcessTemporaryFolder? temporary = workDir is null ? ProcessTemporaryFolder.Create(TemporaryPrefix) : null;
        string work = workDir ?? temporary!.Path;
        string? credentials = provisioned is null ? null : WriteCredentials(console, keystore, provisioned, work);
        var plan = FlashPlan.Create(new FlashRequest(board, role, port, eui64, variant, image, linkBaud, work, credentials));
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

    // What a flash would do, printed; nothing written: the plan's files, the seed and the credentials record are made
    // only by a real flash, and the keystore is only read (what a flash would add to it is said instead).
    private static int DryRun(CliConsole console, FlashRequest request, RoleSettings? provisioned, string? keystore, bool temporary)
    {
        string? credentials = provisioned is null ? null : Path.Combine(Path.GetFullPath(request.WorkDirectory), ProvisionedCredentials.FileName);
        var plan = FlashPlan.Create(request with { CredentialsPath = credentials });
        if (!File.Exists(request.ImagePath))
        {
            console.Error.WriteLine($"hanbench: warning: deployment image not found: {request.ImagePath}");
        }

        console.Out.WriteLine($"# dry run: nothing is written, issued or run; a flash would do this");
        console.Out.WriteLine($"# {request.Board.Name}: role {request.Role.ToName()}{(request.Variant is null ? string.Empty : $" {request.Variant}")}, target {request.Board.NanoffTarget}");
        if (temporary)
        {
            console.Out.WriteLine($"# files in {request.WorkDirectory}, a private temporary folder made by the flash and removed when it ends (pass --work-dir to keep them)");
        }

        if (provisioned is not null)
        {
            DescribeCredentials(console, keystore, provisioned, credentials!);
        }

        foreach (NanoffStep step in plan.Steps)
        {
            console.Out.WriteLine(step.CommandLine);
        }

        console.Out.WriteLine($"# {plan.RandomSeedPath} → {BoardRandomSeed.DevicePath}: a fresh seed for the board's random source (0600; deleted once deployed)");
        console.Out.WriteLine($"# {plan.DeploymentPath}:");
        console.Out.WriteLine(plan.DeploymentJson);
        console.Out.WriteLine($"# {plan.ConfigurationPath} → {RoleConfigFile.DevicePath}:");
        console.Out.WriteLine(plan.ConfigurationJson);
        WarnIfUnprovisioned(console, credentials);
        return ExitCodes.Ok;
    }

    // Where a flash without --work-dir would put its files (ProcessTemporaryFolder names it when it makes it).
    private static string PrivateFolderToBe() =>
        Path.Combine(Path.GetTempPath(), $"{TemporaryPrefix}{Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-…");

    private const string TemporaryPrefix = "hanbench-flash-";

    // The role settings the board's credentials are provisioned for, checked before anything is written or issued. Null
    // without --id: the board's EUI-64 is not known until it runs.
    private static RoleSettings? ProvisionedRole(string? keystore, BoardRole role, string? variant, string? eui64, string? hubText)
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
        return RoleConfigMapping.TryMap(RoleConfigMapping.ParseRole(role.ToName()), variant, id, addressing, out string problem)
            ?? throw new CliException($"the {role.ToName()} role cannot be provisioned: {problem}");
    }

    // The board's credentials record from the keystore (--keystore, else the default one every command shares), written
    // (0600) where nanoff deploys it from (issue 8 §1).
    private static string WriteCredentials(CliConsole console, string? keystore, RoleSettings configuration, string work)
    {
        var id = new Eui64(configuration.Eui64);
        Keystore store = KeystoreOption.OpenOrCreate(console, keystore);
        if (KeystoreOption.Guard(store.Folder, () => store.EnsureIssued(id, PartyRole.Device, $"{configuration.Role} {id}", DateTimeOffset.UtcNow)))
        {
            console.Error.WriteLine($"hanbench: issued {id}'s DS and KA keys and certificates in keystore {store.Folder}");
        }

        BoardProvisioning provisioning = KeystoreOption.Provisioning(store);
        string path = provisioning.WriteFile(configuration, work);
        console.Out.WriteLine($"# credentials of {configuration.Eui64:X16} from {provisioning.Source}: {path} → {FlashPlan.CredentialsDevicePath}");
        return path;
    }

    // What WriteCredentials would do, from the keystore read as it is: what it would create or issue there, then where the record would go.
    private static void DescribeCredentials(CliConsole console, string? keystore, RoleSettings configuration, string path)
    {
        var id = new Eui64(configuration.Eui64);
        var hub = new Eui64(configuration.HubEui);
        Keystore store = KeystoreOption.Open(keystore);
        if (!store.HasCertificateAuthority)
        {
            console.Out.WriteLine($"# would create keystore at {store.Folder} (a test CA, the ACB, the supplier and the transitional CoS party)");
        }
        else
        {
            // A keystore a flash could not provision from fails the dry run as it would fail the flash.
            _ = KeystoreOption.Provisioning(store);
        }

        if (!store.HoldsPrimaryKeys(id))
        {
            console.Out.WriteLine($"# would issue {id}'s DS and KA keys and certificates in keystore {store.Folder}");
        }

        if (KeystoreOption.Guard(store.Folder, () => BoardProvisioning.ManagementKey(store, hub, create: false)) is null)
        {
            console.Out.WriteLine($"# would make hub {hub}'s management key in keystore {store.Folder}");
        }

        console.Out.WriteLine($"# credentials of {configuration.Eui64:X16} from keystore {store.Folder}: {path} → {FlashPlan.CredentialsDevicePath}");
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

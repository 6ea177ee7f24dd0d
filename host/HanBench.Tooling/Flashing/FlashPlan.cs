using System.Text.Json;
using HanBench.Device.Configuration;

namespace HanBench.Tooling.Flashing;

/// <summary>
/// The three nanoff steps that put a role on a board, and the two files they need:
/// <list type="number">
/// <item><c>nanoff --update --target T --serialport P</c>: the nanoCLR firmware for the board's target;</item>
/// <item><c>nanoff --target T --serialport P --deploy --image APP.bin</c>: the HanBench app;</item>
/// <item><c>nanoff --serialport P --filedeployment DEPLOY.json</c>: the role configuration to <c>I:\hanbench.json</c>, a fresh
/// seed for the board's random source to <c>I:\settings\rng.seed</c> (<see cref="BoardRandomSeed"/>) and, when the request
/// has them, the board's credentials to <c>I:\hanbench-keys.bin</c> (the app moves them into its settings store at
/// start-up and deletes the file).</item>
/// </list>
/// nanoff's file deployment reads a JSON object with <c>SerialPort</c> and <c>Files</c>, each file with
/// <c>DestinationFilePath</c> (on the device) and <c>SourceFilePath</c> (on the host) — nanoFirmwareFlasher
/// <c>FileDeployment/FileDeploymentConfiguration.cs</c> and <c>DeploymentFile.cs</c>.
/// </summary>
public sealed record FlashPlan(
    FlashRequest Request,
    IReadOnlyList<NanoffStep> Steps,
    string ConfigurationPath,
    string ConfigurationJson,
    string DeploymentPath,
    string DeploymentJson,
    string RandomSeedPath)
{
    /// <summary>Name of the role configuration file written in the work directory.</summary>
    public const string ConfigurationFileName = "hanbench.json";

    /// <summary>Name of the nanoff file-deployment description written in the work directory.</summary>
    public const string DeploymentFileName = "nanoff-files.json";

    /// <summary>Where on the board the credentials record goes (<c>ProvisionedCredentials.FileName</c> on <c>I:</c>).</summary>
    public const string CredentialsDevicePath = @"I:\" + HanBench.Device.Roles.ProvisionedCredentials.FileName;

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>Builds the plan (pure: writes nothing).</summary>
    public static FlashPlan Create(FlashRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string target = request.Board.NanoffTarget;
        string work = Path.GetFullPath(request.WorkDirectory);
        string configPath = Path.Combine(work, ConfigurationFileName);
        string deployPath = Path.Combine(work, DeploymentFileName);
        string seedPath = Path.Combine(work, BoardRandomSeed.FileName);
        string image = Path.GetFullPath(request.ImagePath);
        string configJson = RoleConfigJson.For(request).ToJson();
        string deployJson = JsonSerializer.Serialize(
            new
            {
                SerialPort = request.Port,
                Files = request.CredentialsPath is null
                    ? new[] { File(RoleConfigFile.DevicePath, configPath), File(BoardRandomSeed.DevicePath, seedPath) }
                    : [File(RoleConfigFile.DevicePath, configPath), File(BoardRandomSeed.DevicePath, seedPath), File(CredentialsDevicePath, Path.GetFullPath(request.CredentialsPath))],
            },
            s_json);
        NanoffStep[] steps =
        [
            new("update the nanoCLR firmware", ["--update", "--target", target, "--serialport", request.Port]),
            new("deploy the HanBench app", ["--target", target, "--serialport", request.Port, "--deploy", "--image", image]),
            new($"upload the role configuration to {RoleConfigFile.DevicePath}", ["--serialport", request.Port, "--filedeployment", deployPath]),
        ];
        return new FlashPlan(request, steps, configPath, configJson, deployPath, deployJson, seedPath);
    }

    private static DeploymentFile File(string destination, string source) => new(destination, source);

    /// <summary>Writes the files the steps read, the random seed drawn afresh (each call: a board never gets another's).</summary>
    public void WriteFiles()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigurationPath)!);
        var utf8 = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        System.IO.File.WriteAllText(ConfigurationPath, ConfigurationJson + "\n", utf8);
        System.IO.File.WriteAllText(DeploymentPath, DeploymentJson + "\n", utf8);
        BoardRandomSeed.WriteNew(RandomSeedPath);
    }

    /// <summary>Deletes the random seed from the work directory (once nanoff has put it on the board, or failed to).</summary>
    public void DeleteSeed() => System.IO.File.Delete(RandomSeedPath);
}

/// <summary>One entry of nanoff's file deployment (nanoFirmwareFlasher <c>FileDeployment/DeploymentFile.cs</c>).</summary>
/// <param name="DestinationFilePath">On the device.</param>
/// <param name="SourceFilePath">On the host.</param>
internal sealed record DeploymentFile(string DestinationFilePath, string SourceFilePath);

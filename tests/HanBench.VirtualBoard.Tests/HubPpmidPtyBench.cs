using System.Runtime.Versioning;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// A Comms Hub board and a PPMID board over socat ptys in <see cref="Folder"/>, both provisioned from the keystore
/// <c>keys</c> there, and the inventory <c>k.db</c> that puts the PPMID on the hub's HAN: what the <c>csp run</c>
/// process tests start from (the CSP's end of the WAN is <c>serial:wan-a</c>). Every command is its own process.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class HubPpmidPtyBench : IAsyncDisposable
{
    public const string Hub = "00DB000000000001";
    public const string Ppmid = "00DB000000000010";

    private static readonly TimeSpan LongPatience = TimeSpan.FromMinutes(5);
    private readonly List<IAsyncDisposable> _parts = [];

    private HubPpmidPtyBench(string folder) => Folder = folder;

    /// <summary>The folder the commands run in.</summary>
    public string Folder { get; }

    /// <summary>
    /// Starts the boards (one after the other: each issues its keys into the shared keystore first) and registers both in
    /// <c>k.db</c>; <paramref name="keystore"/>: the boards' keystore (default <c>keys</c> in <paramref name="folder"/>).
    /// </summary>
    public static async Task<HubPpmidPtyBench> StartAsync(string folder, string keystore = "keys")
    {
        var bench = new HubPpmidPtyBench(folder);
        bench._parts.Add(await SocatPair.StartAsync(folder, "wan"));
        bench._parts.Add(await SocatPair.StartAsync(folder, "han"));
        BoardProcess hub = BoardProcess.StartCommand("hub", ["board", "--role", "hub", "--id", Hub, "--link", "serial:wan-b", "--link2", "serial:han-a", "--state", "state/hub", "--keystore", keystore], folder);
        bench._parts.Add(hub);
        await hub.WaitForLineAsync("running;");
        BoardProcess ppmid = BoardProcess.StartCommand("ppmid", ["board", "--role", "ppmid", "--id", Ppmid, "--link", "serial:han-b", "--state", "state/ppmid", "--keystore", keystore], folder);
        bench._parts.Add(ppmid);
        await ppmid.WaitForLineAsync("running;");
        await bench.Ok("inventory", "prenotify", "--db", "k.db", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
        await bench.Ok("inventory", "update", Hub, "--status", "InstalledNotCommissioned", "--db", "k.db");
        await bench.Ok("inventory", "update", Hub, "--status", "Commissioned", "--db", "k.db");
        await bench.Ok("inventory", "prenotify", "--db", "k.db", "--device", Ppmid, "--type", "PPMID", "--manufacturer", "PPMF", "--model", "PPMID-1", "--firmware-version", "00010000");
        await bench.Ok("inventory", "add-to-han", "--db", "k.db", "--hub", Hub, "--device", Ppmid, "--install-code", "00112233445566778899AABBCCDDEEFF");
        return bench;
    }

    /// <summary>Runs one <c>hanbench</c> command in <paramref name="folder"/>; its exit code and output (stderr lines marked).</summary>
    public static async Task<(int Exit, string Output)> RunIn(string folder, params string[] arguments)
    {
        await using BoardProcess step = BoardProcess.StartCommand(string.Join(' ', arguments.Take(2)), arguments, folder);
        int exit = await step.WaitForExitAsync(LongPatience);
        return (exit, step.Output);
    }

    /// <summary>Runs a command in <paramref name="folder"/> that must exit 0; its output.</summary>
    public static async Task<string> OkIn(string folder, params string[] arguments)
    {
        (int exit, string output) = await RunIn(folder, arguments);
        Assert.AreEqual(0, exit, output);
        return output;
    }

    /// <summary>Runs one <c>hanbench</c> command in <see cref="Folder"/>.</summary>
    public Task<(int Exit, string Output)> Run(params string[] arguments) => RunIn(Folder, arguments);

    /// <summary>Runs a command in <see cref="Folder"/> that must exit 0; its output.</summary>
    public Task<string> Ok(params string[] arguments) => OkIn(Folder, arguments);

    /// <summary>Stops the boards and the ptys, last started first.</summary>
    public async ValueTask DisposeAsync()
    {
        for (int i = _parts.Count - 1; i >= 0; i--)
        {
            await _parts[i].DisposeAsync();
        }
    }
}

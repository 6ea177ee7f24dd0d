using System.Runtime.Versioning;
using System.Text.Json;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// Issue 8 §4 as a script sees it, every command its own process, a hub and a PPMID board over socat ptys: a credential
/// request given to <c>hanbench credentials</c> is acknowledged and queued, and <c>csp run</c> carries it out through the
/// hub — CS02c/CS02d give the device a certified key, CS02e reads its certificate, CS02b replaces the supplier's — each
/// recorded in the inventory; afterwards CS08 (11.2) still works and a supplier-signed command is accepted under the new
/// supplier key.
/// </summary>
[TestClass]
[DoNotParallelize]
[SupportedOSPlatform("linux")]
public sealed class CredentialQueueProcessTests
{
    private const string Hub = "00DB000000000001";
    private const string Ppmid = "00DB000000000010";
    private const string PpmidText = "00-DB-00-00-00-00-00-10";
    private const string Supplier = "90-B3-D5-1F-30-01-00-00";

    private static readonly TimeSpan LongPatience = TimeSpan.FromMinutes(5);

    [TestMethod]
    public async Task CredentialsThroughTheCli_CarriedOutByCspRun_ReadThenSupplierReplaced_Cs08AndNewSupplierKeyWorkAfterwards()
    {
        string dir = TestFolders.Create("hanbench-cred-queue-");
        await using SocatPair wan = await SocatPair.StartAsync(dir, "wan");
        await using SocatPair han = await SocatPair.StartAsync(dir, "han");
        await using BoardProcess hub = BoardProcess.StartCommand("hub", ["board", "--role", "hub", "--id", Hub, "--link", "serial:wan-b", "--link2", "serial:han-a", "--state", "state/hub", "--keystore", "keys"], dir);
        await hub.WaitForLineAsync("running;");
        await using BoardProcess ppmid = BoardProcess.StartCommand("ppmid", ["board", "--role", "ppmid", "--id", Ppmid, "--link", "serial:han-b", "--state", "state/ppmid", "--keystore", "keys"], dir);
        await ppmid.WaitForLineAsync("running;");
        await Ok(dir, "inventory", "prenotify", "--db", "k.db", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
        await Ok(dir, "inventory", "update", Hub, "--status", "InstalledNotCommissioned", "--db", "k.db");
        await Ok(dir, "inventory", "update", Hub, "--status", "Commissioned", "--db", "k.db");
        await Ok(dir, "inventory", "prenotify", "--db", "k.db", "--device", Ppmid, "--type", "PPMID", "--manufacturer", "PPMF", "--model", "PPMID-1", "--firmware-version", "00010000");
        await Ok(dir, "inventory", "add-to-han", "--db", "k.db", "--hub", Hub, "--device", Ppmid, "--install-code", "00112233445566778899AABBCCDDEEFF");
        await Ok(dir, "csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");

        // A board holds its key pairs but no Device certificate until one is put on it: CS02c (6.17, the keystore's CA
        // certifies the new key), queued by the CLI and carried out by csp run, then CS02d (6.15.2) and CS02e (6.24.2),
        // queued together and carried out in that order.
        (int issueExit, string issueAck) = await Run(dir, "credentials", "issue", PpmidText, "--usage", "ds", "--db", "k.db", "--keystore", "keys", "--json");
        Assert.AreEqual(0, issueExit, issueAck);
        StringAssert.Contains(issueAck, "\"I99\"");
        Assert.AreEqual("Queued", Requests(await Output(dir, "credentials", "requests", "--db", "k.db", "--json"))[0].GetProperty("state").GetString());
        string issueRun = await Output(dir, "csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");
        StringAssert.Contains(issueRun, $"6.17 {PpmidText} Sent");
        StringAssert.Contains(issueRun, $"6.17 {PpmidText} Done I0");
        await Ok(dir, "credentials", "update-device", PpmidText, "--usage", "ds", "--db", "k.db", "--keystore", "keys");
        await Ok(dir, "credentials", "read-device", PpmidText, "--usage", "ds", "--db", "k.db", "--keystore", "keys");
        string readRun = await Output(dir, "csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");
        int updated = readRun.IndexOf($"6.15.2 {PpmidText} Done I0", StringComparison.Ordinal);
        int read = readRun.IndexOf($"6.24.2 {PpmidText} Done I0", StringComparison.Ordinal);
        Assert.IsTrue(updated >= 0 && read > updated, readRun);
        JsonElement readRow = Requests(await Output(dir, "credentials", "requests", PpmidText, "--db", "k.db", "--json"))[0];
        Assert.AreEqual(("6.24.2", "Done", "I0"), (readRow.GetProperty("serviceReferenceVariant").GetString(), readRow.GetProperty("state").GetString(), readRow.GetProperty("responseCode").GetString()));
        Assert.IsTrue(readRow.TryGetProperty("gbcsResponse", out _), "the device's answer is kept");
        JsonElement[] certificates = Requests(await Output(dir, "credentials", "show", PpmidText, "--db", "k.db", "--json"));
        Assert.IsTrue(certificates.Any(c => c.GetProperty("holder").GetString() == "Device" && c.GetProperty("usage").GetString() == "DS" && c.GetProperty("state").GetString() == "current"), "the device's DS certificate is recorded");

        // A new supplier key pair from the same test CA (a copy of the keystore, so the host still signs with the old one
        // until the device has taken the new certificate), exported as the certificate the replacement carries.
        CopyFolder(Path.Combine(dir, "keys"), Path.Combine(dir, "keys-next"));
        await Ok(dir, "keys", "issue", "--id", Supplier, "--role", "Supplier", "--keystore", "keys-next");
        await Ok(dir, "keys", "export", "--dir", "next", "--keystore", "keys-next");
        string newCertificate = Path.Combine("next", "90b3d51f30010000-ds.pem");
        Assert.IsTrue(File.Exists(Path.Combine(dir, newCertificate)), string.Join(", ", Directory.GetFiles(Path.Combine(dir, "next"))));

        // CS02b 6.15.1: queued by the CLI, carried out by csp run; the inventory records the new supplier certificate.
        (int replaceExit, string replaceAck) = await Run(dir, "credentials", "replace-supplier", PpmidText, "--ds", newCertificate, "--db", "k.db", "--keystore", "keys", "--json");
        Assert.AreEqual(0, replaceExit, replaceAck);
        StringAssert.Contains(replaceAck, "\"I99\"");
        string replaceRun = await Output(dir, "csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");
        StringAssert.Contains(replaceRun, $"6.15.1 {PpmidText} Done I0");
        JsonElement replaced = Requests(await Output(dir, "credentials", "requests", PpmidText, "--db", "k.db", "--json"))[0];
        Assert.AreEqual(("6.15.1", "Done"), (replaced.GetProperty("serviceReferenceVariant").GetString(), replaced.GetProperty("state").GetString()));
        string newSerial = Requests(await Output(dir, "keys", "list", "--keystore", "keys-next", "--json"))
            .First(c => c.GetProperty("party").GetString() == Supplier && string.Equals(c.GetProperty("usage").GetString(), "ds", StringComparison.OrdinalIgnoreCase) && c.GetProperty("primary").GetBoolean())
            .GetProperty("serial").GetString()!;
        JsonElement supplierNow = Requests(await Output(dir, "credentials", "show", PpmidText, "--db", "k.db", "--json"))
            .Single(c => c.GetProperty("holder").GetString() == "Supplier" && c.GetProperty("state").GetString() == "current");
        Assert.AreEqual(newSerial, supplierNow.GetProperty("serial").GetString());

        // Afterwards, with the keystore that holds the new supplier key: CS08 still answers, and a supplier-signed CS02e
        // (signed with the new key, which the inventory says the device now trusts) is carried out.
        await Ok(dir, "credentials", "read-device", PpmidText, "--usage", "ds", "--db", "k.db", "--keystore", "keys-next");
        string after = await Output(dir, "csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--read-versions", "--keystore", "keys-next");
        StringAssert.Contains(after, $"11.2 {PpmidText} 00010000 I0");
        StringAssert.Contains(after, $"6.24.2 {PpmidText} Done I0");
    }

    /// <summary>The JSON array a command printed (its output without the label line and stderr lines).</summary>
    private static JsonElement[] Requests(string output) =>
        [.. JsonDocument.Parse(string.Join("\n", output.Split('\n').Skip(1).Where(line => !line.StartsWith("stderr: ", StringComparison.Ordinal)))).RootElement.EnumerateArray()];

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    private static async Task Ok(string dir, params string[] arguments) => await Output(dir, arguments);

    private static async Task<string> Output(string dir, params string[] arguments)
    {
        (int exit, string output) = await Run(dir, arguments);
        Assert.AreEqual(0, exit, output);
        return output;
    }

    private static async Task<(int Exit, string Output)> Run(string dir, params string[] arguments)
    {
        await using BoardProcess step = BoardProcess.StartCommand(string.Join(' ', arguments.Take(2)), arguments, dir);
        int exit = await step.WaitForExitAsync(LongPatience);
        return (exit, step.Output);
    }
}

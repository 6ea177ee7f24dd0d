using System.Runtime.Versioning;
using System.Text.Json;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// Issue 8 §4 as a script sees it, every command its own process, a hub and a PPMID board over socat ptys: a credential
/// request given to <c>hanbench credentials</c> is acknowledged and queued, and <c>csp run</c> carries it out through the
/// hub — CS02c/CS02d give the device a certified key, CS02e reads its certificate, CS02b replaces the supplier's — each
/// recorded in the inventory; afterwards CS08 (11.2) still works and a supplier-signed command is accepted under the new
/// supplier key. Through <c>serve</c>: a signed DUIS template is acknowledged (I99), <c>csp run</c> carries it out and
/// serve posts the later response to the Service User.
/// </summary>
[TestClass]
[DoNotParallelize]
[SupportedOSPlatform("linux")]
public sealed class CredentialQueueProcessTests
{
    private const string PpmidText = "00-DB-00-00-00-00-00-10";
    private const string Supplier = "90-B3-D5-1F-30-01-00-00";

    [TestMethod]
    public async Task CredentialsThroughTheCli_CarriedOutByCspRun_ReadThenSupplierReplaced_Cs08AndNewSupplierKeyWorkAfterwards()
    {
        string dir = TestFolders.Create("hanbench-cred-queue-");
        await using HubPpmidPtyBench bench = await HubPpmidPtyBench.StartAsync(dir);
        await bench.Ok("csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");

        // A board holds its key pairs but no Device certificate until one is put on it: CS02c (6.17, the keystore's CA
        // certifies the new key), queued by the CLI and carried out by csp run, then CS02d (6.15.2) and CS02e (6.24.2),
        // queued together and carried out in that order.
        (int issueExit, string issueAck) = await bench.Run("credentials", "issue", PpmidText, "--usage", "ds", "--db", "k.db", "--keystore", "keys", "--json");
        Assert.AreEqual(0, issueExit, issueAck);
        StringAssert.Contains(issueAck, "\"I99\"");
        Assert.AreEqual("Queued", Requests(await bench.Ok("credentials", "requests", "--db", "k.db", "--json"))[0].GetProperty("state").GetString());
        string issueRun = await bench.Ok("csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");
        StringAssert.Contains(issueRun, $"6.17 {PpmidText} Sent");
        StringAssert.Contains(issueRun, $"6.17 {PpmidText} Done I0");
        await bench.Ok("credentials", "update-device", PpmidText, "--usage", "ds", "--db", "k.db", "--keystore", "keys");
        await bench.Ok("credentials", "read-device", PpmidText, "--usage", "ds", "--db", "k.db", "--keystore", "keys");
        string readRun = await bench.Ok("csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");
        int updated = readRun.IndexOf($"6.15.2 {PpmidText} Done I0", StringComparison.Ordinal);
        int read = readRun.IndexOf($"6.24.2 {PpmidText} Done I0", StringComparison.Ordinal);
        Assert.IsTrue(updated >= 0 && read > updated, readRun);
        JsonElement readRow = Requests(await bench.Ok("credentials", "requests", PpmidText, "--db", "k.db", "--json"))[0];
        Assert.AreEqual(("6.24.2", "Done", "I0"), (readRow.GetProperty("serviceReferenceVariant").GetString(), readRow.GetProperty("state").GetString(), readRow.GetProperty("responseCode").GetString()));
        Assert.IsTrue(readRow.TryGetProperty("gbcsResponse", out _), "the device's answer is kept");
        JsonElement[] certificates = Requests(await bench.Ok("credentials", "show", PpmidText, "--db", "k.db", "--json"));
        Assert.IsTrue(certificates.Any(c => c.GetProperty("holder").GetString() == "Device" && c.GetProperty("usage").GetString() == "DS" && c.GetProperty("state").GetString() == "current"), "the device's DS certificate is recorded");

        // A new supplier key pair from the same test CA (a copy of the keystore, so the host still signs with the old one
        // until the device has taken the new certificate), exported as the certificate the replacement carries.
        CopyFolder(Path.Combine(dir, "keys"), Path.Combine(dir, "keys-next"));
        await bench.Ok("keys", "issue", "--id", Supplier, "--role", "Supplier", "--keystore", "keys-next");
        await bench.Ok("keys", "export", "--dir", "next", "--keystore", "keys-next");
        string newCertificate = Path.Combine("next", "90b3d51f30010000-ds.pem");
        Assert.IsTrue(File.Exists(Path.Combine(dir, newCertificate)), string.Join(", ", Directory.GetFiles(Path.Combine(dir, "next"))));

        // CS02b 6.15.1: queued by the CLI, carried out by csp run; the inventory records the new supplier certificate.
        (int replaceExit, string replaceAck) = await bench.Run("credentials", "replace-supplier", PpmidText, "--ds", newCertificate, "--db", "k.db", "--keystore", "keys", "--json");
        Assert.AreEqual(0, replaceExit, replaceAck);
        StringAssert.Contains(replaceAck, "\"I99\"");
        string replaceRun = await bench.Ok("csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");
        StringAssert.Contains(replaceRun, $"6.15.1 {PpmidText} Done I0");
        JsonElement replaced = Requests(await bench.Ok("credentials", "requests", PpmidText, "--db", "k.db", "--json"))[0];
        Assert.AreEqual(("6.15.1", "Done"), (replaced.GetProperty("serviceReferenceVariant").GetString(), replaced.GetProperty("state").GetString()));
        string newSerial = Requests(await bench.Ok("keys", "list", "--keystore", "keys-next", "--json"))
            .First(c => c.GetProperty("party").GetString() == Supplier && string.Equals(c.GetProperty("usage").GetString(), "ds", StringComparison.OrdinalIgnoreCase) && c.GetProperty("primary").GetBoolean())
            .GetProperty("serial").GetString()!;
        JsonElement supplierNow = Requests(await bench.Ok("credentials", "show", PpmidText, "--db", "k.db", "--json"))
            .Single(c => c.GetProperty("holder").GetString() == "Supplier" && c.GetProperty("state").GetString() == "current");
        Assert.AreEqual(newSerial, supplierNow.GetProperty("serial").GetString());

        // Afterwards, with the keystore that holds the new supplier key: CS08 still answers, and a supplier-signed CS02e
        // (signed with the new key, which the inventory says the device now trusts) is carried out.
        await bench.Ok("credentials", "read-device", PpmidText, "--usage", "ds", "--db", "k.db", "--keystore", "keys-next");
        string after = await bench.Ok("csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--read-versions", "--keystore", "keys-next");
        StringAssert.Contains(after, $"11.2 {PpmidText} 00010000 I0");
        StringAssert.Contains(after, $"6.24.2 {PpmidText} Done I0");
    }

    [TestMethod]
    public async Task SignedDuisRequestThroughServe_AcknowledgedI99_CarriedOutByCspRun_LaterResponsePostedToTheServiceUser()
    {
        string dir = TestFolders.Create("hanbench-cred-serve-");
        await using HubPpmidPtyBench bench = await HubPpmidPtyBench.StartAsync(dir);
        await bench.Ok("csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");
        await bench.Ok("alerts", "service-user", "add", "--id", Supplier, "--name", "Supplier", "--role", "Supplier", "--db", "k.db");
        using var serviceUser = new System.Net.HttpListener();
        int userPort = FreePort();
        serviceUser.Prefixes.Add($"http://127.0.0.1:{userPort}/su/");
        serviceUser.Start();
        Task<string> delivered = ReceiveOneAsync(serviceUser);
        await using BoardProcess serve = BoardProcess.StartCommand("serve", ["serve", "--duis", "127.0.0.1:0", "--db", "k.db", "--keystore", "keys", "--alerts-to", $"http://127.0.0.1:{userPort}/su/"], dir);
        await serve.WaitForLineAsync("DUIS endpoint on http://127.0.0.1:");
        string output = serve.Output;
        string endpoint = output[(output.IndexOf("DUIS endpoint on ", StringComparison.Ordinal) + "DUIS endpoint on ".Length)..].Split(' ', '\n')[0];

        // The CS02a template (CommandVariant 1: /serviceS) for this bench's PPMID, signed by the supplier the keystore holds.
        string template = HanBench.Conformance.Tests.Vectors.ReadText("duis", "CS02aMAC_6.24.1_SUCCESS_REQUEST_DUIS.XML");
        string unsigned = template[..template.IndexOf("<ds:Signature", StringComparison.Ordinal)] + "</sr:Request>";
        unsigned = unsigned.Replace(":00-DB-12-34-56-78-90-A0:", $":{PpmidText}:", StringComparison.Ordinal);
        HanBench.Host.Keys.Keystore keys = HanBench.Host.Keys.Keystore.Open(Path.Combine(dir, "keys"));
        string signed = HanBench.Host.Duis.DuisXmlSignature.Sign(unsigned, keys.XmlSigner(HanBench.Host.Keys.Keystore.DefaultSupplier)!);
        using var http = new HttpClient();
        using HttpResponseMessage answer = await http.PostAsync(new Uri(new Uri(endpoint), "api/v1/serviceS"), new StringContent(signed, System.Text.Encoding.UTF8, "application/xml"));
        string acknowledgement = await answer.Content.ReadAsStringAsync();
        Assert.AreEqual(System.Net.HttpStatusCode.OK, answer.StatusCode, acknowledgement);
        StringAssert.Contains(acknowledgement, "<sr:ResponseCode>I99</sr:ResponseCode>");
        string requestId = System.Xml.Linq.XDocument.Parse(signed).Descendants(HanBench.Host.Duis.DuisNames.Sr + "RequestID").Single().Value;

        string run = await bench.Ok("csp", "run", "--db", "k.db", "--link", "serial:wan-a", "--exit-when-idle", "--keystore", "keys");
        StringAssert.Contains(run, $"credentials {requestId} 6.24.1 {PpmidText} Done I0");
        StringAssert.Contains(run, $"response {requestId} to {Supplier} queued");

        // serve's delivery loop (every 5 s, or after a request) posts the later response to the Service User.
        Assert.AreSame(delivered, await Task.WhenAny(delivered, Task.Delay(TimeSpan.FromSeconds(60))), serve.Output);
        string response = await delivered;
        StringAssert.Contains(response, $"<sr:RequestID>{requestId}</sr:RequestID>");
        StringAssert.Contains(response, "<sr:ResponseCode>I0</sr:ResponseCode>");
        StringAssert.Contains(response, "<sr:GBCSPayload>");
        Assert.IsTrue(HanBench.Host.Duis.DuisXmlSignature.Verify(response, keys.FindSigning).Verified, "signed by the DSP");
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<string> ReceiveOneAsync(System.Net.HttpListener listener)
    {
        System.Net.HttpListenerContext context = await listener.GetContextAsync();
        using var reader = new StreamReader(context.Request.InputStream, System.Text.Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        context.Response.StatusCode = 200;
        context.Response.Close();
        return body;
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
}

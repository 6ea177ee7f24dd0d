using System.Text.Json.Nodes;

namespace HanBench.Host.Tests.Serve;

/// <summary><c>bench duis-load</c>: signed requests the endpoint accepts, and its option rules.</summary>
[TestClass]
public sealed class DuisLoadCommandTests
{
    [TestMethod]
    public void DuisLoad_InProcess_EveryClientsSignedRequestIsAccepted()
    {
        // The endpoint checks every XML signature, the signer against the originator and the per-originator RequestID
        // counter: all accepted means each client signed as its own Service User with increasing counters.
        CliResult result = CliRunner.Run("bench", "duis-load", "--requests", "30", "--clients", "3", "--json");

        Assert.AreEqual(0, result.ExitCode, result.Error);
        JsonObject figures = JsonNode.Parse(result.Output)!.AsObject();
        Assert.AreEqual(30, (int)figures["requests"]!);
        Assert.AreEqual(3, (int)figures["clients"]!);
        Assert.AreEqual(30, (int)figures["accepted"]!);
    }

    [TestMethod]
    [DataRow("--signer", "90-B3-D5-1F-30-01-00-00")]
    [DataRow("--url", "http://127.0.0.1:9/", "--clients", "5")]
    public void DuisLoad_SignerWithoutUrlOrClientsWithUrl_RefusedExit2(params string[] options)
    {
        CliResult result = CliRunner.Run(["bench", "duis-load", "--requests", "1", .. options]);

        Assert.AreEqual(2, result.ExitCode, result.Output + result.Error);
        StringAssert.Contains(result.Error, options[0] == "--signer" ? "--signer goes with --url" : "--clients does not go with --url");
    }
}

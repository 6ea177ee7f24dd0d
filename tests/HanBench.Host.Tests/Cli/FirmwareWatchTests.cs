using System.Text.Json;
using HanBench.Cli;
using HanBench.Host.Tests.Alerts;

namespace HanBench.Host.Tests.Cli;

/// <summary><c>firmware status REQUEST --watch</c> follows a distribution until every device has finished.</summary>
[TestClass]
public sealed class FirmwareWatchTests
{
    private const string Hub = "00-DB-12-34-56-78-90-A2";
    private const string Bridge = "00-AA-00-00-00-00-00-C1";

    private static string QueuedRequest(CliTempFolder folder)
    {
        folder.Ok("inventory", "prenotify", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1");
        folder.Ok("inventory", "update", Hub, "--status", "InstalledNotCommissioned");
        folder.Ok("inventory", "update", Hub, "--status", "Commissioned");
        folder.Ok("inventory", "prenotify", "--device", Bridge, "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B1", "--firmware-version", "0100");
        folder.Ok("inventory", "add-to-han", "--hub", Hub, "--device", Bridge, "--install-code", "0011223344556677");
        string image = folder.File("image.ota");
        File.WriteAllBytes(image, AlertTestKit.GbcsImage(Enumerable.Range(0, 500).Select(i => (byte)i).ToArray()));
        folder.Ok("cpl", "add", "--image", image, "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--component", "silabs", "--version", "00020000");
        using JsonDocument submit = JsonDocument.Parse(folder.Ok("firmware", "submit", "--image", image, "--version", "00020000", "--devices", Bridge, "--json").Output);
        return submit.RootElement.GetProperty("requestId").GetString()!;
    }

    [TestMethod]
    public void Watch_RequestCancelledWhileWatched_ShowsEachChangeAndExitsOneWhenAllFinished()
    {
        using var folder = new CliTempFolder();
        string requestId = QueuedRequest(folder);
        using var output = new StringWriter();
        TextWriter shared = TextWriter.Synchronized(output);
        Task<int> watching = Task.Run(() => HanBenchCli.Run(["firmware", "status", requestId, "--watch", "--interval", "0.05", "--db", folder.Db], new CliConsole(shared, TextWriter.Null)));

        SpinWait.SpinUntil(() => output.ToString().Contains("\tQueued\t", StringComparison.Ordinal) || watching.IsCompleted, TimeSpan.FromSeconds(60));
        Assert.IsFalse(watching.IsCompleted, "the watch ended while the device was still Queued:\n" + output);
        folder.Ok("firmware", "cancel", requestId);

        Assert.IsTrue(watching.Wait(TimeSpan.FromSeconds(60)), "the watch did not end once every device had finished");
        Assert.AreEqual(ExitCodes.Failed, watching.Result);
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(2, lines.Length, output.ToString());
        StringAssert.Contains(lines[0], $"\t{Bridge}\tsilabs\tQueued\t0%");
        StringAssert.Contains(lines[1], $"\t{Bridge}\tsilabs\tFailed\t");
    }

    [TestMethod]
    public void Watch_WithoutRequestId_ExitTwo()
    {
        using var folder = new CliTempFolder();
        folder.Ok("inventory", "init");
        CliResult result = folder.Run("firmware", "status", "--watch");
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        StringAssert.Contains(result.Error, "request-id");
    }
}

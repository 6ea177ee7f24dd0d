using HanBench.Transports.Serial;

namespace HanBench.Transports.Tests;

/// <summary>Issue 13 §1: a missing serial port is waited for with a message naming it, and given up on after a stated time.</summary>
[TestClass]
public sealed class SerialPortWaitTests
{
    [TestMethod]
    public async Task UntilPresent_PortAppearsWhileWaiting_ReturnsAndSaysSo()
    {
        string dir = Directory.CreateTempSubdirectory("hanbench-portwait-").FullName;
        string path = Path.Combine(dir, "ttyLATE");
        try
        {
            var lines = new List<string>();
            var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task wait = SerialPortWait.UntilPresentAsync(path, TimeSpan.FromMinutes(5), line =>
            {
                lock (lines)
                {
                    lines.Add(line);
                }

                waiting.TrySetResult();
            });
            await Bounded.Within(waiting.Task, "the waiting message");
            await File.WriteAllBytesAsync(path, []);

            await Bounded.Within(wait, "the wait to end once the port is there");
            Assert.AreEqual($"serial port {path} does not exist; waiting for it to appear (plug the board in, or start socat), giving up after 300 s (--wait waits for ever)", lines[0]);
            Assert.AreEqual($"serial port {path} is there", lines[^1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public async Task UntilPresent_NeverAppears_GivesUpNamingThePortAndTheTime()
    {
        LinkClosedException ex = await Assert.ThrowsExactlyAsync<LinkClosedException>(
            () => SerialPortWait.UntilPresentAsync("/nonexistent/ttyNEVER", TimeSpan.FromMilliseconds(300), _ => { }));

        StringAssert.StartsWith(ex.Message, "serial port /nonexistent/ttyNEVER did not appear within 0.3 s");
    }

    [TestMethod]
    public async Task UntilPresent_PortThere_ReturnsWithoutAWord()
    {
        var lines = new List<string>();
        await SerialPortWait.UntilPresentAsync("/dev/null", TimeSpan.Zero, lines.Add);
        Assert.IsEmpty(lines);
    }
}

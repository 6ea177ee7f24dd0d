using System.Diagnostics;
using HanBench.Transports.Memory;
using HanBench.Transports.Serial;
using HanBench.Transports.Serial.Posix;

namespace HanBench.Transports.Tests;

/// <summary>
/// Issue 13 §1: a serial link paced to its baud rate takes at least the time a UART needs (bytes × 10 / baud at 8N1).
/// Only the lower bound is checked (a loaded machine may take longer, never shorter), on a small transfer.
/// </summary>
[TestClass]
public sealed class PacedLinkTests
{
    [TestMethod]
    [DataRow(768_000L, 921_600, 8.3333)]
    [DataRow(11_520L, 115_200, 1.0)]
    [DataRow(500_000L, 115_200, 43.4028)]
    public void WireTime_BytesTimesTenOverBaud(long bytes, int baud, double seconds) =>
        Assert.AreEqual(seconds, PacedLink.WireTime(bytes, baud).TotalSeconds, 0.0001);

    [TestMethod]
    public async Task Write_1152BytesAt115200InFourWrites_TakesAtLeast100Ms_BytesIntact()
    {
        (InMemoryLink a, InMemoryLink b) = InMemoryLink.CreatePair("paced");
        using var paced = new PacedLink(a, 115_200);
        using InMemoryLink far = b;
        var data = new byte[1152];
        new Random(1152).NextBytes(data);
        Task<byte[]> reading = Bounded.ReadExactly(far, data.Length, "1,152 paced bytes (seed 1152)");

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 4; i++)
        {
            await paced.WriteAsync(data.AsMemory(i * 288, 288), Bounded.Token());
        }

        clock.Stop();
        CollectionAssert.AreEqual(data, await reading);
        Assert.IsGreaterThanOrEqualTo(PacedLink.WireTime(1152, 115_200), clock.Elapsed, "1,152 bytes × 10 bits / 115,200 baud = 100 ms at least");
    }

    [TestMethod]
    public void LinkSpec_PaceSuffix_ParsedKeptInTheTextAndAddedByWithPacing()
    {
        LinkSpec paced = LinkSpec.Parse("serial:/dev/ttyUSB0@115200,pace");
        Assert.IsTrue(paced.Paced);
        Assert.AreEqual("/dev/ttyUSB0", paced.Path);
        Assert.AreEqual(115_200, paced.BaudRate);
        Assert.AreEqual("serial:/dev/ttyUSB0@115200,pace", paced.Text);

        LinkSpec plain = LinkSpec.Parse("serial:/dev/ttyUSB0@115200");
        Assert.IsFalse(plain.Paced);
        Assert.AreEqual("serial:/dev/ttyUSB0@115200,pace", plain.WithPacing().Text);
        Assert.IsTrue(plain.WithPacing().Paced);
        Assert.AreEqual("tcp:127.0.0.1:7000", LinkSpec.Parse("tcp:127.0.0.1:7000").WithPacing().Text, "only serial links are paced");
    }

    [TestMethod]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task LinkFactory_PacedSerialSpecOnAPty_OpensAPacedLink()
    {
        Bounded.RequireLinux();
        using PseudoTerminal pty = PseudoTerminal.Open();
        await using IByteStreamLink link = await LinkFactory.OpenAsync($"serial:{pty.SlavePath}@115200,pace");

        Assert.IsInstanceOfType<PacedLink>(link);
        Assert.AreEqual($"serial:{pty.SlavePath}@115200 (paced)", link.Name);
        await link.WriteAsync(new byte[] { 1, 2, 3 }, Bounded.Token());
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await Bounded.ReadExactly(pty.Master, 3, "3 bytes through the paced pty"));
    }
}

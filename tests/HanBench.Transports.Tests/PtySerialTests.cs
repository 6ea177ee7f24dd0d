using System.Runtime.Versioning;
using HanBench.Transports.Serial;
using HanBench.Transports.Serial.Posix;

namespace HanBench.Transports.Tests;

/// <summary>
/// The serial code for real: a pseudo-terminal made in-process, its slave opened exactly as a USB serial port
/// is, the master playing the board.
/// </summary>
[TestClass]
[SupportedOSPlatform("linux")]
public sealed class PtySerialTests
{
    [TestMethod]
    public void Open_EveryStandardBaudRate_AppliedAndReadBack()
    {
        Bounded.RequireLinux();
        foreach (int baud in SerialBaudRates.Standard)
        {
            using PseudoTerminal pty = PseudoTerminal.Open();
            using IByteStreamLink port = SerialPortLink.Open(pty.SlavePath, baud);

            // The pty's two sides share one line discipline: the master sees what System.IO.Ports applied.
            SerialLineSettings line = pty.Master.ReadLineSettings();
            Assert.AreEqual(baud, line.InputBaudRate, $"input speed at {baud}");
            Assert.AreEqual(baud, line.OutputBaudRate, $"output speed at {baud}");
            Assert.IsTrue(line.IsRaw8N1, $"raw 8N1 at {baud}: {line}");
            Assert.IsTrue(line.ReceiverEnabled && !line.HardwareFlowControl, line.ToString());
            Assert.AreEqual($"serial:{pty.SlavePath}@{baud}", port.Name);
        }
    }

    [TestMethod]
    public async Task Raw_EveryByteValue_PassesUnchangedBothWays_WithoutEchoOrLineEndingTranslation()
    {
        Bounded.RequireLinux();
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStreamLink port = SerialPortLink.Open(pty.SlavePath, 115200);
        byte[] all = Bounded.AllByteValues();
        byte[] lineEndings = [0x0D, 0x0A, 0x0A, 0x0D, 0x03, 0x04, 0x11, 0x13, 0x7F];

        await pty.Master.WriteAsync(all);
        await pty.Master.WriteAsync(lineEndings);
        CollectionAssert.AreEqual(all.Concat(lineEndings).ToArray(), await Bounded.ReadExactly(port, 256 + lineEndings.Length, "board→port"));

        await port.WriteAsync(all);
        await port.WriteAsync(lineEndings);

        // With echo on, the master would first read back its own 265 bytes; with OPOST/ONLCR each LF would
        // arrive as CR LF. Either way these exact bytes would not be the next ones it reads.
        CollectionAssert.AreEqual(all.Concat(lineEndings).ToArray(), await Bounded.ReadExactly(pty.Master, 256 + lineEndings.Length, "port→board"));
        await port.WriteAsync(new byte[] { 0xEE });
        CollectionAssert.AreEqual(new byte[] { 0xEE }, await Bounded.ReadExactly(pty.Master, 1, "marker"));
    }

    [TestMethod]
    public async Task Read_TenKilobytes_ArriveInPartialChunks_Intact()
    {
        Bounded.RequireLinux();
        const int seed = 20260101;
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStreamLink port = SerialPortLink.Open(pty.SlavePath, 921600);
        var data = new byte[10 * 1024];
        var random = new Random(seed);
        random.NextBytes(data);

        // The pty buffer is smaller than 10 KB: the writer must wait for the reader (POLLOUT path).
        Task writing = pty.Master.WriteAsync(data, Bounded.Token()).AsTask();
        var got = new List<byte>(data.Length);
        var chunk = new byte[700];
        int reads = 0;
        while (got.Count < data.Length)
        {
            int want = 1 + random.Next(chunk.Length);
            int n = await Bounded.Within(port.ReadAsync(chunk.AsMemory(0, want), Bounded.Token()).AsTask(), $"chunk {reads} (seed {seed})");
            Assert.IsTrue(n > 0 && n <= want, $"read {n} of at most {want} (seed {seed})");
            got.AddRange(chunk.AsSpan(0, n).ToArray());
            reads++;
        }

        await Bounded.Within(writing, "10 KB write");
        CollectionAssert.AreEqual(data, got.ToArray(), $"seed {seed}");
        Assert.IsTrue(reads >= data.Length / chunk.Length, $"{reads} reads");
    }

    [TestMethod]
    public async Task Read_NothingArrives_TimesOutWithoutData_ThenDataStillFlows()
    {
        Bounded.RequireLinux();
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStreamLink port = SerialPortLink.Open(pty.SlavePath);
        var buffer = new byte[16];
        LinkReadResult result = await port.ReadAsync(buffer, TimeSpan.FromMilliseconds(100));
        Assert.IsTrue(result.TimedOut);
        Assert.AreEqual(0, result.Count);
        Assert.IsTrue(port.IsConnected);

        await pty.Master.WriteAsync(new byte[] { 1, 2, 3 });
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await Bounded.ReadExactly(port, 3, "after the timeout"));
    }

    [TestMethod]
    public async Task Read_Cancelled_ThrowsOperationCanceled()
    {
        Bounded.RequireLinux();
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStreamLink port = SerialPortLink.Open(pty.SlavePath);
        using var cts = new CancellationTokenSource();
        Task<int> pending = port.ReadAsync(new byte[4], cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => Bounded.Within(pending, "cancelled read"));
    }

    [TestMethod]
    public async Task Peer_Disappears_PendingReadReturnsZero_WriteFailsClearly_ThenANewPeerWorks()
    {
        Bounded.RequireLinux();
        PseudoTerminal board = PseudoTerminal.Open();
        IByteStreamLink port = SerialPortLink.Open(board.SlavePath);
        await board.Master.WriteAsync(new byte[] { 0x55 });
        CollectionAssert.AreEqual(new byte[] { 0x55 }, await Bounded.ReadExactly(port, 1, "before unplug"));

        Task<int> pending = port.ReadAsync(new byte[8], Bounded.Token()).AsTask();
        board.Dispose();
        Assert.AreEqual(0, await Bounded.Within(pending, "read across the hang-up"));
        Assert.IsFalse(port.IsConnected);
        Assert.AreEqual(0, await port.ReadAsync(new byte[8], Bounded.Token()));
        LinkClosedException ex = await Assert.ThrowsExactlyAsync<LinkClosedException>(async () => await port.WriteAsync(new byte[] { 1 }));
        StringAssert.Contains(ex.Message, board.SlavePath);
        port.Dispose();

        using PseudoTerminal again = PseudoTerminal.Open();
        using IByteStreamLink reopened = SerialPortLink.Open(again.SlavePath);
        await reopened.WriteAsync(new byte[] { 0xAA });
        CollectionAssert.AreEqual(new byte[] { 0xAA }, await Bounded.ReadExactly(again.Master, 1, "after reopen"));
    }

    [TestMethod]
    public async Task Dispose_WakesAPendingRead_WhichReturnsZero()
    {
        Bounded.RequireLinux();
        using PseudoTerminal pty = PseudoTerminal.Open();
        IByteStreamLink port = SerialPortLink.Open(pty.SlavePath);
        Task<int> pending = port.ReadAsync(new byte[8], Bounded.Token()).AsTask();
        port.Dispose();
        Assert.AreEqual(0, await Bounded.Within(pending, "read woken by dispose"));
    }

    [TestMethod]
    public void Open_MissingPort_SaysItDoesNotExist()
    {
        Bounded.RequireLinux();
        string path = "/dev/ttyHanBenchNoSuchPort7";
        FileNotFoundException ex = Assert.ThrowsExactly<FileNotFoundException>(() => SerialPortLink.Open(path));
        Assert.AreEqual($"serial port {path} does not exist", ex.Message);
    }

    [TestMethod]
    public void Open_NotATty_SaysSo()
    {
        Bounded.RequireLinux();
        IOException ex = Assert.ThrowsExactly<IOException>(() => SerialPortLink.Open("/dev/null"));
        Assert.AreEqual("/dev/null is not a serial port (not a tty)", ex.Message);
    }

    [TestMethod]
    public void Open_SamePortTwice_SecondIsRefusedAsInUse()
    {
        Bounded.RequireLinux();
        using PseudoTerminal pty = PseudoTerminal.Open();
        using IByteStreamLink first = SerialPortLink.Open(pty.SlavePath);

        // TIOCEXCL does not bind a holder of CAP_SYS_ADMIN (root in CI): the second opener is an ordinary program.
        Exception? refused = OrdinaryOpener.Run(() => SerialPortLink.Open(pty.SlavePath).Dispose());

        Assert.IsNotNull(refused, "a second opener of a port in use got it too");
        Assert.IsInstanceOfType<IOException>(refused, refused.ToString());
        Assert.AreEqual($"serial port {pty.SlavePath} is in use by another program", refused.Message);
    }

    [TestMethod]
    public void Open_SamePortTwiceHoldingCapSysAdmin_SecondIsRefusedAsInUseUntilTheFirstCloses()
    {
        Bounded.RequireLinux();
        if (!OrdinaryOpener.HoldsSysAdmin())
        {
            Assert.Inconclusive("needs CAP_SYS_ADMIN (root), which TIOCEXCL does not bind: the case the port lock is for");
        }

        using PseudoTerminal pty = PseudoTerminal.Open();
        IByteStreamLink first = SerialPortLink.Open(pty.SlavePath);

        // As root (CI, bench PCs) a second HanBench process would otherwise get the port too and split its bytes (audit N8).
        IOException refused = Assert.ThrowsExactly<IOException>(() => SerialPortLink.Open(pty.SlavePath).Dispose());
        Assert.AreEqual($"serial port {pty.SlavePath} is in use by another program", refused.Message);
        string devices = Directory.CreateTempSubdirectory("hanbench-ports-").FullName;
        try
        {
            File.CreateSymbolicLink(Path.Combine(devices, "ttyUSB0"), pty.SlavePath);
            Assert.AreEqual("in use", SerialPortEnumerator.List(devices).Single().Status, "hanbench ports sees the lock too");
        }
        finally
        {
            Directory.Delete(devices, recursive: true);
        }

        first.Dispose();
        using IByteStreamLink again = SerialPortLink.Open(pty.SlavePath);
        Assert.IsTrue(again.IsConnected, "the lock goes with the link that held it");
    }

    [TestMethod]
    public void Open_UnsupportedBaud_RefusedBeforeTouchingThePort()
    {
        ArgumentOutOfRangeException ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SerialPortLink.Open("/dev/ttyUSB0", 12345));
        StringAssert.Contains(ex.Message, "12345 is not a supported baud rate");
    }
}

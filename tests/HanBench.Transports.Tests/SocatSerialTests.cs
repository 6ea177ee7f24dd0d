using System.Diagnostics;
using System.Text.RegularExpressions;
using HanBench.Transports.Serial;

namespace HanBench.Transports.Tests;

/// <summary>Two serial ports joined by socat, as a null-modem cable between two USB adapters would join them.</summary>
[TestClass]
public sealed partial class SocatSerialTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task SocatPair_768000BytesRoundTrip_EchoedBackIntact_TimePrinted()
    {
        using Socat socat = Socat.Start("pty,raw,echo=0", "pty,raw,echo=0");
        using IByteStreamLink left = SerialPortLink.Open(socat.Ends[0], 921600);
        using IByteStreamLink right = SerialPortLink.Open(socat.Ends[1], 921600);
        var data = new byte[768_000];
        new Random(768).NextBytes(data);
        var clock = Stopwatch.StartNew();

        // The right end echoes every byte back as it arrives, as a loopback plug would: it keeps reading while its
        // echo is still being written. An echo that stops reading until its write completes can deadlock with socat,
        // whose blocking write toward that end then never finishes (seen under load: socat in n_tty_write).
        var echoed = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        Task echoReads = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            for (int done = 0; done < data.Length;)
            {
                int read = await Bounded.Within(right.ReadAsync(buffer, CancellationToken.None).AsTask(), $"echo: a read after {done} bytes");
                Assert.AreNotEqual(0, read, "right end hung up");
                echoed.Writer.TryWrite(buffer[..read]);
                done += read;
            }

            echoed.Writer.Complete();
        });
        Task echoWrites = Task.Run(async () =>
        {
            await foreach (byte[] chunk in echoed.Reader.ReadAllAsync())
            {
                await Bounded.Within(right.WriteAsync(chunk, CancellationToken.None).AsTask(), "echo: a write");
            }
        });
        // Every wait is a stall bound (no byte moved for 20 s), never a bound on the whole transfer: on a loaded machine
        // the thread pool can take seconds per hop, and a test must not fail for being slow.
        Task writing = Bounded.WriteInChunks(left, data, 4096, "768,000-byte write");
        byte[] back = await Bounded.ReadExactly(left, data.Length, "768,000 bytes there and back (seed 768)");
        await writing;
        await echoReads;
        await echoWrites;
        clock.Stop();

        CollectionAssert.AreEqual(data, back);
        TestContext.WriteLine($"768,000-byte round trip over a socat pty pair through System.IO.Ports: {clock.Elapsed.TotalSeconds:0.000} s (unpaced; a real 921,600-baud UART needs {768_000 * 10 * 2 / 921_600.0:0.00} s)");
    }

    [TestMethod]
    public async Task SocatPair_PeerStopsReading_DisposeEndsTheStuckWriteInsteadOfHanging()
    {
        using Socat socat = Socat.Start("pty,raw,echo=0", "pty,raw,echo=0");
        IByteStreamLink left = SerialPortLink.Open(socat.Ends[0], 921600);
        using IByteStreamLink right = SerialPortLink.Open(socat.Ends[1], 921600);

        // Nobody reads the right end: its input fills, socat blocks writing to it, and the left write can never finish.
        Task stuck = left.WriteAsync(new byte[1_000_000], CancellationToken.None).AsTask();
        await Task.Delay(200);
        Assert.IsFalse(stuck.IsCompleted, "a megabyte into a pty pair nobody reads cannot have been written");

        // System.IO.Ports' Dispose waits for queued writes; the link must end them instead of hanging.
        await Bounded.Within(Task.Run(left.Dispose), "dispose with a write stuck behind a peer that stopped reading");
        LinkClosedException closed = await Assert.ThrowsExactlyAsync<LinkClosedException>(() => Bounded.Within(stuck, "the stuck write"));
        StringAssert.Contains(closed.Message, "closed while a write was waiting");
    }

    [TestMethod]
    public async Task SocatPair_BothEndsAsSerialPorts_ExchangeRawBytesAndTenKilobytes_ThenHangUpWhenSocatDies()
    {
        using Socat socat = Socat.Start("pty,raw,echo=0", "pty,raw,echo=0");
        using IByteStreamLink left = SerialPortLink.Open(socat.Ends[0], 115200);
        using IByteStreamLink right = SerialPortLink.Open(socat.Ends[1], 115200);

        byte[] all = Bounded.AllByteValues();
        await left.WriteAsync(all);
        CollectionAssert.AreEqual(all, await Bounded.ReadExactly(right, 256, "left→right"));
        await right.WriteAsync(all);
        CollectionAssert.AreEqual(all, await Bounded.ReadExactly(left, 256, "right→left"));

        var data = new byte[10 * 1024];
        new Random(77).NextBytes(data);
        Task writing = left.WriteAsync(data, Bounded.Token()).AsTask();
        CollectionAssert.AreEqual(data, await Bounded.ReadExactly(right, data.Length, "10 KB left→right (seed 77)"));
        await Bounded.Within(writing, "10 KB write");

        socat.Kill();
        Assert.AreEqual(0, await Bounded.Within(left.ReadAsync(new byte[4], Bounded.Token()).AsTask(), "left read after socat died"));
        Assert.AreEqual(0, await Bounded.Within(right.ReadAsync(new byte[4], Bounded.Token()).AsTask(), "right read after socat died"));
    }

    [TestMethod]
    public async Task SocatPair_KilledAndRestartedOnTheSamePaths_PortsReopenAndWork()
    {
        string dir = Directory.CreateTempSubdirectory("hanbench-socat-").FullName;
        try
        {
            string a = Path.Combine(dir, "board");
            string b = Path.Combine(dir, "host");
            using (Socat first = Socat.Start($"pty,raw,echo=0,link={a}", $"pty,raw,echo=0,link={b}"))
            {
                using IByteStreamLink port = SerialPortLink.Open(a);
                using IByteStreamLink peer = SerialPortLink.Open(b);
                await port.WriteAsync(new byte[] { 1 });
                CollectionAssert.AreEqual(new byte[] { 1 }, await Bounded.ReadExactly(peer, 1, "first run"));
                first.Kill();
                Assert.AreEqual(0, await Bounded.Within(port.ReadAsync(new byte[4], Bounded.Token()).AsTask(), "read after the peer disappeared"));
                await Assert.ThrowsExactlyAsync<LinkClosedException>(async () => await port.WriteAsync(new byte[] { 2 }));
            }

            using Socat second = Socat.Start($"pty,raw,echo=0,link={a}", $"pty,raw,echo=0,link={b}");
            using IByteStreamLink again = SerialPortLink.Open(a);
            using IByteStreamLink peerAgain = SerialPortLink.Open(b);
            await peerAgain.WriteAsync(new byte[] { 3, 4 });
            CollectionAssert.AreEqual(new byte[] { 3, 4 }, await Bounded.ReadExactly(again, 2, "after the peer came back"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A socat process this test started (and alone kills, by its own handle).</summary>
    private sealed partial class Socat : IDisposable
    {
        private readonly Process _process;

        private Socat(Process process, string[] ends)
        {
            _process = process;
            Ends = ends;
        }

        public string[] Ends { get; }

        public static Socat Start(string left, string right)
        {
            Bounded.RequireLinux();
            string? socat = FindOnPath("socat");
            if (socat is null)
            {
                Assert.Inconclusive("socat is not installed (.ci/setup installs it)");
            }

            var info = new ProcessStartInfo(socat) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (string arg in new[] { "-d", "-d", left, right })
            {
                info.ArgumentList.Add(arg);
            }

            Process process = Process.Start(info)!;
            var ends = new List<string>();
            var seen = new List<string>();
            using CancellationTokenSource limit = new(Bounded.Limit);
            try
            {
                // socat -d -d reports "N PTY is /dev/pts/K" for each side, then "starting data transfer loop".
                while (ends.Count < 2)
                {
                    string? line = process.StandardError.ReadLineAsync(limit.Token).AsTask().GetAwaiter().GetResult();
                    if (line is null)
                    {
                        throw new AssertFailedException($"socat exited before opening two ptys: {string.Join(" | ", seen)}");
                    }

                    seen.Add(line);
                    Match match = PtyLine().Match(line);
                    if (match.Success)
                    {
                        ends.Add(match.Groups[1].Value);
                    }
                }

                string? loop;
                do
                {
                    loop = process.StandardError.ReadLineAsync(limit.Token).AsTask().GetAwaiter().GetResult();
                }
                while (loop is not null && !loop.Contains("starting data transfer loop", StringComparison.Ordinal));
            }
            catch
            {
                process.Kill();
                process.Dispose();
                throw;
            }

            // Keep draining stderr so socat never blocks on a full pipe.
            _ = process.StandardError.ReadToEndAsync();
            string[] paths = ends.ToArray();
            foreach (string linkPath in new[] { left, right }.Select(LinkOption).Where(p => p is not null)!)
            {
                // With link=, open the stable path the way a user would open /dev/serial/by-id/….
                paths[Array.IndexOf(new[] { left, right }, new[] { left, right }.First(s => LinkOption(s) == linkPath))] = linkPath!;
            }

            return new Socat(process, paths);
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit((int)Bounded.Limit.TotalMilliseconds);
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }

        private static string? LinkOption(string address)
        {
            Match match = LinkPart().Match(address);
            return match.Success ? match.Groups[1].Value : null;
        }

        private static string? FindOnPath(string program)
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, program);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        [GeneratedRegex(@"PTY is (\S+)")]
        private static partial Regex PtyLine();

        [GeneratedRegex(@"(?:^|,)link=([^,]+)")]
        private static partial Regex LinkPart();
    }
}

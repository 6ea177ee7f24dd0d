using System.Text;
using System.Text.RegularExpressions;
using HanBench.Cli.Commands;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// The demo's live view (issue 13 §2: the live redraw must not slow the run), on a fake clock and a fake terminal:
/// frames follow time, not events; every line reaches the terminal once; a terminal that takes nothing holds up no event.
/// </summary>
[TestClass]
public sealed class DemoLiveDisplayTests
{
    private static readonly Eui64 Device = Eui64.Parse("00-DB-00-00-00-00-00-10");

    [TestMethod]
    public void Frames_TwentyThousandEventsOverTenVirtualSeconds_BoundedByFramesPerSecondAndEveryLineOnce()
    {
        var time = new ManualTime();
        var terminal = new RecordingTerminal();
        const int Events = 20_000;
        const long VirtualMs = 10_000;
        using (var display = new DemoLiveDisplay(terminal, () => (120, 40), time))
        {
            for (int i = 0; i < Events; i++)
            {
                switch (i % 4)
                {
                    case 0: display.Step($"step {i}"); break;
                    case 1: display.Note($"note {i}"); break;
                    case 2: display.Alert(Alert(i), "PPMID"); break;
                    default: display.Progress(Progress(bytesDone: i, bytesTotal: Events, FirmwareProgressState.Transferring), "PPMID"); break;
                }

                time.AdvanceTo(VirtualMs * (i + 1) / Events);
            }

            display.Progress(Progress(Events, Events, FirmwareProgressState.Activated), "PPMID");
        }

        // 4 a second for 10 s, and the last frame drawn when the display closes.
        int bound = (int)(DemoLiveDisplay.FramesPerSecond * VirtualMs / 1000) + 1;
        Assert.IsTrue(terminal.Writes <= bound, $"{terminal.Writes} frames for {Events} events over {VirtualMs} ms; at most {bound} expected");
        Assert.IsTrue(terminal.Writes >= bound / 2, $"only {terminal.Writes} frames over {VirtualMs} ms: the view did not stay live");
        string text = Plain(terminal.Text);
        Dictionary<string, int> lines = Lines(text);
        for (int i = 0; i < Events - 1; i++)
        {
            string expected = (i % 4) switch
            {
                0 => $"== step {i}\n",
                1 => $"   note {i}\n",
                2 => $"   ALERT N59 PPMID (request R{i})\n",
                _ => null!,
            };
            if (expected is not null)
            {
                Assert.AreEqual(1, lines.GetValueOrDefault(expected.TrimEnd('\n')), $"line '{expected.Trim()}' must appear exactly once");
            }
        }

        Assert.IsTrue(text.TrimEnd().EndsWith("100%", StringComparison.Ordinal), "the last frame shows the finished bar");
        Assert.IsTrue(terminal.Text.EndsWith("\u001b[?25h", StringComparison.Ordinal), "the cursor is shown again at the end");
    }

    [TestMethod]
    public void Events_TerminalTakesNothingDuringAFrame_EveryEventReturnsAndTheLinesFollowWhenItTakesThemAgain()
    {
        var time = new ManualTime();
        var terminal = new RecordingTerminal { Gate = new ManualResetEventSlim(false) };
        var display = new DemoLiveDisplay(terminal, () => (120, 40), time);
        display.Step("before the terminal stalls");
        Task stalledFrame = Task.Run(() => time.AdvanceTo(250));
        Assert.IsTrue(SpinWait.SpinUntil(() => terminal.Blocked, TimeSpan.FromMinutes(1)), "the frame reached the terminal");

        // The bench goes on while the terminal takes nothing: every call returns (on this thread, not the frame's).
        for (int i = 0; i < 5_000; i++)
        {
            display.Note($"note {i}");
            display.Progress(Progress(i, 5_000, FirmwareProgressState.Transferring), "B1");
        }

        time.AdvanceTo(500);    // a frame due while the last is still being written is skipped, not queued behind it
        terminal.Gate.Set();
        Assert.IsTrue(stalledFrame.Wait(TimeSpan.FromMinutes(1)));
        display.Dispose();

        Dictionary<string, int> lines = Lines(Plain(terminal.Text));
        Assert.AreEqual(1, lines.GetValueOrDefault("== before the terminal stalls"));
        for (int i = 0; i < 5_000; i++)
        {
            Assert.AreEqual(1, lines.GetValueOrDefault($"   note {i}"), $"note {i}");
        }

        Assert.AreEqual(2, terminal.Writes, "the stalled frame and the closing one");
    }

    [TestMethod]
    public void Lines_MoreThanTheBufferHoldsWhileTheTerminalStalls_KeptUpToTheBoundAndTheRestCounted()
    {
        var time = new ManualTime();
        var terminal = new RecordingTerminal();
        using (var display = new DemoLiveDisplay(terminal, () => (120, 40), time))
        {
            for (int i = 0; i < DemoLiveDisplay.MaxPendingLines + 7; i++)
            {
                display.Note($"note {i}");
            }
        }

        string text = Plain(terminal.Text);
        Assert.AreEqual(1, Occurrences(text, $"   note {DemoLiveDisplay.MaxPendingLines - 1}\n"));
        Assert.AreEqual(0, Occurrences(text, $"   note {DemoLiveDisplay.MaxPendingLines}\n"));
        StringAssert.Contains(text, "… 7 more lines not shown");
    }

    [TestMethod]
    public void Note_WithAnEscapeAndALineBreak_PrintedAsOneLineWithoutThem()
    {
        var terminal = new RecordingTerminal();
        using (var display = new DemoLiveDisplay(terminal, () => (120, 40), new ManualTime()))
        {
            display.Note("hub said \u001b[2Jcleared\nforged line");
        }

        StringAssert.Contains(Plain(terminal.Text), "   hub said ?[2Jcleared?forged line\n");
        Assert.IsFalse(terminal.Text.Contains("\u001b[2J", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Frame_TerminalWriteFails_TheNextEventThrowsIt()
    {
        var time = new ManualTime();
        var terminal = new RecordingTerminal { Failure = new IOException("cannot write to file descriptor 1: Input/output error") };
        using var display = new DemoLiveDisplay(terminal, () => (120, 40), time);
        display.Step("one");
        time.AdvanceTo(250);
        IOException thrown = Assert.ThrowsExactly<IOException>(() => display.Note("two"));
        StringAssert.Contains(thrown.Message, "Input/output error");
    }

    private static IssuedDccAlert Alert(int i) =>
        new(i, $"k{i}", "N59", Device, $"R{i}", null, null, DateTimeOffset.UnixEpoch, null, 0, null);

    private static DistributionProgress Progress(long bytesDone, long bytesTotal, FirmwareProgressState state) =>
        new("R1", 1, Device, "main", "00020000", state, DistributionLeg.Han, bytesDone, bytesTotal, null, 1, null,
            new DistributionTiming(0, null, null, null, null));

    /// <summary>The text with its escape codes (colour, cursor movement) removed.</summary>
    private static string Plain(string text) => Regex.Replace(text, @"\u001b\[[0-9;?]*[A-Za-z]", string.Empty).Replace("\r", string.Empty);

    /// <summary>How many times <paramref name="line"/> (ending in a line break) is a whole line of <paramref name="text"/>.</summary>
    private static int Occurrences(string text, string line) => Lines(text).GetValueOrDefault(line.TrimEnd('\n'));

    private static Dictionary<string, int> Lines(string text) =>
        text.Split('\n').GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>A terminal that records what it is given; with a <see cref="Gate"/> a write waits until the gate opens.</summary>
    private sealed class RecordingTerminal : TextWriter
    {
        private readonly StringBuilder _text = new();

        public ManualResetEventSlim? Gate { get; init; }

        public IOException? Failure { get; init; }

        public volatile bool Blocked;

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(string? value)
        {
            if (Failure is not null)
            {
                throw Failure;
            }

            Blocked = true;
            Gate?.Wait();
            Blocked = false;
            lock (_text)
            {
                _text.Append(value);
                Writes++;
            }
        }

        public override void Write(char value) => throw new InvalidOperationException("a frame is one write");
    }

    /// <summary>A clock that moves only when told; its timers fire (on the caller's thread) for each period passed.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private readonly List<ManualTimer> _timers = [];
        private long _nowMs;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(callback, state, (long)dueTime.TotalMilliseconds, (long)period.TotalMilliseconds);
            lock (_timers)
            {
                _timers.Add(timer);
            }

            return timer;
        }

        public void AdvanceTo(long ms)
        {
            _nowMs = Math.Max(_nowMs, ms);
            ManualTimer[] timers;
            lock (_timers)
            {
                timers = [.. _timers];
            }

            foreach (ManualTimer timer in timers)
            {
                timer.RunUntil(_nowMs);
            }
        }

        private sealed class ManualTimer(TimerCallback callback, object? state, long dueMs, long periodMs) : ITimer
        {
            private long _nextMs = dueMs;
            private volatile bool _disposed;

            public void RunUntil(long nowMs)
            {
                while (!_disposed && _nextMs <= nowMs)
                {
                    _nextMs += periodMs;
                    callback(state);
                }
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();

            public void Dispose() => _disposed = true;

            public ValueTask DisposeAsync()
            {
                _disposed = true;
                return ValueTask.CompletedTask;
            }
        }
    }
}

using System.Runtime.ExceptionServices;
using System.Text;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Tooling.Demo;

namespace HanBench.Cli.Commands;

/// <summary>
/// The demo's live view on a terminal: one progress bar per device update, with steps, notes and alerts printed above
/// them. The demo never waits on the terminal (issue 13 §2: redrawn on every event, a demo took 10 s on a terminal
/// against 2 s piped): the observer calls only record into memory under a short lock, and a timer draws a frame
/// <see cref="FramesPerSecond"/> times a second at most, on its own thread, writing the lines that arrived since the
/// last frame and the bars as one write. A terminal slower than the demo holds up only that thread; lines pile up
/// (at most <see cref="MaxPendingLines"/>, then counted and said) and the next frame prints them together.
/// </summary>
public sealed class DemoLiveDisplay : IDemoObserver, IDisposable
{
    /// <summary>Frames a second at most: enough to look live, few enough that drawing is a small part of the run.</summary>
    public const int FramesPerSecond = 4;

    /// <summary>Lines kept while the terminal falls behind; more are counted, not kept (the memory stays bounded).</summary>
    public const int MaxPendingLines = 10_000;

    private const string Escape = "\u001b[";
    private const string Reset = Escape + "0m";

    private readonly TextWriter _terminal;
    private readonly Func<(int Columns, int Rows)> _size;
    private readonly ITimer _timer;
    private readonly object _state = new();
    private readonly object _drawing = new();
    private readonly List<string> _pending = [];
    private readonly List<Bar> _bars = [];
    private readonly Dictionary<(long, Eui64), Bar> _barOf = [];
    private long _unshownLines;
    private bool _changed;
    private int _regionRows = -1;
    private bool _disposed;
    private volatile ExceptionDispatchInfo? _failure;

    public DemoLiveDisplay(TextWriter terminal, Func<(int Columns, int Rows)> size, TimeProvider time)
    {
        _terminal = terminal;
        _size = size;
        var interval = TimeSpan.FromMilliseconds(1000.0 / FramesPerSecond);
        _timer = time.CreateTimer(_ => DrawFrame(), null, interval, interval);
    }

    /// <summary>Frames written so far (each one write to the terminal).</summary>
    public int Frames { get; private set; }

    public void Step(string text) => AddLine($"{Escape}1m=={Reset} {Printable(text)}");

    public void Note(string text) => AddLine($"   {Escape}90m{Printable(text)}{Reset}");

    public void Alert(IssuedDccAlert alert, string deviceName) =>
        AddLine($"   {Escape}33mALERT {Printable(alert.AlertCode)}{Reset} {Printable(deviceName)} {Escape}90m(request {Printable(alert.RequestId ?? "-")}){Reset}");

    public void Progress(DistributionProgress progress, string deviceName)
    {
        _failure?.Throw();
        lock (_state)
        {
            var key = (progress.RequestRowId, progress.DeviceId);
            if (!_barOf.TryGetValue(key, out Bar? bar))
            {
                bar = new Bar();
                _barOf[key] = bar;
                _bars.Add(bar);
            }

            bar.Text = Printable(DemoCommand.Describe(progress, deviceName));
            bar.Percent = progress.IsFinished ? 100 : progress.Percent;
            bar.Failed = progress.IsFinished && progress.State != FirmwareProgressState.Activated;
            _changed = true;
        }
    }

    /// <summary>Stops the timer and draws the last frame, so every line and the bars' final state are on the terminal.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer.Dispose();
        lock (_drawing)
        {
            if (_failure is null)
            {
                Draw(final: true);
            }
        }
    }

    /// <summary>Draws a frame if anything changed since the last one; skipped when the previous frame is still being written.</summary>
    private void DrawFrame()
    {
        if (!Monitor.TryEnter(_drawing))
        {
            return;
        }

        try
        {
            Draw(final: false);
        }
        catch (IOException e) when (_failure is null)
        {
            // On the timer's thread an exception would end the process: the demo's thread meets it at its next event,
            // as it met a failed write when it drew itself (a terminal gone is EIO; a pipe's reader gone is dropped, not thrown).
            _failure = ExceptionDispatchInfo.Capture(e);
            _timer.Dispose();
        }
        finally
        {
            Monitor.Exit(_drawing);
        }
    }

    private void AddLine(string line)
    {
        _failure?.Throw();
        lock (_state)
        {
            if (_pending.Count < MaxPendingLines)
            {
                _pending.Add(line);
            }
            else
            {
                _unshownLines++;
            }

            _changed = true;
        }
    }

    /// <summary>
    /// One frame: the cursor back to the top of the bars drawn last (they are the last lines on the screen), erase to
    /// the end, the new lines, then the bars, each cut to the width so none wraps (the next frame moves up by their count).
    /// </summary>
    private void Draw(bool final)
    {
        string[] lines;
        long unshown;
        (string Text, double Percent, bool Failed)[] bars;
        lock (_state)
        {
            if (!_changed && !final)
            {
                return;
            }

            lines = [.. _pending];
            _pending.Clear();
            unshown = _unshownLines;
            _unshownLines = 0;
            bars = [.. _bars.Select(b => (b.Text, b.Percent, b.Failed))];
            _changed = false;
        }

        (int columns, int rows) = _size();
        var frame = new StringBuilder();
        frame.Append(_regionRows < 0 ? Escape + "?25l" : _regionRows > 0 ? $"\r{Escape}{_regionRows}A{Escape}J" : $"\r{Escape}J");
        foreach (string line in lines)
        {
            frame.Append(line).Append('\n');
        }

        if (unshown > 0)
        {
            frame.Append($"   {Escape}33m… {unshown:N0} more lines not shown: the terminal fell behind (piped output keeps every line){Reset}\n");
        }

        // The bars that fit below the lines; a screen shorter than the bars shows the latest ones.
        int shown = Math.Min(bars.Length, Math.Max(0, rows - 2));
        foreach ((string text, double percent, bool failed) in bars.Skip(bars.Length - shown))
        {
            frame.Append(BarLine(text, percent, failed, columns)).Append('\n');
        }

        _regionRows = shown;
        if (final)
        {
            frame.Append(Escape + "?25h");
        }

        _terminal.Write(frame.ToString());
        _terminal.Flush();
        Frames++;
    }

    /// <summary>"description ━━━━━━━━╺━━━━  42%", at most <paramref name="columns"/> − 1 characters wide.</summary>
    private static string BarLine(string text, double percent, bool failed, int columns)
    {
        int room = Math.Max(1, columns - 1);
        const int PercentWidth = 5;
        int barWidth = Math.Min(40, room - text.Length - PercentWidth - 2);
        if (barWidth < 5)
        {
            return text.Length > room ? text[..room] : text;
        }

        int done = (int)Math.Round(barWidth * percent / 100);
        string colour = failed ? "31m" : percent >= 100 ? "32m" : "33m";
        return $"{text} {Escape}{colour}{new string('━', done)}{Escape}90m{new string('━', barWidth - done)}{Reset} {percent,3:N0}%";
    }

    /// <summary>
    /// A note may carry what a device said: a control character in it (an escape, a line break) would move the cursor
    /// and break the frame, so each becomes a visible '?'.
    /// </summary>
    private static string Printable(string text) =>
        text.Any(char.IsControl) ? new string([.. text.Select(c => char.IsControl(c) ? '?' : c)]) : text;

    private sealed class Bar
    {
        public string Text { get; set; } = string.Empty;

        public double Percent { get; set; }

        public bool Failed { get; set; }
    }
}

using HanBench.Device.Hal;

namespace HanBench.Device.Desktop.Diagnostics;

/// <summary>
/// A device log written as lines "[  12.345] node LEVEL message" to a <see cref="TextWriter"/> (the console, a file),
/// stamped with the device's own clock so virtual-time runs read in bench time. Thread-safe: many virtual boards may
/// share one writer.
/// </summary>
public sealed class TextWriterLog(TextWriter writer, IClock clock, string node, LogLevel minimumLevel = LogLevel.Info) : IDeviceLog
{
    private static readonly Lock Gate = new();

    /// <summary>Lines below this level are dropped.</summary>
    public LogLevel MinimumLevel { get; set; } = minimumLevel;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel level) => level >= MinimumLevel;

    /// <inheritdoc />
    public void Write(LogLevel level, string message)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        long now = clock.NowMs;
        string line = $"[{now / 1000,6}.{now % 1000:D3}] {node} {HanBench.Device.Memory.MemoryLog.LevelName(level)} {message}";
        lock (Gate)
        {
            writer.WriteLine(line);
        }
    }
}

using System.Globalization;
using System.IO.Ports;

namespace HanBench.Transports.Serial;

/// <summary>
/// Waiting for a serial port that is not there yet — a board still being plugged in, socat still creating its pty
/// links — with a message that names the port and what is awaited, and a stated end (issue 13: a missing port used
/// to mean "retrying" for ever).
/// </summary>
public static class SerialPortWait
{
    /// <summary>How long a missing port is waited for unless the user asks to wait for ever. (HanBench choice: long
    /// enough to plug a board in or start socat, short enough that a typo ends the run.)</summary>
    public static readonly TimeSpan DefaultGiveUpAfter = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether <paramref name="path"/> names a port that exists now (a device node, a symlink to one, a COM name).</summary>
    public static bool IsPresent(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return OperatingSystem.IsWindows()
            ? SerialPort.GetPortNames().Contains(path, StringComparer.OrdinalIgnoreCase)
            : File.Exists(path);
    }

    /// <summary>
    /// Returns once <paramref name="path"/> exists. When it does not, says so once through <paramref name="log"/>
    /// (what is missing, what is awaited, for how long) and polls; throws <see cref="LinkClosedException"/> when
    /// <paramref name="giveUpAfter"/> passes first (null: wait for ever).
    /// </summary>
    public static async Task UntilPresentAsync(string path, TimeSpan? giveUpAfter, Action<string> log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (IsPresent(path))
        {
            return;
        }

        string until = giveUpAfter is { } limit
            ? string.Create(CultureInfo.InvariantCulture, $"giving up after {limit.TotalSeconds:0.#} s (--wait waits for ever)")
            : "for as long as it takes (--wait)";
        log($"serial port {path} does not exist; waiting for it to appear (plug the board in, or start socat), {until}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!IsPresent(path))
        {
            if (giveUpAfter is { } l && clock.Elapsed >= l)
            {
                throw new LinkClosedException(string.Create(CultureInfo.InvariantCulture, $"serial port {path} did not appear within {l.TotalSeconds:0.#} s; check the name (hanbench ports lists the ports there are) or pass --wait"));
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        log($"serial port {path} is there");
    }
}

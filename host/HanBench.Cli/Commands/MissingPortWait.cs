using System.CommandLine;
using System.Globalization;
using HanBench.Transports;
using HanBench.Transports.Serial;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>--wait</c> and <c>--give-up-after</c> of the commands that open links (<c>board</c>, <c>csp run</c>): a serial
/// port that is not there yet (a board being plugged in, socat still starting) is waited for, saying which port and for
/// how long; past <see cref="SerialPortWait.DefaultGiveUpAfter"/> (unless <c>--wait</c>) the command gives up with exit 1
/// naming the port (issue 13: a missing port used to mean a status line every second, for ever). A link that exists but
/// never opens (a TCP peer not listening) gets the same bound through the link's connector, and so does a hub that never
/// answers behind an open link when <c>csp run --exit-when-idle</c> waits for it (audit B1, <c>HubLiveness</c>).
/// </summary>
internal static class MissingPortWait
{
    public static Option<bool> WaitOption() => new("--wait")
    {
        Description = $"Wait for a serial port that does not exist (yet), a TCP peer that does not answer (yet), or (csp run --exit-when-idle) a hub that does not answer, for as long as it takes, instead of giving up after {SerialPortWait.DefaultGiveUpAfter.TotalSeconds:0} s.",
    };

    public static Option<double?> GiveUpAfterOption() => new("--give-up-after")
    {
        Description = $"Seconds to wait for a missing serial port, a TCP peer that does not answer, or (csp run --exit-when-idle) a hub that does not answer behind an open link, before giving up (default {SerialPortWait.DefaultGiveUpAfter.TotalSeconds:0}).",
    };

    /// <summary>
    /// Returns once the serial port of <paramref name="spec"/> exists (at once for other links); see the class remarks.
    /// SIGINT or SIGTERM meanwhile ends <paramref name="command"/> as every command a signal stops (<see cref="CliException.StoppedBy"/>).
    /// </summary>
    public static void UntilPresent(CliConsole console, LinkSpec spec, string option, Choice choice, string command)
    {
        TimeSpan? giveUpAfter = choice.GiveUpAfter();
        if (spec.Kind != LinkKind.Serial)
        {
            return;
        }

        using var stop = new StopSignal();
        using var cancel = new CancellationTokenSource();
        _ = stop.Requested.ContinueWith(_ => cancel.Cancel(), TaskScheduler.Default);
        try
        {
            SerialPortWait.UntilPresentAsync(spec.Path!, giveUpAfter, line => console.Error.WriteLine($"{option}: {line}"), cancel.Token).GetAwaiter().GetResult();
        }
        catch (LinkClosedException ex)
        {
            throw new CliException($"{option}: {ex.Message}", ExitCodes.Failed);
        }
        catch (OperationCanceledException) when (stop.Signal is { } signal)
        {
            // The wait is cancelled only by a signal (which is set before the cancel): nothing was opened yet.
            throw CliException.StoppedBy(command, signal);
        }
    }

    /// <summary>What the user chose: <c>--wait</c> (for ever) or <c>--give-up-after</c> seconds (null: the default).</summary>
    public sealed record Choice(bool WaitForever, double? GiveUpAfterSeconds)
    {
        /// <summary>
        /// How long a link that cannot be opened is waited for (a missing serial port here, any link that never opens in
        /// <see cref="HanBench.Device.Desktop.Links.LinkConnector.GiveUpAfter"/>); null with <c>--wait</c>.
        /// </summary>
        public TimeSpan? GiveUpAfter()
        {
            if (GiveUpAfterSeconds is { } seconds && (double.IsNaN(seconds) || seconds < 0 || seconds > 86_400))
            {
                throw new CliException($"--give-up-after must be 0 to 86400 seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
            }

            return WaitForever ? null : TimeSpan.FromSeconds(GiveUpAfterSeconds ?? SerialPortWait.DefaultGiveUpAfter.TotalSeconds);
        }
    }
}

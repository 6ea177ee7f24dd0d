using System.CommandLine;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>--insecure</c>, for debugging a device only (issue 8 §3: security on is the default), on <c>demo</c>, <c>bench run</c>,
/// <c>csp run</c> and <c>board</c>. What it relaxes, exactly: the devices this process runs act on a GBCS command whose
/// MAC or supplier signature is missing or does not verify (RoleSettings.Insecure), and the host acts on a response
/// that fails its check (HubSessionOptions.Insecure); each such message is logged as INSECURE and counted. Nothing else
/// changes: malformed messages, other recipients and replayed or older counters are still refused, and everything
/// HanBench sends is MAC'd and signed as always (so its <c>--gbcs-log</c> still verifies).
/// </summary>
public static class InsecureOption
{
    /// <summary>The warning printed on standard error whenever the option is given.</summary>
    public const string Warning =
        "hanbench: WARNING: --insecure: GBCS MACs and signatures are checked but NOT enforced: commands and responses that fail them are acted on (logged as INSECURE). For debugging a device only.";

    /// <summary>
    /// The warning repeated when the run ends (the demo's and <c>bench run</c>'s closing summary, <c>csp run</c> and
    /// <c>board</c> at stop), so the one at the start is not scrolled away.
    /// </summary>
    public const string ClosingWarning =
        "hanbench: WARNING: this run was --insecure: GBCS MAC and signature failures were acted on, not refused (see the INSECURE lines). For debugging a device only.";

    /// <summary>The option.</summary>
    public static Option<bool> Create() => new("--insecure")
    {
        Description = "Debugging a device only: act on GBCS commands and responses whose MAC or signature is missing or wrong (each logged as INSECURE); what HanBench sends stays MAC'd and signed.",
    };

    /// <summary>Reads the option and, when given, prints <see cref="Warning"/> on standard error.</summary>
    public static bool Read(CliConsole console, bool insecure)
    {
        if (insecure)
        {
            console.Error.WriteLine(Warning);
        }

        return insecure;
    }

    /// <summary>When the run was <paramref name="insecure"/>, prints <see cref="ClosingWarning"/> on standard error: call it as the run ends.</summary>
    public static void Remind(CliConsole console, bool insecure)
    {
        if (insecure)
        {
            console.Error.WriteLine(ClosingWarning);
        }
    }
}

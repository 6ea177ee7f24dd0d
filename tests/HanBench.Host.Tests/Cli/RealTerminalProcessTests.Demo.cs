using System.Text;

namespace HanBench.Host.Tests.Cli;

public sealed partial class RealTerminalProcessTests
{
    /// <summary>
    /// The demo's live view on a real terminal (issue 13 §2: drawn a few frames a second on a thread of its own, lines
    /// printed above the bars in batches) shows every step and alert line once: the same lines the plain view prints
    /// under <c>NO_COLOR</c>; the bars end at 100 %.
    /// </summary>
    [TestMethod]
    public void Demo_OnAStyledTerminal_EveryStepAndAlertLineOnceAsInThePlainView()
    {
        string live = AnsiCode().Replace(Encoding.UTF8.GetString(OnTerminal(columns: 120, noColor: false, "demo")), string.Empty);
        string plain = Encoding.UTF8.GetString(OnTerminal(columns: 120, noColor: true, "demo"));

        string[] liveLines = StepsAndAlerts(live);
        string[] plainLines = StepsAndAlerts(plain);
        Assert.IsGreaterThan(10, plainLines.Length, $"the plain demo's steps and alerts:\n{plain}");
        CollectionAssert.AreEqual(plainLines, liveLines, $"live view:\n{Visible(live)}");
        StringAssert.Contains(live, "Result: every update activated; every alert issued once.");
        Assert.IsTrue(live.Split('\n').Any(l => l.TrimEnd('\r').EndsWith("100%", StringComparison.Ordinal)), "the bars' last frame");
    }

    /// <summary>
    /// The "== step" and "ALERT" lines, sorted (two runs may interleave alerts of devices served together differently;
    /// what must match is that each line is there, once), carriage returns (the terminal's, the frames') taken off.
    /// </summary>
    private static string[] StepsAndAlerts(string text) =>
        [.. text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Where(l => l.StartsWith("== ", StringComparison.Ordinal) || l.StartsWith("   ALERT ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}

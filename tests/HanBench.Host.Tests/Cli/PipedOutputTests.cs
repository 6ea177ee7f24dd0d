using HanBench.Cli;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// Output read by a program (a pipe or a file): titles are one short line, tables one record per line, and counts or
/// pointers to other commands go to standard error so that every line on standard output is a record.
/// </summary>
[TestClass]
public sealed class PipedOutputTests
{
    /// <summary>Wider than any genuine record of the demo (its longest, an alert or a progress line, is ~150 characters).</summary>
    private const int SaneWidth = 300;

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Demo_Piped_TitleIsTheFirstShortLineAndNoLineIsWiderThanARecord(bool insecure)
    {
        CliResult result = insecure ? CliRunner.Run("demo", "--insecure") : CliRunner.Run("demo");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        string[] lines = result.Output.Split('\n');
        StringAssert.StartsWith(lines[0], "== HanBench demo: ");
        Assert.AreEqual(insecure, lines[0].Contains("INSECURE: GBCS checks not enforced", StringComparison.Ordinal), lines[0]);
        AssertNoLineWiderThan(lines, SaneWidth);
    }

    [TestMethod]
    public void ImageSample_Piped_TitleIsTheFirstShortLine()
    {
        using var folder = new CliTempFolder();
        CliResult result = CliRunner.Run("image", "sample", "--dir", folder.File("sample"));
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        string[] lines = result.Output.Split('\n');
        Assert.AreEqual("== HanBench image sample: build, sign and inspect a GBCS firmware image ==", lines[0].TrimEnd());
        AssertNoLineWiderThan(lines, SaneWidth);
    }

    [TestMethod]
    public void InventoryShow_PlainPpmid_NoVariantRow()
    {
        using var folder = new CliTempFolder();
        const string Ppmid = "00-AA-00-00-00-00-00-D1";
        folder.Ok("inventory", "prenotify", "--device", Ppmid, "--type", "PPMID", "--manufacturer", "PPMF", "--model", "PPMID-1", "--firmware-version", "0100");
        string show = folder.Ok("inventory", "show", Ppmid).Output;
        StringAssert.Contains(show, "Manufacturer\tPPMF");
        Assert.IsFalse(show.Contains("variant", StringComparison.OrdinalIgnoreCase), show);
    }

    /// <summary>
    /// Every non-empty line of a piped table is a record: the header or a row with <paramref name="cells"/> tab-separated
    /// cells (an optional <c># title</c> line first); nothing else, so <c>| tail -1</c> or <c>| wc -l</c> count records.
    /// </summary>
    public static void AssertEveryLineARecord(string output, int cells)
    {
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("# ", StringComparison.Ordinal)))
        {
            Assert.AreEqual(cells, line.TrimEnd('\r').Split('\t').Length, $"not a record: '{line}'\n{output}");
        }
    }

    private static void AssertNoLineWiderThan(string[] lines, int width)
    {
        string? widest = lines.MaxBy(l => l.Length);
        Assert.IsTrue(widest is null || widest.Length <= width, $"a {widest?.Length}-character line: {widest?[..Math.Min(200, widest.Length)]}…");
    }
}

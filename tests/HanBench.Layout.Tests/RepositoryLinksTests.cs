using System.Text.RegularExpressions;

namespace HanBench.Layout.Tests;

/// <summary>
/// Every relative link in the repository's Markdown and every <c>*.md</c> a source comment cites names a file that is in
/// the repository (host/README once cited an docs/ARCHITECTURE.md and the missing-nanoff message a docs/PLATFORM.md that were not).
/// </summary>
[TestClass]
public sealed partial class RepositoryLinksTests
{
    /// <summary>Documents outside the repository by design: the third-party vector set beside it (README, "Two commands").</summary>
    private static readonly string[] External = ["vectors/README.md"];

    private static readonly string Root = RepositoryTree.FindRoot();

    [TestMethod]
    public void MarkdownRelativeLinks_EveryOne_ResolvesToAFileOrFolder()
    {
        var broken = new List<string>();
        foreach (string file in Files(".md"))
        {
            string text = File.ReadAllText(file);
            foreach (Match link in MarkdownLink().Matches(WithoutCode(text)))
            {
                string target = link.Groups["target"].Value.Split('#')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                string full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(target)));
                if (!full.StartsWith(Root, StringComparison.Ordinal) || !(File.Exists(full) || Directory.Exists(full)))
                {
                    broken.Add($"{Relative(file)}: ({target})");
                }
            }
        }

        Assert.AreEqual(string.Empty, string.Join(Environment.NewLine, broken));
    }

    [TestMethod]
    public void MarkdownCitedInSource_EveryOne_IsInTheRepository()
    {
        HashSet<string> names = Files(".md").Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (string file in Files(".cs").Concat(Files(".ps1")))
        {
            foreach (Match cited in CitedMarkdown().Matches(File.ReadAllText(file)))
            {
                string path = cited.Groups["path"].Value;
                bool found = External.Contains(path) || (path.Contains('/', StringComparison.Ordinal)
                    ? File.Exists(Path.Combine(Root, path)) || File.Exists(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path)))
                    : names.Contains(path));
                if (!found)
                {
                    broken.Add($"{Relative(file)}: {path}");
                }
            }
        }

        Assert.AreEqual(string.Empty, string.Join(Environment.NewLine, broken.Distinct()));
    }

    [TestMethod]
    public void CitedMarkdown_FindsPathsAndBareNames()
    {
        string[] found = CitedMarkdown().Matches("see docs/PLATFORM.md, docs/ARCHITECTURE.md \"Nodes\" and ../../boards/README.md.").Select(m => m.Groups["path"].Value).ToArray();
        CollectionAssert.AreEqual(new[] { "docs/PLATFORM.md", "docs/ARCHITECTURE.md", "../../boards/README.md" }, found);
    }

    private static IEnumerable<string> Files(string extension) =>
        RepositoryTree.Files(Root).Where(f => f.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    private static string Relative(string file) => RepositoryTree.Relative(Root, file);

    /// <summary>Fenced code blocks and inline code are examples, not links.</summary>
    private static string WithoutCode(string markdown) => InlineCode().Replace(FencedCode().Replace(markdown, string.Empty), string.Empty);

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?<path>(\.{1,2}/)*([\w.-]+/)*[\w-]+\.md)\b")]
    private static partial Regex CitedMarkdown();

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedCode();

    [GeneratedRegex("`[^`\n]*`")]
    private static partial Regex InlineCode();
}

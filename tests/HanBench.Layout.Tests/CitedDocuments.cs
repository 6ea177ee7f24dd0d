using System.Text.RegularExpressions;

namespace HanBench.Layout.Tests;

/// <summary>A source line citing a document that is not in docs/.</summary>
/// <param name="File">The source, relative to the root.</param>
/// <param name="Line">Its line.</param>
/// <param name="Document">The document as cited.</param>
public sealed record MissingCitation(string File, int Line, string Document)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}: cites {Document}, which is not in docs/";
}

/// <summary>
/// The project's documents (architecture, protocol, platform, GBCS security) are cited from source comments by their
/// path under docs/ or by their bare upper-case file name; each cited one must be in docs/. (This file and its tests
/// name no document, so as not to cite one.)
/// </summary>
public static partial class CitedDocuments
{
    private static readonly string[] s_sourceExtensions = [".cs", ".csproj", ".nfproj", ".shproj", ".projitems", ".props", ".js", ".lua", ".ps1", ".sh"];

    /// <summary>The names a bare upper-case citation may have that are not documents of docs/.</summary>
    private static readonly HashSet<string> s_notDocuments = new(StringComparer.Ordinal) { "README.md" };

    /// <summary>Every citation under <paramref name="root"/> of a document docs/ lacks, in path and line order.</summary>
    public static IReadOnlyList<MissingCitation> Check(string root)
    {
        string docs = Path.Combine(root, "docs");
        var missing = new List<MissingCitation>();
        foreach (string file in RepositoryTree.Files(root).Where(f => s_sourceExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)))
        {
            int number = 0;
            foreach (string line in File.ReadLines(file))
            {
                number++;
                foreach (Match match in Citation().Matches(line))
                {
                    string name = match.Groups["name"].Value;
                    bool explicitDocs = match.Groups["docs"].Success;
                    if ((explicitDocs || !s_notDocuments.Contains(name)) && !File.Exists(Path.Combine(docs, name)))
                    {
                        missing.Add(new MissingCitation(RepositoryTree.Relative(root, file), number, match.Value));
                    }
                }
            }
        }

        return missing;
    }

    /// <summary>A Markdown file under docs/ by any name, or a bare upper-case Markdown file name not part of a longer path.</summary>
    [GeneratedRegex(@"(?<docs>docs/)(?<name>[A-Za-z0-9_.-]+\.md)\b|(?<![A-Za-z0-9_./-])(?<name>[A-Z][A-Z0-9_-]*\.md)\b")]
    private static partial Regex Citation();
}

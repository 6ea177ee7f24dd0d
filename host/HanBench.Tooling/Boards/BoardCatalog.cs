namespace HanBench.Tooling.Boards;

/// <summary>Every profile in a <c>boards/</c> folder, loaded and validated.</summary>
public sealed class BoardCatalog
{
    /// <summary>File that marks a boards folder.</summary>
    public const string SchemaFileName = "board.schema.json";

    /// <summary>Environment variable naming the boards folder.</summary>
    public const string DirectoryVariable = "HANBENCH_BOARDS";

    private BoardCatalog(string directory, IReadOnlyList<BoardProfile> boards)
    {
        Directory = directory;
        Boards = boards;
    }

    /// <summary>The folder the profiles came from.</summary>
    public string Directory { get; }

    /// <summary>The profiles, by id.</summary>
    public IReadOnlyList<BoardProfile> Boards { get; }

    /// <summary>Loads every <c>*.json</c> but the schema; throws <see cref="BoardProfileException"/> on the first broken profile.</summary>
    public static BoardCatalog Load(string directory)
    {
        var boards = System.IO.Directory.EnumerateFiles(directory, "*.json")
            .Where(f => !string.Equals(Path.GetFileName(f), SchemaFileName, StringComparison.Ordinal))
            .Select(BoardProfileLoader.LoadFile)
            .OrderBy(b => b.Id, StringComparer.Ordinal)
            .ToArray();
        return new BoardCatalog(directory, boards);
    }

    /// <summary>
    /// Finds the boards folder: <paramref name="explicitDirectory"/>, else <c>HANBENCH_BOARDS</c>, else the first
    /// <c>boards/</c> holding <c>board.schema.json</c> in the current folder or above it, or above the program.
    /// </summary>
    public static string? Locate(string? explicitDirectory = null)
    {
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            return explicitDirectory;
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        foreach (string start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "boards");
                if (File.Exists(Path.Combine(candidate, SchemaFileName)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The profile with <paramref name="id"/>, or null.</summary>
    public BoardProfile? Find(string id) => Boards.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.Ordinal));
}

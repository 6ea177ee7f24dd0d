namespace HanBench.Tooling.Boards;

/// <summary>A board profile broke one or more rules; <see cref="Errors"/> names each (file, JSON path, what is wrong).</summary>
public sealed class BoardProfileException : Exception
{
    /// <summary>Creates the exception from every error found.</summary>
    public BoardProfileException(string source, IReadOnlyList<string> errors)
        : base($"{source}: {errors.Count} problem{(errors.Count == 1 ? string.Empty : "s")}: {string.Join("; ", errors)}")
    {
        Source = source;
        Errors = errors;
    }

    /// <summary>The file (or name) the profile came from.</summary>
    public new string Source { get; }

    /// <summary>Every problem, as "json.path: what is wrong".</summary>
    public IReadOnlyList<string> Errors { get; }
}

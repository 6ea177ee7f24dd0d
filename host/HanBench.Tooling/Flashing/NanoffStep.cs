namespace HanBench.Tooling.Flashing;

/// <summary>One nanoff invocation of a flash plan.</summary>
/// <param name="Title">What the step does, for progress and errors.</param>
/// <param name="Arguments">nanoff's arguments, exactly as passed (no shell in between).</param>
public sealed record NanoffStep(string Title, IReadOnlyList<string> Arguments)
{
    /// <summary>The command as a user would type it (arguments with spaces or quotes quoted).</summary>
    public string CommandLine => "nanoff " + string.Join(" ", Arguments.Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'')
            ? argument
            : "\"" + argument.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

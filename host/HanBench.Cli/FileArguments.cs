namespace HanBench.Cli;

/// <summary>
/// The one check for a file argument that names a folder: said as such, exit 2, before any open reports it as "Access
/// to the path … is denied" (which is what .NET says for a folder opened as a file, even to root; issue 13 §2).
/// </summary>
internal static class FileArguments
{
    /// <summary>Throws bad input naming <paramref name="what"/> (an option or a role) when <paramref name="path"/> is a folder.</summary>
    public static void RefuseFolder(string path, string what)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{what} {path} is a folder, not a file", ExitCodes.BadInput);
        }
    }
}

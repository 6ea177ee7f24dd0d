namespace HanBench.Cli;

/// <summary>
/// The one set of checks for a path argument, each said as one line naming the option, exit 2, before any open reports
/// it as .NET would ("Access to the path … is denied" for a folder opened as a file, even to root; "Could not find a
/// part of the path" for a missing folder; an unhandled SQLite error: issue 13 §2, audit B3).
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

    /// <summary>
    /// For a file the command creates or writes: throws bad input naming <paramref name="what"/> when <paramref name="path"/>
    /// is a folder, or the folder it would be in does not exist (a mistyped folder is not made up).
    /// </summary>
    public static void RefuseUnplaceable(string path, string what)
    {
        RefuseFolder(path, what);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            throw new CliException(
                File.Exists(folder) ? $"{what} {path}: {folder} is a file, not a folder" : $"{what} {path}: folder {folder} does not exist",
                ExitCodes.BadInput);
        }
    }

    /// <summary>Throws bad input naming <paramref name="what"/> when <paramref name="path"/>, which must be a folder, is a file.</summary>
    public static void RefuseFile(string path, string what)
    {
        if (File.Exists(path))
        {
            throw new CliException($"{what} {path} is a file, not a folder", ExitCodes.BadInput);
        }
    }
}

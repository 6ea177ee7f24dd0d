namespace HanBench.Layout.Tests;

/// <summary>A small repository-shaped tree in a temporary folder for one test, deleted afterwards.</summary>
public sealed class ScratchTree : IDisposable
{
    /// <summary>Creates an empty tree whose folder name starts with <paramref name="prefix"/>.</summary>
    public ScratchTree(string prefix)
    {
        Root = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The tree's root.</summary>
    public string Root { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> ('/'-separated), making its folders.</summary>
    public void Write(string relative, string text)
    {
        string path = Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Deletes the folder <paramref name="relative"/> and all in it.</summary>
    public void DeleteFolder(string relative)
    {
        Directory.Delete(Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar)), recursive: true);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Directory.Delete(Root, recursive: true);
    }
}

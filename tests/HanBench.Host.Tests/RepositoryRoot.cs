namespace HanBench.Host.Tests;

/// <summary>The repository the tests were built from: the folder above the test binaries that holds HanBench.slnf.</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "HanBench.slnf")))
                {
                    return dir.FullName;
                }
            }

            throw new AssertFailedException("HanBench.slnf not found above the test folder");
        }
    }
}

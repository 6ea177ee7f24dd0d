using HanBench.VirtualBoard.Tests;

namespace HanBench.Tests;

/// <summary>This assembly's <see cref="TestFolders"/> go at its end, before the check of <see cref="PrivateTemporaryFolder"/>.</summary>
public static partial class PrivateTemporaryFolderHooks
{
    static partial void BeforeCheck() => TestFolders.DeleteAll();
}

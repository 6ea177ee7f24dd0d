using HanBench.Tests;

namespace HanBench.Conformance.Tests;

/// <summary>
/// This assembly's run in its own TMPDIR, checked at the end (tests/TestSupport; the types come with the host tests this
/// project references, so they are not linked in again).
/// </summary>
[TestClass]
public static class TemporaryFolderHooks
{
    [AssemblyInitialize]
    public static void Begin(TestContext context) => PrivateTemporaryFolder.Begin();

    [AssemblyCleanup]
    public static void End() => PrivateTemporaryFolder.EndRun();
}

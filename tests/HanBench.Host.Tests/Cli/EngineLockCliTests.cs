using HanBench.Cli;
using HanBench.Host.Inventory;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// One engine per inventory (issue 13): a second <c>csp run</c>, <c>demo --db</c> or <c>bench run --db</c>
/// on an inventory another engine holds stops at once with exit 3 and a line saying so; the lock goes with its holder.
/// </summary>
[TestClass]
public sealed class EngineLockCliTests
{
    [TestMethod]
    public void CspRun_InventoryHeldByAnotherEngine_ExitsInUseNamingTheInventory()
    {
        using var folder = new CliTempFolder();
        folder.Ok("inventory", "init");
        using (InventoryEngineLock.Acquire(folder.Db, "test"))
        {
            CliResult second = CliRunner.Run("csp", "run", "--inventory", folder.Db, "--link", "tcp:127.0.0.1:1", "--exit-when-idle");

            Assert.AreEqual(ExitCodes.InUse, second.ExitCode, second.Error);
            StringAssert.Contains(second.Error, $"{folder.Db} is in use by another distribution engine");
            StringAssert.Contains(second.Error, "one engine per inventory");
        }
    }

    [TestMethod]
    public void DemoWithInventory_InventoryHeldByAnotherEngine_ExitsInUse()
    {
        using var folder = new CliTempFolder();
        using InventoryEngineLock held = InventoryEngineLock.Acquire(folder.Db, "test");

        CliResult demo = CliRunner.Run("demo", "--inventory", folder.Db, "--json");

        Assert.AreEqual(ExitCodes.InUse, demo.ExitCode, demo.Error);
        StringAssert.Contains(demo.Error, "demo: ");
        StringAssert.Contains(demo.Error, "in use by another distribution engine");
    }

    [TestMethod]
    [DataRow("--db")]
    [DataRow("--inventory")]
    public void BenchRunWithInventory_InventoryHeldByAnotherEngine_ExitsInUseBeforePrintingOrMakingAnything(string option)
    {
        // Audit N9: the bench header was printed and the keystore made before the refusal.
        using var folder = new CliTempFolder();
        using InventoryEngineLock held = InventoryEngineLock.Acquire(folder.Db, "test");
        string keystore = folder.File("keys");

        CliResult bench = CliRunner.Run("bench", "run", Path.Combine(RepositoryRoot.Path, "boards", "benches", "virtual-bench.json"), option, folder.Db, "--keystore", keystore);

        Assert.AreEqual(ExitCodes.InUse, bench.ExitCode, bench.Output + bench.Error);
        StringAssert.Contains(bench.Error, "bench run: ");
        StringAssert.Contains(bench.Error, "in use by another distribution engine");
        Assert.AreEqual(string.Empty, bench.Output, "nothing printed before the refusal");
        Assert.IsFalse(Directory.Exists(keystore), "no keystore made for a run that does not happen");
    }

    [TestMethod]
    public void BenchRunWithInventory_BadBenchFile_ExitTwoAndNoLockFileLeftBeside()
    {
        // Review R13: the engine lock was taken before the bench file was read, leaving FILE.lock beside an inventory
        // never made.
        using var folder = new CliTempFolder();
        string bad = folder.File("bad.json");
        File.WriteAllText(bad, "{ not a bench");

        CliResult bench = CliRunner.Run("bench", "run", bad, "--db", folder.Db);

        Assert.AreEqual(ExitCodes.BadInput, bench.ExitCode, bench.Output + bench.Error);
        Assert.IsFalse(File.Exists(InventoryEngineLock.PathFor(folder.Db)), "no lock file for a run refused before it starts");
        Assert.IsFalse(File.Exists(folder.Db), "no inventory made");
    }

    [TestMethod]
    public void Acquire_HeldThenReleased_SecondAcquireFailsThenSucceeds()
    {
        using var folder = new CliTempFolder();
        InventoryEngineLock first = InventoryEngineLock.Acquire(folder.Db, "first");

        Assert.ThrowsExactly<InventoryInUseException>(() => InventoryEngineLock.Acquire(folder.Db, "second"));
        first.Dispose();
        InventoryEngineLock again = InventoryEngineLock.Acquire(folder.Db, "again");
        again.Dispose();
        StringAssert.StartsWith(File.ReadAllText(again.Path), $"again pid {Environment.ProcessId} since ");
    }
}

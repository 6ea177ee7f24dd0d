using HanBench.Device.Desktop.Storage;
using HanBench.Device.Hal;

namespace HanBench.Bench.Tests.Device;

[TestClass]
public sealed class FileStoresTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestCleanup]
    public void DeleteDirectory()
    {
        if (TestContext.Properties["dir"] is string directory && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void FileImageStore_Contract()
    {
        using var store = new FileImageStore(NewDirectory());
        ImageStoreContract.WriteCommitRead(store, 0xF11EUL);
    }

    [TestMethod]
    public void FileImageStore_Misuse()
    {
        using var store = new FileImageStore(NewDirectory());
        ImageStoreContract.Misuse(store);
    }

    [TestMethod]
    public void FileImageStore_RestartRefused()
    {
        using var store = new FileImageStore(NewDirectory(), capacityBytes: 1 << 20);
        ImageStoreContract.RestartRefusedForSpace_LeavesNoWriteOpen(store, 1 << 20);
    }

    [TestMethod]
    public void FileImageStore_Replace()
    {
        using var store = new FileImageStore(NewDirectory());
        ImageStoreContract.ReplaceKeepsOldUntilCommit_AbortDiscards(store);
    }

    [TestMethod]
    public void FileImageStore_Resume()
    {
        using var store = new FileImageStore(NewDirectory());
        ImageStoreContract.ResumeKeepsPrefixAndDropsTheRest(store);
    }

    [TestMethod]
    public void FileImageStore_PowerCutMidTransfer_RestartResumesFromOffset()
    {
        string directory = NewDirectory();
        byte[] image = Enumerable.Range(0, 5_000).Select(i => (byte)(i * 7)).ToArray();
        var first = new FileImageStore(directory);
        Assert.AreEqual(StoreStatus.Ok, first.Begin("fw", image.Length));
        Assert.AreEqual(StoreStatus.Ok, first.Append(image, 0, 3_000));
        first.Dispose();

        using var second = new FileImageStore(directory);
        Assert.IsNull(second.WritingKey);
        Assert.IsFalse(second.TryGetLength("fw", out _));
        Assert.AreEqual(0, second.ListImages().Length);
        Assert.AreEqual(StoreStatus.InvalidSize, second.Resume("fw", 4_999, 0));
        Assert.AreEqual(StoreStatus.NotFound, second.Resume("other", 10, 0));
        Assert.AreEqual(StoreStatus.Ok, second.Resume("fw", image.Length, 2_500));
        Assert.AreEqual(StoreStatus.Ok, second.Append(image, 2_500, 2_500));
        Assert.AreEqual(StoreStatus.Ok, second.Commit());
        second.Dispose();

        using var third = new FileImageStore(directory);
        byte[] back = new byte[image.Length];
        Assert.AreEqual(StoreStatus.Ok, third.ReadAt("fw", 0, back, 0, back.Length, out int read));
        Assert.AreEqual(image.Length, read);
        CollectionAssert.AreEqual(image, back);
        CollectionAssert.AreEqual(new[] { "fw" }, Directory.GetFiles(directory).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void FileImageStore_Capacity_CountsPartialsAndCommittedImages()
    {
        using var store = new FileImageStore(NewDirectory(), capacityBytes: 1_000);
        Assert.AreEqual(StoreStatus.Ok, store.Begin("a", 700));
        Assert.AreEqual(StoreStatus.Ok, store.Append(new byte[700], 0, 700));
        Assert.AreEqual(StoreStatus.Ok, store.Commit());

        Assert.AreEqual(StoreStatus.NoSpace, store.Begin("b", 301));
        Assert.AreEqual(StoreStatus.TooLarge, store.Begin("b", 1_001), "larger than the whole store, not merely full");
        Assert.AreEqual(StoreStatus.Ok, store.Begin("b", 300));
    }

    /// <summary>Flushed to disk (a board) or only renamed into place (the bench's boards, which must survive a killed process).</summary>
    [TestMethod]
    public void FileSettingsStore_Write_FileIsTheOwnersOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("file modes are POSIX");
            return;
        }

        // Settings hold a board's private keys (gbcs.keys, cred.board): never readable by other users.
        string directory = NewDirectory();
        var settings = new FileSettingsStore(directory);
        Assert.AreEqual(StoreStatus.Ok, settings.Write("gbcs.keys", [1, 2, 3], 0, 3));
        Assert.AreEqual(StoreStatus.Ok, settings.Write("gbcs.keys", [4, 5], 0, 2));
        string[] files = Directory.GetFiles(directory);
        Assert.IsNotEmpty(files);
        foreach (string file in files)
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file), file);
        }
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void FileSettingsStore_Restart_KeepsEveryValue(bool flushToDisk)
    {
        string directory = NewDirectory();
        var settings = new FileSettingsStore(directory, flushToDisk);
        Assert.AreEqual(StoreStatus.Ok, settings.Write("counter", [0, 0, 0, 0, 0, 0, 0, 9], 0, 8));
        Assert.AreEqual(StoreStatus.Ok, settings.Write("resume.fw", [0x12, 0x34], 0, 2));
        Assert.AreEqual(StoreStatus.Ok, settings.Write("resume.fw", [0x56], 0, 1));
        Assert.AreEqual(StoreStatus.Ok, settings.Write("gone", [1], 0, 1));
        Assert.AreEqual(StoreStatus.Ok, settings.Delete("gone"));

        var restarted = new FileSettingsStore(directory);
        byte[] buffer = new byte[8];
        Assert.AreEqual(StoreStatus.Ok, restarted.TryRead("resume.fw", buffer, 0, out int length));
        Assert.AreEqual(1, length);
        Assert.AreEqual((byte)0x56, buffer[0]);
        Assert.AreEqual(StoreStatus.Ok, restarted.TryRead("counter", buffer, 0, out length));
        Assert.AreEqual(8, length);
        Assert.AreEqual((byte)9, buffer[7]);
        CollectionAssert.AreEqual(new[] { "counter", "resume.fw" }, restarted.Keys());
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void FileSettingsStore_CrashBeforeRename_OldValueSurvivesAndTemporaryIsCleared(bool flushToDisk)
    {
        string directory = NewDirectory();
        var settings = new FileSettingsStore(directory, flushToDisk);
        Assert.AreEqual(StoreStatus.Ok, settings.Write("version", [1, 0, 0, 1], 0, 4));

        // What a crash between writing the temporary file and renaming it leaves behind.
        File.WriteAllBytes(Path.Combine(directory, "version~tmp"), [2, 0]);

        var restarted = new FileSettingsStore(directory);
        byte[] buffer = new byte[4];
        Assert.AreEqual(StoreStatus.Ok, restarted.TryRead("version", buffer, 0, out int length));
        Assert.AreEqual(4, length);
        CollectionAssert.AreEqual(new byte[] { 1, 0, 0, 1 }, buffer);
        Assert.IsFalse(File.Exists(Path.Combine(directory, "version~tmp")));
        CollectionAssert.AreEqual(new[] { "version" }, restarted.Keys());
    }

    private string NewDirectory()
    {
        // One folder per test, deleted after it (a shared parent folder was left behind).
        string directory = Directory.CreateTempSubdirectory($"hanbench-filestores-{TestContext.TestName}-").FullName;
        TestContext.Properties["dir"] = directory;
        return directory;
    }
}

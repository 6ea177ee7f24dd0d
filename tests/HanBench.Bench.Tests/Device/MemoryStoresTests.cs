using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Storage;

namespace HanBench.Bench.Tests.Device;

[TestClass]
public sealed class MemoryStoresTests
{
    [TestMethod]
    [DataRow("fw", true)]
    [DataRow("ppmid.version-1_A", true)]
    [DataRow("", false)]
    [DataRow(".hidden", false)]
    [DataRow("a/b", false)]
    [DataRow("a~part", false)]
    [DataRow("with space", false)]
    [DataRow("é", false)]
    public void StoreKey_IsValid_FollowsTheFileNameRules(string key, bool expected)
    {
        Assert.AreEqual(expected, StoreKey.IsValid(key));
    }

    [TestMethod]
    public void StoreKey_Length_LimitIsInclusive()
    {
        Assert.IsTrue(StoreKey.IsValid(new string('k', StoreKey.MaxLength)));
        Assert.IsFalse(StoreKey.IsValid(new string('k', StoreKey.MaxLength + 1)));
        Assert.IsFalse(StoreKey.IsValid(null));
    }

    [TestMethod]
    public void MemoryImageStore_Contract() => ImageStoreContract.WriteCommitRead(new MemoryImageStore(1 << 20), 0xA11CEUL);

    [TestMethod]
    public void MemoryImageStore_Misuse() => ImageStoreContract.Misuse(new MemoryImageStore(1 << 20));

    [TestMethod]
    public void MemoryImageStore_Replace() => ImageStoreContract.ReplaceKeepsOldUntilCommit_AbortDiscards(new MemoryImageStore(1 << 20));

    [TestMethod]
    public void MemoryImageStore_RestartRefused() => ImageStoreContract.RestartRefusedForSpace_LeavesNoWriteOpen(new MemoryImageStore(1 << 20), 1 << 20);

    [TestMethod]
    public void MemoryImageStore_Resume() => ImageStoreContract.ResumeKeepsPrefixAndDropsTheRest(new MemoryImageStore(1 << 20));

    [TestMethod]
    public void MemoryImageStore_OverCapacity_NoSpace()
    {
        var store = new MemoryImageStore(1000);
        Assert.AreEqual(StoreStatus.Ok, store.Begin("a", 600));
        Assert.AreEqual(StoreStatus.Ok, store.Append(new byte[600], 0, 600));
        Assert.AreEqual(StoreStatus.Ok, store.Commit());

        Assert.AreEqual(StoreStatus.NoSpace, store.Begin("b", 401));
        Assert.AreEqual(StoreStatus.Ok, store.Begin("b", 400));
        Assert.AreEqual(1000, store.UsedBytes);
    }

    [TestMethod]
    public void MemorySettingsStore_WriteRead_RoundTripsAndReportsLength()
    {
        var settings = new MemorySettingsStore();
        byte[] value = [0x00, 0x00, 0x01, 0x02, 0x03, 0x04];
        Assert.AreEqual(StoreStatus.Ok, settings.Write("version.silabs", value, 2, 4));

        byte[] buffer = new byte[10];
        Assert.AreEqual(StoreStatus.Ok, settings.TryRead("version.silabs", buffer, 3, out int length));
        Assert.AreEqual(4, length);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, buffer.AsSpan(3, 4).ToArray());
        Assert.AreEqual(StoreStatus.BufferTooSmall, settings.TryRead("version.silabs", new byte[3], 0, out length));
        Assert.AreEqual(4, length);
        Assert.AreEqual(StoreStatus.NotFound, settings.TryRead("absent", buffer, 0, out _));
        Assert.AreEqual(StoreStatus.InvalidKey, settings.Write("no/slash", value, 0, 1));
        Assert.AreEqual(StoreStatus.ValueTooLong, settings.Write("big", new byte[StoreKey.MaxValueLength + 1], 0, StoreKey.MaxValueLength + 1));
        Assert.AreEqual(StoreStatus.Ok, settings.Write("big", new byte[StoreKey.MaxValueLength], 0, StoreKey.MaxValueLength));
        CollectionAssert.AreEquivalent(new[] { "version.silabs", "big" }, settings.Keys());
        Assert.AreEqual(StoreStatus.Ok, settings.Delete("big"));
        Assert.AreEqual(StoreStatus.NotFound, settings.Delete("big"));
        Assert.IsFalse(settings.Contains("big"));
        Assert.IsTrue(settings.Contains("version.silabs"));
    }

    [TestMethod]
    public void DigestOnlyImageStore_StreamedImage_RecordsLengthAndSha256InSettings()
    {
        var random = new BenchRandom(0xD16E57UL);
        byte[] image = new byte[70_001];
        random.NextBytesInto(image);
        var settings = new MemorySettingsStore();
        using var hash = new Sha256StreamingHash();
        var store = new DigestOnlyImageStore(settings, hash);

        Assert.IsFalse(store.KeepsImages);
        Assert.AreEqual(StoreStatus.Ok, store.Begin("ppmid", image.Length));
        for (int offset = 0; offset < image.Length; offset += 63)
        {
            Assert.AreEqual(StoreStatus.Ok, store.Append(image, offset, Math.Min(63, image.Length - offset)));
        }

        Assert.AreEqual(StoreStatus.Ok, store.Commit());

        // A new store over the same settings (a restart) still knows the image.
        var restarted = new DigestOnlyImageStore(settings, hash);
        byte[] digest = new byte[40];
        Assert.IsTrue(restarted.TryGetDigest("ppmid", digest, 8));
        CollectionAssert.AreEqual(System.Security.Cryptography.SHA256.HashData(image), digest.AsSpan(8, 32).ToArray());
        Assert.IsTrue(restarted.TryGetLength("ppmid", out int length));
        Assert.AreEqual(image.Length, length);
        CollectionAssert.AreEqual(new[] { "ppmid" }, restarted.ListImages());
        Assert.AreEqual(StoreStatus.NotSupported, restarted.ReadAt("ppmid", 0, digest, 0, 1, out _));
        Assert.AreEqual(StoreStatus.NotSupported, restarted.Resume("ppmid", image.Length, 10));
        Assert.AreEqual(StoreStatus.Ok, restarted.Delete("ppmid"));
        Assert.IsFalse(restarted.TryGetLength("ppmid", out _));
    }

    [TestMethod]
    public void DigestOnlyImageStore_WrongLength_RefusesToCommit()
    {
        using var hash = new Sha256StreamingHash();
        var store = new DigestOnlyImageStore(new MemorySettingsStore(), hash);
        Assert.AreEqual(StoreStatus.Ok, store.Begin("fw", 10));
        Assert.AreEqual(StoreStatus.Ok, store.Append(new byte[9], 0, 9));
        Assert.AreEqual(StoreStatus.Incomplete, store.Commit());
        Assert.AreEqual(StoreStatus.Overrun, store.Append(new byte[2], 0, 2));
        Assert.IsFalse(store.TryGetLength("fw", out _));
    }

    [TestMethod]
    public void MemoryLog_OverCapacity_KeepsNewestLinesAboveLevel()
    {
        var log = new MemoryLog(3, LogLevel.Info);
        log.Write(LogLevel.Debug, "hidden");
        for (int i = 0; i < 5; i++)
        {
            log.Write(LogLevel.Info, $"line {i}");
        }

        log.Write(LogLevel.Error, "boom");

        CollectionAssert.AreEqual(new[] { "INFO  line 3", "INFO  line 4", "ERROR boom" }, log.Lines());
        Assert.IsFalse(log.Contains("hidden"));
        Assert.AreEqual(1, log.ErrorCount);
    }

    [TestMethod]
    public void MemoryIndicator_SameStateTwice_CountsOneChange()
    {
        var indicator = new MemoryIndicator();
        indicator.Show(IndicatorState.Transferring);
        indicator.Show(IndicatorState.Transferring);
        indicator.Show(IndicatorState.Error);

        Assert.AreEqual(IndicatorState.Error, indicator.State);
        Assert.AreEqual(2, indicator.ChangeCount);
    }
}

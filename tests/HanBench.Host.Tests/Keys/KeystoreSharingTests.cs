using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Tests.Keys;

/// <summary>
/// The keystore every command shares may be opened by several processes at once (a bench run's boards, a demo and a csp
/// run): each instance here stands for one process (its own <see cref="Keystore.Open"/> of the folder).
/// </summary>
[TestClass]
public sealed class KeystoreSharingTests
{
    private const int Processes = 6;
    private static readonly Eui64 Device = new(0x00DB_0000_0000_5A01);

    [TestMethod]
    public void Init_ManyAtOnceOnAFreshFolder_OneTestPkiAndOneSetOfParties()
    {
        string folder = Path.Combine(TestFolders.Create("hanbench-keys-share-"), "keys");
        var created = new bool[Processes];
        Keystore[] stores = AllAtOnce(i =>
        {
            Keystore store = Keystore.Init(folder, DateTimeOffset.UtcNow, out bool made);
            created[i] = made;
            return store;
        });

        Assert.AreEqual(1, created.Count(c => c), "one of them made the test PKI");
        Keystore reopened = Keystore.Open(folder);
        foreach (Keystore store in stores)
        {
            Assert.AreEqual(reopened.IssuingCertificate!.Thumbprint, store.IssuingCertificate!.Thumbprint, "every one uses the test CA that stayed");
            Assert.AreEqual(
                reopened.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Serial,
                store.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Serial,
                "and the supplier credential that stayed");
        }
    }

    [TestMethod]
    public void OpenOrInit_ManyAtOnceOnAFreshFolder_EveryOneOpensTheDefaultPartiesNeverAHalfMadeKeystore()
    {
        // What every command does without --keystore: a process that saw the test CA before the parties were written
        // (the CA is written first) opened a keystore with no ACB or supplier, and its provisioning failed.
        for (int round = 0; round < 4; round++)
        {
            string folder = Path.Combine(TestFolders.Create("hanbench-keys-share-"), "keys");
            var created = new bool[Processes];
            Keystore[] stores = AllAtOnce(i =>
            {
                Keystore store = Keystore.OpenOrInit(folder, DateTimeOffset.UtcNow, out bool made);
                created[i] = made;
                return store;
            });

            Assert.AreEqual(1, created.Count(c => c), $"round {round}: one of them made the keystore");
            foreach (Keystore store in stores)
            {
                Assert.IsNotNull(store.Primary(Keystore.DefaultAccessControlBroker, CredentialUsage.KeyAgreement), $"round {round}: the ACB is there for every opener");
                Assert.IsNotNull(store.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning), $"round {round}: the supplier is there for every opener");
            }
        }
    }

    [TestMethod]
    public void OpenOrInit_KeystoreMadeWithoutDefaultParties_OpenedAsItIs()
    {
        string folder = TestFolders.Create("hanbench-keys-share-");
        Keystore.Init(folder, DateTimeOffset.UtcNow, defaultParties: false);

        Keystore store = Keystore.OpenOrInit(folder, DateTimeOffset.UtcNow, out bool created);

        Assert.IsFalse(created);
        Assert.IsNull(store.FindParty(Keystore.DefaultSupplier), "what its owner never added is not made behind their back");
    }

    [TestMethod]
    public void EnsureIssued_ManyAtOnceForOneDevice_OneKeyPairEveryoneHolds()
    {
        string folder = TestFolders.Create("hanbench-keys-share-");
        Keystore.Init(folder, DateTimeOffset.UtcNow);
        Keystore[] stores = [.. Enumerable.Range(0, Processes).Select(_ => Keystore.Open(folder))];
        bool[] issued = AllAtOnce(i => stores[i].EnsureIssued(Device, PartyRole.Device, null, DateTimeOffset.UtcNow));

        Assert.AreEqual(1, issued.Count(i => i), "one of them issued the device's keys");
        Keystore reopened = Keystore.Open(folder);
        foreach (CredentialUsage usage in Enum.GetValues<CredentialUsage>())
        {
            string serial = reopened.Primary(Device, usage)!.Serial;
            Assert.IsTrue(stores.All(s => s.Primary(Device, usage)!.Serial == serial), $"every one holds the {usage} credential the folder holds");
            Assert.AreEqual(1, reopened.Credentials.Count(c => c.Party == Device && c.Usage == usage), "no second one beside it");
        }

        Assert.AreEqual(PartyRole.Device, reopened.FindParty(Device)?.Role, "parties.json kept the device");
        Assert.IsNotNull(reopened.FindParty(Keystore.DefaultSupplier), "and every party before it");
    }

    /// <summary>Runs <paramref name="work"/> for each of <see cref="Processes"/> on its own thread, all released at once.</summary>
    private static T[] AllAtOnce<T>(Func<int, T> work)
    {
        var results = new T[Processes];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var start = new Barrier(Processes);
        Thread[] threads = [.. Enumerable.Range(0, Processes).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                results[i] = work(i);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.IsEmpty(failures, string.Join("\n", failures));
        return results;
    }

    [TestMethod]
    public void PrimaryOrReload_DeviceIssuedByAnotherProcessAfterOpening_Found()
    {
        string folder = TestFolders.Create("hanbench-keys-share-");
        Keystore host = Keystore.Init(folder, DateTimeOffset.UtcNow);
        Assert.IsNull(host.PrimaryOrReload(Device, CredentialUsage.KeyAgreement), "not issued yet");

        Keystore board = Keystore.Open(folder);
        Assert.IsTrue(board.EnsureIssued(Device, PartyRole.Device, null, DateTimeOffset.UtcNow));

        Assert.AreEqual(board.Primary(Device, CredentialUsage.KeyAgreement)!.Serial, host.PrimaryOrReload(Device, CredentialUsage.KeyAgreement)?.Serial);
    }
}

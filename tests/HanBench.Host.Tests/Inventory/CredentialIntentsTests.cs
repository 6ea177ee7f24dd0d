using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>
/// Migration 12 (issue 8 §4): the credential changes sent and not yet recorded, kept so a restarted host settles them;
/// an inventory written by the previous version (11, with 9 and 10 the reserved placeholders) upgrades and keeps what it held.
/// </summary>
[TestClass]
public sealed class CredentialIntentsTests
{
    private static readonly DateTimeOffset When = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CredentialRequest FutureDated() => new("r-9", ServiceReferenceVariants.UpdateSecurityCredentialsKrp, TestBench.Ppmid, CredentialUseCase.ReplaceRemoteParty)
    {
        Originator = Eui64.Parse("90-B3-D5-1F-30-01-00-00"),
        Mode = CredentialReplacementMode.SupplierBySupplier,
        Replacements = [new ReplacementCertificate(DeviceCertificates.DigitalSigning, [0x30, 0x82, 0x01])],
        CertificationPath = [[0x30, 0x03]],
        FloorSeqNumber = 7,
        ExecutionDateTime = When,
    };

    [TestMethod]
    public void Open_ExistingDatabaseAtVersionEleven_MigratesToTheLatest_KeepsItsDevicesAndCertificates_IntentsUsable()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-v11-{Guid.NewGuid():N}.db");
        try
        {
            using (SqliteConnection connection = InventoryStore.OpenConnection(path))
            {
                CollectionAssert.AreEqual(Enumerable.Range(1, 11).ToArray(), SchemaMigrator.Migrate(connection, InventoryMigrations.All, TimeProvider.System, targetVersion: 11).ToArray());
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, created_utc, updated_utc) VALUES ('00-DB-12-34-56-78-90-A4', 'PPMID', 'Commissioned', 'M', 'X', 'now', 'now');
                    INSERT INTO device_certificates (eui64, holder, usage, serial, certificate_der, issued_utc, installed_utc) VALUES ('00-DB-12-34-56-78-90-A4', 'Supplier', 'DS', '5', x'3082', '2025-01-01T00:00:00.0000000Z', '2025-01-01T00:00:00.0000000Z');
                    INSERT INTO gbcs_alert_counters (originator_eui64, last_counter, updated_utc) VALUES ('00-DB-12-34-56-78-90-A4', '00000000000000000042', 'now');
                    """;
                insert.ExecuteNonQuery();
            }

            using InventoryStore store = InventoryStore.Open(path);

            Assert.AreEqual(InventoryMigrations.LatestVersion, store.SchemaVersion);
            Assert.AreEqual(DeviceType.PPMID, TestBench.Find(store, TestBench.Ppmid).Type);
            Assert.AreEqual("5", store.Read(s => new DeviceCertificates(s).Current(TestBench.Ppmid)).Single().Serial, "version 7 rows kept");
            Assert.AreEqual(42UL, store.Read(s => new GbcsAlertCounters(s).Last(TestBench.Ppmid)), "version 8 rows kept");
            Assert.AreEqual(0, store.Read(s => new CredentialIntents(s).All()).Count);
            store.Write(s => new CredentialIntents(s).Sent("r-9", TestBench.Ppmid, "ReplaceRemoteParty", CredentialRequestJson.Write(FutureDated()), When));
            Assert.AreEqual(1, store.Read(s => new CredentialIntents(s).For(TestBench.Ppmid)).Count);
        }
        finally
        {
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }
    }

    [TestMethod]
    public void Open_DatabaseAtVersionTwelveWithAnIntent_Migrates_IntentKeptWithNoCountersSent_CountersThenRecordedInOrder()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-v12-{Guid.NewGuid():N}.db");
        try
        {
            using (SqliteConnection connection = InventoryStore.OpenConnection(path))
            {
                _ = SchemaMigrator.Migrate(connection, InventoryMigrations.All, TimeProvider.System, targetVersion: 12);
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO devices (eui64, device_type, status, manufacturer, model, created_utc, updated_utc) VALUES ('00-DB-12-34-56-78-90-A4', 'PPMID', 'Commissioned', 'M', 'X', 'now', 'now');
                    INSERT INTO credential_intents (request_id, eui64, use_case, request_json, created_utc, updated_utc) VALUES ('r-12', '00-DB-12-34-56-78-90-A4', 'ReplaceRemoteParty', '{}', '2025-01-01T00:00:00.0000000Z', 'now');
                    """;
                insert.ExecuteNonQuery();
            }

            using InventoryStore store = InventoryStore.Open(path);

            Assert.AreEqual(InventoryMigrations.LatestVersion, store.SchemaVersion);
            Assert.IsEmpty(store.Read(s => new CredentialIntents(s).For(TestBench.Ppmid)).Single().SentCounters, "a version 12 intent knows no counter sent");
            Assert.IsTrue(store.Write(s => new CredentialIntents(s).CounterSent("r-12", 0x1001) && new CredentialIntents(s).CounterSent("r-12", ulong.MaxValue)));
            Assert.IsFalse(store.Write(s => new CredentialIntents(s).CounterSent("r-none", 1)), "no intent, nothing recorded");
            CollectionAssert.AreEqual(new[] { 0x1001UL, ulong.MaxValue }, store.Read(s => new CredentialIntents(s).For(TestBench.Ppmid)).Single().SentCounters.ToArray());
            DateTimeOffset later = new(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
            Assert.IsTrue(store.Write(s => new CredentialIntents(s).Extend("r-12", later)));
            Assert.AreEqual(later, store.Read(s => new CredentialIntents(s).For(TestBench.Ppmid)).Single().Expires);
        }
        finally
        {
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }
    }

    [TestMethod]
    public void SentThenAccepted_PendingWithCounterAndExpiry_SettledRemovesIt_RequestReadsBackAsWritten()
    {
        using InventoryStore store = TestBench.Empty();
        store.Write(s => s.Devices.Insert(new DeviceRecord(TestBench.Ppmid, DeviceType.PPMID, DeviceStatus.Commissioned, "M", "X", null, null, null, null, null, null)));
        CredentialRequest request = FutureDated();

        store.Write(s => new CredentialIntents(s).Sent(request.RequestId, request.DeviceId, request.UseCase.ToString(), CredentialRequestJson.Write(request), request.ExecutionDateTime));
        CredentialIntentRecord sent = store.Read(s => new CredentialIntents(s).All()).Single();
        Assert.IsFalse(sent.IsPending, "sent, its acceptance not yet known");
        Assert.IsTrue(store.Write(s => new CredentialIntents(s).Accepted(request.RequestId, 0xFFFF_FFFF_FFFF_FFFEUL, When.AddMinutes(15))));
        CredentialIntentRecord accepted = store.Read(s => new CredentialIntents(s).All()).Single();

        Assert.AreEqual((true, 0xFFFF_FFFF_FFFF_FFFEUL, When, When.AddMinutes(15)), (accepted.IsPending, accepted.CommandCounter!.Value, accepted.Execution!.Value, accepted.Expires!.Value));
        CredentialRequest read = CredentialRequestJson.Read(accepted.RequestJson);
        Assert.AreEqual((request.RequestId, request.DeviceId, request.Mode, request.Originator, request.FloorSeqNumber, request.ExecutionDateTime), (read.RequestId, read.DeviceId, read.Mode, read.Originator, read.FloorSeqNumber, read.ExecutionDateTime));
        CollectionAssert.AreEqual(request.Replacements[0].Der, read.Replacements[0].Der);
        CollectionAssert.AreEqual(request.CertificationPath[0], read.CertificationPath[0]);
        Assert.IsTrue(store.Write(s => new CredentialIntents(s).Settled(request.RequestId)));
        Assert.AreEqual(0, store.Read(s => new CredentialIntents(s).All()).Count);
        Assert.IsFalse(store.Write(s => new CredentialIntents(s).Settled(request.RequestId)), "settling twice finds nothing");
    }

    [TestMethod]
    public void Read_NotAStoredRequest_FormatExceptionNamingIt()
    {
        FormatException e = Assert.ThrowsExactly<FormatException>(() => CredentialRequestJson.Read("""{"RequestId":"r","UseCase":"NoSuchUseCase"}"""));
        StringAssert.Contains(e.Message, "a stored credential request does not read");
    }
}

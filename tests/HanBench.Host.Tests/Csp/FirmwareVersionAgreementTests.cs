using HanBench.Bench.Topology;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Alerts;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;
using static HanBench.Host.Tests.Csp.CspFrames;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// Audit G1: the request's version, the CPL entry's version and the version in the header of the file the device
/// receives are one version, and the host raises N62/N39 only for the version the device runs. Before, a second OTA file
/// with the first's payload and another header was served as the first, and the request for it ended Activated with
/// N62 and N39 while the device and the inventory said the first file's version.
/// </summary>
[TestClass]
public sealed class FirmwareVersionAgreementTests
{
    private const long Hour = 3_600_000;
    private const string DistributionFailure = "N63";

    [TestMethod]
    public void SamePayloadUnderANewVersion_SecondRequest_DeviceRunsTheNewVersionAndEveryAlertNamesIt()
    {
        using var bench = new EngineBench(31);
        BenchImage v2 = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 40_000, 0x00020000, 5);
        BenchImage v3 = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 40_000, 0x00030000, 5);
        CollectionAssert.AreEqual(v2.ManufacturerImageHash, v3.ManufacturerImageHash, "one payload, two headers");

        FirmwareUpdateResult first = bench.Submit(v2, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(first, StandardBench.PpmidEui), Hour), string.Join("\n", bench.Log));
        int alertsBefore = bench.AlertRows().Count;
        FirmwareUpdateResult second = bench.Submit(v3, FirmwareComponents.Main, StandardBench.PpmidEui);
        Assert.AreEqual(DuisResponseCodes.Acknowledged, second.ResponseCode, second.Message);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(second, StandardBench.PpmidEui), Hour), string.Join("\n", bench.Log));

        Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(second, StandardBench.PpmidEui).State);
        Assert.IsTrue(bench.Bench.Ppmid.As<PpmidRole>().TryGetVersion(FirmwareComponentId.Main, out uint running));
        Assert.AreEqual(0x00030000u, running, "the device was served the second file, not the first");
        Assert.AreEqual("00030000", bench.Store.Read(s => s.Devices.FirmwareVersion(new Eui64(StandardBench.PpmidEui), FirmwareComponents.Main)));
        string[] secondAlerts = [.. bench.AlertRows().Skip(alertsBefore).Where(a => a.AlertCode is "N62" or "N39").Select(a => a.Body ?? "")];
        CollectionAssert.AreEqual(new[] { "N59", "N62", "N39" }, bench.AlertRows().Skip(alertsBefore).Select(a => a.AlertCode).ToArray());
        Assert.IsTrue(secondAlerts.All(body => body.Contains("00030000", StringComparison.Ordinal) && !body.Contains("00020000", StringComparison.Ordinal)), string.Join("\n", secondAlerts));
    }

    [TestMethod]
    public void Enqueue_TwoFilesWithOneManufacturerImage_EachRequestIsServedItsOwnFile()
    {
        using InventoryStore store = TestBench.Seeded();
        byte[] payload = [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))];
        byte[] v2 = AlertTestKit.GbcsImage(payload, 0x00020000);
        byte[] v3 = AlertTestKit.GbcsImage(payload, 0x00030000);
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload));
        FirmwareTarget[] target = [new(TestBench.Bridges[0], TestBench.Hub, FirmwareComponents.SiLabs)];
        FirmwareTarget[] other = [new(TestBench.Bridges[1], TestBench.Hub, FirmwareComponents.SiLabs)];

        FirmwareRequestRecord one = store.Write(s => s.Firmware.Enqueue("r2", "11.4", "00020000", hash, v2, target));
        FirmwareRequestRecord two = store.Write(s => s.Firmware.Enqueue("r3", "11.4", "00030000", hash, v3, other));

        CollectionAssert.AreEqual(v2, store.Read(s => s.Firmware.ReadImage(s.Firmware.FindRequest("r2")!)));
        CollectionAssert.AreEqual(v3, store.Read(s => s.Firmware.ReadImage(s.Firmware.FindRequest("r3")!)));
        Assert.AreNotEqual(one.FileKey, two.FileKey);
        Assert.AreEqual(one.ManufacturerImageHash, two.ManufacturerImageHash);
    }

    [TestMethod]
    public void UpdatePpmidFirmware_FirmwareVersionNotTheImageHeaders_E110403NamingBothAndNothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        byte[] v2 = AlertTestKit.GbcsImage(Payload, 0x00020000);
        ListOnCpl(store, TestBench.BridgeMaker, TestBench.BridgeModel, "00030000");

        TestBench.AssertRefusedUnchanged(store, () => Handler(store).Handle(new FirmwareUpdateRequest("r1", FirmwareUpdateKind.UpdatePpmidFirmware, Convert.ToBase64String(v2), "00030000", [TestBench.Bridges[0]])),
            DuisResponseCodes.UpdatePpmidFirmwareVersionMismatch, "FirmwareVersion 00030000 is not the image's version: its OTA header carries file version 00020000");
    }

    [TestMethod]
    public void UpdatePpmidFirmware_FirmwareVersionInLowerCase_AcceptedAndStoredAsTheInventoryWritesVersions()
    {
        using InventoryStore store = TestBench.Seeded();
        byte[] image = AlertTestKit.GbcsImage(Payload, 0x0002000A);
        ListOnCpl(store, TestBench.BridgeMaker, TestBench.BridgeModel, "0002000A");

        FirmwareUpdateResult result = Handler(store).Handle(new FirmwareUpdateRequest("r1", FirmwareUpdateKind.UpdatePpmidFirmware, Convert.ToBase64String(image), "0002000a", [TestBench.Bridges[0]]));

        Assert.AreEqual(DuisResponseCodes.Acknowledged, result.ResponseCode, result.Message);
        Assert.AreEqual("0002000A", store.Read(s => s.Firmware.FindRequest("r1"))!.FirmwareVersion, "N39, N62 and the inventory take this text");
    }

    [TestMethod]
    public void UpdateFirmware_11_1_FirmwareVersionNotTheImageHeaders_E110103NamingBothAndNothingChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        BenchImage signed = BenchImages.BuildSigned(0x121D, 0x0084, 0x00020000, 300, 9);
        store.Write(s => s.Cpl.Put(new CplEntry("AB01", "010A030B", FirmwareComponents.Main, "00030000", Convert.ToHexStringLower(signed.ManufacturerImageHash))));

        TestBench.AssertRefusedUnchanged(store, () => Handler(store).Handle(new FirmwareUpdateRequest("r1", FirmwareUpdateKind.UpdateFirmware, Convert.ToBase64String(signed.Bytes), "00030000", [TestBench.Esme])),
            DuisResponseCodes.UpdateFirmwareVersionMismatch, "FirmwareVersion 00030000 is not the image's version: its OTA header carries file version 00020000");
    }

    [TestMethod]
    public void UpdatePpmidFirmware_ImageOnTheCplAsAnotherVersion_NotApplicableNamingBoth()
    {
        using InventoryStore store = TestBench.Seeded();
        byte[] v3 = AlertTestKit.GbcsImage(Payload, 0x00030000);
        ListOnCpl(store, TestBench.BridgeMaker, TestBench.BridgeModel, "00020000");

        FirmwareUpdateResult result = Handler(store).Handle(new FirmwareUpdateRequest("r1", FirmwareUpdateKind.UpdatePpmidFirmware, Convert.ToBase64String(v3), "00030000", [TestBench.Bridges[0]]));

        Assert.AreEqual(DuisResponseCodes.UpdatePpmidFirmwareNoDeviceAccepted, result.ResponseCode, result.Message);
        CollectionAssert.AreEqual(new[] { TestBench.Bridges[0] }, result.With(FirmwareDeviceOutcome.NotApplicableFirmware).ToArray());
        StringAssert.Contains(result.Devices[0].Reason, "as version 00020000, not 00030000");
        Assert.IsNull(store.Read(s => s.Firmware.ActiveFor(TestBench.Bridges[0])));
    }

    [TestMethod]
    public void StoredRequestWhoseFileCarriesAnotherVersion_FailsWithTheFailureAlertBeforeAnyDelivery_NoN62NoN39()
    {
        // A request stored before 11.4 checked the header (or by a caller that skipped the handler): the engine refuses to
        // serve a file whose header names another version than the request.
        using var bench = new EngineBench(32);
        BenchImage v2 = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00020000, 6);
        var ppmid = new Eui64(StandardBench.PpmidEui);
        FirmwareRequestRecord request = bench.Store.Write(s => s.Firmware.Enqueue($"{EngineBench.Requester}:{new Eui64(StandardBench.HubEui)}:90", "11.4", "00030000",
            Convert.ToHexStringLower(v2.ManufacturerImageHash), v2.Bytes, [new FirmwareTarget(ppmid, new Eui64(StandardBench.HubEui), FirmwareComponents.Main)]));
        bench.Engine.Wake();

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => s.Firmware.FindProgress(request.RowId, ppmid))!.State == FirmwareProgressState.Failed, Hour), string.Join("\n", bench.Log));

        CollectionAssert.AreEqual(new[] { DistributionFailure }, bench.AlertCodes(StandardBench.PpmidEui));
        StringAssert.Contains(bench.Store.Read(s => s.Firmware.FindProgress(request.RowId, ppmid))!.FailureReason, "the request is for version 00030000 but its image's OTA header carries 00020000");
        Assert.IsTrue(bench.Bench.Ppmid.As<PpmidRole>().TryGetVersion(FirmwareComponentId.Main, out uint running));
        Assert.AreNotEqual(0x00020000u, running, "nothing was served");
    }

    [TestMethod]
    public void ActivationAlertForAnotherVersion_FailureAlertNoN39_InventoryTakesWhatTheDeviceRuns()
    {
        using InventoryStore store = TestBench.Seeded();
        FirmwareRequestRecord request = TransferredPpmidUpdate(store, 0x00000002);
        var session = new HubSession(new RecordingLink(), new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = TestBench.Hub.Value }, null);
        using CspRuntime csp = CspRuntime.Attach(store, session);

        // A late repeat of the device's earlier activation (the version the inventory holds) is not this update's: ignored.
        session.OnFrame(new RecordingLink(), ActivationAlert(TestBench.Ppmid.Value, 10, 0x00000001, PpmidFirmwareActivationResult.Success, Time));
        Assert.AreEqual(FirmwareProgressState.Transferred, store.Read(s => s.Firmware.FindProgress(request.RowId, TestBench.Ppmid))!.State);
        Assert.AreEqual(0, store.Read(s => s.Alerts.All()).Count);

        // An authenticated 0x8F8B success for a third version: the device runs something the request did not ask for.
        session.OnFrame(new RecordingLink(), ActivationAlert(TestBench.Ppmid.Value, 11, 0x0BADF00D, PpmidFirmwareActivationResult.Success, Time));

        Assert.AreEqual(0, session.Gbcs.Unauthenticated, "the alerts are genuine");
        FirmwareProgressRecord row = store.Read(s => s.Firmware.FindProgress(request.RowId, TestBench.Ppmid))!;
        Assert.AreEqual(FirmwareProgressState.Failed, row.State);
        StringAssert.Contains(row.FailureReason, "runs 0BADF00D, not 00000002 as requested (it ran 00000001)");
        CollectionAssert.AreEqual(new[] { DistributionFailure }, store.Read(s => s.Alerts.All()).Select(a => a.AlertCode).ToArray(), "no N39, no N62");
        Assert.AreEqual("0BADF00D", store.Read(s => s.Devices.FirmwareVersion(TestBench.Ppmid, FirmwareComponents.Main)), "SECMP0170 §4.2: the SMI takes the version the device reports");
    }

    [TestMethod]
    public async Task CommsHubCs06_AnswersAnotherVersionThanIts11_1Update_N64NamesWhatItRunsAndTheUpdateFails()
    {
        // SECMP0024 §4.1: N64 carries the version the hub reports. The 11.1 update that waited for this CS06 asked for
        // 00030000: the hub running 00020000 does not end it Activated.
        using InventoryStore store = TestBench.Seeded();
        (FirmwareUpdateResult update, string hash) = TransferredHubUpdate(store);

        var handlers = new ServiceRequestHandlers(store, new ActivationGateway(FirmwareActivationReply.Answered(ActivateFirmwareResponseCode.Success, "00020000")));
        ActivateFirmwareResult result = await handlers.ActivateFirmware.HandleAsync(new ActivateFirmwareRequest("r2", TestBench.Hub, hash));

        CollectionAssert.AreEqual(new[] { "N64", DistributionFailure }, result.Alerts.Select(a => a.AlertCode).ToArray());
        FirmwareProgressRecord row = store.Read(s => s.Firmware.FindProgress(update.Request!.RowId, TestBench.Hub))!;
        Assert.AreEqual(FirmwareProgressState.Failed, row.State);
        StringAssert.Contains(row.FailureReason, "CS06 running 00020000, not 00030000 as requested");
        Assert.AreEqual("00020000", store.Read(s => s.Devices.FirmwareVersion(TestBench.Hub, FirmwareComponents.Main)));
    }

    [TestMethod]
    public void CommsHub8F66_FutureDatedActivationRunsAnotherVersionThanIts11_1Update_EndsAsTheImmediateAnswerDoes()
    {
        // The future-dated CS06 (RTDS 11.3 FUTURE_DATED) is answered later by the hub's 0x8F66: the same event as the
        // immediate answer above, so the same ending: N64 naming what the hub runs, the update Failed with the failure
        // alert, never left Transferred. Only the 0x8F66 of the CS06 this CSP sent for the update's image ends it: one
        // naming a counter none of its CS06s carried says nothing of that image (review F12).
        using InventoryStore store = TestBench.Seeded();
        (FirmwareUpdateResult update, string hash) = TransferredHubUpdate(store);
        var session = new HubSession(new RecordingLink(), new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = TestBench.Hub.Value }, null);
        using CspRuntime csp = CspRuntime.Attach(store, session);

        session.OnFrame(new RecordingLink(), FutureDatedActivationActioned(TestBench.Hub.Value, 11, 0x5000, 0x00020000, Time));
        Assert.AreEqual(FirmwareProgressState.Transferred, store.Read(s => s.Firmware.FindProgress(update.Request!.RowId, TestBench.Hub))!.State, "not its CS06");
        GbcsCall cs06 = session.ActivateFirmware(TestBench.Hub.Value, Convert.FromHexString(hash), executionDateTime: new GbcsTimestamp(2025, 1, 2, 0, 0, 0));
        session.OnFrame(new RecordingLink(), FutureDatedActivationActioned(TestBench.Hub.Value, 12, cs06.Counters[0], 0x00020000, Time));

        Assert.AreEqual(0, session.Gbcs.Unauthenticated, session.Gbcs.LastUnauthenticated);
        FirmwareProgressRecord row = store.Read(s => s.Firmware.FindProgress(update.Request!.RowId, TestBench.Hub))!;
        Assert.AreEqual(FirmwareProgressState.Failed, row.State);
        StringAssert.Contains(row.FailureReason, "0x8F66 running 00020000, not 00030000 as requested");
        CollectionAssert.AreEqual(new[] { "N64", DistributionFailure }, store.Read(s => s.Alerts.All()).Select(a => a.AlertCode).Distinct().ToArray(), "no N39");
        Assert.AreEqual("00020000", store.Read(s => s.Devices.FirmwareVersion(TestBench.Hub, FirmwareComponents.Main)));
    }

    [TestMethod]
    public void CommsHub8F66_OfACs06ThisCspDoesNotKnowRunningTheRequestedVersion_EndsTheUpdateActivated()
    {
        // A CS06 sent before the host restarted is not in the new CSP's memory: the version the update asked for running
        // is then what ties the 0x8F66 to it, so the update still ends.
        using InventoryStore store = TestBench.Seeded();
        (FirmwareUpdateResult update, _) = TransferredHubUpdate(store);
        var session = new HubSession(new RecordingLink(), new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = TestBench.Hub.Value }, null);
        using CspRuntime csp = CspRuntime.Attach(store, session);

        session.OnFrame(new RecordingLink(), FutureDatedActivationActioned(TestBench.Hub.Value, 12, 0x5000, 0x00030000, Time));

        Assert.AreEqual(FirmwareProgressState.Activated, store.Read(s => s.Firmware.FindProgress(update.Request!.RowId, TestBench.Hub))!.State);
        CollectionAssert.AreEqual(new[] { "N64" }, store.Read(s => s.Alerts.All()).Select(a => a.AlertCode).Distinct().ToArray());
    }

    [TestMethod]
    public void InventoryAtVersion12_RequestStoredThen_StillServedItsFile_AndANewHeaderIsStoredBesideIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"hanbench-g1-{Guid.NewGuid():N}.db");
        try
        {
            byte[] v2 = AlertTestKit.GbcsImage(Payload, 0x00020000);
            string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Payload));
            using (SqliteConnection connection = InventoryStore.OpenConnection(path))
            {
                SchemaMigrator.Migrate(connection, InventoryMigrations.All, TimeProvider.System, targetVersion: 12);
                using SqliteCommand insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO firmware_images (image_hash, size_bytes, data, created_utc) VALUES ($h, $n, $d, '2025-01-01T00:00:00.0000000Z');
                    INSERT INTO firmware_requests (request_id, service_reference, firmware_version, image_hash, created_utc) VALUES ('old', '11.4', '00020000', $h, '2025-01-01T00:00:00.0000000Z');
                    """;
                insert.Parameters.AddWithValue("$h", hash);
                insert.Parameters.AddWithValue("$n", v2.LongLength);
                insert.Parameters.AddWithValue("$d", v2);
                insert.ExecuteNonQuery();
            }

            using InventoryStore store = InventoryStore.Open(path);
            FirmwareRequestRecord old = store.Read(s => s.Firmware.FindRequest("old"))!;
            Assert.IsNull(old.FileHash);
            Assert.AreEqual(v2.LongLength, old.ImageSizeBytes);
            CollectionAssert.AreEqual(v2, store.Read(s => s.Firmware.ReadImage(old)));

            byte[] v3 = AlertTestKit.GbcsImage(Payload, 0x00030000);
            store.Write(s => s.Devices.Insert(TestBench.Device(TestBench.Hub, DeviceType.CHF, DeviceStatus.Commissioned, "CHMF", "CH-1", null, null)));
            FirmwareRequestRecord next = store.Write(s => s.Firmware.Enqueue("new", "11.4", "00030000", hash, v3, [new FirmwareTarget(TestBench.Hub, TestBench.Hub, FirmwareComponents.Main)]));
            CollectionAssert.AreEqual(v3, store.Read(s => s.Firmware.ReadImage(s.Firmware.FindRequest("new")!)));
            CollectionAssert.AreEqual(v2, store.Read(s => s.Firmware.ReadImage(s.Firmware.FindRequest("old")!)), "the older request keeps its file");
            Assert.AreEqual(v3.LongLength, next.ImageSizeBytes);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (string file in InventoryStore.FilesOf(path))
            {
                File.Delete(file);
            }
        }
    }

    private static readonly byte[] Payload = [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 5))];

    private static readonly GbcsTimestamp Time = new(2025, 1, 1, 0, 0, 0);

    private static FirmwareUpdateHandler Handler(InventoryStore store) => new(store, new OtaManufacturerImageHasher());

    private static void ListOnCpl(InventoryStore store, string maker, string model, string version) =>
        store.Write(s => s.Cpl.Put(new CplEntry(maker, model, FirmwareComponents.SiLabs, version, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Payload)))));

    /// <summary>The seeded PPMID (running 00000001) with an 11.4 update to <paramref name="version"/> that reached Transferred.</summary>
    private static FirmwareRequestRecord TransferredPpmidUpdate(InventoryStore store, uint version)
    {
        byte[] image = AlertTestKit.GbcsImage(Payload, version);
        string text = FirmwareVersionText.Of(version);
        store.Write(s => s.Cpl.Put(new CplEntry("PPMF", "PPMID-1", FirmwareComponents.Main, text, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Payload)))));
        FirmwareUpdateResult result = Handler(store).Handle(new FirmwareUpdateRequest("r1", FirmwareUpdateKind.UpdatePpmidFirmware, Convert.ToBase64String(image), text, [TestBench.Ppmid]));
        Assert.AreEqual(DuisResponseCodes.Acknowledged, result.ResponseCode, result.Message);
        ToTransferred(store, result.Request!.RowId, TestBench.Ppmid);
        return result.Request!;
    }

    /// <summary>An 11.1 update of the seeded hub to 00030000 that reached Transferred, waiting for its CS06; and the image's Manufacturer Image hash.</summary>
    private static (FirmwareUpdateResult Update, string Hash) TransferredHubUpdate(InventoryStore store)
    {
        BenchImage v3 = BenchImages.BuildSigned(0x121D, 0x0084, 0x00030000, 300, 10);
        string hash = Convert.ToHexStringLower(v3.ManufacturerImageHash);
        store.Write(s => s.Cpl.Put(new CplEntry("CHMF", "CH-1", FirmwareComponents.Main, "00030000", hash)));
        FirmwareUpdateResult update = Handler(store).Handle(new FirmwareUpdateRequest("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A2:1", FirmwareUpdateKind.UpdateFirmware, Convert.ToBase64String(v3.Bytes), "00030000", [TestBench.Hub]));
        Assert.AreEqual(DuisResponseCodes.Acknowledged, update.ResponseCode, update.Message);
        ToTransferred(store, update.Request!.RowId, TestBench.Hub);
        return (update, hash);
    }

    /// <summary>Walks a queued update through the hub and HAN legs to Transferred, as the engine would record them.</summary>
    private static void ToTransferred(InventoryStore store, long requestRowId, Eui64 device)
    {
        foreach (FirmwareProgressState next in new[] { FirmwareProgressState.DeliveringToHub, FirmwareProgressState.OnHub, FirmwareProgressState.Transferring, FirmwareProgressState.Transferred })
        {
            store.Write(s => s.Firmware.Transition(requestRowId, device, next));
        }
    }
}

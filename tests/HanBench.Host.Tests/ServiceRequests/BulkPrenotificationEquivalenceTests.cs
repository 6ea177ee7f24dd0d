using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.ServiceRequests;

/// <summary>
/// The bulk 12.2 path (<see cref="BulkPrenotificationHandler"/>, the scale benchmark's) against the one-request path
/// (<see cref="DevicePrenotificationHandler"/>): the same requests must leave the same rows in every table and be
/// refused for the same reasons, whatever the bulk path does to be fast.
/// </summary>
[TestClass]
public sealed class BulkPrenotificationEquivalenceTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(1000)]
    public void Bulk_SeededMixOfValidDuplicateAndBadRequests_SameRowsAndRefusalsAsOneByOne(int batchSize)
    {
        const int Seed = 0x12_02;
        TestContext.WriteLine($"seed {Seed}, batch size {batchSize}");
        List<DevicePrenotificationRequest> requests = Mix(new Random(Seed), 240);
        using InventoryStore single = TestBench.Seeded();
        using InventoryStore bulk = TestBench.Seeded();

        var singleRefusals = new List<string>();
        foreach (DevicePrenotificationRequest request in requests)
        {
            ServiceResult result = new DevicePrenotificationHandler(single).Handle(request);
            if (result.IsRefused)
            {
                singleRefusals.Add($"{request.DeviceId} {result.ResponseCode}");
            }
        }

        BulkPrenotificationResult bulkResult = new BulkPrenotificationHandler(bulk).Handle(requests, batchSize);

        Assert.IsTrue(singleRefusals.Count > 10 && bulkResult.Added > 100, $"the mix refuses some ({singleRefusals.Count}) and adds most ({bulkResult.Added})");
        CollectionAssert.AreEqual(singleRefusals, bulkResult.Refused.Select(r => $"{r.DeviceId} {r.ResponseCode}").ToList(), "the same requests refused, with the same codes, in order");
        Assert.AreEqual(TestBench.Snapshot(single), TestBench.Snapshot(bulk), "every table but the audit log holds the same rows (devices, versions, version history with its ids)");
        Assert.IsFalse(bulk.Read(s =>
        {
            using Microsoft.Data.Sqlite.SqliteCommand check = s.Command("PRAGMA foreign_key_check");
            using Microsoft.Data.Sqlite.SqliteDataReader violations = check.ExecuteReader();
            return violations.Read();
        }), "every reference the bulk path wrote without SQLite checking it row by row holds");
    }

    /// <summary>
    /// Hubs, meters and bridges of every variant with and without versions, some given twice (in the list or already in
    /// the seeded inventory) and some with details 12.2 refuses.
    /// </summary>
    private static List<DevicePrenotificationRequest> Mix(Random random, int count)
    {
        var requests = new List<DevicePrenotificationRequest>(count);
        for (int i = 0; i < count; i++)
        {
            var id = new Eui64(0x00AB_0000_0000_0000UL + (uint)random.Next(0, 100_000));
            string? version = random.Next(4) == 0 ? null : $"{random.Next(1, 0x7FFF):X8}";
            requests.Add(random.Next(12) switch
            {
                0 => new DevicePrenotificationRequest($"r{i}", id, "CHMF", "CH-1", DeviceType.CHF, FirmwareVersion: version),
                1 => new DevicePrenotificationRequest($"r{i}", id, "AB01", "010A030B", DeviceType.ESME, SmetsChtsVersion: "V2.0", FirmwareVersion: version, EsmeVariant: "A"),
                2 => new DevicePrenotificationRequest($"r{i}", id, "AB01", "GAS-1", DeviceType.GSME, FirmwareVersion: version),
                3 => new DevicePrenotificationRequest($"r{i}", id, "PPMF", "PPMID-1", DeviceType.PPMID, FirmwareVersion: version),
                4 => new DevicePrenotificationRequest($"r{i}", TestBench.Bridges[random.Next(TestBench.Bridges.Length)], "AHCO", "BRIDGE-1", DeviceType.PPMID, AltHanVariant: AltHanVariant.B1),
                5 when i > 0 => requests[random.Next(i)] with { RequestId = $"r{i}" },
                6 => new DevicePrenotificationRequest($"r{i}", id, new string('M', 31), "BRIDGE-1", DeviceType.PPMID, AltHanVariant: AltHanVariant.B2),
                7 => new DevicePrenotificationRequest($"r{i}", id, "AHCO", "BRIDGE-1", DeviceType.PPMID, FirmwareVersion: version, AltHanVariant: AltHanVariant.B4, BroadcomVersion: "00010000"),
                _ => new DevicePrenotificationRequest(
                    $"r{i}",
                    id,
                    "AHCO",
                    "BRIDGE-1",
                    DeviceType.PPMID,
                    FirmwareVersion: version,
                    AltHanVariant: AltHanVariants.Bridges[random.Next(AltHanVariants.Bridges.Count)],
                    BroadcomVersion: random.Next(2) == 0 ? null : $"{random.Next(1, 0x7FFF):X8}"),
            });
        }

        return requests;
    }
}

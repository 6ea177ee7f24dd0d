using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Tests.Inventory;

/// <summary>A clock that stands still unless moved.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>11.2 seam fake: answers with a set reading and counts calls.</summary>
public sealed class FakeGateway(FirmwareVersionReading reading) : IDeviceGateway
{
    public FirmwareVersionReading Reading { get; set; } = reading;

    public int Calls { get; private set; }

    public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(Reading);
    }
}

/// <summary>Unit-test hasher: SHA-256 of the whole file (the real parser finds the Manufacturer Image inside it).</summary>
public sealed class WholeFileHasher : IManufacturerImageHasher
{
    public int Calls { get; private set; }

    public bool TryComputeManufacturerImageHash(byte[] image, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem)
    {
        Calls++;
        sha256 = SHA256.HashData(image);
        problem = null;
        return true;
    }

    public static string HashOf(byte[] image) => Convert.ToHexStringLower(SHA256.HashData(image));
}

/// <summary>
/// A seeded bench inventory: Comms Hub A2 (Commissioned), ESME A0, GSME A1, PPMID A4, and four Alt HAN bridges
/// C1–C4 (B1–B4), plus a CPL entry per bridge model for <see cref="BridgeImage"/>.
/// </summary>
public static class TestBench
{
    public static readonly DateTimeOffset Start = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    public static readonly Eui64 Hub = Eui64.Parse("00-DB-12-34-56-78-90-A2");
    public static readonly Eui64 Esme = Eui64.Parse("00-DB-12-34-56-78-90-A0");
    public static readonly Eui64 Gsme = Eui64.Parse("00-DB-12-34-56-78-90-A1");
    public static readonly Eui64 Ppmid = Eui64.Parse("00-DB-12-34-56-78-90-A4");
    public static readonly Eui64 Hcalcs = Eui64.Parse("00-DB-12-34-56-78-90-A5");
    public static readonly Eui64[] Bridges = [Eui64.Parse("00-AA-00-00-00-00-00-C1"), Eui64.Parse("00-AA-00-00-00-00-00-C2"), Eui64.Parse("00-AA-00-00-00-00-00-C3"), Eui64.Parse("00-AA-00-00-00-00-00-C4")];
    public const string BridgeMaker = "AHCO";
    public const string BridgeModel = "BRIDGE-1";

    /// <summary>A small stand-in image; its "Manufacturer Image hash" is SHA-256 of all of it (see <see cref="WholeFileHasher"/>).</summary>
    public static readonly byte[] BridgeImage = Encoding.ASCII.GetBytes("HanBench test bridge image, SiLabs component, version 00010002");

    public static InventoryStore Empty(FixedTime? time = null) => InventoryStore.OpenInMemory(time ?? new FixedTime(Start));

    /// <summary>The seeded bench: bridges are Pre-notified and not yet on the hub unless <paramref name="commissionBridges"/>.</summary>
    public static InventoryStore Seeded(bool commissionBridges = true, FixedTime? time = null)
    {
        InventoryStore store = Empty(time);
        store.Write(s =>
        {
            s.Devices.Insert(Device(Hub, DeviceType.CHF, DeviceStatus.Commissioned, "CHMF", "CH-1", null, null));
            s.Devices.Insert(Device(Esme, DeviceType.ESME, DeviceStatus.Commissioned, "AB01", "010A030B", "AD", Hub));
            s.Devices.Insert(Device(Gsme, DeviceType.GSME, DeviceStatus.Commissioned, "AB01", "GAS-1", null, Hub));
            s.Devices.Insert(Device(Ppmid, DeviceType.PPMID, DeviceStatus.Commissioned, "PPMF", "PPMID-1", null, Hub));
            s.Devices.SetFirmwareVersion(Ppmid, FirmwareComponents.Main, "00000001");
            for (int i = 0; i < Bridges.Length; i++)
            {
                s.Devices.Insert(Device(
                    Bridges[i],
                    DeviceType.PPMID,
                    commissionBridges ? DeviceStatus.Commissioned : DeviceStatus.Pending,
                    BridgeMaker,
                    BridgeModel,
                    $"B{i + 1}",
                    commissionBridges ? Hub : null));
            }

            s.Cpl.Put(new CplEntry(BridgeMaker, BridgeModel, FirmwareComponents.SiLabs, "00010002", WholeFileHasher.HashOf(BridgeImage)));
        });
        return store;
    }

    public static DeviceRecord Device(Eui64 id, DeviceType type, DeviceStatus status, string maker, string model, string? variant, Eui64? hub) =>
        new(id, type, status, maker, model, null, variant, hub, null, null, null);

    /// <summary>Everything but the audit log, as text: equal snapshots mean nothing changed.</summary>
    public static string Snapshot(InventoryStore store) => store.Read(session =>
    {
        var text = new StringBuilder();
        var tables = new List<string>();
        using (SqliteCommand list = session.Command("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_log', 'sqlite_sequence') ORDER BY name"))
        using (SqliteDataReader reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (string table in tables)
        {
            text.Append("## ").AppendLine(table);
            using SqliteCommand rows = session.Command($"SELECT * FROM {table} ORDER BY 1, 2");
            using SqliteDataReader reader = rows.ExecuteReader();
            while (reader.Read())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    object value = reader.GetValue(i);
                    text.Append(value is byte[] blob ? Convert.ToHexString(SHA256.HashData(blob)) : value.ToString()).Append('|');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    });

    /// <summary>Runs a request expected to be refused: the code, a message naming the problem, nothing changed, one audit line.</summary>
    public static void AssertRefusedUnchanged(InventoryStore store, Func<ServiceResult> act, string code, string mentions)
    {
        string before = Snapshot(store);
        int audits = AuditCount(store);
        ServiceResult result = act();
        Assert.AreEqual(code, result.ResponseCode, result.Message);
        Assert.IsTrue(result.IsRefused, result.Message);
        StringAssert.Contains(result.Message, mentions);
        Assert.AreEqual(before, Snapshot(store), "a refusal changes nothing");
        Assert.AreEqual(audits + 1, AuditCount(store), "the refusal is audited");
    }

    public static int AuditCount(InventoryStore store) => store.Read(s => s.Audit.All().Count);

    public static DeviceRecord Find(InventoryStore store, Eui64 id) => store.Read(s => s.Devices.Find(id)) ?? throw new AssertFailedException($"{id} not in the inventory");
}

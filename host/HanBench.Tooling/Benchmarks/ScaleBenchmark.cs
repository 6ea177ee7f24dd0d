using System.Diagnostics;
using System.Globalization;
using HanBench.Host.Duis;
using HanBench.Tooling.Images;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.Reports;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;
using Microsoft.Data.Sqlite;

namespace HanBench.Tooling.Benchmarks;

/// <summary>
/// The scale benchmark behind <c>hanbench bench scale</c>: the inventory at the volumetrics of SECMP0170 §4.3 — B1 716,374,
/// B2 597,956, B3 144,127, B4 144,127 bridges (1,602,584) — under realistic Comms Hubs, timing what the DSP must do
/// at that size: pre-notify them all, accept one 11.4 request for 100,000 bridges, run the AltHANCo report, and the
/// database size. It returns figures; nothing here asserts a time.
/// <para>Topology (HanBench choice from §4.3: the B1 count equals the premises candidacy total): one Comms Hub per
/// premises with its B1; the first 597,956 premises (scaled) also hold a B2 and the first 144,127 a B3 and a B4 — at
/// most four Type 1 devices per hub, inside the six of §4.2.</para>
/// </summary>
public static class ScaleBenchmark
{
    /// <summary>SECMP0170 §4.3 volumetrics.</summary>
    public static readonly long[] SeedVolumes = [716_374, 597_956, 144_127, 144_127];

    /// <summary>The distribution the 11.4 step asks for (capped at the number of bridges).</summary>
    public const int RequestDevices = 100_000;

    /// <summary>Size of the benchmark's SiLabs image: the smallest in §4.3 (505 KB).</summary>
    public const int ImagePayloadBytes = 505_000;

    /// <summary>Bridges per variant for <paramref name="total"/>, in the seeds' proportions (each at least one).</summary>
    private static long[] Split(long total)
    {
        long seedTotal = SeedVolumes.Sum();
        long[] split = SeedVolumes.Select(v => Math.Max(1, v * total / seedTotal)).ToArray();
        split[0] += total - split.Sum();
        return split;
    }

    /// <summary>Builds the inventory at <paramref name="path"/> (a file that does not exist yet) and measures each step.</summary>
    /// <exception cref="ScaleBenchmarkException">The benchmark's own setup or 11.4 request was refused.</exception>
    public static ScaleFigures Run(string path, long bridges, Action<string> log)
    {
        long[] perVariant = Split(bridges);
        long hubs = perVariant[0];
        var steps = new List<ScaleStep>();
        using InventoryStore store = InventoryStore.Open(path);
        store.UseLargeCache();

        // 1. Pre-notify every Comms Hub and bridge (SRV 12.2, batched).
        log($"pre-notifying {hubs:N0} Comms Hubs and {bridges:N0} bridges…");
        var clock = Stopwatch.StartNew();
        TimeSpan cpu = Cpu();
        BulkPrenotificationResult added = new BulkPrenotificationHandler(store).Handle(Prenotifications(perVariant));
        steps.Add(new ScaleStep("prenotify", "12.2 pre-notify every Comms Hub and bridge", clock.Elapsed, added.Added, Cpu() - cpu));
        if (added.Refused.Count > 0)
        {
            throw new ScaleBenchmarkException($"benchmark setup refused {added.Refused.Count} pre-notifications, first: {added.Refused[0].Message}");
        }

        // 2. Bench setup: commission every hub and bridge on its hub, in batched SQL (8.11 one by one is not what is
        // being measured).
        log("commissioning every device on its Comms Hub…");
        clock.Restart();
        cpu = Cpu();
        long commissioned = store.Bulk(() => Commission(store, perVariant), enforceForeignKeys: false);
        steps.Add(new ScaleStep("commission", "bench setup: commission every device on its Comms Hub (batched SQL)", clock.Elapsed, commissioned, Cpu() - cpu));

        // 3. One 11.4 for up to 100,000 B1 bridges with a 505 KB SiLabs image on the CPL.
        int targets = (int)Math.Min(RequestDevices, perVariant[0]);
        byte[] image = SiLabsImage();
        var hasher = new OtaManufacturerImageHasher();
        hasher.TryComputeManufacturerImageHash(image, FirmwareUpdateKind.UpdatePpmidFirmware, out byte[]? hash, out _);
        store.Write(s => s.Cpl.Put(new CplEntry(Maker, Model, FirmwareComponents.SiLabs, "00020000", Convert.ToHexStringLower(hash!))));
        var request = new FirmwareUpdateRequest(
            new DuisRequestId(ServiceUser, Keystore.DefaultAccessControlBroker, 1).ToString(),
            FirmwareUpdateKind.UpdatePpmidFirmware,
            Convert.ToBase64String(image),
            "00020000",
            Enumerable.Range(0, targets).Select(i => BridgeId(0, i)).ToList());
        log($"accepting one 11.4 request for {targets:N0} bridges…");
        clock.Restart();
        cpu = Cpu();
        FirmwareUpdateResult result = new FirmwareUpdateHandler(store, hasher).Handle(request);
        steps.Add(new ScaleStep("updatePpmidFirmware", $"11.4 validate and queue for {targets:N0} bridges ({result.ResponseCode})", clock.Elapsed, result.Request is null ? 0 : targets, Cpu() - cpu));
        if (result.ResponseCode != DuisResponseCodes.Acknowledged)
        {
            throw new ScaleBenchmarkException($"the benchmark's 11.4 was not accepted: {result}");
        }

        // 4. The AltHANCo report over every bridge.
        log("running the AltHANCo report…");
        clock.Restart();
        cpu = Cpu();
        AltHanCoReport report = store.Read(AltHanCoReport.Build);
        report.WriteCsv(TextWriter.Null);
        steps.Add(new ScaleStep("althancoReport", "AltHANCo report over every bridge (CSV)", clock.Elapsed, report.TotalBridges, Cpu() - cpu));

        // 5. Size, after folding the write-ahead log into the file.
        using (SqliteConnection connection = InventoryStore.OpenConnection(path))
        using (SqliteCommand checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        long bytes = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
        return new ScaleFigures(perVariant, hubs, steps, bytes);
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>The Service User the benchmark's 11.4 comes from: the RTDS supplier identity (shared/vectors README).</summary>
    private static readonly Eui64 ServiceUser = Keystore.DefaultSupplier;

    private const string Maker = "AHCO";
    private const string Model = "P2P-BRIDGE";

    private static Eui64 HubId(long i) => new(0x00DB_0000_0000_0000UL | (ulong)i);

    private static Eui64 BridgeId(int variant, long i) => new(0x00AA_0000_0000_0000UL | ((ulong)(variant + 1) << 40) | (ulong)i);

    /// <summary>The version every device runs when the benchmark starts.</summary>
    private const string DeployedVersion = "00010000";

    /// <summary>
    /// Every bridge, then every hub, each with the versions it ships with (a B1–B3 bridge holds a SiLabs and a Broadcom
    /// image, SECMP0170 §4.3; 12.2 carries the second through the API, <see cref="DevicePrenotificationRequest.BroadcomVersion"/>):
    /// in EUI-64 order (bridges are 00-AA-…, hubs 00-DB-…), as a roll-out file sorted by
    /// device would be. HanBench choice: 12.2 does not depend on the order, and in key order each device and version row goes at
    /// the end of its B-tree instead of splitting pages in the middle of the ones already written.
    /// </summary>
    private static IEnumerable<DevicePrenotificationRequest> Prenotifications(long[] perVariant)
    {
        for (int v = 0; v < perVariant.Length; v++)
        {
            AltHanVariant variant = AltHanVariants.Bridges[v];
            string? broadcom = AltHanCoReport.ExpectedComponents(variant).Contains(FirmwareComponents.Broadcom) ? DeployedVersion : null;
            for (long i = 0; i < perVariant[v]; i++)
            {
                Eui64 id = BridgeId(v, i);
                yield return new DevicePrenotificationRequest(
                    $"bench:{id}", id, Maker, Model, DeviceType.PPMID, FirmwareVersion: DeployedVersion, AltHanVariant: variant, BroadcomVersion: broadcom);
            }
        }

        for (long i = 0; i < perVariant[0]; i++)
        {
            Eui64 hub = HubId(i);
            yield return new DevicePrenotificationRequest($"bench:{hub}", hub, "CHMF", "CH-1", DeviceType.CHF, FirmwareVersion: DeployedVersion);
        }
    }

    /// <summary>
    /// Bridge i of every variant sits on hub i; hubs are Commissioned too. Set-based SQL, one transaction per 100,000
    /// bridges: the hub of a bridge is computed from its EUI-64 text (both end in the same three octets, see
    /// <see cref="HubId"/> and <see cref="BridgeId"/>), so SQLite does the rows without a round trip through ADO.NET each.
    /// The versions came with 12.2. The hub references are checked set-based per batch, where SQLite's row-by-row check of
    /// that foreign key was a third of the step.
    /// </summary>
    private static long Commission(InventoryStore store, long[] perVariant)
    {
        const int Batch = 100_000;
        if (perVariant.Max() > HubSuffixLimit)
        {
            throw new ScaleBenchmarkException($"at most {HubSuffixLimit:N0} bridges per variant: a hub and its bridges share the last three octets of their EUI-64");
        }

        long done = 0;
        for (int v = 0; v < perVariant.Length; v++)
        {
            for (long start = 0; start < perVariant[v]; start += Batch)
            {
                long end = Math.Min(perVariant[v], start + Batch);
                int variant = v;
                done += store.Write(s =>
                {
                    string now = s.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
                    (string, object)[] range = [("$lo", BridgeId(variant, start).ToString()), ("$hi", BridgeId(variant, end).ToString()), ("$now", now)];
                    using SqliteCommand devices = s.Command(
                        // '00-AA-0V-00-00' is the bridge prefix and '00-DB-00-00-00' the hub prefix: 14 characters each.
                        "UPDATE devices SET status = 'Commissioned', comms_hub_eui64 = $hubPrefix || substr(eui64, 15), date_commissioned = $date, updated_utc = $now WHERE eui64 >= $lo AND eui64 < $hi",
                        [.. range, ("$hubPrefix", HubId(0).ToString()[..14]), ("$date", s.Now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))]);
                    long rows = devices.ExecuteNonQuery();

                    // Run without SQLite's row-by-row foreign key checks (InventoryStore.Bulk): checked here, set-based.
                    if (s.Devices.MissingCommsHubs(BridgeId(variant, start), BridgeId(variant, end)) is > 0 and long missing)
                    {
                        throw new ScaleBenchmarkException($"{missing} bridges of B{variant + 1} would name a Comms Hub the inventory does not hold");
                    }

                    if (variant == 0)
                    {
                        using SqliteCommand hubs = s.Command(
                            "UPDATE devices SET status = 'Commissioned', updated_utc = $now WHERE eui64 >= $lo AND eui64 < $hi",
                            ("$now", now),
                            ("$lo", HubId(start).ToString()),
                            ("$hi", HubId(end).ToString()));
                        rows += hubs.ExecuteNonQuery();
                    }

                    return rows;
                });
            }
        }

        return done;
    }

    /// <summary>Hubs and bridges share their last three octets (<see cref="Commission"/>).</summary>
    private const long HubSuffixLimit = 1L << 24;

    /// <summary>An unsigned GBCS image (11.4) around a seeded 505 KB payload.</summary>
    private static byte[] SiLabsImage()
    {
        byte[] payload = new byte[ImagePayloadBytes];
        new Random(0x5CA1E).NextBytes(payload);
        var header = new OtaHeader { ManufacturerCode = 0x121D, ImageType = 0x0084, FileVersion = 0x0002_0000 };
        header.SetHeaderString("HanBench scale SiLabs image");
        return ImageBuilder.TryBuild(header, OtaImageLayout.Gbcs, payload, key: null, forceReplace: 0, Base64Size.DefaultLimitCharacters, out byte[]? image, out string? refusal)
            ? image
            : throw new InvalidOperationException(refusal);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// Crash safety for real: the host runs as its own process (<c>dotnet hanbench.dll csp run</c>) against the standard bench
/// behind TCP in this process (paced to the wall clock), is killed with SIGKILL at seeded points of the distribution
/// (mid-delivery to the hub, the instant the hub raises its transfer alert, at a seeded moment after a restart), kept
/// down while the bench goes on (frames to it are lost), and restarted on the same inventory. Every distribution must
/// complete exactly once and every DCC alert must be issued exactly once.
/// </summary>
[TestClass]
public sealed class HostCrashProcessTests
{
    /// <summary>Bench milliseconds per wall millisecond; the host's waits shrink by the same factor (--time-scale).</summary>
    private const double Pace = 20;

    private static readonly ulong[] Targets = [StandardBench.PpmidEui, StandardBench.B2Eui, StandardBench.B3Eui];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void HostKilledAtSeededPoints_RestartedOnTheSameInventory_EveryDistributionAndAlertExactlyOnce(int seed)
    {
        var random = new Random(seed);
        string dir = Directory.CreateTempSubdirectory("hanbench-crash-").FullName;
        string inventory = Path.Combine(dir, "inventory.db");
        var output = new ConcurrentQueue<string>();
        Process? host = null;
        try
        {
            // The bench's devices and the host process share one keystore, as every HanBench command does (the host has no other keys).
            string keystore = Path.Combine(dir, "keys");
            var bench = new StandardBench((ulong)seed, new StandardBenchOptions
            {
                Provisioning = BoardProvisioning.FromKeystore(Keystore.Init(keystore, DateTimeOffset.UtcNow), Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, TimeProvider.System),
            });
            bench.JoinAll();
            using var wan = new TcpBenchWan(bench);
            var images = Queue(inventory, bench, seed);
            var hub = (CommsHubRole)bench.Hub.Role;
            int transferAlerts = 0;
            hub.TransferAlertRaised += (_, _, _, _) => transferAlerts++;

            // Seeded kill points: mid-delivery of the first image, the instant the n-th CCS08 alert leaves the hub, and a
            // seeded bench delay after the previous restart.
            double deliveredFraction = 0.2 + (random.NextDouble() * 0.6);
            int alertKill = 1 + random.Next(Targets.Length - 1);
            long lateDelayMs = random.Next(2_000, 40_000);
            var kills = new List<(string Why, Func<bool> Now)>
            {
                ($"hub holds {deliveredFraction:P0} of the first image", () => hub.Puller.Client is { } c && c.ImageSize > 0 && c.BytesReceived >= c.ImageSize * deliveredFraction),
                ($"CCS08 alert {alertKill} raised", () => transferAlerts >= alertKill),
            };

            var wall = Stopwatch.StartNew();
            long originMs = bench.Scheduler.NowMs;
            long wallOffsetMs = 0;
            void RunPaced(Func<bool> until, long wallTimeoutMs, string what = "")
            {
                var limit = Stopwatch.StartNew();
                while (!until())
                {
                    if (limit.ElapsedMilliseconds > wallTimeoutMs)
                    {
                        throw new AssertFailedException($"seed {seed}: timed out at bench {bench.Scheduler.NowMs} ms {what}\n{string.Join("\n", output)}");
                    }

                    long target = originMs + (long)((wall.ElapsedMilliseconds - wallOffsetMs) * Pace);
                    if (target > bench.Scheduler.NowMs)
                    {
                        bench.Scheduler.RunUntil(until, target);
                    }

                    wan.Pump();
                    Thread.Sleep(1);
                }
            }

            // A kill counts only once the host it kills has connected and taken up the updates it found: on a loaded machine
            // a starting `dotnet` process can take longer than a whole bench step, and the hub's HAN side (which raises the
            // CCS08 alerts) goes on without the host. Waiting for readiness keeps the test about outcomes, not start-up time.
            int started = 0;
            Process Start()
            {
                bool resumable = Resumable(inventory);
                Process process = StartHost(inventory, keystore, wan.Port, output);
                started++;
                string tag = $"[{process.Id}] ";
                RunPaced(() => wan.Connections >= started && (!resumable || output.Any(l => l.StartsWith(tag, StringComparison.Ordinal) && l.Contains(": resuming "))), 120_000,
                    $"waiting for host {started} to connect{(resumable ? " and resume the updates in progress" : "")}");
                return process;
            }

            var killed = new List<string>();
            host = Start();
            foreach ((string why, Func<bool> now) in kills)
            {
                RunPaced(now, 120_000);
                Kill(host);
                killed.Add($"{why} at bench {bench.Scheduler.NowMs} ms; active then: {Active(inventory)}");
                long down = random.Next(2_000, 40_000);
                long back = bench.Scheduler.NowMs + down;
                RunPaced(() => bench.Scheduler.NowMs >= back, 60_000);
                host = Start();
            }

            long lateAt = bench.Scheduler.NowMs + lateDelayMs;
            RunPaced(() => bench.Scheduler.NowMs >= lateAt, 60_000);
            if (Active(inventory) > 0)
            {
                Kill(host);
                killed.Add($"{lateDelayMs} ms after a restart at bench {bench.Scheduler.NowMs} ms; active then: {Active(inventory)}");
                long back = bench.Scheduler.NowMs + random.Next(2_000, 40_000);
                RunPaced(() => bench.Scheduler.NowMs >= back, 60_000);
                host = Start();
            }

            Process last = host;
            RunPaced(() => last.HasExited, 180_000);
            Assert.AreEqual(0, last.ExitCode, string.Join("\n", output));
            int resumed = output.Count(l => l.Contains("note ") && l.Contains(": resuming "));
            int confirmed = output.Count(l => l.Contains("confirmed by"));
            TestContext.WriteLine($"seed {seed}: {resumed} updates resumed, {confirmed} steps confirmed by CS08 after a lost alert");
            TestContext.WriteLine($"seed {seed}: {killed.Count} kills ({string.Join("; ", killed)}); {wan.Connections} connections; {wan.FramesLost} frames to the host lost; bench {bench.Scheduler.NowMs} ms in {wall.ElapsedMilliseconds} ms");

            Assert.IsTrue(killed.Count >= 2, $"seed {seed}: {string.Join("; ", killed)}");
            Assert.IsTrue(killed.All(k => !k.EndsWith("active then: 0", StringComparison.Ordinal)), $"seed {seed}: every kill happened mid-distribution: {string.Join("; ", killed)}");
            Verify(inventory, bench, images, seed, output);
        }
        finally
        {
            if (host is { HasExited: false })
            {
                Kill(host);
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    private static Dictionary<ulong, BenchImage> Queue(string inventory, StandardBench bench, int seed)
    {
        var images = new Dictionary<ulong, BenchImage>();
        using InventoryStore store = InventoryStore.Open(inventory);
        store.Write(s =>
        {
            s.Devices.Insert(EngineBench.Device(StandardBench.HubEui, DeviceType.CHF, "CHMF", "CH-1", null, null));
            s.Devices.Insert(EngineBench.Device(StandardBench.PpmidEui, DeviceType.PPMID, "PPMF", "PPMID-1", null, StandardBench.HubEui));
            s.Devices.Insert(EngineBench.Device(StandardBench.B2Eui, DeviceType.PPMID, "AHCO", "BRIDGE-B2", "B2", StandardBench.HubEui));
            s.Devices.Insert(EngineBench.Device(StandardBench.B3Eui, DeviceType.PPMID, "AHCO", "BRIDGE-B3", "B3", StandardBench.HubEui));
        });
        var handler = new FirmwareUpdateHandler(store, new OtaManufacturerImageHasher());
        int n = 0;
        foreach (ulong target in Targets)
        {
            BenchDevice device = bench.Device(target);
            FirmwareComponentConfig component = device.Configuration.Components[0];
            string name = component.Component == FirmwareComponentId.SiLabs ? FirmwareComponents.SiLabs : FirmwareComponents.Main;
            BenchImage image = BenchImages.Build(component.ManufacturerCode, component.ImageType, 0x00020000 + (uint)n, 60_000 + (n * 7_000), (ulong)(seed * 10 + n));
            images[target] = image;
            string version = image.Identity.FileVersion.ToString("X8");
            store.Write(s => s.Cpl.Put(new CplEntry(s.Devices.Find(new Eui64(target))!.Manufacturer, s.Devices.Find(new Eui64(target))!.Model, name, version, Convert.ToHexStringLower(image.ManufacturerImageHash))));
            FirmwareUpdateResult result = handler.Handle(new FirmwareUpdateRequest($"{EngineBench.Requester}:{new Eui64(target)}:{++n}", FirmwareUpdateKind.UpdatePpmidFirmware,
                Convert.ToBase64String(image.Bytes), version, [new Eui64(target)]));
            Assert.AreEqual(DuisResponseCodes.Acknowledged, result.ResponseCode, result.Message);
        }

        return images;
    }

    private static void Verify(string inventory, StandardBench bench, Dictionary<ulong, BenchImage> images, int seed, IEnumerable<string> output)
    {
        using InventoryStore store = InventoryStore.Open(inventory);
        string log = string.Join("\n", output);
        foreach (ulong target in Targets)
        {
            var id = new Eui64(target);
            List<FirmwareProgressRecord> rows = store.Read(s => s.Firmware.Active().Where(p => p.DeviceId == id).ToList());
            Assert.AreEqual(0, rows.Count, $"seed {seed}: {id} still in progress\n{log}");
            string[] codes = store.Read(s => s.Alerts.All()).Where(a => a.DeviceId == id).Select(a => a.AlertCode).ToArray();
            foreach (string code in new[] { DccAlertCodes.CspDeliverySucceeded, DccAlertCodes.CommsHubFirmwareTransfer, DccAlertCodes.PpmidAlert })
            {
                Assert.AreEqual(1, codes.Count(c => c == code), $"seed {seed}: {id} has {string.Join(",", codes)}; {code} exactly once\n{log}");
            }

            Assert.IsFalse(codes.Contains(DccAlertCodes.CspDeliveryCancelledOrExpired), $"seed {seed}: {id} {string.Join(",", codes)}");
            BenchImage image = images[target];
            FirmwareComponentId component = bench.Device(target).Configuration.Components[0].Component;
            Assert.IsTrue(bench.Device(target).As<PpmidRole>().TryGetVersion(component, out uint running));
            Assert.AreEqual(image.Identity.FileVersion, running, $"seed {seed}: {id}");
            string componentName = component == FirmwareComponentId.SiLabs ? FirmwareComponents.SiLabs : FirmwareComponents.Main;
            Assert.AreEqual(image.Identity.FileVersion.ToString("X8"), store.Read(s => s.Devices.FirmwareVersion(id, componentName)), $"seed {seed}: {id}");
        }

        // Every request ended Activated for its one device: completed exactly once.
        Assert.AreEqual(Targets.Length, store.Read(s => Enumerable.Range(1, Targets.Length).Count(row => s.Firmware.Progress(row).Single().State == FirmwareProgressState.Activated)));
        Assert.AreEqual(0, bench.Devices.Sum(d => d.Role is PpmidRole role ? role.CommandsRefused : 0), "no CS08 was refused as a replay: the counters survived every restart");
    }

    /// <summary>Whether a host starting now finds an update past Queued, which it must announce as resumed.</summary>
    private static bool Resumable(string inventory)
    {
        using InventoryStore store = InventoryStore.Open(inventory);
        return store.Read(s => s.Firmware.Active().Any(p => p.State != FirmwareProgressState.Queued && p.CommsHubId == new Eui64(StandardBench.HubEui)));
    }

    private static int Active(string inventory)
    {
        using InventoryStore store = InventoryStore.Open(inventory);
        return store.Read(s => s.Firmware.Active().Count);
    }

    private static Process StartHost(string inventory, string keystore, int port, ConcurrentQueue<string> output)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hanbench.dll"));
        foreach (string argument in new[] { "csp", "run", "--inventory", inventory, "--link", $"tcp:127.0.0.1:{port}", "--time-scale", Pace.ToString(System.Globalization.CultureInfo.InvariantCulture), "--exit-when-idle", "--keystore", keystore })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        int pid = process.Id;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue($"[{pid}] {e.Data}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.Enqueue($"[{pid}] ERR {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGKILL (Process.Kill on Unix): no finally blocks, no flush, no goodbye to the hub.</summary>
    private static void Kill(Process process)
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }
}

using HanBench.Bench.Radio;
using HanBench.Bench.Topology;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>Transfers that meet trouble: a device losing power mid-transfer, a link outage, 5 % frame loss.</summary>
[TestClass]
public sealed class ResilienceScenarioTests
{
    private const int Body = 64 * 1024;

    [TestMethod]
    [DataRow(0x4E5E0001UL)]
    [DataRow(0x4E5E0002UL)]
    [DataRow(0x4E5E0003UL)]
    [DataRow(0x4E5E0004UL)]
    public void Ppmid_PowerCycledAtASeededOffset_ResumesAndCompletes(ulong seed)
    {
        var random = new BenchRandom(seed);
        var bench = new StandardBench(seed);
        bench.JoinAll();
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed);
        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, StandardBench.PpmidEui);

        int cutAt = (Body / 10) + random.Next(Body * 8 / 10);
        long offMs = 1_000 + random.Next(20_000);
        var before = bench.Ppmid.As<PpmidRole>();
        Assert.IsTrue(bench.RunUntil(() => before.GetUpdater(0).Client!.BytesReceived >= cutAt, 600_000), $"seed {seed}");
        uint heldAtCut = before.GetUpdater(0).Client!.BytesReceived;
        bench.Ppmid.PowerCycle(offMs);
        OtaClient? resumed = null;
        Assert.IsTrue(bench.RunUntil(() =>
        {
            resumed = bench.Ppmid.Role != before ? bench.Ppmid.As<PpmidRole>().GetUpdater(0).Client : null;
            return resumed is not null && resumed.State == OtaClientState.Downloading;
        }, 120_000), $"seed {seed}: the restarted PPMID did not download again");

        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 900_000);
        Console.WriteLine($"seed {seed}: power cut at {heldAtCut} of {image.Bytes.Length} bytes for {offMs} ms; resumed from {resumed!.ResumedFrom}");
        Assert.IsTrue(resumed.ResumedFrom <= heldAtCut, $"seed {seed}");
        Assert.IsTrue(heldAtCut < 16 * 1024 || resumed.ResumedFrom >= 16 * 1024, $"seed {seed}: a persisted offset must be used");
        Assert.AreEqual(FirmwareTransferResponseCode.Success, transfer.Response, $"seed {seed}");
        Assert.IsTrue(bench.RunUntil(() => bench.Host.ActivationAlertsFrom(StandardBench.PpmidEui).Any(), 60_000), $"seed {seed}");
        bench.RunFor(bench.Ppmid.Configuration.RestartTimeMs + 1_000);
        Assert.AreEqual(OtaScenario.NewVersion, OtaScenario.ReadCs08(bench, StandardBench.PpmidEui), $"seed {seed}");
    }

    [TestMethod]
    public void Ppmid_PowerCycledPastTheFirstResumeRecord_ResumesFromIt()
    {
        const ulong seed = 0x4E5E00FFUL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed);
        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, StandardBench.PpmidEui);
        var before = bench.Ppmid.As<PpmidRole>();
        Assert.IsTrue(bench.RunUntil(() => before.GetUpdater(0).Client!.BytesReceived >= 40_000, 600_000));
        bench.Ppmid.PowerCycle(5_000);

        // The new role's client, as soon as it downloads again (before it finishes, activates and restarts).
        HanBench.Protocol.Transfer.OtaClient? resumed = null;
        Assert.IsTrue(bench.RunUntil(() =>
        {
            resumed = bench.Ppmid.Role != before ? bench.Ppmid.As<PpmidRole>().GetUpdater(0).Client : null;
            return resumed is not null && resumed.State == OtaClientState.Downloading;
        }, 60_000));
        uint resumedFrom = resumed!.ResumedFrom;
        Assert.IsTrue(resumedFrom >= 16 * 1024, $"seed {seed}: resumed from {resumedFrom}, expected at least the first persisted 16 KB");
        Assert.AreEqual(FirmwareTransferResponseCode.Success, OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 600_000).Response);
    }

    [TestMethod]
    public void Bridge_LinkOutageMidTransfer_TransferCompletes()
    {
        const ulong seed = 0x0D7A6EUL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        BenchImage image = OtaScenario.ImageFor(bench.B2, FirmwareComponentId.SiLabs, Body, seed);
        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, StandardBench.B2Eui);
        OtaClient client = bench.B2.As<AltHanBridgeRole>().GetUpdater(0).Client!;
        Assert.IsTrue(bench.RunUntil(() => client.BytesReceived >= Body / 2, 600_000));

        // The Alt HAN hop between B1 and B2 goes dark for 45 s.
        MediumHop altHan = bench.Medium.Hops.Single(h => h.Kind == HopKind.AltHan && h.A == bench.B1.Node);
        long now = bench.Scheduler.NowMs;
        altHan.AddOutage(now, now + 45_000);

        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, StandardBench.B2Eui, 900_000);
        Console.WriteLine($"seed {seed}: outage at {now} ms; B2 client timeouts {client.Timeouts}; alert at {transfer.AtMs} ms");
        Assert.AreEqual(FirmwareTransferResponseCode.Success, transfer.Response, $"seed {seed}");
        Assert.IsTrue(client.Timeouts > 0, $"seed {seed}: the outage must have been felt");
        Assert.IsTrue(altHan.Statistics.Drops(DropReason.Outage) > 0);
    }

    [TestMethod]
    public void Transfers_FivePercentFrameLossOnEveryRadioHop_CompleteAndActivate()
    {
        const ulong seed = 0x5E5C0005UL;
        var bench = new StandardBench(seed, new StandardBenchOptions
        {
            ZigBee = RadioModel.ZigBee with { LossProbability = 0.05 },
            AltHan = RadioModel.AltHan with { LossProbability = 0.05 },
        });
        bench.JoinAll();
        BenchImage ppmidImage = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed);
        BenchImage b2Image = OtaScenario.ImageFor(bench.B2, FirmwareComponentId.SiLabs, Body, seed + 1);
        OtaScenario.DeliverToHub(bench, ppmidImage);
        OtaScenario.DeliverToHub(bench, b2Image);
        OtaScenario.Distribute(bench, ppmidImage, null, StandardBench.PpmidEui);
        OtaScenario.Distribute(bench, b2Image, null, StandardBench.B2Eui);

        HubTransferAlert ppmid = OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 1_800_000);
        HubTransferAlert b2 = OtaScenario.WaitForTransferAlert(bench, StandardBench.B2Eui, 1_800_000);
        bench.RunFor(60_000);
        long lost = bench.Medium.Hops.Sum(h => h.Statistics.Drops(DropReason.Loss));
        long radioFrames = bench.Medium.Hops.Where(h => h.Kind != HopKind.Wire).Sum(h => h.Statistics.Frames);
        Console.WriteLine($"seed {seed}: {lost} of {radioFrames} radio frames lost on air; PPMID done at {ppmid.AtMs} ms, B2 at {b2.AtMs} ms");

        // Loss happened, as a share of the frames sent: a count would depend on how many frames the transfers take (fewer
        // since the OTA client learns the server's pacing). Under the 5 % asked for, since MAC retries and ACKs count too.
        Assert.IsTrue(lost >= radioFrames / 100, $"seed {seed}: loss must have happened: {lost} of {radioFrames}");
        Assert.AreEqual(FirmwareTransferResponseCode.Success, ppmid.Response, $"seed {seed}");
        Assert.AreEqual(FirmwareTransferResponseCode.Success, b2.Response, $"seed {seed}");
        Assert.AreEqual(OtaScenario.NewVersion, OtaScenario.ReadCs08(bench, StandardBench.PpmidEui), $"seed {seed}");
        Assert.AreEqual(OtaScenario.NewVersion, OtaScenario.ReadCs08(bench, StandardBench.B2Eui), $"seed {seed}");
    }
}

using HanBench.Bench.Radio;
using HanBench.Bench.Topology;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Zcl;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>Firmware transfers end to end on the standard bench, in virtual time.</summary>
[TestClass]
public sealed class FirmwareTransferScenarioTests
{
    private const int Body = 24 * 1024;

    [TestMethod]
    public void Ppmid_FullTransfer_ActivatesRaises8F8AAnd8F8BAndCs08ReadsTheNewVersion()
    {
        const ulong seed = 0xF1A57001UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        Assert.AreEqual(0x00010000u, OtaScenario.ReadCs08(bench, StandardBench.PpmidEui));
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed);

        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, StandardBench.PpmidEui);
        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 600_000);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.ActivationAlertsFrom(StandardBench.PpmidEui).Any(), 60_000), $"seed {seed}: no 0x8F8B");

        Assert.AreEqual(GbcsAlertCode.FirmwareTransferSuccess, transfer.AlertCode, $"seed {seed}");
        Assert.AreEqual(FirmwareTransferResponseCode.Success, transfer.Response);
        Assert.AreEqual(OtaScenario.NewVersion, transfer.FirmwareVersion);
        Assert.AreEqual(StandardBench.HubEui, transfer.Hub);
        Assert.AreEqual(HanBench.Device.Roles.RoleSettings.DefaultAcbSystemTitle, transfer.Header.Recipient);
        DeviceActivationAlert activation = bench.Host.ActivationAlertsFrom(StandardBench.PpmidEui).Single();
        Assert.AreEqual(PpmidFirmwareActivationResult.Success, activation.Result);
        Assert.AreEqual(OtaScenario.NewVersion, activation.FirmwareVersion);

        bench.RunFor(bench.Ppmid.Configuration.RestartTimeMs + 1_000);
        Assert.AreEqual(OtaScenario.NewVersion, OtaScenario.ReadCs08(bench, StandardBench.PpmidEui), $"seed {seed}");
        Assert.AreEqual(OtaScenario.NewVersion, OtaScenario.Running(bench.Ppmid, FirmwareComponentId.Main));
        Console.WriteLine($"seed {seed}: {Body} bytes to the PPMID, transfer alert at {transfer.AtMs} ms, activation at {activation.AtMs} ms");
    }
    
    [TestMethod]
    public void Ppmid_OverTheZigBeeModel_EveryOtaFrameFitsOneSecuredFrame()
    {
        // Issue 14 / 16: on a ZigBee hop the PPMID asks for what one secured 802.15.4 frame carries (49 bytes), so no OTA
        // frame needs APS fragments; the hop's time comes from the Smart Energy stack model.
        const ulong seed = 0xF1A57002UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        int otaFrames = 0;
        int fragmented = 0;
        int largestBlockFrame = 0;
        bench.Medium.OnAir += air =>
        {
            if (air.Hop.Kind == HopKind.ZigBee && air.Frame.ClusterId == OtaCluster.ClusterId)
            {
                otaFrames++;
                largestBlockFrame = Math.Max(largestBlockFrame, air.Frame.EncodedLength);
                fragmented += ZigBeeStack.SmartEnergy.Fragments(air.Frame, out _, out _) == 1 ? 0 : 1;
            }
        };
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed);

        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, StandardBench.PpmidEui);
        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 600_000);

        Assert.AreEqual(FirmwareTransferResponseCode.Success, transfer.Response, $"seed {seed}");
        Assert.IsNotNull(bench.Medium.Hops[1].Model.Stack, "the demo's ZigBee hops run the Smart Energy stack model");
        Assert.IsTrue(otaFrames > Body / 49, $"seed {seed}: {otaFrames} OTA frames");
        Assert.AreEqual(0, fragmented, $"seed {seed}");
        Assert.AreEqual(ZigBeeDataFrame.MaxOneFrameZclHanFrameLength, largestBlockFrame, $"seed {seed}: blocks fill the frame");
    }

    [TestMethod]
    [DataRow("B1", FirmwareComponentId.SiLabs)]
    [DataRow("B1", FirmwareComponentId.Broadcom)]
    [DataRow("B2", FirmwareComponentId.SiLabs)]
    [DataRow("B2", FirmwareComponentId.Broadcom)]
    [DataRow("B3", FirmwareComponentId.SiLabs)]
    [DataRow("B3", FirmwareComponentId.Broadcom)]
    [DataRow("B4", FirmwareComponentId.SiLabs)]
    public void Bridge_FullTransferOfOneComponent_OnlyThatComponentChanges(string name, FirmwareComponentId component)
    {
        ulong seed = 0xB0000000UL + (ulong)name[1] * 16 + (ulong)component;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        BenchDevice bridge = bench.Bridges.Single(b => b.Name == name);
        FirmwareComponentId other = component == FirmwareComponentId.SiLabs ? FirmwareComponentId.Broadcom : FirmwareComponentId.SiLabs;
        bool hasOther = bridge.Configuration.FindComponent(other) is not null;
        BenchImage image = OtaScenario.ImageFor(bridge, component, Body, seed);

        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, bridge.Eui64);
        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, bridge.Eui64, 600_000);
        Assert.AreEqual(FirmwareTransferResponseCode.Success, transfer.Response, $"seed {seed}");
        Assert.IsTrue(bench.RunUntil(() => bench.Host.ActivationAlertsFrom(bridge.Eui64).Any(), 60_000), $"seed {seed}: no 0x8F8B");
        Assert.AreEqual(OtaScenario.NewVersion, bench.Host.ActivationAlertsFrom(bridge.Eui64).Single().FirmwareVersion);
        bench.RunFor(bridge.Configuration.RestartTimeMs + 1_000);

        Assert.AreEqual(OtaScenario.NewVersion, OtaScenario.Running(bridge, component), $"seed {seed}");
        if (hasOther)
        {
            Assert.AreEqual(0x00010000u, OtaScenario.Running(bridge, other), $"seed {seed}: the other component must not change");
        }

        // CS08 reports the SiLabs component (HanBench choice); the identity reports both.
        uint expectedCs08 = component == FirmwareComponentId.SiLabs ? OtaScenario.NewVersion : 0x00010000u;
        Assert.AreEqual(expectedCs08, OtaScenario.ReadCs08(bench, bridge.Eui64), $"seed {seed}");
        bench.Host.Ping(bridge.Eui64);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.AnswersFrom(bridge.Eui64, ManagementMessageType.Identity).Any(), 10_000));
        IdentitySnapshot identity = bench.Host.AnswersFrom(bridge.Eui64, ManagementMessageType.Identity).Last().Identity!;
        Assert.AreEqual(OtaScenario.NewVersion, identity.Components.Single(c => c.Component == component).Version);
        Assert.AreEqual(hasOther ? 2 : 1, identity.Components.Count);
    }

    [TestMethod]
    public void Ppmid_WrongHash_ImageDiscardedOldVersionKeptAnd8F89Code1()
    {
        const ulong seed = 0xBAD4A54UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed);
        byte[] wrong = (byte[])image.ManufacturerImageHash.Clone();
        wrong[5] ^= 0x40;

        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, wrong, StandardBench.PpmidEui);
        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 600_000);
        bench.RunFor(60_000);

        Assert.AreEqual(GbcsAlertCode.FirmwareTransferFailure, transfer.AlertCode, $"seed {seed}");
        Assert.AreEqual(FirmwareTransferResponseCode.ImageDiscarded, transfer.Response);
        Assert.IsFalse(bench.Host.ActivationAlertsFrom(StandardBench.PpmidEui).Any(), "a discarded image must not activate");
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(0, ppmid.Restarts);
        Assert.AreEqual(HanBench.Protocol.Transfer.OtaImageCheckResult.HashMismatch, ppmid.GetUpdater(0).Client!.LastCheckResult);
        Assert.AreEqual(0x00010000u, OtaScenario.ReadCs08(bench, StandardBench.PpmidEui));
        Assert.AreEqual(0, bench.Ppmid.Images.ListImages().Length, "the bad image is not kept");
    }

    [TestMethod]
    public void Ppmid_HardwareVersionOutsideTheImageRange_8F89Code2AndNothingSent()
    {
        const ulong seed = 0x4A4D1UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed, minimumHardware: 5, maximumHardware: 9);

        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, StandardBench.PpmidEui);
        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 600_000);

        Assert.AreEqual(GbcsAlertCode.FirmwareTransferFailure, transfer.AlertCode, $"seed {seed}");
        Assert.AreEqual(FirmwareTransferResponseCode.HardwareVersionMismatch, transfer.Response);
        Assert.AreEqual(0, bench.Hub.As<CommsHubRole>().Distributor.Server!.BlocksSent);
        Assert.AreEqual(0x00010000u, OtaScenario.ReadCs08(bench, StandardBench.PpmidEui));
    }

    [TestMethod]
    public void Ppmid_HostCancelsMidTransfer_AbortReaches_Device8F89Code3OldVersionKept()
    {
        const ulong seed = 0xAB0127UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed);
        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, StandardBench.PpmidEui);
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.IsTrue(bench.RunUntil(() => ppmid.GetUpdater(0).Client!.BytesReceived > Body / 3, 600_000));

        byte token = bench.Host.Cancel(image.Identity, StandardBench.PpmidEui);
        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 10_000);
        Assert.IsTrue(bench.RunUntil(() => ppmid.GetUpdater(0).Client!.State == HanBench.Protocol.Transfer.OtaClientState.Idle, 60_000), $"seed {seed}: client still {ppmid.GetUpdater(0).Client!.State}");
        bench.RunFor(30_000);

        Assert.AreEqual(DistributeStatus.Accepted, bench.Host.Management.Single(m => m.Token == token).Distribute!.Value.Status);
        Assert.AreEqual(FirmwareTransferResponseCode.FileTransferFailure, transfer.Response, $"seed {seed}");
        Assert.AreEqual(HanBench.Protocol.Transfer.OtaClientError.ServerAborted, ppmid.GetUpdater(0).Client!.LastError);
        Assert.AreEqual(1, bench.Host.TransferAlertsFor(StandardBench.PpmidEui).Count(), "one alert per transfer");
        Assert.IsFalse(bench.Host.ActivationAlertsFrom(StandardBench.PpmidEui).Any());
        Assert.AreEqual(0x00010000u, OtaScenario.Running(bench.Ppmid, FirmwareComponentId.Main));
    }

    [TestMethod]
    public void Distribute_ImageNotHeldOrDeviceNotJoined_RefusedWhole()
    {
        var bench = new StandardBench(0xD157UL);
        bench.JoinAll();
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, 1024, 1);
        byte token = bench.Host.Distribute(image.Identity, image.ManufacturerImageHash, StandardBench.PpmidEui);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Management.Any(m => m.Token == token && m.Type == ManagementMessageType.DistributeResult), 10_000));
        Assert.AreEqual(DistributeStatus.ImageNotHeld, bench.Host.Management.Last(m => m.Token == token).Distribute!.Value.Status);

        OtaScenario.DeliverToHub(bench, image);
        token = bench.Host.Distribute(image.Identity, image.ManufacturerImageHash, StandardBench.PpmidEui, 0x00DB0000000000EEUL);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Management.Any(m => m.Token == token && m.Type == ManagementMessageType.DistributeResult), 10_000));
        DistributeResult result = bench.Host.Management.Last(m => m.Token == token).Distribute!.Value;
        Assert.AreEqual(DistributeStatus.DeviceNotJoined, result.Status);
        Assert.AreEqual(0x00DB0000000000EEUL, result.Device);
        Assert.AreEqual(0, bench.Hub.As<CommsHubRole>().Distributor.ActiveTransfers);
    }
    [TestMethod]
    public void Hub_PowerCycledBetweenTransfers_KeepsImagesAndAlertCountersKeepRising()
    {
        const ulong seed = 0xC0C0C0UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        BenchImage second = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed, version: 0x00010002);
        BenchImage third = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed + 1, version: 0x00010003);
        OtaScenario.DeliverToHub(bench, second);
        OtaScenario.DeliverToHub(bench, third);
        OtaScenario.Distribute(bench, second, null, StandardBench.PpmidEui);
        Assert.AreEqual(FirmwareTransferResponseCode.Success, OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 600_000).Response);
        bench.RunFor(bench.Ppmid.Configuration.RestartTimeMs + 5_000);

        bench.Hub.PowerCycle(2_000);
        bench.RunFor(5_000);
        // The second image was deleted once its only transfer ended; the third, still to be distributed, is offered again.
        Assert.AreEqual(1, bench.Hub.As<CommsHubRole>().Distributor.Server!.ImageCount, "images in the store are offered again after a restart");
        OtaScenario.Distribute(bench, third, null, StandardBench.PpmidEui);
        Assert.AreEqual(FirmwareTransferResponseCode.Success, OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 600_000, nth: 2).Response);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.ActivationAlertsFrom(StandardBench.PpmidEui).Count() == 2, 60_000));

        ulong[] hubCounters = bench.Host.TransferAlertsFor(StandardBench.PpmidEui).Select(a => a.Header.OriginatorCounter).ToArray();
        ulong[] ppmidCounters = bench.Host.ActivationAlertsFrom(StandardBench.PpmidEui).Select(a => a.Header.OriginatorCounter).ToArray();
        Assert.IsTrue(hubCounters[1] > hubCounters[0], $"seed {seed}: hub counters {string.Join(",", hubCounters)}");
        Assert.IsTrue(ppmidCounters[1] > ppmidCounters[0], $"seed {seed}: PPMID counters {string.Join(",", ppmidCounters)}");
        Assert.AreEqual(0x00010003u, bench.Host.ActivationAlertsFrom(StandardBench.PpmidEui).Last().FirmwareVersion);
    }
}

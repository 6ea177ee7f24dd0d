using HanBench.Bench.Topology;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>The standard bench without firmware transfers: joins, the Type 1 limit, GBCS relay, CS08 and replay refusal.</summary>
[TestClass]
public sealed class WhitelistAndGbcsScenarioTests
{
    private const ulong Seed = 0x5EED0001UL;

    [TestMethod]
    public void Join_SeventhType1Device_RefusedWithTheLimitAsReason()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        var hub = bench.Hub.As<CommsHubRole>();
        Assert.AreEqual(5, hub.Whitelist.Type1Count);

        Assert.AreEqual(JoinStatus.Joined, JoinAndWait(bench, 0x00DB0000000000A6UL, HanDeviceType.Hcalcs).Status);
        JoinResult seventh = JoinAndWait(bench, 0x00DB0000000000A7UL, HanDeviceType.Ppmid);

        Assert.AreEqual(JoinStatus.Type1LimitReached, seventh.Status);
        Assert.AreEqual((byte)6, seventh.Type1Count);
        Assert.IsFalse(hub.Whitelist.Contains(0x00DB0000000000A7UL));
        Assert.IsTrue(bench.Hub.Log.Contains("Type 1 devices are joined already"));

        // A device that is not Type 1 still fits, and the list survives a power cycle of the hub.
        Assert.AreEqual(JoinStatus.Joined, JoinAndWait(bench, 0x00DB0000000000B1UL, HanDeviceType.Esme).Status);
        bench.Hub.PowerCycle(1_000);
        bench.RunFor(2_000);
        Assert.AreEqual(6, bench.Hub.As<CommsHubRole>().Whitelist.Type1Count);
        Assert.AreEqual(JoinStatus.Type1LimitReached, JoinAndWait(bench, 0x00DB0000000000A7UL, HanDeviceType.Ppmid).Status);
        Assert.AreEqual(JoinStatus.AlreadyJoined, JoinAndWait(bench, StandardBench.PpmidEui, HanDeviceType.Ppmid).Status);
    }

    [TestMethod]
    public void Cs08_ToPpmidAndBridges_AnswersTheRunningVersionThroughTheHub()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        foreach (BenchDevice device in new[] { bench.Ppmid, bench.B1, bench.B2, bench.B3, bench.B4 })
        {
            bench.Host.SendCs08(device.Eui64);
            Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(device.Eui64).Any(), 10_000), device.Name);
            FirmwareVersionResponse response = bench.Host.Cs08ResponsesFrom(device.Eui64).Single();
            Assert.AreEqual(0x00010000u, response.FirmwareVersion, device.Name);
            Assert.AreEqual(RoleConfigurationAcb, response.Header.Recipient, device.Name);
        }
    }

    [TestMethod]
    public void Cs08_ReplayedOrOlderCounter_RefusedWithReasonEvenAfterARestart()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        byte[] first = bench.Host.SendCs08(StandardBench.PpmidEui, counter: 0x2000);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count() == 1, 10_000));

        bench.Host.SendGbcs(StandardBench.PpmidEui, first);
        bench.RunFor(5_000);
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count());
        Assert.AreEqual(1, ppmid.CommandsRefused);
        StringAssert.Contains(ppmid.LastRefusal, "replayed originator counter 8192");

        bench.Host.SendCs08(StandardBench.PpmidEui, counter: 0x1FFF);
        bench.RunFor(5_000);
        Assert.AreEqual(2, ppmid.CommandsRefused);
        StringAssert.Contains(ppmid.LastRefusal, "older");

        bench.Ppmid.PowerCycle(500);
        bench.RunFor(1_000);
        bench.Host.SendGbcs(StandardBench.PpmidEui, first);
        bench.RunFor(5_000);
        Assert.AreEqual(1, bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count());
        Assert.AreEqual(1, bench.Ppmid.As<PpmidRole>().CommandsRefused);

        bench.Host.SendCs08(StandardBench.PpmidEui, counter: 0x2001);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count() == 2, 10_000));
    }

    [TestMethod]
    public void Gbcs_ForADeviceNotOnTheWhitelist_DroppedByTheHub()
    {
        var bench = new StandardBench(Seed);
        bench.Host.SendCs08(StandardBench.PpmidEui);
        bench.RunFor(5_000);
        Assert.AreEqual(0, bench.Host.Gbcs.Count);
        Assert.AreEqual(1, bench.Hub.As<CommsHubRole>().RefusedToHan);
        Assert.AreEqual(0, bench.Ppmid.As<PpmidRole>().FirmwareVersionReads);
    }

    [TestMethod]
    public void Ping_Bridge_IdentityReportsBothComponentsAndVariant()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        bench.Host.Ping(StandardBench.B2Eui);
        bench.Host.Ping(StandardBench.B4Eui);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Management.Count(m => m.Type == ManagementMessageType.Identity) == 2, 10_000));
        IdentitySnapshot b2 = bench.Host.AnswersFrom(StandardBench.B2Eui, ManagementMessageType.Identity).Single().Identity!;
        IdentitySnapshot b4 = bench.Host.AnswersFrom(StandardBench.B4Eui, ManagementMessageType.Identity).Single().Identity!;
        Assert.AreEqual(DeviceRoleKind.Bridge, b2.Role);
        Assert.AreEqual(AltHanVariant.B2, b2.Variant);
        Assert.AreEqual(2, b2.Components.Count);
        Assert.AreEqual(FirmwareComponentId.SiLabs, b2.Components[0].Component);
        Assert.AreEqual(FirmwareComponentId.Broadcom, b2.Components[1].Component);
        Assert.AreNotEqual(b2.Components[0].ImageType, b2.Components[1].ImageType);
        Assert.AreEqual(1, b4.Components.Count);
        Assert.AreEqual(AltHanVariant.B4, b4.Variant);
    }

    private const ulong RoleConfigurationAcb = HanBench.Device.Roles.RoleSettings.DefaultAcbSystemTitle;

    private static JoinResult JoinAndWait(StandardBench bench, ulong device, HanDeviceType type)
    {
        byte token = bench.Host.Join(device, type);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Management.Any(m => m.Token == token && m.Type == ManagementMessageType.JoinResult), 10_000));
        return bench.Host.Management.Last(m => m.Token == token).Join!.Value;
    }
}

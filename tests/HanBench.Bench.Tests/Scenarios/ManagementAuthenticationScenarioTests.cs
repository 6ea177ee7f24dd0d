using HanBench.Bench.Devices;
using HanBench.Bench.Radio;
using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Host.Csp;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// HanBench's own management channel is authenticated per board (issue 8 §3, issue 13 §4): a third party on a PPMID's
/// link can neither hand it an image expectation nor reboot it, a genuine frame cannot be played again (also after a
/// restart), and a board with no keys provisioned refuses, naming why — it never falls back to shared test keys.
/// </summary>
[TestClass]
public sealed class ManagementAuthenticationScenarioTests
{
    private const ulong Seed = 0x3A6A_7E00UL;
    private const ulong MadeUp = 0x00DB_BAD0_0000_0666UL;
    private const ulong Rogue = 0x00DB_BAD0_0000_0777UL;

    [TestMethod]
    public void ImageExpectation_UnauthenticatedFromAMadeUpAddress_DroppedAndNothingStored()
    {
        var bench = Joined();
        var ppmid = bench.Ppmid.As<PpmidRole>();

        Inject(bench, bench.Ppmid, ManagementFrames.Frame(MadeUp, StandardBench.PpmidEui, 0, ManagementFrames.PpmidExpectation(0x0BADF00D)));

        Assert.AreEqual(1, ppmid.ManagementSecurity.Unauthenticated);
        Assert.IsFalse(ppmid.GetUpdater(0).HasExpectation, "no expectation taken");
        Assert.IsFalse(bench.Ppmid.Settings.Keys().Any(k => k.StartsWith("expect.", StringComparison.Ordinal)), "nothing stored");
        Assert.IsTrue(LogText(bench.Ppmid).Contains("dropped: unauthenticated (no MAC)", StringComparison.Ordinal), LogText(bench.Ppmid));
    }

    [TestMethod]
    public void ImageExpectation_MacdWithAWrongKey_DroppedAsBadMac()
    {
        var bench = Joined();
        var ppmid = bench.Ppmid.As<PpmidRole>();
        var rogue = ManagementKeyring.ForTestKeys(Seed ^ 0xFF);

        (ushort suite, byte[] payload) = rogue.Seal(StandardBench.HubEui, StandardBench.HubEui, StandardBench.PpmidEui, ManagementFrames.PpmidExpectation(0x0BADF00D));
        Inject(bench, bench.Ppmid, ManagementFrames.Frame(StandardBench.HubEui, StandardBench.PpmidEui, suite, payload));

        Assert.AreEqual(1, ppmid.ManagementSecurity.BadMac);
        Assert.IsFalse(ppmid.GetUpdater(0).HasExpectation);
    }

    [TestMethod]
    public void Reboot_FromAMadeUpSource_DoesNotRestartThePpmid()
    {
        var bench = Joined();
        var ppmid = bench.Ppmid.As<PpmidRole>();

        Inject(bench, bench.Ppmid, ManagementFrames.Frame(MadeUp, StandardBench.PpmidEui, 0, ManagementFrames.Reboot()));
        bench.RunFor(5_000);

        Assert.AreEqual(0, ppmid.Restarts);
        Assert.AreEqual(1, ppmid.ManagementSecurity.Dropped);
    }

    [TestMethod]
    public void Reboot_FromTheGenuineHost_RestartsThePpmid()
    {
        var bench = Joined();
        bench.Host.Reboot(StandardBench.PpmidEui);
        Assert.IsTrue(bench.RunUntil(() => bench.Ppmid.As<PpmidRole>().Restarts == 1, 10_000), LogText(bench.Ppmid));
        Assert.AreEqual(0, bench.Ppmid.As<PpmidRole>().ManagementSecurity.Dropped);
    }

    [TestMethod]
    public void Reboot_GenuineFrameReplayed_DroppedAlsoAfterARestart()
    {
        var bench = Joined();
        var keys = HubSessionOptions.DefaultManagementKeys;
        (ushort suite, byte[] payload) = keys.Seal(StandardBench.HostEui, StandardBench.HubEui, StandardBench.PpmidEui, ManagementFrames.Reboot());
        HanFrame genuine = ManagementFrames.Frame(StandardBench.HostEui, StandardBench.PpmidEui, suite, payload);

        Inject(bench, bench.Ppmid, genuine);
        Assert.IsTrue(bench.RunUntil(() => bench.Ppmid.As<PpmidRole>().Restarts == 1, 10_000), "the genuine frame acts once");
        bench.RunFor(RoleSettings.DefaultRestartTimeMs + 1_000);

        Inject(bench, bench.Ppmid, genuine);
        bench.RunFor(5_000);
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, ppmid.Restarts, "the replay does not restart it");
        Assert.AreEqual(1, ppmid.ManagementSecurity.Replayed);

        bench.Ppmid.PowerCycle(500);
        bench.RunFor(1_000);
        Inject(bench, bench.Ppmid, genuine);
        bench.RunFor(5_000);
        var rebooted = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(0, rebooted.Restarts, "nor after a power cycle: the counter is stored");
        Assert.AreEqual(1, rebooted.ManagementSecurity.Replayed);
    }

    [TestMethod]
    public void Join_UnauthenticatedFromAMadeUpHost_RefusedByTheHub()
    {
        var bench = new StandardBench(Seed);
        var hub = bench.Hub.As<CommsHubRole>();
        var message = new ManagementMessage { Header = new ManagementHeader(ManagementMessageType.JoinDevice, 7) };
        message.Join = new JoinDeviceRequest { Eui64 = MadeUp, DeviceType = HanDeviceType.Ppmid };
        Inject(bench, bench.Hub, ManagementFrames.Frame(MadeUp, StandardBench.HubEui, 0, ManagementFrames.Encode(message)));

        Assert.AreEqual(1, hub.ManagementSecurity.Unauthenticated);
        Assert.AreEqual(0, hub.Whitelist.Count, "nothing joined");
    }

    [TestMethod]
    public void Ppmid_NoKeysProvisioned_RefusesManagementAndGbcsNamingWhy()
    {
        var bench = new StandardBench(Seed, new StandardBenchOptions { Unprovisioned = c => c.Role == DeviceRoleKind.Ppmid });
        bench.JoinAll();
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.IsNull(ppmid.Credentials);
        StringAssert.Contains(ppmid.CredentialsProblem, "no keys provisioned");

        bench.Host.Reboot(StandardBench.PpmidEui);
        bench.RunFor(5_000);
        Assert.AreEqual(0, ppmid.Restarts);
        Assert.AreEqual(1, ppmid.ManagementSecurity.NoKey);
        StringAssert.Contains(LogText(bench.Ppmid), "dropped: no keys provisioned");

        bench.Host.SendCs08(StandardBench.PpmidEui);
        bench.RunFor(5_000);
        Assert.AreEqual(0, bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count(), "no test-key fallback answers");
        StringAssert.Contains(ppmid.LastRefusal, "no GBCS keys: no keys provisioned");
    }

    private static StandardBench Joined()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        return bench;
    }

    private static string LogText(BenchDevice device) => string.Join('\n', device.Log.Lines());

    // A third party on the device's link: a node of its own on the medium, hop for hop beside the real peer.
    private static void Inject(StandardBench bench, BenchDevice device, HanFrame frame)
    {
        MediumNode? rogue = bench.Medium.FindNode(Rogue);
        if (rogue is null)
        {
            rogue = bench.Medium.AddNode(Rogue, "rogue");
            bench.Medium.AddHop(rogue, device.Node, HopKind.Wire, RadioModel.Uart(115_200, 6));
        }

        rogue.Port(HopKind.Wire).Send(frame);
        bench.RunFor(1_000);
    }
}

using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// Issue 8 §3: a PPMID or an Alt HAN bridge configured to require signed images (<see cref="RoleSettings.RequireSignedImages"/>,
/// <c>board --require-signed-images</c>) refuses an unsigned image of its firmware as GBCS 0x8F1C Firmware Verification
/// Failed, naming the reason; the hub reports the transfer failed (0x8F89, image discarded) and nothing is activated. The
/// same device takes an image the supplier signed.
/// </summary>
[TestClass]
public sealed class SignedDeviceImageScenarioTests
{
    private const int Body = 8 * 1024;
    private const ulong Seed = 0x5161_0E12UL;

    [TestMethod]
    public void Ppmid_RequiresSignedImages_UnsignedRefusedWith8F1CNothingActivated_SignedActivated()
    {
        var bench = new StandardBench(Seed, new StandardBenchOptions { Configure = c => c.RequireSignedImages = true });
        bench.JoinAll();

        AssertUnsignedRefused(bench, bench.Ppmid, FirmwareComponentId.Main);
        AssertSignedActivated(bench, bench.Ppmid, FirmwareComponentId.Main);
    }

    [TestMethod]
    public void Bridge_RequiresSignedImages_UnsignedRefusedWith8F1CNothingActivated_SignedActivated()
    {
        var bench = new StandardBench(Seed, new StandardBenchOptions { Configure = c => c.RequireSignedImages = true });
        bench.JoinAll();
        BenchDevice bridge = bench.Bridges.Single(b => b.Name == "B1");

        AssertUnsignedRefused(bench, bridge, FirmwareComponentId.SiLabs);
        AssertSignedActivated(bench, bridge, FirmwareComponentId.SiLabs);
    }

    private static void AssertUnsignedRefused(StandardBench bench, BenchDevice device, FirmwareComponentId component)
    {
        uint before = OtaScenario.Running(device, component);
        BenchImage image = OtaScenario.ImageFor(device, component, Body, Seed);

        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, device.Eui64);
        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, device.Eui64, 600_000);
        bench.RunFor(30_000);

        string log = string.Join(Environment.NewLine, device.Log.Lines());
        Assert.AreEqual(GbcsAlertCode.FirmwareTransferFailure, transfer.AlertCode, log);
        Assert.AreEqual(FirmwareTransferResponseCode.ImageDiscarded, transfer.Response);
        var role = device.As<PpmidRole>();
        ComponentUpdater updater = role.GetUpdater(IndexOf(device, component));
        Assert.AreEqual(OtaImageCheckResult.SignatureInvalid, updater.Client!.LastCheckResult);
        Assert.AreEqual(1, updater.ImagesRefused);
        StringAssert.Contains(log, "refused: 0x8F1C Firmware Verification Failed (supplier signature missing); discarded, nothing activated");
        Assert.IsFalse(bench.Host.ActivationAlertsFrom(device.Eui64).Any(), "nothing activated");
        Assert.AreEqual(0, role.Restarts);
        Assert.AreEqual(before, OtaScenario.Running(device, component));
        Assert.AreEqual(0, device.Images.ListImages().Length, "the unsigned image is not kept");
    }

    private static void AssertSignedActivated(StandardBench bench, BenchDevice device, FirmwareComponentId component)
    {
        FirmwareComponentConfig config = device.Configuration.FindComponent(component)!;
        BenchImage image = BenchImages.BuildSigned(config.ManufacturerCode, config.ImageType, OtaScenario.NewVersion + 1, Body, Seed);

        OtaScenario.DeliverToHub(bench, image);
        OtaScenario.Distribute(bench, image, null, device.Eui64);
        HubTransferAlert transfer = OtaScenario.WaitForTransferAlert(bench, device.Eui64, 600_000, nth: 2);
        Assert.AreEqual(FirmwareTransferResponseCode.Success, transfer.Response, string.Join(Environment.NewLine, device.Log.Lines()));
        Assert.IsTrue(bench.RunUntil(() => bench.Host.ActivationAlertsFrom(device.Eui64).Any(), 60_000), "no 0x8F8B");
        bench.RunFor(device.Configuration.RestartTimeMs + 1_000);
        Assert.AreEqual(OtaScenario.NewVersion + 1, OtaScenario.Running(device, component));
    }

    private static int IndexOf(BenchDevice device, FirmwareComponentId component)
    {
        for (int i = 0; i < device.Configuration.Components.Length; i++)
        {
            if (device.Configuration.Components[i].Component == component)
            {
                return i;
            }
        }

        throw new AssertFailedException($"{device.Name} has no {component} component");
    }
}

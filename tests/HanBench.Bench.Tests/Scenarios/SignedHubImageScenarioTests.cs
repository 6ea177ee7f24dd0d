using System.Security.Cryptography;
using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Ota;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Zcl;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// Issue 8 §3, §5: a GBCS-signed image delivered to the Comms Hub (SRV 11.1) is kept, and so can be activated, only when
/// its supplier signature verifies against the hub's trust anchor (the supplier's DS key); one that does not is refused
/// as GBCS 0x8F1C Firmware Verification Failed, the host is told INVALID_IMAGE, and nothing is stored or activated. A hub
/// configured to require signed images (RoleSettings.RequireSignedImages) refuses an unsigned one alike.
/// </summary>
[TestClass]
public sealed class SignedHubImageScenarioTests
{
    private const ulong Seed = 0x5161_0E11UL;
    private const uint NewVersion = 0x00020000;
    private const uint InitialVersion = 0x00010000;

    [TestMethod]
    public void HubImage_SignedByAnotherKey_RefusedWith8F1C_NothingStoredOrActivated()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        var ended = new List<HubDeliveryEvent>();
        bench.Host.Session.Images.Delivery += e => Collect(ended, e);
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        BenchImage image = HubImage(bench, impostor);

        bench.Host.Deliver(image.Bytes);
        Assert.IsTrue(bench.RunUntil(() => ended.Count > 0, 300_000), string.Join(Environment.NewLine, bench.Hub.Log.Lines()));

        var hub = bench.Hub.As<CommsHubRole>();
        Assert.AreEqual(OtaStatus.InvalidImage, ended[0].Status, "the host is told INVALID_IMAGE");
        Assert.AreEqual(1, hub.Puller.ImagesRefused);
        Assert.IsTrue(bench.Hub.Log.Contains("refused: 0x8F1C Firmware Verification Failed (supplier signature does not verify)"), string.Join(Environment.NewLine, bench.Hub.Log.Lines()));
        Assert.IsFalse(bench.Hub.Images.TryGetLength(ImageKeys.For(image.Identity), out _), "nothing stored");
        Assert.AreEqual(0, bench.Host.Delivered.Count);

        bench.Host.SendCs06(StandardBench.HubEui, image.ManufacturerImageHash);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 10_000));
        Assert.AreEqual(ActivateFirmwareResponseCode.NoImageHeld, bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Single().ResponseCode, "nothing to activate");
        Assert.AreEqual(0, hub.Restarts);
        Assert.AreEqual(InitialVersion, hub.GetVersion(0));
    }

    [TestMethod]
    public void HubImage_SignedByTheSupplier_StoredAndActivatedByCs06()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        BenchImage image = HubImage(bench, supplierKey: null);

        bench.Host.Deliver(image.Bytes);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Delivered.Count > 0, 300_000), string.Join(Environment.NewLine, bench.Hub.Log.Lines()));
        Assert.IsTrue(bench.Hub.Images.TryGetLength(ImageKeys.For(image.Identity), out _));
        Assert.AreEqual(0, bench.Hub.As<CommsHubRole>().Puller.ImagesRefused);

        bench.Host.SendCs06(StandardBench.HubEui, image.ManufacturerImageHash);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 120_000));
        Assert.AreEqual(ActivateFirmwareResponseCode.Success, bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Single().ResponseCode);
        Assert.AreEqual(NewVersion, bench.Hub.As<CommsHubRole>().GetVersion(0));
    }

    [TestMethod]
    public void HubImage_Unsigned_RefusedOnlyWhenTheHubRequiresSignedImages()
    {
        foreach (bool required in new[] { true, false })
        {
            var bench = new StandardBench(Seed, new StandardBenchOptions { Configure = c => c.RequireSignedImages = required });
            bench.JoinAll();
            var ended = new List<HubDeliveryEvent>();
            bench.Host.Session.Images.Delivery += e => Collect(ended, e);
            FirmwareComponentConfig component = bench.Hub.Configuration.Components[0];
            BenchImage image = BenchImages.Build(component.ManufacturerCode, component.ImageType, NewVersion, 20_000, Seed);

            bench.Host.Deliver(image.Bytes);
            Assert.IsTrue(bench.RunUntil(() => ended.Count > 0 || bench.Host.Delivered.Count > 0, 300_000), $"required={required}");

            Assert.AreEqual(required, bench.Hub.Log.Contains("refused: 0x8F1C Firmware Verification Failed (supplier signature missing)"), $"required={required}");
            Assert.AreEqual(!required, bench.Hub.Images.TryGetLength(ImageKeys.For(image.Identity), out _), $"required={required}");
        }
    }

    private static void Collect(List<HubDeliveryEvent> ended, HubDeliveryEvent e)
    {
        if (e.Kind == HubDeliveryEventKind.Ended)
        {
            ended.Add(e);
        }
    }

    private static BenchImage HubImage(StandardBench bench, ECDsa? supplierKey)
    {
        FirmwareComponentConfig component = bench.Hub.Configuration.Components[0];
        return BenchImages.BuildSigned(component.ManufacturerCode, component.ImageType, NewVersion, 20_000, Seed, supplierKey);
    }
}

using HanBench.Bench.Topology;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Ota;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// The Comms Hub's image store lifecycle (issue 13): an image is deleted once no transfer of it is left (finished,
/// failed or cancelled), the hub holds at most as many images for its HAN as it can offer and refuses more saying why,
/// and after a restart it offers exactly what it holds. Before, a hub kept every image (16 MB on one run) and after a
/// restart offered only 8 of them.
/// </summary>
[TestClass]
public sealed class HubImageStoreScenarioTests
{
    private const int Body = 8 * 1024;

    [TestMethod]
    public void HubImageStore_TheOnlyTransferOfAnImageSucceeds_ImageDeletedFromStoreAndServer()
    {
        const ulong seed = 0x5707E01UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        var hub = bench.Hub.As<CommsHubRole>();
        BenchImage image = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed);
        OtaScenario.DeliverToHub(bench, image);
        Assert.IsTrue(bench.Hub.Images.TryGetLength(ImageKeys.For(image.Identity), out _), "held while it is to be distributed");

        OtaScenario.Distribute(bench, image, null, StandardBench.PpmidEui);
        HubTransferAlert alert = OtaScenario.WaitForTransferAlert(bench, StandardBench.PpmidEui, 600_000);

        Assert.AreEqual(FirmwareTransferResponseCode.Success, alert.Response, $"seed {seed}");
        Assert.AreEqual(0, hub.Distributor.StoredHanImages(), $"seed {seed}: {string.Join(", ", bench.Hub.Images.ListImages())}");
        Assert.IsNull(hub.Distributor.Server!.FindImage(image.Identity.ManufacturerCode, image.Identity.ImageType, image.Identity.FileVersion));
        Assert.IsTrue(bench.Hub.Log.Contains($"image {ImageKeys.For(image.Identity)} deleted: no transfer of it is left"));
    }

    [TestMethod]
    public void HubImageStore_TwoDevicesOneFinishes_ImageKeptUntilTheOtherIsCancelled()
    {
        const ulong seed = 0x5707E02UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        var hub = bench.Hub.As<CommsHubRole>();
        BenchImage image = OtaScenario.ImageFor(bench.B2, FirmwareComponentId.SiLabs, Body, seed);
        OtaScenario.DeliverToHub(bench, image);

        // B2 takes the image; the PPMID is named too but never asks for an image of another type: its transfer waits.
        OtaScenario.Distribute(bench, image, null, StandardBench.B2Eui, StandardBench.PpmidEui);
        OtaScenario.WaitForTransferAlert(bench, StandardBench.B2Eui, 600_000);
        Assert.AreEqual(1, hub.Distributor.StoredHanImages(), $"seed {seed}: still needed for the PPMID's transfer");

        byte token = bench.Host.Cancel(image.Identity, StandardBench.PpmidEui);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Management.Any(m => m.Token == token && m.Type == ManagementMessageType.DistributeResult), 10_000));

        Assert.AreEqual(0, hub.Distributor.StoredHanImages(), $"seed {seed}: the cancelled request's image is deleted");
    }

    [TestMethod]
    public void HubImageStore_FullOfImagesForTheHan_RefusesTheNextSayingWhyAndARestartOffersEveryImageHeld()
    {
        const ulong seed = 0x5707E03UL;
        var bench = new StandardBench(seed);
        bench.JoinAll();
        var hub = bench.Hub.As<CommsHubRole>();
        for (int i = 0; i < HubDistributor.MaxImages; i++)
        {
            OtaScenario.DeliverToHub(bench, OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed + (ulong)i, version: 0x00020000u + (uint)i));
        }

        BenchImage extra = OtaScenario.ImageFor(bench.Ppmid, FirmwareComponentId.Main, Body, seed + 99, version: 0x00030000u);
        bench.Host.Deliver(extra.Bytes);
        Assert.IsTrue(bench.RunUntil(() => hub.Puller.Sink.Refused > 0, 120_000), $"seed {seed}: the ninth image is refused");
        bench.RunFor(30_000);

        Assert.AreEqual(HubDistributor.MaxImages, hub.Distributor.StoredHanImages(), $"seed {seed}");
        Assert.IsFalse(bench.Host.Delivered.Any(d => d.SameAs(extra.Identity)), "the hub never took the ninth image");
        Assert.IsTrue(bench.Hub.Log.Contains($"image {ImageKeys.For(extra.Identity)} ({extra.Bytes.Length} bytes) refused: the hub holds {HubDistributor.MaxImages} images for its HAN already"),
            string.Join("\n", bench.Hub.Log.Lines()));

        bench.Hub.PowerCycle(1_000);
        bench.RunFor(5_000);
        Assert.AreEqual(HubDistributor.MaxImages, hub.Distributor.Server!.ImageCount, $"seed {seed}: a restart offers every image the hub holds");
    }
}

using System.Security.Cryptography;
using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.Hub;
using HanBench.Device.Roles.Ota;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// SRV 11.1 for the Comms Hub with an image whose supplier signature does not verify: the hub refuses it
/// (INVALID_IMAGE, GBCS 0x8F1C Firmware Verification Failed) and the CSP records the failed delivery attempt with its
/// reason and raises N60 (as for any failed delivery attempt), never N59; nothing reaches the hub's store.
/// </summary>
[TestClass]
public sealed class SignedHubImageDeliveryTests
{
    private static readonly Eui64 Hub = new(StandardBench.HubEui);

    [TestMethod]
    public void UpdateFirmware_HubImageSignedByAnotherKey_RefusedByTheHub_N60WithTheReasonNoN59()
    {
        using var bench = new EngineBench(0x51A1);
        bench.Store.Write(s => s.Devices.SetFirmwareVersion(Hub, FirmwareComponents.Main, "00010000"));
        FirmwareComponentConfig component = bench.Bench.Hub.Configuration.Components[0];
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        BenchImage image = BenchImages.BuildSigned(component.ManufacturerCode, component.ImageType, 0x00020000, 30_000, 7, impostor);
        string hash = Convert.ToHexStringLower(image.ManufacturerImageHash);
        bench.Store.Write(s => s.Cpl.Put(new CplEntry("CHMF", "CH-1", FirmwareComponents.Main, "00020000", hash)));
        FirmwareUpdateResult update = bench.Handlers.FirmwareUpdate.Handle(new FirmwareUpdateRequest($"{EngineBench.Requester}:{Hub}:111",
            FirmwareUpdateKind.UpdateFirmware, Convert.ToBase64String(image.Bytes), "00020000", [Hub]));
        Assert.AreEqual(DuisResponseCodes.Acknowledged, update.ResponseCode, update.Message);
        bench.Engine.Wake();

        Assert.IsTrue(bench.Bench.RunUntil(() => bench.AlertCodes(StandardBench.HubEui).Contains(DccAlertCodes.CspDeliveryFailed), 600_000), string.Join(Environment.NewLine, bench.Log));

        FirmwareProgressRecord progress = bench.ProgressOf(update, StandardBench.HubEui);
        StringAssert.Contains(progress.FailureReason, "0x8F1C Firmware Verification Failed");
        Assert.IsFalse(bench.AlertCodes(StandardBench.HubEui).Contains(DccAlertCodes.CspDeliverySucceeded), "never N59");
        Assert.AreEqual(1, bench.Bench.Hub.As<CommsHubRole>().Puller.ImagesRefused, "refused at once, not downloaded again and again");
        Assert.IsFalse(bench.Bench.Hub.Images.TryGetLength(ImageKeys.For(image.Identity), out _));
        Assert.AreEqual("00010000", bench.Store.Read(s => s.Devices.FirmwareVersion(Hub, FirmwareComponents.Main)));
    }
}

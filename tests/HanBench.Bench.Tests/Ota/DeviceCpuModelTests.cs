using HanBench.Bench.Ota;

namespace HanBench.Bench.Tests.Ota;

[TestClass]
public class DeviceCpuModelTests
{
    // Worked by hand: 1,050 bytes in 100-byte blocks is 11 blocks (the last one 50 bytes).
    // sender   = 11 × 1,000 µs + 1,050 × 0 µs      = 11,000 µs = 0.011 s
    // receiver = 11 × 2,000 µs + 1,050 × 10 µs     = 22,000 + 10,500 µs = 0.0325 s
    private static readonly DeviceCpuModel Model = new("test", senderUsPerBlock: 1000, senderUsPerByte: 0, receiverUsPerBlock: 2000, receiverUsPerByte: 10);

    [TestMethod]
    public void Charge_PagesSlowerCpuThanLine_ReceiverSetsTheTime()
    {
        DeviceCharge charge = Model.Charge(1050, 100, lineSeconds: 0.020, pipelined: true);

        Assert.AreEqual(0.011, charge.SenderSeconds, 1e-12);
        Assert.AreEqual(0.0325, charge.ReceiverSeconds, 1e-12);
        Assert.AreEqual(0.0325, charge.ExpectedSeconds, 1e-12, "pages overlap: the slowest of line 0.020, sender 0.011, receiver 0.0325");
        Assert.AreEqual("device CPU", charge.Bound);
    }

    [TestMethod]
    public void Charge_PagesFasterCpuThanLine_LineSetsTheTime()
    {
        DeviceCharge charge = Model.Charge(1050, 100, lineSeconds: 0.050, pipelined: true);

        Assert.AreEqual(0.050, charge.ExpectedSeconds, 1e-12);
        Assert.AreEqual("line", charge.Bound);
    }

    [TestMethod]
    public void Charge_StopAndWait_AddsBothCpusToTheLine()
    {
        DeviceCharge charge = Model.Charge(1050, 100, lineSeconds: 0.050, pipelined: false);

        Assert.AreEqual(0.050 + 0.011 + 0.0325, charge.ExpectedSeconds, 1e-12);
        Assert.AreEqual("line", charge.Bound, "0.0435 s of CPU against 0.050 s of line");
        Assert.AreEqual("device CPU", Model.Charge(1050, 100, lineSeconds: 0.040, pipelined: false).Bound);
    }

    [TestMethod]
    public void Esp32_DefaultsFollowTheIssueFigures()
    {
        // 145 µs per block split in half, 67 ms / 64 KiB for SHA-256, ×20 for an ESP32.
        Assert.AreEqual(1450.0, DeviceCpuModel.Esp32.SenderUsPerBlock, 1e-9);
        Assert.AreEqual(1450.0, DeviceCpuModel.Esp32.ReceiverUsPerBlock, 1e-9);
        Assert.AreEqual(20 * 67_000.0 / 65_536, DeviceCpuModel.Esp32.ReceiverUsPerByte, 1e-9);
        Assert.AreEqual(0.0, DeviceCpuModel.None.Charge(1000, 10, 1.5, true).ExpectedSeconds - 1.5, 1e-12);
    }

    [TestMethod]
    public void Parse_UnknownDevice_NamesTheChoices()
    {
        ArgumentException error = Assert.ThrowsExactly<ArgumentException>(() => DeviceCpuModel.Parse("esp8266"));

        StringAssert.Contains(error.Message, "esp32, esp32-s3, none");
        Assert.AreSame(DeviceCpuModel.Esp32S3, DeviceCpuModel.Parse("esp32-s3"));
    }

    [TestMethod]
    public void Run_Esp32_UartIsCpuBoundAndZigBeeLineBound()
    {
        OtaBenchReport report = OtaBenchmark.Run(65536, DeviceCpuModel.Esp32);

        OtaLinkResult uart = report.Links.Single(l => l.Mode == "pages+acfc");
        OtaLinkResult zigbee = report.Links.Single(l => l.Link == "802.15.4" && l.Mode == "pages");
        Assert.AreEqual("device CPU", uart.Device!.Bound, $"{uart.Device}");
        Assert.IsTrue(uart.Device.ExpectedSeconds > uart.SimulatedSeconds);
        Assert.AreEqual("line", zigbee.Device!.Bound, $"{zigbee.Device}");
        double expected = zigbee.SimulatedSeconds;
        double charged = zigbee.Device.ExpectedSeconds;
        Assert.AreEqual(expected, charged, 1e-12, "line-bound pages take the line's time");
        Assert.IsTrue(OtaBenchmark.Run(65536).Links.All(l => l.Device == null), "no device, no charge");
    }
}

using HanBench.Host.Inventory;

namespace HanBench.Host.Tests.Inventory;

[TestClass]
public sealed class Eui64Tests
{
    [TestMethod]
    [DataRow("00-DB-12-34-56-78-90-A4", 0x00DB1234567890A4UL)]
    [DataRow("00-db-12-34-56-78-90-a4", 0x00DB1234567890A4UL)]
    [DataRow("90B3D51F30010000", 0x90B3D51F30010000UL)]
    public void TryParse_DuisOrBareHex_ReadsValue(string text, ulong value)
    {
        Assert.IsTrue(Eui64.TryParse(text, out Eui64 eui));
        Assert.AreEqual(value, eui.Value);
    }

    [TestMethod]
    public void ToString_WritesDuisFormUpperCase()
    {
        Assert.AreEqual("90-B3-D5-1F-30-01-00-00", new Eui64(0x90B3D51F30010000UL).ToString());
        Assert.AreEqual("00-00-00-00-00-00-00-0F", new Eui64(0xF).ToString());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("00-DB-12-34-56-78-90")]
    [DataRow("00:DB:12:34:56:78:90:A4")]
    [DataRow("00-DB-12-34-56-78-90-G4")]
    [DataRow("00DB1234567890A")]
    [DataRow(null)]
    public void TryParse_NotAnEui64_ReturnsFalse(string? text)
    {
        Assert.IsFalse(Eui64.TryParse(text, out _));
    }
}

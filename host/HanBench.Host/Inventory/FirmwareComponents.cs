namespace HanBench.Host.Inventory;

/// <summary>
/// Names of the firmware components the inventory tracks per device (table <c>device_firmware</c>). DUIS carries
/// one FirmwareVersion per device, kept as <see cref="Main"/>; an Alt HAN bridge B1–B3 also holds a SiLabs and a
/// Broadcom image, B4 a SiLabs image only (SECMP0170 §4.3: "The SiLabs and Broadcom binaries are independent of
/// each other and would always process upgrades separately"). The Central Product List names the component an
/// image belongs to.
/// </summary>
public static class FirmwareComponents
{
    /// <summary>The device's single DUIS-visible firmware version (12.2, 8.4, 8.2, 11.2).</summary>
    public const string Main = "main";

    /// <summary>Alt HAN bridge SiLabs radio image.</summary>
    public const string SiLabs = "silabs";

    /// <summary>Alt HAN bridge Broadcom image (B1–B3).</summary>
    public const string Broadcom = "broadcom";
}

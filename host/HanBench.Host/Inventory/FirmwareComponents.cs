using HanBench.Protocol.Management;

namespace HanBench.Host.Inventory;

/// <summary>
/// Names of the firmware components the inventory tracks per device (table <c>device_firmware</c>). DUIS carries
/// one FirmwareVersion per device, kept as <see cref="Main"/>; an Alt HAN bridge B1–B3 also holds a SiLabs and a
/// Broadcom image, B4 a SiLabs image only (SECMP0170 §4.3: "The SiLabs and Broadcom binaries are independent of
/// each other and would always process upgrades separately"). The Central Product List names the component an
/// image belongs to. The names are the portable ones (<see cref="FirmwareComponentNames"/>), which the devices use too.
/// </summary>
public static class FirmwareComponents
{
    /// <summary>The device's single DUIS-visible firmware version (12.2, 8.4, 8.2, 11.2).</summary>
    public const string Main = FirmwareComponentNames.Main;

    /// <summary>Alt HAN bridge SiLabs radio image.</summary>
    public const string SiLabs = FirmwareComponentNames.SiLabs;

    /// <summary>Alt HAN bridge Broadcom image (B1–B3).</summary>
    public const string Broadcom = FirmwareComponentNames.Broadcom;

    /// <summary>
    /// The component behind a device's one DUIS FirmwareVersion (12.2, 8.4, 8.2) and its CS08 answer (11.2):
    /// <see cref="Main"/>, except on an Alt HAN bridge, whose CS08 reports the SiLabs image (HanBench choice, as the
    /// bridge role documents; SECMP0170 §4.2 gives the bridge only the PPMID's single-version CS08).
    /// </summary>
    public static string DuisVisible(DeviceRecord device) => DuisVisible(device.IsAltHan);

    /// <summary>As <see cref="DuisVisible(DeviceRecord)"/>, for a device known only by whether it is an Alt HAN bridge.</summary>
    public static string DuisVisible(bool isAltHan) => isAltHan ? SiLabs : Main;
}

namespace HanBench.Host.Inventory;

/// <summary>
/// One Central Product List row: a firmware image known for a device model. Requirement 12 of SECMP0170 §3.4
/// ("only known Firmware images are sent to Alt HAN P2P Devices") is checked against <see cref="ManufacturerImageHash"/>,
/// the SHA-256 of the Manufacturer Image (docs/PROTOCOL.md §2).
/// </summary>
/// <param name="Manufacturer">DUIS DeviceManufacturer.</param>
/// <param name="Model">DUIS DeviceModel.</param>
/// <param name="Component">Firmware component the image is for (<see cref="FirmwareComponents"/>).</param>
/// <param name="FirmwareVersion">DUIS FirmwareVersion of the image (1–8 characters).</param>
/// <param name="ManufacturerImageHash">SHA-256 of the Manufacturer Image, 64 lower-case hex digits.</param>
/// <param name="Status">DUIS CPLStatus: only <see cref="CplStatus.Active"/> entries admit an image.</param>
public sealed record CplEntry(
    string Manufacturer,
    string Model,
    string Component,
    string FirmwareVersion,
    string ManufacturerImageHash,
    CplStatus Status = CplStatus.Active);

/// <summary>DUIS <c>sr:CPLStatus</c>.</summary>
public enum CplStatus
{
    /// <summary>Usable.</summary>
    Active,

    /// <summary>Cancelled.</summary>
    Cancelled,

    /// <summary>Expired.</summary>
    Expired,

    /// <summary>Withdrawn.</summary>
    Withdrawn,
}

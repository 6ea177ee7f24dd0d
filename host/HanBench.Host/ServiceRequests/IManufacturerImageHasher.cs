using System.Diagnostics.CodeAnalysis;

namespace HanBench.Host.ServiceRequests;

/// <summary>
/// Finds the Manufacturer Image inside a GBCS/ZigBee OTA image file and returns its SHA-256 (docs/PROTOCOL.md §2: the
/// hash the CPL lists and CS06 activates). <see cref="OtaManufacturerImageHasher"/> implements it over the portable
/// OTA image parser; callers may also pass a precomputed hash with the request instead.
/// </summary>
public interface IManufacturerImageHasher
{
    /// <summary>The 32-byte SHA-256 of the Manufacturer Image, or false and a problem that names the defect.</summary>
    bool TryComputeManufacturerImageHash(byte[] image, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem);

    /// <summary>
    /// As <see cref="TryComputeManufacturerImageHash(byte[], out byte[], out string)"/>, knowing which SRV carries the
    /// image: an 11.4 PPMID image is unsigned and an 11.1 image supplier-signed (docs/PROTOCOL.md §2), so a parser can
    /// demand that layout instead of guessing it. Hashers that do not care need not implement it.
    /// </summary>
    bool TryComputeManufacturerImageHash(byte[] image, FirmwareUpdateKind kind, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem) =>
        TryComputeManufacturerImageHash(image, out sha256, out problem);
}

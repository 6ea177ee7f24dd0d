using System.Diagnostics.CodeAnalysis;

namespace HanBench.Host.ServiceRequests;

/// <summary>
/// Finds the Manufacturer Image inside a GBCS/ZigBee OTA image file and returns its SHA-256 (PROTOCOL.md §2: the
/// hash the CPL lists and CS06 activates). The image parser implements it; until then callers may pass a
/// precomputed hash with the request instead.
/// </summary>
public interface IManufacturerImageHasher
{
    /// <summary>The 32-byte SHA-256 of the Manufacturer Image, or false and a problem that names the defect.</summary>
    bool TryComputeManufacturerImageHash(byte[] image, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem);
}

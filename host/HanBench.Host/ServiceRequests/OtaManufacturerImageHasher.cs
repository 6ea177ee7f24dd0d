using System.Diagnostics.CodeAnalysis;
using HanBench.Protocol.Ota;

namespace HanBench.Host.ServiceRequests;

/// <summary>
/// The <see cref="IManufacturerImageHasher"/> the handlers use by default: parses the image with the portable
/// <see cref="OtaImage"/> and hashes its Manufacturer Image (docs/PROTOCOL.md §2). Knowing the SRV, it demands the GBCS
/// layout that SRV carries — 11.4 (PPMID, Alt HAN bridges) an unsigned image, 11.1 a supplier-signed one — so an
/// unsigned image whose last bytes happen to look like a signature trailer is never mis-split. Without the SRV it
/// accepts either GBCS layout, and a plain ZigBee file (tagged sub-elements) only if <see cref="AcceptZigBeeLayout"/>.
/// </summary>
public sealed class OtaManufacturerImageHasher : IManufacturerImageHasher
{
    /// <summary>
    /// Whether a plain ZigBee OTA file is accepted (its upgrade-image sub-element hashed). Off by default: a GBCS
    /// distribution carries a GBCS image, and a ZigBee file there is more likely a mistake (HanBench choice).
    /// </summary>
    public bool AcceptZigBeeLayout { get; init; }

    /// <summary>The layout an SRV's image must have: 11.4 unsigned GBCS, 11.1 signed GBCS.</summary>
    public static OtaImageLayout LayoutFor(FirmwareUpdateKind kind) =>
        kind == FirmwareUpdateKind.UpdatePpmidFirmware ? OtaImageLayout.Gbcs : OtaImageLayout.GbcsSigned;

    /// <inheritdoc/>
    public bool TryComputeManufacturerImageHash(byte[] image, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem) =>
        TryHash(image, OtaImageLayout.Unknown, out sha256, out problem);

    /// <inheritdoc/>
    public bool TryComputeManufacturerImageHash(byte[] image, FirmwareUpdateKind kind, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem) =>
        TryHash(image, LayoutFor(kind), out sha256, out problem);

    /// <summary>Parses <paramref name="image"/> demanding <paramref name="expected"/> (Unknown: detect) and hashes its Manufacturer Image.</summary>
    public bool TryHash(byte[] image, OtaImageLayout expected, [NotNullWhen(true)] out byte[]? sha256, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(image);
        sha256 = null;
        var parsed = new OtaImage();
        OtaFileStatus status = OtaImage.TryParse(image, 0, image.Length, expected, parsed);
        if (status != OtaFileStatus.Ok)
        {
            problem = Describe(status, image.Length, expected);
            return false;
        }

        if (parsed.Layout == OtaImageLayout.ZigBee && !AcceptZigBeeLayout)
        {
            problem = "a plain ZigBee OTA file (tagged sub-elements), not a GBCS image (header + Manufacturer Image)";
            return false;
        }

        if (parsed.ManufacturerImageLength == 0)
        {
            problem = "the image holds no Manufacturer Image after its OTA header";
            return false;
        }

        sha256 = parsed.GetManufacturerImageHash();
        problem = null;
        return true;
    }

    /// <summary>One phrase naming what is wrong with an image that did not parse.</summary>
    public static string Describe(OtaFileStatus status, int length, OtaImageLayout expected) => status switch
    {
        OtaFileStatus.BadMagic => "not an OTA file (bad OTA magic: it does not start with the file identifier 0x0BEEF11E)",
        OtaFileStatus.UnsupportedHeaderVersion => "unsupported OTA header version (HanBench reads 0x0100)",
        OtaFileStatus.HeaderLengthMismatch => "the OTA header length is shorter than the fields its field control announces",
        OtaFileStatus.Truncated => $"truncated: {length} bytes is shorter than the header or the total size it announces",
        OtaFileStatus.TotalSizeMismatch => $"the total image size in the OTA header does not match the {length} bytes received",
        OtaFileStatus.LayoutMismatch => expected switch
        {
            OtaImageLayout.GbcsSigned => "an 11.1 image must be a supplier-signed GBCS image, and this one has no signature trailer",
            _ => $"not a {expected} image",
        },
        _ => $"invalid OTA image ({status})",
    };
}

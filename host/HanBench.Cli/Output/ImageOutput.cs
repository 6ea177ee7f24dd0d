using System.Text.Json.Serialization;
using HanBench.Tooling.Images;
using HanBench.Protocol.Ota;

namespace HanBench.Cli.Output;

/// <summary>
/// <c>image inspect --json</c>: the facts of an OTA image. <c>forceReplace</c> and <c>signature</c> appear only when the
/// image carries a signature; <c>signer</c> only when it was checked; <c>signatureValid</c> is null when it was not.
/// </summary>
internal sealed record ImageInspectionJson(
    string File,
    string Layout,
    int Size,
    OtaHeaderJson Header,
    ManufacturerImageJson ManufacturerImage,
    Base64SizeJson Base64,
    bool SignaturePresent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ForceReplace,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signature,
    bool? SignatureValid,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signer)
{
    public static ImageInspectionJson From(ImageInspection report)
    {
        OtaImage image = report.Image;
        OtaHeader h = image.Header;
        return new ImageInspectionJson(
            report.File,
            ImageInspection.LayoutName(image.Layout),
            image.Length,
            new OtaHeaderJson(
                "0x0100",
                h.HeaderLength,
                $"0x{h.FieldControl:X4}",
                $"0x{h.ManufacturerCode:X4}",
                $"0x{h.ImageType:X4}",
                $"0x{h.FileVersion:X8}",
                $"0x{h.ZigBeeStackVersion:X4}",
                h.GetHeaderString(),
                h.TotalImageSize,
                h.HasSecurityCredentialVersion ? $"0x{h.SecurityCredentialVersion:X2}" : null,
                h.HasUpgradeFileDestination ? $"{h.UpgradeFileDestination:X16}" : null,
                h.HasHardwareVersions ? $"0x{h.MinimumHardwareVersion:X4}" : null,
                h.HasHardwareVersions ? $"0x{h.MaximumHardwareVersion:X4}" : null),
            new ManufacturerImageJson(image.ManufacturerImageOffset - image.Offset, image.ManufacturerImageLength, report.ManufacturerImageSha256),
            new Base64SizeJson(report.Base64Length, report.Base64Limit, report.FitsLimit),
            image.HasSignature,
            image.HasSignature ? $"0x{image.ForceReplace:X2}" : null,
            image.HasSignature ? Convert.ToHexStringLower(image.Buffer, image.SignatureOffset, GbcsSignatureTrailer.SignatureLength) : null,
            report.SignatureValid,
            report.SignatureValid is null ? null : report.Signer?.Subject ?? "public key");
    }
}

/// <summary>The OTA header's fields as hex text (null: an optional field the header leaves out).</summary>
internal sealed record OtaHeaderJson(
    string HeaderVersion,
    int HeaderLength,
    string FieldControl,
    string ManufacturerCode,
    string ImageType,
    string FileVersion,
    string ZigbeeStackVersion,
    string HeaderString,
    uint TotalImageSize,
    string? SecurityCredentialVersion,
    string? UpgradeFileDestination,
    string? MinimumHardwareVersion,
    string? MaximumHardwareVersion);

/// <summary>Where the Manufacturer Image lies in the file, and its SHA-256 (the CS06 hash).</summary>
internal sealed record ManufacturerImageJson(int Offset, int Length, string Sha256);

/// <summary>The image's size in Base64 against the DUIS limit (E110405).</summary>
internal sealed record Base64SizeJson(long Length, long Limit, bool Fits);

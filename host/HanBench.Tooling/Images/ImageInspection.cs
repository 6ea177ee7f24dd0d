using System.Diagnostics.CodeAnalysis;
using HanBench.Host.Crypto;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Ota;

namespace HanBench.Tooling.Images;

/// <summary>
/// What HanBench reports about one OTA image (<c>hanbench image inspect</c>): the parsed image with every header field,
/// the Manufacturer Image hash, the Base64 size against the DUIS limit (E110405) and, given a signer's key, whether the
/// GBCS signature verifies. Plain facts; the CLI renders them as a table or JSON.
/// </summary>
public sealed class ImageInspection
{
    private ImageInspection(string file, OtaImage image, long base64Limit, EcdsaP256VerifyingKey? signer)
    {
        File = file;
        Image = image;
        Base64Limit = base64Limit;
        Base64Length = Base64Size.EncodedLength(image.Length);
        ManufacturerImageSha256 = Convert.ToHexStringLower(image.GetManufacturerImageHash());
        Signer = signer;
        SignatureValid = signer is null ? null : GbcsImageSignature.Verify(image, signer);
    }

    /// <summary>The file the image came from, as the user named it.</summary>
    public string File { get; }

    /// <summary>The parsed image.</summary>
    public OtaImage Image { get; }

    /// <summary>Characters of the image in Base64 (the DUIS FirmwareImage form).</summary>
    public long Base64Length { get; }

    /// <summary>The largest FirmwareImage accepted, in Base64 characters.</summary>
    public long Base64Limit { get; }

    /// <summary>Whether the Base64 form is within <see cref="Base64Limit"/> (otherwise DUIS E110405).</summary>
    public bool FitsLimit => Base64Length <= Base64Limit;

    /// <summary>SHA-256 of the Manufacturer Image, lower-case hex.</summary>
    public string ManufacturerImageSha256 { get; }

    /// <summary>The key the signature was checked with, or null.</summary>
    public EcdsaP256VerifyingKey? Signer { get; }

    /// <summary>Null when no signer was given; false also when the image carries no signature.</summary>
    public bool? SignatureValid { get; }

    /// <summary>
    /// Parses <paramref name="bytes"/> as an image of layout <paramref name="expected"/> (<see cref="OtaImageLayout.Unknown"/>:
    /// detect). False with one line naming the defect when it does not parse.
    /// </summary>
    public static bool TryInspect(
        string file,
        byte[] bytes,
        OtaImageLayout expected,
        long base64Limit,
        EcdsaP256VerifyingKey? signer,
        [NotNullWhen(true)] out ImageInspection? inspection,
        [NotNullWhen(false)] out string? defect)
    {
        var image = new OtaImage();
        OtaFileStatus status = OtaImage.TryParse(bytes, 0, bytes.Length, expected, image);
        if (status != OtaFileStatus.Ok)
        {
            inspection = null;
            defect = DescribeDefect(status, bytes, expected);
            return false;
        }

        inspection = new ImageInspection(file, image, base64Limit, signer);
        defect = null;
        return true;
    }

    /// <summary>HanBench's name for a layout (the <c>--layout</c> values and the JSON <c>layout</c> field).</summary>
    public static string LayoutName(OtaImageLayout layout) => layout switch
    {
        OtaImageLayout.ZigBee => "zigbee",
        OtaImageLayout.Gbcs => "gbcs",
        OtaImageLayout.GbcsSigned => "gbcs-signed",
        _ => "unknown",
    };

    /// <summary>One line naming what is wrong with an image that did not parse.</summary>
    private static string DescribeDefect(OtaFileStatus status, byte[] bytes, OtaImageLayout expected)
    {
        var header = new OtaHeader();
        OtaFileStatus headerStatus = OtaHeader.TryDecode(new ByteReader(bytes, 0, bytes.Length), header);
        bool headerRead = headerStatus == OtaFileStatus.Ok || headerStatus == OtaFileStatus.TotalSizeMismatch;
        return status switch
        {
            OtaFileStatus.BadMagic => "not an OTA file (it does not start with the OTA upgrade file identifier 0x0BEEF11E)",
            OtaFileStatus.UnsupportedHeaderVersion => $"unsupported OTA header version 0x{bytes[4] | (bytes[5] << 8):X4} (HanBench reads 0x0100)",
            OtaFileStatus.HeaderLengthMismatch => $"header length {bytes[6] | (bytes[7] << 8)} is shorter than the fields its field control announces ({OtaHeader.KnownLength((ushort)(bytes[8] | (bytes[9] << 8)))} bytes)",
            OtaFileStatus.Truncated when headerRead => $"truncated: the header announces {header.TotalImageSize} bytes, the file has {bytes.Length}",
            OtaFileStatus.Truncated => $"truncated: {bytes.Length} bytes, shorter than its OTA header",
            OtaFileStatus.TotalSizeMismatch when headerRead && header.TotalImageSize < header.HeaderLength =>
                $"total image size {header.TotalImageSize} in the header is smaller than the header ({header.HeaderLength} bytes)",
            OtaFileStatus.TotalSizeMismatch => $"total image size {header.TotalImageSize} in the header does not match the file ({bytes.Length} bytes)",
            OtaFileStatus.LayoutMismatch => $"not a {LayoutName(expected)} image",
            _ => $"invalid OTA image ({status})",
        };
    }
}

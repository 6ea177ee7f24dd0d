using System.Text.Json;
using HanBench.Host.Crypto;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Ota;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// What <c>hanbench image inspect</c> and <c>hanbench demo</c> show about one OTA image: every header field, the
/// layout, sizes, the Manufacturer Image hash, the Base64 size against the DUIS limit and, given a signer's key,
/// whether the signature verifies. Rendered as a table for people or JSON for scripts.
/// </summary>
internal sealed class ImageReport
{
    private ImageReport(string file, OtaImage image, long base64Limit, EcdsaP256VerifyingKey? signer)
    {
        File = file;
        Image = image;
        Base64Limit = base64Limit;
        Base64Length = Base64Size.EncodedLength(image.Length);
        ManufacturerImageSha256 = Convert.ToHexStringLower(image.GetManufacturerImageHash());
        Signer = signer;
        SignatureValid = signer is null ? null : GbcsImageSignature.Verify(image, signer);
    }

    public string File { get; }

    public OtaImage Image { get; }

    public long Base64Length { get; }

    public long Base64Limit { get; }

    public bool FitsLimit => Base64Length <= Base64Limit;

    public string ManufacturerImageSha256 { get; }

    public EcdsaP256VerifyingKey? Signer { get; }

    /// <summary>Null when no signer was given; false also when the image carries no signature.</summary>
    public bool? SignatureValid { get; }

    /// <summary>Reads and parses an image file; throws <see cref="CliException"/> (exit 2) naming what is wrong with it.</summary>
    public static ImageReport FromFile(string path, OtaImageLayout expected, long base64Limit, string? signerCertificatePath)
    {
        byte[] bytes = ImageFiles.ReadInput(path, "image file");
        EcdsaP256VerifyingKey? signer = signerCertificatePath is null ? null : ImageFiles.LoadVerifyingKey(signerCertificatePath);
        var image = new OtaImage();
        OtaFileStatus status = OtaImage.TryParse(bytes, 0, bytes.Length, expected, image);
        if (status != OtaFileStatus.Ok)
        {
            throw new CliException($"{path}: {DescribeDefect(status, bytes, expected)}", ExitCodes.BadInput);
        }

        return new ImageReport(path, image, base64Limit, signer);
    }

    /// <summary>A report on an image already in memory (the demo).</summary>
    public static ImageReport FromImage(string file, OtaImage image, long base64Limit, EcdsaP256VerifyingKey? signer) =>
        new(file, image, base64Limit, signer);

    /// <summary>One line naming what is wrong with an image that did not parse.</summary>
    public static string DescribeDefect(OtaFileStatus status, byte[] bytes, OtaImageLayout expected)
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

    /// <summary>The CLI's name for a layout.</summary>
    public static string LayoutName(OtaImageLayout layout) => layout switch
    {
        OtaImageLayout.ZigBee => "zigbee",
        OtaImageLayout.Gbcs => "gbcs",
        OtaImageLayout.GbcsSigned => "gbcs-signed",
        _ => "unknown",
    };

    private static string LayoutDescription(OtaImageLayout layout) => layout switch
    {
        OtaImageLayout.ZigBee => "zigbee (tagged sub-elements)",
        OtaImageLayout.Gbcs => "gbcs (no signature trailer)",
        OtaImageLayout.GbcsSigned => "gbcs-signed (signature trailer)",
        _ => "unknown",
    };

    private string SignatureText()
    {
        if (!Image.HasSignature)
        {
            return SignatureValid is null ? "none" : "none (so not valid)";
        }

        string forceReplace = $"force replace 0x{Image.ForceReplace:X2}";
        return SignatureValid switch
        {
            null => $"present, not checked (no --signer-cert); {forceReplace}",
            true => $"VALID; {forceReplace}",
            false => $"INVALID; {forceReplace}",
        };
    }

    /// <summary>
    /// A two-column table. Labels of at most 10 characters and a minimal border keep the 64-character hash on one
    /// line in an 80-column terminal (and in redirected output, which Spectre renders 80 wide).
    /// </summary>
    public void WriteTable(CliConsole console, string title)
    {
        OtaHeader h = Image.Header;
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Minimal };
        table.AddColumn(new TableColumn("Field") { Width = 10 }.NoWrap().PadLeft(0));
        table.AddColumn(new TableColumn("Value") { Width = 64 });
        void Row(string field, string value) => table.AddRow(Markup.Escape(field), Markup.Escape(value));

        Row("Layout", LayoutDescription(Image.Layout));
        Row("File size", $"{Image.Length:N0} bytes");
        Row("Header ver", "0x0100");
        Row("Header len", $"{h.HeaderLength} bytes");
        Row("Field ctrl", $"0x{h.FieldControl:X4}");
        Row("Mfr code", $"0x{h.ManufacturerCode:X4}");
        Row("Image type", $"0x{h.ImageType:X4}{ImageTypeNote(h.ImageType)}");
        Row("File ver.", $"0x{h.FileVersion:X8}");
        Row("Stack ver.", $"0x{h.ZigBeeStackVersion:X4}");
        Row("Header str", $"\"{h.GetHeaderString()}\"");
        Row("Total size", $"{h.TotalImageSize:N0} bytes");
        Row("Credential", h.HasSecurityCredentialVersion ? $"0x{h.SecurityCredentialVersion:X2}" : "absent");
        Row("Dest. EUI", h.HasUpgradeFileDestination ? $"{h.UpgradeFileDestination:X16}" : "absent");
        Row("Hardware", h.HasHardwareVersions ? $"0x{h.MinimumHardwareVersion:X4} to 0x{h.MaximumHardwareVersion:X4}" : "absent");
        Row("Mfr Image", $"{Image.ManufacturerImageLength:N0} bytes at offset {Image.ManufacturerImageOffset - Image.Offset}");
        Row("Mfr hash", ManufacturerImageSha256);
        Row("Base64", $"{Base64Length:N0} of {Base64Limit:N0} chars: {(FitsLimit ? "fits" : "TOO LARGE (E110405)")}");
        Row("Signature", SignatureText());
        if (Signer is not null)
        {
            Row("Signer", Signer.Subject ?? "public key (no certificate)");
        }
        console.Ansi.Write(table);
    }

    /// <summary>The same facts as JSON (one object), for scripts.</summary>
    public void WriteJson(TextWriter output)
    {
        OtaHeader h = Image.Header;
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("file", File);
            json.WriteString("layout", LayoutName(Image.Layout));
            json.WriteNumber("size", Image.Length);
            json.WriteStartObject("header");
            json.WriteString("headerVersion", "0x0100");
            json.WriteNumber("headerLength", h.HeaderLength);
            json.WriteString("fieldControl", $"0x{h.FieldControl:X4}");
            json.WriteString("manufacturerCode", $"0x{h.ManufacturerCode:X4}");
            json.WriteString("imageType", $"0x{h.ImageType:X4}");
            json.WriteString("fileVersion", $"0x{h.FileVersion:X8}");
            json.WriteString("zigbeeStackVersion", $"0x{h.ZigBeeStackVersion:X4}");
            json.WriteString("headerString", h.GetHeaderString());
            json.WriteNumber("totalImageSize", h.TotalImageSize);
            WriteOptional(json, "securityCredentialVersion", h.HasSecurityCredentialVersion, $"0x{h.SecurityCredentialVersion:X2}");
            WriteOptional(json, "upgradeFileDestination", h.HasUpgradeFileDestination, $"{h.UpgradeFileDestination:X16}");
            WriteOptional(json, "minimumHardwareVersion", h.HasHardwareVersions, $"0x{h.MinimumHardwareVersion:X4}");
            WriteOptional(json, "maximumHardwareVersion", h.HasHardwareVersions, $"0x{h.MaximumHardwareVersion:X4}");
            json.WriteEndObject();
            json.WriteStartObject("manufacturerImage");
            json.WriteNumber("offset", Image.ManufacturerImageOffset - Image.Offset);
            json.WriteNumber("length", Image.ManufacturerImageLength);
            json.WriteString("sha256", ManufacturerImageSha256);
            json.WriteEndObject();
            json.WriteStartObject("base64");
            json.WriteNumber("length", Base64Length);
            json.WriteNumber("limit", Base64Limit);
            json.WriteBoolean("fits", FitsLimit);
            json.WriteEndObject();
            json.WriteBoolean("signaturePresent", Image.HasSignature);
            if (Image.HasSignature)
            {
                json.WriteString("forceReplace", $"0x{Image.ForceReplace:X2}");
                json.WriteString("signature", Convert.ToHexStringLower(Image.Buffer, Image.SignatureOffset, GbcsSignatureTrailer.SignatureLength));
            }

            if (SignatureValid is bool valid)
            {
                json.WriteBoolean("signatureValid", valid);
                json.WriteString("signer", Signer?.Subject ?? "public key");
            }
            else
            {
                json.WriteNull("signatureValid");
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, bool present, string value)
    {
        if (present)
        {
            json.WriteString(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string ImageTypeNote(ushort imageType) => imageType switch
    {
        OtaImageType.SecurityCredential => " (security credential)",
        OtaImageType.Configuration => " (configuration)",
        OtaImageType.Log => " (log)",
        OtaImageType.Wildcard => " (wildcard)",
        _ => string.Empty,
    };
}

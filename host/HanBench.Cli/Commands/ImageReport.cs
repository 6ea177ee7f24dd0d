using HanBench.Cli.Output;
using HanBench.Host.Crypto;
using HanBench.Tooling.Images;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Ota;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// Renders an <see cref="ImageInspection"/> for <c>hanbench image inspect</c> and <c>hanbench image sample</c>: a table
/// for people or JSON for scripts.
/// </summary>
internal static class ImageReport
{
    /// <summary>Reads and inspects an image file; throws <see cref="CliException"/> (exit 2) naming what is wrong with it.</summary>
    public static ImageInspection FromFile(string path, OtaImageLayout expected, long base64Limit, string? signerCertificatePath)
    {
        byte[] bytes = ImageFiles.ReadInput(path, "image file");
        EcdsaP256VerifyingKey? signer = signerCertificatePath is null ? null : ImageFiles.LoadVerifyingKey(signerCertificatePath);
        return ImageInspection.TryInspect(path, bytes, expected, base64Limit, signer, out ImageInspection? inspection, out string? defect)
            ? inspection
            : throw new CliException($"{path}: {defect}", ExitCodes.BadInput);
    }

    private static string LayoutDescription(OtaImageLayout layout) => layout switch
    {
        OtaImageLayout.ZigBee => "zigbee (tagged sub-elements)",
        OtaImageLayout.Gbcs => "gbcs (no signature trailer)",
        OtaImageLayout.GbcsSigned => "gbcs-signed (signature trailer)",
        _ => "unknown",
    };

    private static string SignatureText(ImageInspection report)
    {
        if (!report.Image.HasSignature)
        {
            return report.SignatureValid is null ? "none" : "none (so not valid)";
        }

        string forceReplace = $"force replace 0x{report.Image.ForceReplace:X2}";
        return report.SignatureValid switch
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
    public static void WriteTable(CliConsole console, ImageInspection report, string title)
    {
        OtaImage image = report.Image;
        OtaHeader h = image.Header;
        var table = new Table { Title = new TableTitle(Markup.Escape(title)), Border = TableBorder.Minimal };
        table.AddColumn(new TableColumn("Field") { Width = 10 }.NoWrap().PadLeft(0));
        table.AddColumn(new TableColumn("Value") { Width = 64 });
        void Row(string field, string value) => table.AddRow(Markup.Escape(field), Markup.Escape(value));

        Row("Layout", LayoutDescription(image.Layout));
        Row("File size", $"{image.Length:N0} bytes");
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
        Row("Mfr Image", $"{image.ManufacturerImageLength:N0} bytes at offset {image.ManufacturerImageOffset - image.Offset}");
        Row("Mfr hash", report.ManufacturerImageSha256);
        Row("Base64", $"{report.Base64Length:N0} of {report.Base64Limit:N0} chars: {(report.FitsLimit ? "fits" : "TOO LARGE (E110405)")}");
        Row("Signature", SignatureText(report));
        if (report.Signer is not null)
        {
            Row("Signer", report.Signer.Subject ?? "public key (no certificate)");
        }
        console.WriteTable(table);
    }

    /// <summary>The same facts as JSON (one object), for scripts.</summary>
    public static void WriteJson(CliConsole console, ImageInspection report) => CliJson.Write(console, ImageInspectionJson.From(report));

    private static string ImageTypeNote(ushort imageType) => imageType switch
    {
        OtaImageType.SecurityCredential => " (security credential)",
        OtaImageType.Configuration => " (configuration)",
        OtaImageType.Log => " (log)",
        OtaImageType.Wildcard => " (wildcard)",
        _ => string.Empty,
    };
}

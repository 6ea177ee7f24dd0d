using System.CommandLine;
using HanBench.Host.Crypto;
using HanBench.Tooling.Images;
using HanBench.Protocol.Ota;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench image build</c> and <c>hanbench image inspect</c>: make an OTA file in the GBCS or ZigBee layout
/// (optionally supplier-signed) and show everything in one, checked against the DUIS Base64 limit and, given the
/// signer's certificate, its signature.
/// </summary>
public static class ImageCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("image", "Build and inspect OTA firmware images (GBCS and ZigBee layouts).");
        command.Add(CreateBuild(console));
        command.Add(CreateInspect(console));
        command.Add(ImageSampleCommand.Create(console));
        return command;
    }

    private static Option<long> Base64LimitOption() => new("--base64-limit")
    {
        Description = $"Largest FirmwareImage in Base64 characters (DUIS E110405; default {Base64Size.DefaultLimitCharacters:N0}).",
        DefaultValueFactory = _ => Base64Size.DefaultLimitCharacters,
    };

    private static Command CreateBuild(CliConsole console)
    {
        var payload = new Option<string>("--payload") { Description = "File holding the Manufacturer Image (the firmware itself).", Required = true };
        var manufacturer = new Option<string>("--manufacturer") { Description = "Manufacturer code, e.g. 0x121D.", Required = true };
        var imageType = new Option<string>("--image-type") { Description = "Image type, e.g. 0x0084.", Required = true };
        var version = new Option<string>("--version") { Description = "File version (32 bits), e.g. 0x00010203.", Required = true };
        var hwMin = new Option<string?>("--hw-min") { Description = "Minimum hardware version (with --hw-max)." };
        var hwMax = new Option<string?>("--hw-max") { Description = "Maximum hardware version (with --hw-min)." };
        var headerString = new Option<string>("--header-string") { Description = "Header string, at most 32 bytes of UTF-8.", DefaultValueFactory = _ => string.Empty };
        var stack = new Option<string>("--stack-version") { Description = "ZigBee stack version.", DefaultValueFactory = _ => "0x0002" };
        var layout = new Option<string>("--layout") { Description = "gbcs (header + Manufacturer Image [+ signature]) or zigbee (tagged sub-elements).", DefaultValueFactory = _ => "gbcs" };
        layout.AcceptOnlyFromAmong("gbcs", "zigbee");
        var signKey = new Option<string?>("--sign-key") { Description = "PEM private key (PKCS#8 or SEC1, P-256): sign the Manufacturer Image (gbcs only)." };
        var forceReplace = new Option<bool>("--force-replace") { Description = "Set the force-replace byte of the signature trailer." };
        var base64Limit = Base64LimitOption();
        var output = new Option<string>("--output", "-o") { Description = "Where to write the image.", Required = true };

        var command = new Command("build", "Build an OTA image from a payload.")
        {
            payload, manufacturer, imageType, version, hwMin, hwMax, headerString, stack, layout, signKey, forceReplace, base64Limit, output,
        };
        command.SetAction(parse =>
        {
            // A mistyped -o is said naming the option before any work, not as .NET's "Could not find a part of the path".
            string outputPath = parse.GetValue(output)!;
            FileArguments.RefuseUnplaceable(outputPath, "--output");
            var header = new OtaHeader
            {
                ManufacturerCode = (ushort)ImageFiles.ParseNumber(parse.GetValue(manufacturer)!, "--manufacturer", ushort.MaxValue),
                ImageType = (ushort)ImageFiles.ParseNumber(parse.GetValue(imageType)!, "--image-type", ushort.MaxValue),
                FileVersion = ImageFiles.ParseNumber(parse.GetValue(version)!, "--version", uint.MaxValue),
                ZigBeeStackVersion = (ushort)ImageFiles.ParseNumber(parse.GetValue(stack)!, "--stack-version", ushort.MaxValue),
            };

            string? min = parse.GetValue(hwMin);
            string? max = parse.GetValue(hwMax);
            if ((min is null) != (max is null))
            {
                throw new CliException("--hw-min and --hw-max go together", ExitCodes.BadInput);
            }

            if (min is not null && max is not null)
            {
                header.HasHardwareVersions = true;
                header.MinimumHardwareVersion = (ushort)ImageFiles.ParseNumber(min, "--hw-min", ushort.MaxValue);
                header.MaximumHardwareVersion = (ushort)ImageFiles.ParseNumber(max, "--hw-max", ushort.MaxValue);
                if (header.MinimumHardwareVersion > header.MaximumHardwareVersion)
                {
                    throw new CliException($"--hw-min 0x{header.MinimumHardwareVersion:X4} is above --hw-max 0x{header.MaximumHardwareVersion:X4}", ExitCodes.BadInput);
                }
            }

            string text = parse.GetValue(headerString) ?? string.Empty;
            if (System.Text.Encoding.UTF8.GetByteCount(text) > OtaHeader.HeaderStringLength)
            {
                throw new CliException($"--header-string is {System.Text.Encoding.UTF8.GetByteCount(text)} bytes in UTF-8; the OTA header holds 32", ExitCodes.BadInput);
            }

            header.SetHeaderString(text);
            long limit = CheckLimit(parse.GetValue(base64Limit));
            byte[] payloadBytes = ImageFiles.ReadInput(parse.GetValue(payload)!, "payload file");
            string? keyPath = parse.GetValue(signKey);
            EcdsaP256SigningKey? key = keyPath is null ? null : ImageFiles.LoadSigningKey(keyPath);
            OtaImageLayout chosen = parse.GetValue(layout) == "zigbee" ? OtaImageLayout.ZigBee : OtaImageLayout.Gbcs;
            byte forceReplaceByte = parse.GetValue(forceReplace) ? GbcsSignatureTrailer.ForceReplaceYes : GbcsSignatureTrailer.ForceReplaceNo;

            byte[] image = ImageFiles.Build(header, chosen, payloadBytes, key, forceReplaceByte, limit);
            ImageFiles.WriteOutput(outputPath, image);

            var parsed = new OtaImage();
            OtaImage.TryParse(image, 0, image.Length, key is null ? chosen : OtaImageLayout.GbcsSigned, parsed);
            console.Out.WriteLine(
                $"wrote {outputPath}: {image.Length:N0} bytes, layout {ImageInspection.LayoutName(parsed.Layout)}, Manufacturer Image SHA-256 {Convert.ToHexStringLower(parsed.GetManufacturerImageHash())}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateInspect(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "The OTA image to inspect." };
        var signerCert = new Option<string?>("--signer-cert") { Description = "PEM certificate (or public key) of the supplier: check the signature." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var layout = new Option<string>("--layout") { Description = "auto (detect), gbcs, gbcs-signed or zigbee: demand a layout.", DefaultValueFactory = _ => "auto" };
        layout.AcceptOnlyFromAmong("auto", "gbcs", "gbcs-signed", "zigbee");
        var base64Limit = Base64LimitOption();

        var command = new Command("inspect", "Show every header field, the layout, the Manufacturer Image hash, the Base64 size and the signature.")
        {
            file, signerCert, json, layout, base64Limit,
        };
        command.SetAction(parse =>
        {
            OtaImageLayout expected = parse.GetValue(layout) switch
            {
                "gbcs" => OtaImageLayout.Gbcs,
                "gbcs-signed" => OtaImageLayout.GbcsSigned,
                "zigbee" => OtaImageLayout.ZigBee,
                _ => OtaImageLayout.Unknown,
            };
            string path = parse.GetValue(file)!;
            ImageInspection report = ImageReport.FromFile(path, expected, CheckLimit(parse.GetValue(base64Limit)), parse.GetValue(signerCert));
            if (parse.GetValue(json))
            {
                ImageReport.WriteJson(console, report);
            }
            else
            {
                ImageReport.WriteTable(console, report, Path.GetFileName(path));
            }

            // A signature that was asked about and does not verify is a failed expected step (ExitCodes.Failed).
            return report.SignatureValid == false ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static long CheckLimit(long limit) =>
        limit > 0 ? limit : throw new CliException($"--base64-limit must be positive (got {limit})", ExitCodes.BadInput);
}

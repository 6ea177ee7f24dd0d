using System.CommandLine;
using HanBench.Host.Crypto;
using HanBench.Tooling.Images;
using HanBench.Protocol.Ota;
using Spectre.Console;

namespace HanBench.Cli.Commands;

/// <summary>
/// <c>hanbench image sample</c> (formerly the interim <c>hanbench demo</c>), runnable with no arguments. It plays a supplier preparing an
/// SRV 11.1-style firmware image: a seeded payload the size of a SiLabs Alt HAN bridge image (SECMP0170: 505 KB),
/// wrapped in a GBCS header, signed with a freshly generated P-256 key, then inspected as the DCC side would:
/// header fields, Manufacturer Image hash, Base64 size against the E110405 limit, signature check against the
/// key's self-signed certificate. The virtual-bench demo is now <c>hanbench demo</c>.
/// </summary>
public static class ImageSampleCommand
{
    /// <summary>Payload size: the smallest SiLabs bridge image in SECMP0170 (505 KB).</summary>
    public const int PayloadLength = 505 * 1000;

    /// <summary>Seed of the payload, so every run hashes the same Manufacturer Image.</summary>
    public const int PayloadSeed = 0x0A17_4A2B;

    public static Command Create(CliConsole console)
    {
        var directory = new Option<string?>("--dir") { Description = "Where to write the key, certificate and image (default: a new temporary folder)." };
        var command = new Command("sample", "Build, sign and inspect a sample GBCS firmware image (no arguments needed).") { directory };
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(directory) ?? Directory.CreateTempSubdirectory("hanbench-sample-").FullName;
            Directory.CreateDirectory(folder);

            byte[] payload = new byte[PayloadLength];
            new Random(PayloadSeed).NextBytes(payload);

            EcdsaP256SigningKey key = EcdsaP256SigningKey.Generate();
            DateTimeOffset now = DateTimeOffset.UtcNow;
            string keyPath = Path.Combine(folder, "supplier-ds.key");
            string certificatePath = Path.Combine(folder, "supplier-ds.pem");
            string imagePath = Path.Combine(folder, "altHAN-B1-silabs.ota");
            HanBench.Host.Keys.PrivateFiles.WriteAllText(keyPath, key.ExportPkcs8Pem());
            File.WriteAllText(certificatePath, key.CreateSelfSignedCertificatePem("HanBench demo supplier", now.AddMinutes(-5), now.AddDays(30)));

            var header = new OtaHeader
            {
                ManufacturerCode = 0x121D,
                ImageType = 0x0084,
                FileVersion = 0x0002_0100,
                HasHardwareVersions = true,
                MinimumHardwareVersion = 0x0001,
                MaximumHardwareVersion = 0x0003,
            };
            header.SetHeaderString("HanBench demo Alt HAN B1 SiLabs");
            byte[] image = ImageFiles.Build(header, OtaImageLayout.Gbcs, payload, key, GbcsSignatureTrailer.ForceReplaceNo, Base64Size.DefaultLimitCharacters);
            ImageFiles.WriteOutput(imagePath, image);

            // Inspect what was written, through the same path as `hanbench image inspect --signer-cert`.
            ImageInspection report = ImageReport.FromFile(imagePath, OtaImageLayout.Unknown, Base64Size.DefaultLimitCharacters, certificatePath);

            console.WriteTitle("[bold]HanBench image sample[/]: build, sign and inspect a GBCS firmware image");
            console.Ansi.WriteLine();
            ImageReport.WriteTable(console, report, Path.GetFileName(imagePath));
            console.Ansi.WriteLine();
            var files = new Table { Border = TableBorder.Rounded, Title = new TableTitle("Files") };
            files.AddColumn(new TableColumn("What").NoWrap());
            files.AddColumn("Path");
            files.AddRow("Image", Markup.Escape(imagePath));
            files.AddRow("Signing key (PKCS#8)", Markup.Escape(keyPath));
            files.AddRow("Certificate", Markup.Escape(certificatePath));
            console.WriteTable(files);
            console.Out.WriteLine($"Try: hanbench image inspect \"{imagePath}\" --signer-cert \"{certificatePath}\" --json");

            return report.SignatureValid == true ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}

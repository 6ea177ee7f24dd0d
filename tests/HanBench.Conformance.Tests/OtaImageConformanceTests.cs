using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using HanBench.Cli;
using HanBench.Host.Crypto;
using HanBench.Host.Tests;
using HanBench.Protocol.Ota;

namespace HanBench.Conformance.Tests;

/// <summary>
/// The two real GBCS images of the RTDS (vectors/ota-images, Base64-decoded from the DUIS 11.1 and 11.4 templates):
/// HanBench must read their headers, find the Manufacturer Image in both layouts, hash it as documented and check the
/// supplier's signature. Expected values are read from vectors/README.md at test time, so none of the third-party
/// text sits in the repository.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed partial class OtaImageConformanceTests
{
    private const string EsmeImage = "rtds-11.1-esme-ota-upgrade-image.zigbee";
    private const string PpmidImage = "rtds-11.4-ppmid-ota-upgrade-image.zigbee";
    private const string SupplierCertificate = "90b3d51f30010000-ds.pem";

    [TestMethod]
    public void EsmeImage_ParsesToTheDocumentedHeaderAndSignedLayout()
    {
        Documented doc = Documented.Esme();
        OtaImage image = Parse(EsmeImage, OtaImageLayout.Unknown);
        AssertHeader(doc, image.Header);
        Assert.AreEqual(OtaImageLayout.GbcsSigned, image.Layout);
        Assert.AreEqual(doc.ManufacturerImageStart, image.ManufacturerImageOffset);
        Assert.AreEqual(doc.ManufacturerImageEnd - doc.ManufacturerImageStart + 1, image.ManufacturerImageLength);
        Assert.AreEqual(doc.ForceReplace, image.ForceReplace);
        Assert.AreEqual(doc.FileSize - GbcsSignatureTrailer.SignatureLength, image.SignatureOffset);
        Assert.AreEqual(doc.ManufacturerImageSha256, Convert.ToHexStringLower(image.GetManufacturerImageHash()));
    }

    [TestMethod]
    public void PpmidImage_ParsesToTheDocumentedHeaderAndUnsignedLayout()
    {
        Documented doc = Documented.Ppmid();
        OtaImage image = Parse(PpmidImage, OtaImageLayout.Unknown);
        AssertHeader(doc, image.Header);
        Assert.AreEqual(OtaImageLayout.Gbcs, image.Layout);
        Assert.IsFalse(image.HasSignature);
        Assert.AreEqual(doc.ManufacturerImageStart, image.ManufacturerImageOffset);
        Assert.AreEqual(doc.FileSize - doc.ManufacturerImageStart, image.ManufacturerImageLength);
        Assert.AreEqual(doc.ManufacturerImageSha256, Convert.ToHexStringLower(image.GetManufacturerImageHash()));
    }

    [TestMethod]
    public void BothImages_AreNotZigBeeSubElements_AsTheReadmeWarns()
    {
        Assert.AreEqual(OtaFileStatus.LayoutMismatch, TryParse(EsmeImage, OtaImageLayout.ZigBee));
        Assert.AreEqual(OtaFileStatus.LayoutMismatch, TryParse(PpmidImage, OtaImageLayout.ZigBee));
        Assert.AreEqual(OtaFileStatus.LayoutMismatch, TryParse(PpmidImage, OtaImageLayout.GbcsSigned));
        Assert.AreEqual(OtaFileStatus.Ok, TryParse(EsmeImage, OtaImageLayout.GbcsSigned));
    }

    [TestMethod]
    [DataRow(EsmeImage, 1)]
    [DataRow(EsmeImage, 7)]
    [DataRow(EsmeImage, 64)]
    [DataRow(PpmidImage, 1)]
    [DataRow(PpmidImage, 50)]
    [DataRow(PpmidImage, 1024)]
    public void StreamingVerifier_GivesTheSameHashAndLayout(string file, int blockSize)
    {
        byte[] bytes = Vectors.ReadBytes("ota-images", file);
        var verifier = new OtaImageVerifier();
        for (int position = 0; position < bytes.Length; position += blockSize)
        {
            Assert.AreEqual(OtaFileStatus.Ok, verifier.Append(bytes, position, Math.Min(blockSize, bytes.Length - position)));
        }

        Assert.AreEqual(OtaFileStatus.Ok, verifier.Complete());
        Assert.AreEqual(file == EsmeImage ? OtaImageLayout.GbcsSigned : OtaImageLayout.Gbcs, verifier.Layout);
        Assert.AreEqual(Documented.Esme().ManufacturerImageSha256, Convert.ToHexStringLower(verifier.ManufacturerImageHash));
    }

    [TestMethod]
    public void EsmeImage_SignatureVerifiesWithTheSupplierCertificate()
    {
        OtaImage image = Parse(EsmeImage, OtaImageLayout.GbcsSigned);
        EcdsaP256VerifyingKey supplier = EcdsaP256VerifyingKey.FromPem(Vectors.ReadText("keystore", SupplierCertificate));
        Assert.IsTrue(GbcsImageSignature.Verify(image, supplier));
    }

    [TestMethod]
    public void EsmeImage_AnyManufacturerImageByteFlipped_SignatureFails()
    {
        byte[] bytes = Vectors.ReadBytes("ota-images", EsmeImage);
        EcdsaP256VerifyingKey supplier = EcdsaP256VerifyingKey.FromPem(Vectors.ReadText("keystore", SupplierCertificate));
        var image = new OtaImage();
        Assert.AreEqual(OtaFileStatus.Ok, OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.GbcsSigned, image));
        int start = image.ManufacturerImageOffset;
        int length = image.ManufacturerImageLength;
        Assert.AreEqual(235, length, "vectors/README.md: the Manufacturer Image is 235 bytes");
        for (int i = start; i < start + length; i++)
        {
            bytes[i] ^= 0x01;
            Assert.AreEqual(OtaFileStatus.Ok, OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.GbcsSigned, image), $"byte {i}");
            Assert.IsFalse(GbcsImageSignature.Verify(image, supplier), $"flipping byte {i} left the signature valid");
            bytes[i] ^= 0x01;
        }

        Assert.AreEqual(OtaFileStatus.Ok, OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.GbcsSigned, image));
        Assert.IsTrue(GbcsImageSignature.Verify(image, supplier), "restored image must verify again");
    }

    [TestMethod]
    public void EsmeImage_AnotherPartysCertificate_SignatureFails()
    {
        OtaImage image = Parse(EsmeImage, OtaImageLayout.GbcsSigned);
        EcdsaP256VerifyingKey other = EcdsaP256VerifyingKey.FromPem(Vectors.ReadText("keystore", "90b3d51f30000002-ds.pem"));
        Assert.IsFalse(GbcsImageSignature.Verify(image, other));
    }

    [TestMethod]
    public void Cli_InspectEsmeImageWithSupplierCertificate_ReportsDocumentedFactsAndValidSignature()
    {
        Documented doc = Documented.Esme();
        CliResult result = CliRunner.Run("image", "inspect", Vectors.PathOf("ota-images", EsmeImage), "--signer-cert", Vectors.PathOf("keystore", SupplierCertificate), "--json");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        JsonElement json = JsonDocument.Parse(result.Output).RootElement;
        Assert.AreEqual("gbcs-signed", json.GetProperty("layout").GetString());
        Assert.IsTrue(json.GetProperty("signatureValid").GetBoolean());
        Assert.AreEqual(doc.ManufacturerImageSha256, json.GetProperty("manufacturerImage").GetProperty("sha256").GetString());
        Assert.AreEqual($"0x{doc.FileVersion:X8}", json.GetProperty("header").GetProperty("fileVersion").GetString());
        Assert.AreEqual(doc.HeaderString, json.GetProperty("header").GetProperty("headerString").GetString());
    }

    [TestMethod]
    public void Cli_InspectPpmidImageWithSupplierCertificate_NoSignature_ExitsOne()
    {
        CliResult result = CliRunner.Run("image", "inspect", Vectors.PathOf("ota-images", PpmidImage), "--signer-cert", Vectors.PathOf("keystore", SupplierCertificate), "--json");
        Assert.AreEqual(ExitCodes.Failed, result.ExitCode, result.Error);
        JsonElement json = JsonDocument.Parse(result.Output).RootElement;
        Assert.AreEqual("gbcs", json.GetProperty("layout").GetString());
        Assert.IsFalse(json.GetProperty("signatureValid").GetBoolean());
    }

    [TestMethod]
    [DataRow("11.1_UPDATE_FIRMWARE_REQUEST_DUIS.XML", EsmeImage)]
    [DataRow("11.4_UPDATE_PPMID_FIRMWARE_REQUEST_DUIS.XML", PpmidImage)]
    public void DuisTemplates_EmbedTheSameImageAsTheFiles(string duisFile, string imageFile)
    {
        XDocument request = XDocument.Parse(Vectors.ReadText("duis", duisFile));
        XElement[] images = request.Descendants().Where(e => e.Name.LocalName == "FirmwareImage").ToArray();
        Assert.HasCount(1, images, $"{duisFile} should hold one FirmwareImage");
        string base64 = images[0].Value.Trim();
        Assert.IsTrue(Base64Size.Fits(Convert.FromBase64String(base64).Length, Base64Size.DefaultLimitCharacters));
        Assert.AreEqual(Base64Size.EncodedLength(Convert.FromBase64String(base64).Length), (long)base64.Length);
        CollectionAssert.AreEqual(Vectors.ReadBytes("ota-images", imageFile), Convert.FromBase64String(base64));
    }

    private static OtaImage Parse(string file, OtaImageLayout expected)
    {
        byte[] bytes = Vectors.ReadBytes("ota-images", file);
        var image = new OtaImage();
        Assert.AreEqual(OtaFileStatus.Ok, OtaImage.TryParse(bytes, 0, bytes.Length, expected, image), file);
        Assert.AreEqual(bytes.Length, image.Length);
        return image;
    }

    private static OtaFileStatus TryParse(string file, OtaImageLayout expected)
    {
        byte[] bytes = Vectors.ReadBytes("ota-images", file);
        return OtaImage.TryParse(bytes, 0, bytes.Length, expected, new OtaImage());
    }

    private static void AssertHeader(Documented doc, OtaHeader header)
    {
        Assert.AreEqual(doc.HeaderLength, header.HeaderLength);
        Assert.AreEqual(doc.FieldControl, header.FieldControl);
        Assert.IsTrue(header.HasHardwareVersions);
        Assert.IsFalse(header.HasSecurityCredentialVersion);
        Assert.IsFalse(header.HasUpgradeFileDestination);
        Assert.AreEqual(doc.ManufacturerCode, header.ManufacturerCode);
        Assert.AreEqual(doc.ImageType, header.ImageType);
        Assert.AreEqual(doc.FileVersion, header.FileVersion);
        Assert.AreEqual(doc.StackVersion, header.ZigBeeStackVersion);
        Assert.AreEqual(doc.HeaderString, header.GetHeaderString());
        Assert.AreEqual((uint)doc.FileSize, header.TotalImageSize);
        Assert.AreEqual(doc.HardwareMin, header.MinimumHardwareVersion);
        Assert.AreEqual(doc.HardwareMax, header.MaximumHardwareVersion);
    }

    /// <summary>What vectors/README.md says about each image, read from its text (never copied here).</summary>
    private sealed record Documented(
        int FileSize, ushort HeaderLength, ushort FieldControl, ushort ManufacturerCode, ushort ImageType, uint FileVersion,
        ushort StackVersion, string HeaderString, ushort HardwareMin, ushort HardwareMax, int ManufacturerImageStart,
        int ManufacturerImageEnd, byte ForceReplace, string ManufacturerImageSha256)
    {
        public static Documented Esme()
        {
            string section = Section(EsmeImage);
            Match hw = HardwareRegex().Match(section);
            Assert.IsTrue(hw.Success, "vectors/README.md no longer gives the hardware versions in the form this test reads");
            Match mi = ManufacturerImageBytesRegex().Match(section);
            Assert.IsTrue(mi.Success, "vectors/README.md no longer gives the Manufacturer Image byte range");
            return new Documented(
                FileSize: int.Parse(Match(section, FileSizeRegex(), "file size"), CultureInfo.InvariantCulture),
                HeaderLength: ushort.Parse(Match(section, HeaderLengthRegex(), "header length"), CultureInfo.InvariantCulture),
                FieldControl: Hex16(Match(section, FieldControlRegex(), "field control")),
                ManufacturerCode: Hex16(Match(section, ManufacturerRegex(), "manufacturer")),
                ImageType: Hex16(Match(section, ImageTypeRegex(), "image type")),
                FileVersion: uint.Parse(Match(section, FileVersionRegex(), "file version"), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
                StackVersion: Hex16(Match(section, StackRegex(), "stack")),
                HeaderString: Match(section, HeaderStringRegex(), "header string"),
                HardwareMin: Hex16(hw.Groups[1].Value),
                HardwareMax: Hex16(hw.Groups[2].Value),
                ManufacturerImageStart: int.Parse(mi.Groups[1].Value, CultureInfo.InvariantCulture),
                ManufacturerImageEnd: int.Parse(mi.Groups[2].Value, CultureInfo.InvariantCulture),
                ForceReplace: Convert.ToByte(Match(section, ForceReplaceRegex(), "force-replace byte"), 16),
                ManufacturerImageSha256: Match(Readme(), HashRegex(), "Manufacturer Image SHA-256"));
        }

        /// <summary>The README describes the PPMID image as "the same header" with its own image type, string and size.</summary>
        public static Documented Ppmid()
        {
            string section = Section(PpmidImage);
            return Esme() with
            {
                FileSize = int.Parse(Match(section, FileSizeRegex(), "file size"), CultureInfo.InvariantCulture),
                ImageType = Hex16(Match(section, ImageTypeRegex(), "image type")),
                HeaderString = Match(section, StringRegex(), "header string"),
                ManufacturerImageEnd = -1,
                ForceReplace = 0,
            };
        }

        private static string Readme() => Vectors.ReadText("README.md");

        private static string Section(string file)
        {
            string readme = Readme();
            int start = readme.IndexOf($"`{file}`", StringComparison.Ordinal);
            Assert.IsGreaterThanOrEqualTo(0, start, $"vectors/README.md no longer describes {file}");
            int end = readme.IndexOf("\n- `", start + 1, StringComparison.Ordinal);
            return readme[start..(end < 0 ? readme.Length : end)];
        }

        private static string Match(string text, Regex regex, string what)
        {
            Match match = regex.Match(text);
            Assert.IsTrue(match.Success, $"vectors/README.md no longer documents the {what} in the form this test reads");
            return match.Groups[1].Value;
        }

        private static ushort Hex16(string text) => ushort.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\((\d+)\s+bytes\)")]
    private static partial Regex FileSizeRegex();

    [GeneratedRegex(@"(\d+)-byte\s+ZigBee\s+OTA\s+header")]
    private static partial Regex HeaderLengthRegex();

    [GeneratedRegex(@"field\s+control\s+0x([0-9A-Fa-f]{4})")]
    private static partial Regex FieldControlRegex();

    [GeneratedRegex(@"manufacturer\s+0x([0-9A-Fa-f]{4})")]
    private static partial Regex ManufacturerRegex();

    [GeneratedRegex(@"image\s+type\s+0x([0-9A-Fa-f]{4})")]
    private static partial Regex ImageTypeRegex();

    [GeneratedRegex(@"file\s+version\s+0x([0-9A-Fa-f]{8})")]
    private static partial Regex FileVersionRegex();

    [GeneratedRegex(@"stack\s+0x([0-9A-Fa-f]{4})")]
    private static partial Regex StackRegex();

    [GeneratedRegex(@"header\s+string\s+""([^""]*)""")]
    private static partial Regex HeaderStringRegex();

    [GeneratedRegex(@"string\s+""([^""]*)""")]
    private static partial Regex StringRegex();

    [GeneratedRegex(@"hardware\s+version\s+min\s+0x([0-9A-Fa-f]{4})\s+max\s+0x([0-9A-Fa-f]{4})")]
    private static partial Regex HardwareRegex();

    [GeneratedRegex(@"Manufacturer\s+Image\s+\(bytes\s+(\d+)[–-](\d+)\)")]
    private static partial Regex ManufacturerImageBytesRegex();

    [GeneratedRegex(@"then\s+one\s+0x([0-9A-Fa-f]{2})\s+byte")]
    private static partial Regex ForceReplaceRegex();

    [GeneratedRegex(@"SHA-256\s+of\s+the\s+Manufacturer\s+Image[^`]*`([0-9a-f]{64})`")]
    private static partial Regex HashRegex();
}

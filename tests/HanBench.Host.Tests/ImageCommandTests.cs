using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using HanBench.Cli;
using HanBench.Host.Crypto;

namespace HanBench.Host.Tests;

[TestClass]
public sealed class ImageCommandTests
{
    private string _dir = string.Empty;

    [TestInitialize]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("hanbench-image-tests-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    [DataRow("gbcs", "gbcs", 60)]
    [DataRow("zigbee", "zigbee", 66)]
    public void BuildThenInspect_EitherLayout_RoundTripsEveryField(string layout, string expectedLayout, int manufacturerImageOffset)
    {
        byte[] payload = Payload(1000, seed: 1);
        string image = Path.Combine(_dir, "image.ota");
        CliResult build = CliRunner.Run(
            "image", "build", "--payload", WritePayload(payload), "--manufacturer", "0x121D", "--image-type", "0x0084",
            "--version", "0x01020304", "--hw-min", "0x0010", "--hw-max", "0x0020", "--header-string", "round trip", "--layout", layout, "-o", image);
        Assert.AreEqual(ExitCodes.Ok, build.ExitCode, build.Error);
        StringAssert.Contains(build.Output, Convert.ToHexStringLower(SHA256.HashData(payload)));

        JsonElement json = InspectJson(image);
        Assert.AreEqual(expectedLayout, json.GetProperty("layout").GetString());
        JsonElement header = json.GetProperty("header");
        Assert.AreEqual("0x121D", header.GetProperty("manufacturerCode").GetString());
        Assert.AreEqual("0x0084", header.GetProperty("imageType").GetString());
        Assert.AreEqual("0x01020304", header.GetProperty("fileVersion").GetString());
        Assert.AreEqual("0x0002", header.GetProperty("zigbeeStackVersion").GetString());
        Assert.AreEqual("0x0004", header.GetProperty("fieldControl").GetString());
        Assert.AreEqual("0x0010", header.GetProperty("minimumHardwareVersion").GetString());
        Assert.AreEqual("0x0020", header.GetProperty("maximumHardwareVersion").GetString());
        Assert.AreEqual("round trip", header.GetProperty("headerString").GetString());
        Assert.AreEqual(JsonValueKind.Null, header.GetProperty("upgradeFileDestination").ValueKind);
        Assert.AreEqual(new FileInfo(image).Length, json.GetProperty("size").GetInt64());
        Assert.AreEqual(new FileInfo(image).Length, header.GetProperty("totalImageSize").GetInt64());
        JsonElement mi = json.GetProperty("manufacturerImage");
        Assert.AreEqual(manufacturerImageOffset, mi.GetProperty("offset").GetInt32());
        Assert.AreEqual(payload.Length, mi.GetProperty("length").GetInt32());
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(payload)), mi.GetProperty("sha256").GetString());
        Assert.IsFalse(json.GetProperty("signaturePresent").GetBoolean());
        Assert.AreEqual(JsonValueKind.Null, json.GetProperty("signatureValid").ValueKind);
        Assert.AreEqual((new FileInfo(image).Length + 2) / 3 * 4, json.GetProperty("base64").GetProperty("length").GetInt64());
        Assert.IsTrue(json.GetProperty("base64").GetProperty("fits").GetBoolean());
    }

    [TestMethod]
    public void Inspect_Table_ShowsFieldsHashAndBase64()
    {
        byte[] payload = Payload(300, seed: 2);
        string image = BuildImage(payload);
        CliResult result = CliRunner.Run("image", "inspect", image);
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        StringAssert.Contains(result.Output, "0x121D");
        StringAssert.Contains(result.Output, "gbcs (no signature trailer)");
        StringAssert.Contains(result.Output, Convert.ToHexStringLower(SHA256.HashData(payload)));
        StringAssert.Contains(result.Output, "of 1,024,000 chars: fits");
    }

    [TestMethod]
    public void BuildSigned_InspectWithCertificate_SignatureValid_AndDotNetAgrees()
    {
        EcdsaP256SigningKey key = EcdsaP256SigningKey.Generate();
        string keyPath = WriteText("key.pem", key.ExportPkcs8Pem());
        string certificatePath = WriteText("cert.pem", key.CreateSelfSignedCertificatePem("test supplier", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)));
        byte[] payload = Payload(4096, seed: 3);
        string image = BuildImage(payload, "--sign-key", keyPath);

        JsonElement json = InspectJson(image, "--signer-cert", certificatePath);
        Assert.AreEqual("gbcs-signed", json.GetProperty("layout").GetString());
        Assert.IsTrue(json.GetProperty("signaturePresent").GetBoolean());
        Assert.IsTrue(json.GetProperty("signatureValid").GetBoolean());
        Assert.AreEqual("0x00", json.GetProperty("forceReplace").GetString());
        StringAssert.Contains(json.GetProperty("signer").GetString(), "test supplier");

        // Independent check: .NET's own ECDSA accepts the r||s trailer over the Manufacturer Image.
        byte[] bytes = File.ReadAllBytes(image);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        using ECDsa publicKey = certificate.GetECDsaPublicKey()!;
        Assert.AreEqual(0x40, bytes[^65]);
        Assert.IsTrue(publicKey.VerifyData(bytes.AsSpan(56, payload.Length), bytes.AsSpan(bytes.Length - 64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        CliResult table = CliRunner.Run("image", "inspect", image, "--signer-cert", certificatePath);
        Assert.AreEqual(ExitCodes.Ok, table.ExitCode, table.Error);
        StringAssert.Contains(table.Output, "VALID");
    }

    [TestMethod]
    public void BuildSigned_WithSec1KeyMadeByDotNet_VerifiesWithDotNetPublicKey()
    {
        using ECDsa dotnetKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string keyPath = WriteText("sec1.pem", dotnetKey.ExportECPrivateKeyPem());
        string publicKeyPath = WriteText("public.pem", dotnetKey.ExportSubjectPublicKeyInfoPem());
        string image = BuildImage(Payload(500, seed: 4), "--sign-key", keyPath, "--force-replace");

        JsonElement json = InspectJson(image, "--signer-cert", publicKeyPath);
        Assert.IsTrue(json.GetProperty("signatureValid").GetBoolean());
        Assert.AreEqual("0x01", json.GetProperty("forceReplace").GetString());
    }

    [TestMethod]
    public void InspectSigned_AnyManufacturerImageByteTampered_SignatureInvalid_ExitsOne()
    {
        EcdsaP256SigningKey key = EcdsaP256SigningKey.Generate();
        string keyPath = WriteText("key.pem", key.ExportPkcs8Pem());
        string publicKeyPath = WriteText("public.pem", key.PublicKey.ExportPublicKeyPem());
        byte[] payload = Payload(200, seed: 5);
        string image = BuildImage(payload, "--sign-key", keyPath);
        byte[] bytes = File.ReadAllBytes(image);
        bytes[56 + 123] ^= 0x01;
        File.WriteAllBytes(image, bytes);

        CliResult result = CliRunner.Run("image", "inspect", image, "--signer-cert", publicKeyPath, "--json");
        Assert.AreEqual(ExitCodes.Failed, result.ExitCode, result.Error);
        Assert.IsFalse(JsonDocument.Parse(result.Output).RootElement.GetProperty("signatureValid").GetBoolean());
    }

    [TestMethod]
    public void InspectSigned_WrongSignerCertificate_SignatureInvalid()
    {
        string keyPath = WriteText("key.pem", EcdsaP256SigningKey.Generate().ExportPkcs8Pem());
        string otherPath = WriteText("other.pem", EcdsaP256SigningKey.Generate().PublicKey.ExportPublicKeyPem());
        string image = BuildImage(Payload(64, seed: 6), "--sign-key", keyPath);
        CliResult result = CliRunner.Run("image", "inspect", image, "--signer-cert", otherPath);
        Assert.AreEqual(ExitCodes.Failed, result.ExitCode);
        StringAssert.Contains(result.Output, "INVALID");
    }

    [TestMethod]
    public void InspectUnsigned_WithCertificate_ReportsNoValidSignature_ExitsOne()
    {
        string publicKeyPath = WriteText("public.pem", EcdsaP256SigningKey.Generate().PublicKey.ExportPublicKeyPem());
        string image = BuildImage(Payload(64, seed: 7));
        CliResult result = CliRunner.Run("image", "inspect", image, "--signer-cert", publicKeyPath, "--json");
        Assert.AreEqual(ExitCodes.Failed, result.ExitCode);
        JsonElement json = JsonDocument.Parse(result.Output).RootElement;
        Assert.IsFalse(json.GetProperty("signaturePresent").GetBoolean());
        Assert.IsFalse(json.GetProperty("signatureValid").GetBoolean());
    }

    [TestMethod]
    public void Build_Image768000Bytes_AcceptedAtDefaultLimit_768001Refused()
    {
        // A GBCS image with a 56-byte header: payload + 56 = image size. 768,000 bytes = 1,024,000 Base64 characters.
        string accepted = Path.Combine(_dir, "fits.ota");
        CliResult ok = CliRunner.Run(BuildArgs(WritePayload(new byte[768000 - 56]), accepted));
        Assert.AreEqual(ExitCodes.Ok, ok.ExitCode, ok.Error);
        Assert.AreEqual(768000, new FileInfo(accepted).Length);
        JsonElement json = InspectJson(accepted);
        Assert.AreEqual(1024000, json.GetProperty("base64").GetProperty("length").GetInt64());
        Assert.IsTrue(json.GetProperty("base64").GetProperty("fits").GetBoolean());

        string refused = Path.Combine(_dir, "too-big.ota");
        CliResult error = CliRunner.Run(BuildArgs(WritePayload(new byte[768001 - 56]), refused));
        Assert.AreEqual(ExitCodes.BadInput, error.ExitCode);
        AssertOneLineError(error, "image too large");
        StringAssert.Contains(error.Error, "768,001 bytes");
        Assert.IsFalse(File.Exists(refused));
    }

    [TestMethod]
    public void Build_Base64LimitOption_MovesTheLimit()
    {
        string payload = WritePayload(new byte[100 - 56]);
        CliResult refused = CliRunner.Run([.. BuildArgs(payload, Path.Combine(_dir, "a.ota")), "--base64-limit", "132"]);
        Assert.AreEqual(ExitCodes.BadInput, refused.ExitCode);
        CliResult fits = CliRunner.Run([.. BuildArgs(payload, Path.Combine(_dir, "b.ota")), "--base64-limit", "136"]);
        Assert.AreEqual(ExitCodes.Ok, fits.ExitCode, fits.Error);
    }

    [TestMethod]
    public void Inspect_ImageOverLimit_ReportsTooLarge()
    {
        string image = BuildImage(Payload(1000, seed: 8));
        JsonElement json = InspectJson(image, "--base64-limit", "100");
        Assert.IsFalse(json.GetProperty("base64").GetProperty("fits").GetBoolean());
        Assert.AreEqual(100, json.GetProperty("base64").GetProperty("limit").GetInt64());
    }

    [TestMethod]
    public void Build_MissingPayload_ExitsTwoNamingIt()
    {
        string missing = Path.Combine(_dir, "nope.bin");
        CliResult result = CliRunner.Run(BuildArgs(missing, Path.Combine(_dir, "out.ota")));
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        AssertOneLineError(result, "payload file not found");
        StringAssert.Contains(result.Error, "nope.bin");
    }

    [TestMethod]
    [DataRow("--manufacturer", "0x1G")]
    [DataRow("--manufacturer", "0x10000")]
    [DataRow("--version", "-1")]
    [DataRow("--image-type", "")]
    public void Build_BadNumber_ExitsTwoNamingTheOption(string option, string value)
    {
        string[] args = BuildArgs(WritePayload(new byte[10]), Path.Combine(_dir, "out.ota"));
        args[Array.IndexOf(args, option) + 1] = value;
        CliResult result = CliRunner.Run(args);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        AssertOneLineError(result, option);
    }

    [TestMethod]
    public void Build_InvalidCombinations_ExitTwo()
    {
        string payload = WritePayload(new byte[10]);
        string output = Path.Combine(_dir, "out.ota");
        string keyPath = WriteText("key.pem", EcdsaP256SigningKey.Generate().ExportPkcs8Pem());

        AssertOneLineError(CliRunner.Run([.. BuildArgs(payload, output), "--hw-min", "0x0001"]), "--hw-min and --hw-max");
        AssertOneLineError(CliRunner.Run([.. BuildArgs(payload, output), "--hw-min", "0x0002", "--hw-max", "0x0001"]), "above --hw-max");
        AssertOneLineError(CliRunner.Run([.. BuildArgs(payload, output), "--layout", "zigbee", "--sign-key", keyPath]), "--sign-key needs --layout gbcs");
        AssertOneLineError(CliRunner.Run([.. BuildArgs(payload, output), "--header-string", new string('x', 33)]), "--header-string");
        AssertOneLineError(CliRunner.Run([.. BuildArgs(payload, output), "--sign-key", WriteText("not-a-key.pem", "hello")]), "not-a-key.pem");
        AssertOneLineError(CliRunner.Run([.. BuildArgs(payload, output), "--sign-key", Path.Combine(_dir, "missing.pem")]), "signing key not found");
        Assert.AreEqual(ExitCodes.BadInput, CliRunner.Run("image", "build", "--payload", payload, "-o", output).ExitCode);
    }

    [TestMethod]
    public void Build_KeyOnAnotherCurve_ExitsTwo()
    {
        using ECDsa p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        string keyPath = WriteText("p384.pem", p384.ExportPkcs8PrivateKeyPem());
        CliResult result = CliRunner.Run([.. BuildArgs(WritePayload(new byte[10]), Path.Combine(_dir, "out.ota")), "--sign-key", keyPath]);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        AssertOneLineError(result, "P-256");
    }

    [TestMethod]
    public void Inspect_MissingFile_ExitsTwo()
    {
        CliResult result = CliRunner.Run("image", "inspect", Path.Combine(_dir, "missing.ota"));
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        AssertOneLineError(result, "image file not found");
    }

    [TestMethod]
    public void Inspect_NotAnOtaFile_ExitsTwo()
    {
        string path = WriteText("readme.txt", "This is not a firmware image, it is a text file.");
        CliResult result = CliRunner.Run("image", "inspect", path);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        AssertOneLineError(result, "not an OTA file");
    }

    [TestMethod]
    public void Inspect_TruncatedImage_ExitsTwoWithBothSizes()
    {
        string image = BuildImage(Payload(500, seed: 9));
        byte[] bytes = File.ReadAllBytes(image);
        File.WriteAllBytes(image, bytes[..400]);
        CliResult result = CliRunner.Run("image", "inspect", image);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        AssertOneLineError(result, "truncated: the header announces 556 bytes, the file has 400");

        File.WriteAllBytes(image, bytes[..30]);
        AssertOneLineError(CliRunner.Run("image", "inspect", image), "shorter than its OTA header");
    }

    [TestMethod]
    public void Inspect_TrailingBytes_ExitsTwoWithTotalSizeMismatch()
    {
        string image = BuildImage(Payload(100, seed: 10));
        File.AppendAllText(image, "junk");
        AssertOneLineError(CliRunner.Run("image", "inspect", image), "does not match the file");
    }

    [TestMethod]
    public void Inspect_DemandedLayoutMissing_ExitsTwo()
    {
        string image = BuildImage(Payload(100, seed: 11));
        AssertOneLineError(CliRunner.Run("image", "inspect", image, "--layout", "gbcs-signed"), "not a gbcs-signed image");
    }

    [TestMethod]
    public void Inspect_CertificateFileIsNotPem_ExitsTwo()
    {
        string image = BuildImage(Payload(100, seed: 12));
        string bad = WriteText("cert.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        CliResult result = CliRunner.Run("image", "inspect", image, "--signer-cert", bad);
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode);
        AssertOneLineError(result, "cert.pem");
    }

    [TestMethod]
    public void Sample_NoArguments_BuildsSignsAndInspects_ExitsZero()
    {
        CliResult result = CliRunner.Run("image", "sample", "--dir", _dir);
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        StringAssert.Contains(result.Output, "gbcs-signed");
        StringAssert.Contains(result.Output, "VALID");
        StringAssert.Contains(result.Output, "fits");

        string image = Directory.GetFiles(_dir, "*.ota").Single();
        string certificate = Path.Combine(_dir, "supplier-ds.pem");
        JsonElement json = InspectJson(image, "--signer-cert", certificate);
        Assert.IsTrue(json.GetProperty("signatureValid").GetBoolean());
        StringAssert.Contains(result.Output, json.GetProperty("manufacturerImage").GetProperty("sha256").GetString());
    }

    [TestMethod]
    public void Sample_WithoutDir_RunsInATemporaryFolder()
    {
        CliResult result = CliRunner.Run("image", "sample");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        string tempRoot = Path.GetTempPath();
        StringAssert.Contains(result.Output, "hanbench-sample-");
        foreach (string folder in Directory.GetDirectories(tempRoot, "hanbench-sample-*").Where(d => result.Output.Contains(Path.GetFileName(d))))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static byte[] Payload(int length, int seed)
    {
        byte[] payload = new byte[length];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    private static void AssertOneLineError(CliResult result, string expected)
    {
        Assert.AreEqual(ExitCodes.BadInput, result.ExitCode, result.Error);
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, result.Error);
        StringAssert.StartsWith(lines[0], "hanbench: error: ");
        StringAssert.Contains(lines[0], expected);
    }

    private string[] BuildArgs(string payloadPath, string output) =>
        ["image", "build", "--payload", payloadPath, "--manufacturer", "0x121D", "--image-type", "0x0084", "--version", "0x00000001", "-o", output];

    private string BuildImage(byte[] payload, params string[] extra)
    {
        string image = Path.Combine(_dir, $"image-{Guid.NewGuid():N}.ota");
        CliResult result = CliRunner.Run([.. BuildArgs(WritePayload(payload), image), .. extra]);
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        return image;
    }

    private JsonElement InspectJson(string image, params string[] extra)
    {
        CliResult result = CliRunner.Run(["image", "inspect", image, "--json", .. extra]);
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    private string WritePayload(byte[] payload)
    {
        string path = Path.Combine(_dir, $"payload-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, payload);
        return path;
    }

    private string WriteText(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}

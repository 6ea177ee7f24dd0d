using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Conformance.Tests;

/// <summary>
/// The portable GBCS MAC (GbcsMessageSecurity: KDF, AES-GCM) against every MAC'd RTDS 4.5.0 message whose keys are in
/// the RTDS keystore (docs/GBCS-SECURITY.md §2). Z comes from .NET's ECDiffieHellman: for a command, the ACB's KA private
/// key with the recipient device's KA certificate; for a response or alert, the Grouping Header recipient's KA private
/// key with the originating device's KA certificate. Re-MAC'ing each General-Signing block must give back the RTDS
/// frame octet for octet.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class GbcsMacConformanceTests
{
    private const string Rtds = "rtds-4.5.0";
    private const string Keystore = "keystore";
    private const ulong Acb = 0x90B3D51F30000002UL;
    private const ulong Supplier = 0x90B3D51F30010000UL;

    // 76 MAC'd RTDS messages: 72 have their keys in the keystore; the PCS01/PCS02 commands and responses (PPMID <->
    // GSME) need device KA private keys the keystore lacks. docs/GBCS-SECURITY.md's "51" counts those outside the
    // credential-management (CS02) folders, which hold the other 21.
    private const int MacdWithKeys = 72;
    private const int MacdWithKeysOutsideCs02 = 51;
    private const int MacdWithoutKeys = 4;

    [TestMethod]
    public void EveryRtdsMacWithKeys_RecomputedOctetForOctet()
    {
        int recomputed = 0;
        int outsideCs02 = 0;
        int withoutKeys = 0;
        var security = new GbcsMessageSecurity();
        foreach (MacdMessage message in MacdMessages())
        {
            byte[]? z = SharedSecretFor(message.Envelope);
            if (z == null)
            {
                withoutKeys++;
                continue;
            }

            GbcsLayout layout = message.Envelope.Layout;
            byte[] output = new byte[message.Bytes.Length + 16];
            GbcsMacStatus status = security.Protect(z, 0, message.Bytes, layout.GeneralSigningOffset, layout.GeneralSigningLength, output, 0, output.Length, out int written);
            Assert.AreEqual(GbcsMacStatus.Ok, status, message.Name);
            Assert.AreEqual(Convert.ToHexString(message.Bytes), Convert.ToHexString(output, 0, written), message.Name);
            Assert.AreEqual(GbcsMacStatus.Ok, security.Verify(z, 0, message.Bytes, 0, message.Bytes.Length), message.Name);
            recomputed++;
            if (!message.Name.Contains("_CS02", StringComparison.Ordinal))
            {
                outsideCs02++;
            }
        }

        Assert.AreEqual(MacdWithKeys, recomputed, "MAC'd RTDS messages with keys");
        Assert.AreEqual(MacdWithKeysOutsideCs02, outsideCs02, "of them outside the CS02 folders");
        Assert.AreEqual(MacdWithoutKeys, withoutKeys, "MAC'd RTDS messages without keys (PCS01/PCS02)");
    }

    [TestMethod]
    public void WorkedExample_Cs08SuccessResponse_HasTheDocumentedZAndMac()
    {
        MacdMessage message = MacdMessages().Single(m => m.Name.EndsWith("CS08_11.2_SUCCESS_RESPONSE_GBCS.HEX", StringComparison.Ordinal));
        byte[] z = SharedSecretFor(message.Envelope)!;
        Assert.AreEqual("9CCFE012CC5DF79FE5B98E286D3D4E6A938A35C0536554C60D6B70EFC6489114", Convert.ToHexString(z));
        Assert.AreEqual("0DA6F255E953F315B792D962", Convert.ToHexString(message.Bytes, message.Bytes.Length - 12, 12));
        Assert.AreEqual(GbcsMacStatus.Ok, new GbcsMessageSecurity().Verify(z, 0, message.Bytes, 0, message.Bytes.Length));
    }

    [TestMethod]
    public void EveryRtdsMacdMessage_AnyOneOctetChanged_Refused()
    {
        var security = new GbcsMessageSecurity();
        int checkedMessages = 0;
        foreach (MacdMessage message in MacdMessages())
        {
            byte[]? z = SharedSecretFor(message.Envelope);
            if (z == null)
            {
                continue;
            }

            byte[] bytes = (byte[])message.Bytes.Clone();
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] ^= 0xFF;
                GbcsMacStatus status = security.Verify(z, 0, bytes, 0, bytes.Length);
                Assert.AreNotEqual(GbcsMacStatus.Ok, status, $"{message.Name} octet {i}");
                bytes[i] ^= 0xFF;
            }

            checkedMessages++;
        }

        Assert.AreEqual(MacdWithKeys, checkedMessages);
    }

    [TestMethod]
    [DataRow("CS06_11.3_IMMEDIATE_SUCCESS")]
    [DataRow("CS06_11.3_FUTURE_DATED_SUCCESS")]
    [DataRow("CS06_11.3_CANCELLATION_SUCCESS")]
    public void Cs06PreCommand_SignedBySupplierAndMacd_IsTheRtdsCommandApartFromTheSignature(string stem)
    {
        byte[] preCommand = ReadHex("11.3_CS06", stem + "_PRECOMMAND_GBCS.HEX");
        byte[] expected = ReadHex("11.3_CS06", stem + "_COMMAND_GBCS.HEX");
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecodePreCommand(new ByteReader(preCommand, 0, preCommand.Length), envelope));
        GbcsLayout signed = envelope.Layout;
        Assert.AreEqual(preCommand.Length, signed.SignedDataOffset + signed.SignedDataLength, "a pre-command ends with its signed range");

        using ECDsa supplierDs = PrivateKey<ECDsa>(Supplier, "ds");
        byte[] signature = supplierDs.SignData(preCommand.AsSpan(signed.SignedDataOffset, signed.SignedDataLength), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        byte[] block = [.. preCommand, 0x40, .. signature];

        byte[] z = SharedSecretFor(envelope)!;
        var security = new GbcsMessageSecurity();
        byte[] output = new byte[expected.Length + 16];
        Assert.AreEqual(GbcsMacStatus.Ok, security.Protect(z, 0, block, 0, block.Length, output, 0, output.Length, out int written));
        Assert.AreEqual(expected.Length, written);
        GbcsLayout layout = security.Envelope.Layout;
        Assert.AreEqual(64, layout.SignatureLength);

        // The signature is randomised (ECDSA k), so it differs from the RTDS one; the MAC over it does too.
        byte[] mine = output[..written];
        Array.Copy(expected, layout.SignatureOffset, mine, layout.SignatureOffset, 64);
        security.WriteMac(z, 0, mine, security.Envelope);
        Assert.AreEqual(Convert.ToHexString(expected), Convert.ToHexString(mine), "with the RTDS signature in place, octet for octet");

        // Both signatures verify with the supplier's DS certificate over the signed range (docs/GBCS-SECURITY.md §3).
        using ECDsa supplierCertificate = CertificateKey(Supplier, "ds").GetECDsaPublicKey()!;
        ReadOnlySpan<byte> range = output.AsSpan(layout.SignedDataOffset, layout.SignedDataLength);
        Assert.IsTrue(supplierCertificate.VerifyData(range, output.AsSpan(layout.SignatureOffset, 64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.IsTrue(supplierCertificate.VerifyData(range, expected.AsSpan(layout.SignatureOffset, 64), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.AreEqual(GbcsMacStatus.Ok, security.Verify(z, 0, output, 0, written));
    }

    /// <summary>
    /// Z for a MAC'd message (docs/GBCS-SECURITY.md §2), or null when the keystore lacks a key: a remote party's command is
    /// MAC'd between the ACB's and the recipient device's KA keys, a response or alert between the originating
    /// device's and the Grouping Header recipient's.
    /// </summary>
    private static byte[]? SharedSecretFor(GbcsEnvelope header)
    {
        bool command = header.CraFlag == GbcsCraFlag.Command;

        // A device's own command to another device (PCS01/PCS02, PPMID to GSME) needs the originating device's KA
        // private key: the keystore holds device certificates only.
        if (command && IsDevice(header.OriginatorSystemTitle))
        {
            return null;
        }

        ulong party = command ? Acb : header.RecipientSystemTitle;
        ulong device = command ? header.RecipientSystemTitle : header.OriginatorSystemTitle;
        if (!File.Exists(KeyPath(party, "ka", "key")) || !File.Exists(KeyPath(device, "ka", "pem")))
        {
            return null;
        }

        using ECDiffieHellman partyKey = PrivateKey<ECDiffieHellman>(party, "ka");
        using X509Certificate2 deviceCertificate = CertificateKey(device, "ka");
        using ECDiffieHellman devicePublic = deviceCertificate.GetECDiffieHellmanPublicKey()!;
        return partyKey.DeriveRawSecretAgreement(devicePublic.PublicKey);
    }

    private static bool IsDevice(ulong entity) => File.Exists(KeyPath(entity, "ka", "pem")) && !File.Exists(KeyPath(entity, "ka", "key"));

    private static T PrivateKey<T>(ulong entity, string use)
        where T : AsymmetricAlgorithm
    {
        AsymmetricAlgorithm key = typeof(T) == typeof(ECDsa) ? ECDsa.Create() : ECDiffieHellman.Create();
        key.ImportFromPem(File.ReadAllText(KeyPath(entity, use, "key")));
        return (T)key;
    }

    private static X509Certificate2 CertificateKey(ulong entity, string use) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(KeyPath(entity, use, "pem")));

    private static string KeyPath(ulong entity, string use, string extension) =>
        Vectors.PathOf(Keystore, $"{entity:x16}-{use}.{extension}");

    private static byte[] ReadHex(string folder, string file) => Convert.FromHexString(Vectors.ReadText(Rtds, folder, file).Trim());

    private static IEnumerable<MacdMessage> MacdMessages()
    {
        foreach (string path in Directory.EnumerateFiles(Vectors.PathOf(Rtds), "*_GBCS.HEX", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            byte[] bytes = Convert.FromHexString(File.ReadAllText(path).Trim());
            if (bytes.Length == 0 || bytes[0] != GbcsEnvelope.GeneralCipheringTag)
            {
                continue;
            }

            var envelope = new GbcsEnvelope();
            string name = Path.GetRelativePath(Vectors.PathOf(Rtds), path);
            Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, bytes.Length), envelope), name);
            yield return new MacdMessage(name, bytes, envelope);
        }
    }

    private sealed record MacdMessage(string Name, byte[] Bytes, GbcsEnvelope Envelope);
}

using System.Security.Cryptography;
using HanBench.Host.Crypto;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Conformance.Tests;

/// <summary>
/// GBCS signatures and key agreement against the RTDS 4.5.0 messages and keystore (docs/GBCS-SECURITY.md §2, §3): every
/// signed RTDS message whose signer's DS certificate is in ../shared/vectors/keystore verifies over the signed range
/// the envelope decoder reports (the octet after 0xDF to the end of the payload) with the host crypto and with the
/// portable verifier the devices run, and fails after a one-octet flip; ECDH between the ACB's and the PPMID's KA keys
/// gives the Z of the worked example.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class GbcsSignatureConformanceTests
{
    private const string Rtds = "rtds-4.5.0";
    private const string Keystore = "keystore";

    // docs/GBCS-SECURITY.md §2 worked example: RTDS 11.2_CS08 success response, PPMID …A4 → ACB 90B3D51F30000002.
    private const string WorkedExampleZ = "9CCFE012CC5DF79FE5B98E286D3D4E6A938A35C0536554C60D6B70EFC6489114";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void RtdsSignedMessages_SignerInKeystore_VerifyWithHostAndPortable_OneOctetFlipRefused()
    {
        var portable = new EcdsaP256Verifier();
        int verified = 0;
        var withoutCertificate = new List<string>();
        var undecoded = new List<string>();
        foreach (string path in Directory.GetFiles(Vectors.PathOf(Rtds), "*_GBCS.HEX", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            if (name.Contains("_PRECOMMAND_", StringComparison.Ordinal))
            {
                continue;
            }

            byte[] bytes = Convert.FromHexString(File.ReadAllText(path).Trim());
            var envelope = new GbcsEnvelope();
            GbcsStatus status = GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, bytes.Length), envelope);
            if (status != GbcsStatus.Ok)
            {
                undecoded.Add($"{name} ({status})");
                continue;
            }

            if (envelope.SignatureLength == 0)
            {
                continue;
            }

            string certificate = Vectors.PathOf(Keystore, $"{envelope.OriginatorSystemTitle:x16}-ds.pem");
            if (!File.Exists(certificate))
            {
                withoutCertificate.Add(name);
                continue;
            }

            GbcsLayout layout = envelope.Layout;
            Assert.AreEqual(EcdsaP256Signer.SignatureLength, layout.SignatureLength, name);
            Assert.AreEqual(layout.SignedDataOffset + layout.SignedDataLength + 1, layout.SignatureOffset, $"{name}: signed range ends at the payload, before 40 ‖ r ‖ s");
            EcdsaP256VerifyingKey host = EcdsaP256VerifyingKey.FromPem(File.ReadAllText(certificate));
            byte[] publicKey = UncompressedPoint(host.ExportPublicKeyPem());

            Assert.IsTrue(host.Verify(bytes.AsSpan(layout.SignedDataOffset, layout.SignedDataLength), bytes.AsSpan(layout.SignatureOffset, 64)), $"{name}: host");
            Assert.AreEqual(P256Status.Ok, VerifyPortable(portable, publicKey, bytes, layout), $"{name}: portable");

            // One octet flipped in the signed range (its middle), then in s: refused by both.
            int flip = layout.SignedDataOffset + (layout.SignedDataLength / 2);
            bytes[flip] ^= 0x01;
            Assert.IsFalse(host.Verify(bytes.AsSpan(layout.SignedDataOffset, layout.SignedDataLength), bytes.AsSpan(layout.SignatureOffset, 64)), $"{name}: host after flip");
            Assert.AreEqual(P256Status.SignatureMismatch, VerifyPortable(portable, publicKey, bytes, layout), $"{name}: portable after flip");
            bytes[flip] ^= 0x01;
            bytes[layout.SignatureOffset + 63] ^= 0x01;
            Assert.AreEqual(P256Status.SignatureMismatch, VerifyPortable(portable, publicKey, bytes, layout), $"{name}: portable after a flip in s");
            verified++;
        }

        TestContext.WriteLine($"{verified} signed RTDS messages verified by host and portable code; no signer certificate: {withoutCertificate.Count} ({string.Join(", ", withoutCertificate)}); not decoded: {undecoded.Count} ({string.Join(", ", undecoded)})");
        Assert.IsEmpty(undecoded, "every RTDS message decodes");
        Assert.IsGreaterThanOrEqualTo(60, verified, "RTDS 4.5.0 holds 60 signed messages whose signer is in the keystore");
    }

    [TestMethod]
    public void AcbKaKeyWithPpmidKaCertificate_PortableEcdh_GivesWorkedExampleZ()
    {
        byte[] acbPrivateKey = PrivateScalar(Vectors.ReadText(Keystore, "90b3d51f30000002-ka.key"));
        string ppmidSpki = EcdsaP256VerifyingKey.FromPem(Vectors.ReadText(Keystore, "00db1234567890a4-ka.pem")).ExportPublicKeyPem();
        byte[] ppmidPublicKey = UncompressedPoint(ppmidSpki);

        byte[] z = new byte[EcdhP256.SharedSecretLength];
        Assert.AreEqual(P256Status.Ok, new EcdhP256().ComputeSharedSecret(acbPrivateKey, 0, ppmidPublicKey, 0, ppmidPublicKey.Length, z, 0));
        Assert.AreEqual(WorkedExampleZ, Convert.ToHexString(z));

        // The platform's own ECDH agrees (an independent implementation).
        using ECDiffieHellman acb = ECDiffieHellman.Create();
        acb.ImportFromPem(Vectors.ReadText(Keystore, "90b3d51f30000002-ka.key"));
        using ECDiffieHellman ppmid = ECDiffieHellman.Create();
        ppmid.ImportFromPem(ppmidSpki);
        CollectionAssert.AreEqual(z, acb.DeriveRawSecretAgreement(ppmid.PublicKey));
    }

    private static P256Status VerifyPortable(EcdsaP256Verifier verifier, byte[] publicKey, byte[] message, GbcsLayout layout) =>
        verifier.VerifyMessage(publicKey, 0, publicKey.Length, message, layout.SignedDataOffset, layout.SignedDataLength, message, layout.SignatureOffset, layout.SignatureLength);

    private static byte[] UncompressedPoint(string publicKeyPem)
    {
        using ECDsa key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        ECParameters parameters = key.ExportParameters(false);
        return [0x04, .. parameters.Q.X!, .. parameters.Q.Y!];
    }

    private static byte[] PrivateScalar(string privateKeyPem)
    {
        using ECDsa key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        return key.ExportParameters(true).D!;
    }
}

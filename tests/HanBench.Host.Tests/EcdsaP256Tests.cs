using System.Security.Cryptography;
using HanBench.Host.Crypto;

namespace HanBench.Host.Tests;

[TestClass]
public sealed class EcdsaP256Tests
{
    private static readonly byte[] Message = "Manufacturer Image"u8.ToArray();

    [TestMethod]
    public void Sign_SameKeyAndMessage_SameSignature_AndItVerifies()
    {
        EcdsaP256SigningKey key = EcdsaP256SigningKey.Generate();
        byte[] first = key.Sign(Message);
        Assert.HasCount(64, first);
        CollectionAssert.AreEqual(first, key.Sign(Message), "RFC 6979: signing is deterministic, so builds are reproducible");
        Assert.IsTrue(key.PublicKey.Verify(Message, first));
        Assert.IsTrue(key.PublicKey.VerifyHash(SHA256.HashData(Message), first));
        Assert.IsFalse(key.PublicKey.Verify("Manufacturer Imagf"u8, first));
    }

    [TestMethod]
    public void Verify_SignatureMadeByDotNet_IsValid()
    {
        using ECDsa dotnet = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] signature = dotnet.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        EcdsaP256VerifyingKey key = EcdsaP256VerifyingKey.FromPem(dotnet.ExportSubjectPublicKeyInfoPem());
        Assert.IsTrue(key.Verify(Message, signature));
        Assert.IsNull(key.Subject);
    }

    [TestMethod]
    public void Verify_MalformedSignatures_AreInvalidNotErrors()
    {
        EcdsaP256SigningKey key = EcdsaP256SigningKey.Generate();
        byte[] good = key.Sign(Message);
        Assert.IsFalse(key.PublicKey.Verify(Message, good.AsSpan(0, 63)));
        Assert.IsFalse(key.PublicKey.Verify(Message, new byte[64]));
        byte[] ones = Enumerable.Repeat((byte)0xFF, 64).ToArray();
        Assert.IsFalse(key.PublicKey.Verify(Message, ones));
        Assert.IsFalse(key.PublicKey.VerifyHash(new byte[31], good));
    }

    [TestMethod]
    public void ExportPkcs8_ThenLoad_SameKey_LoadableByDotNet()
    {
        EcdsaP256SigningKey key = EcdsaP256SigningKey.Generate();
        string pem = key.ExportPkcs8Pem();
        StringAssert.StartsWith(pem, "-----BEGIN PRIVATE KEY-----");
        Assert.IsTrue(EcdsaP256SigningKey.FromPem(pem).HasSamePrivateKey(key));
        using ECDsa dotnet = ECDsa.Create();
        dotnet.ImportFromPem(pem);
        byte[] signature = dotnet.SignData(Message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        Assert.IsTrue(key.PublicKey.Verify(Message, signature));
    }

    [TestMethod]
    public void SelfSignedCertificate_LoadsAsVerifyingKey_WithSubject()
    {
        EcdsaP256SigningKey key = EcdsaP256SigningKey.Generate();
        string pem = key.CreateSelfSignedCertificatePem("bench supplier", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        EcdsaP256VerifyingKey verifying = EcdsaP256VerifyingKey.FromPem(pem);
        StringAssert.Contains(verifying.Subject, "bench supplier");
        Assert.IsTrue(verifying.Verify(Message, key.Sign(Message)));
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        Assert.AreEqual("CN=bench supplier", certificate.Subject);
    }

    [TestMethod]
    public void FromPem_WrongContent_ThrowsInvalidDataNamingIt()
    {
        string certificate = EcdsaP256SigningKey.Generate().CreateSelfSignedCertificatePem("x", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => EcdsaP256SigningKey.FromPem(certificate)).Message, "certificate");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => EcdsaP256SigningKey.FromPem("no pem here")).Message, "no PEM");
        using RSA rsa = RSA.Create(2048);
        Assert.ThrowsExactly<InvalidDataException>(() => EcdsaP256VerifyingKey.FromPem(rsa.ExportSubjectPublicKeyInfoPem()));
        using ECDsa p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => EcdsaP256VerifyingKey.FromPem(p384.ExportSubjectPublicKeyInfoPem())).Message, "P-256");
    }
}

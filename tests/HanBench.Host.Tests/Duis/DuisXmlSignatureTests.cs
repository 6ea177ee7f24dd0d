using System.Security.Cryptography;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Tests.Duis;

/// <summary>DUIS XML signatures with HanBench's own test PKI: round trip, tampering, and every shape of signature DUIS does not use.</summary>
[TestClass]
public sealed class DuisXmlSignatureTests
{
    private const string Request = """<?xml version="1.0" encoding="UTF-8"?><sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" schemaVersion="5.4"><sr:Header><sr:RequestID>90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1000</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant><sr:ServiceReference>8.2</sr:ServiceReference><sr:ServiceReferenceVariant>8.2</sr:ServiceReferenceVariant></sr:Header><sr:Body><sr:ReadInventory><sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID></sr:ReadInventory></sr:Body></sr:Request>""";

    private static readonly Lazy<Keystore> Store = new(() => Keystore.Init(TestFolders.Create("hanbench-xmldsig-"), DateTimeOffset.UtcNow));

    private static PartyCredential Supplier => Store.Value.XmlSigner(Keystore.DefaultSupplier)!;

    private static DuisSignatureCheck Verify(string xml) => DuisXmlSignature.Verify(xml, Store.Value.FindSigning);

    [TestMethod]
    public void SignThenVerify_SameDocument_VerifiedBySigner()
    {
        string signed = DuisXmlSignature.Sign(Request, Supplier);

        DuisSignatureCheck check = Verify(signed);

        Assert.IsTrue(check.Verified, check.Problem);
        Assert.AreEqual(Keystore.DefaultSupplier, check.Signer!.Party);
        StringAssert.Contains(signed, "<ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256\"");
        StringAssert.Contains(signed, "<ds:X509SerialNumber>" + Supplier.Serial + "</ds:X509SerialNumber>");
    }

    [TestMethod]
    public void Signed_SignatureValueIsRawRs64Octets()
    {
        string signed = DuisXmlSignature.Sign(Request, Supplier);
        string value = signed[(signed.IndexOf("<ds:SignatureValue>", StringComparison.Ordinal) + 19)..signed.IndexOf("</ds:SignatureValue>", StringComparison.Ordinal)];

        Assert.AreEqual(64, Convert.FromBase64String(value).Length);
    }

    [TestMethod]
    [DataRow("00-DB-12-34-56-78-90-A2", "00-DB-12-34-56-78-90-A3", "does not verify")]
    [DataRow(":1000<", ":1001<", "does not verify")]
    [DataRow("xmldsig-more#ecdsa-sha256", "xmldsig-more#rsa-sha256", "SignatureMethod")]
    [DataRow("xml-exc-c14n#\"", "REC-xml-c14n-20010315\"", "CanonicalizationMethod")]
    [DataRow("xmlenc#sha256", "xmldsig#sha1", "DigestMethod")]
    [DataRow("<ds:Reference URI=\"\">", "<ds:Reference URI=\"#x\">", "Reference")]
    public void Signed_OneThingChanged_RefusedNamingIt(string from, string to, string mentions)
    {
        string signed = DuisXmlSignature.Sign(Request, Supplier);
        Assert.IsTrue(signed.Contains(from, StringComparison.Ordinal), from);

        DuisSignatureCheck check = Verify(signed.Replace(from, to, StringComparison.Ordinal));

        Assert.IsFalse(check.Verified);
        StringAssert.Contains(check.Problem, mentions);
    }

    [TestMethod]
    public void DerEncodedSignatureValue_Refused()
    {
        string signed = DuisXmlSignature.Sign(Request, Supplier);
        int start = signed.IndexOf("<ds:SignatureValue>", StringComparison.Ordinal) + 19;
        int end = signed.IndexOf("</ds:SignatureValue>", StringComparison.Ordinal);
        byte[] raw = Convert.FromBase64String(signed[start..end]);
        byte[] der = AsDer(raw);

        DuisSignatureCheck check = Verify(string.Concat(signed.AsSpan(0, start), Convert.ToBase64String(der), signed.AsSpan(end)));

        Assert.IsFalse(check.Verified, "a DER ECDSA value is not what DUIS signatures carry");
    }

    [TestMethod]
    public void TwoSignaturesOrSignatureInsideTheBody_Refused()
    {
        string signed = DuisXmlSignature.Sign(Request, Supplier);
        string signature = signed[signed.IndexOf("<ds:Signature", StringComparison.Ordinal)..signed.IndexOf("</sr:Request>", StringComparison.Ordinal)];
        string twice = signed.Replace("</sr:Request>", signature + "</sr:Request>", StringComparison.Ordinal);
        string moved = signed.Replace(signature, string.Empty, StringComparison.Ordinal).Replace("</sr:ReadInventory>", signature + "</sr:ReadInventory>", StringComparison.Ordinal);

        StringAssert.Contains(Verify(twice).Problem, "exactly one ds:Signature");
        StringAssert.Contains(Verify(moved).Problem, "exactly one ds:Signature");
    }

    [TestMethod]
    public void SignedByAPartyTheKeystoreDoesNotHold_UnknownCertificate()
    {
        Keystore other = Keystore.Init(TestFolders.Create("hanbench-xmldsig-other-"), DateTimeOffset.UtcNow);

        DuisSignatureCheck check = Verify(DuisXmlSignature.Sign(Request, other.XmlSigner(Keystore.DefaultSupplier)!));

        Assert.IsFalse(check.Verified);
        StringAssert.Contains(check.Problem, "unknown certificate");
    }

    [TestMethod]
    public void NotXmlOrDtd_RefusedNotThrown()
    {
        StringAssert.Contains(Verify("not xml").Problem, "not well-formed");
        StringAssert.Contains(Verify("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>").Problem, "not well-formed");
    }

    private static byte[] AsDer(byte[] rs)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(rs.AsSpan(0, 32));
            writer.WriteIntegerUnsigned(rs.AsSpan(32, 32));
        }

        return writer.Encode();
    }
}

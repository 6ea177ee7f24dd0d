using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using HanBench.Host.Keys;

namespace HanBench.Host.Duis;

/// <summary>Whether a signed document verified, and by whom.</summary>
/// <param name="Signer">The credential whose key verified the signature (null when it did not).</param>
/// <param name="Problem">What is wrong (null when verified): no signature, a malformed one, an algorithm DUIS does not use, an unknown certificate, a wrong value.</param>
public sealed record DuisSignatureCheck(PartyCredential? Signer, string? Problem)
{
    /// <summary>Whether the signature verified.</summary>
    public bool Verified => Problem is null && Signer is not null;
}

/// <summary>
/// DUIS XML signatures as DCC Boxed makes and checks them: one XMLDSig enveloped signature, the last child of the root
/// element, over the whole document (<c>Reference URI=""</c>, enveloped-signature transform), exclusive C14N,
/// ECDSA-SHA256 (r‖s), SHA-256 digest, <c>KeyInfo/X509Data/X509IssuerSerial</c> naming the signer's certificate.
/// Anything else is refused, so no wrapping or algorithm downgrade gets through.
/// </summary>
public static class DuisXmlSignature
{
    private const string Sha256DigestUrl = "http://www.w3.org/2001/04/xmlenc#sha256";

    static DuisXmlSignature() => EcdsaSha256SignatureDescription.Register();

    /// <summary>
    /// Checks the signature of <paramref name="xml"/>; <paramref name="findCertificate"/> finds a DS credential by
    /// serial number (decimal) among those whose issuer matches the X509IssuerName.
    /// </summary>
    public static DuisSignatureCheck Verify(string xml, Func<string, Func<X500DistinguishedName, bool>, PartyCredential?> findCertificate)
    {
        ArgumentNullException.ThrowIfNull(findCertificate);
        XmlDocument document;
        try
        {
            document = Load(xml);
        }
        catch (XmlException e)
        {
            return new DuisSignatureCheck(null, $"not well-formed XML: {e.Message}");
        }

        XmlNodeList signatures = document.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl);
        if (signatures.Count == 0)
        {
            return new DuisSignatureCheck(null, "the request carries no ds:Signature (DUIS requests must be signed)");
        }

        if (signatures.Count > 1 || signatures[0]!.ParentNode != document.DocumentElement)
        {
            return new DuisSignatureCheck(null, "the request must carry exactly one ds:Signature, a child of its root element");
        }

        var signed = new SignedXml(document);
        try
        {
            signed.LoadXml((XmlElement)signatures[0]!);
        }
        catch (CryptographicException e)
        {
            return new DuisSignatureCheck(null, $"malformed ds:Signature: {e.Message.TrimEnd('.')}");
        }

        if (Profile(signed) is { } wrong)
        {
            return new DuisSignatureCheck(null, wrong);
        }

        if (IssuerSerial((XmlElement)signatures[0]!) is not { } issuerSerial)
        {
            return new DuisSignatureCheck(null, "ds:KeyInfo must name the signer's certificate by one X509IssuerSerial");
        }

        PartyCredential? signer = findCertificate(issuerSerial.SerialNumber.Trim(), issuer => IssuerMatches(issuerSerial.IssuerName, issuer));
        if (signer is null)
        {
            return new DuisSignatureCheck(null, $"unknown certificate: no Service User certificate with serial {issuerSerial.SerialNumber} issued by '{issuerSerial.IssuerName}'");
        }

        using ECDsa? key = signer.Certificate.GetECDsaPublicKey();
        bool valid;
        try
        {
            valid = key is not null && signed.CheckSignature(key);
        }
        catch (CryptographicException e)
        {
            return new DuisSignatureCheck(null, $"malformed ds:Signature: {e.Message.TrimEnd('.')}");
        }

        return valid
            ? new DuisSignatureCheck(signer, null)
            : new DuisSignatureCheck(null, $"the signature does not verify with certificate {signer.Serial} of {signer.Party} (the document was changed or signed by another key)");
    }

    /// <summary>Signs <paramref name="xml"/> (a DUIS response or alert) with <paramref name="signer"/>'s key, appending ds:Signature to the root.</summary>
    public static string Sign(string xml, PartyCredential signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        XmlDocument document = Load(xml);
        using ECDsa key = signer.OpenPrivateKey();
        var signed = new SignedXml(document) { SigningKey = key };
        signed.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signed.SignedInfo.SignatureMethod = EcdsaSha256SignatureDescription.Url;
        var reference = new Reference(string.Empty) { DigestMethod = Sha256DigestUrl };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        signed.AddReference(reference);
        var x509 = new KeyInfoX509Data();
        // AddIssuerSerial takes the serial in hex and writes it in decimal, as X509SerialNumber must be.
        x509.AddIssuerSerial(FormatIssuer(signer.Certificate.IssuerName), Convert.ToHexString(signer.Certificate.SerialNumberBytes.Span));
        signed.KeyInfo = new KeyInfo();
        signed.KeyInfo.AddClause(x509);
        signed.ComputeSignature();
        XmlElement signature = signed.GetXml();
        signature.Prefix = "ds";
        SetPrefix(signature, "ds");
        document.DocumentElement!.AppendChild(document.ImportNode(signature, deep: true));

        // Recompute over the prefixed element: the prefix is part of what exclusive C14N signs.
        return SignPrefixed(document, key);
    }

    /// <summary>Whether an RFC 4514 issuer name (as Java writes it, <c>CN=Z1,OU=07</c>) names the same RDNs as <paramref name="issuer"/>, in any order.</summary>
    public static bool IssuerMatches(string text, X500DistinguishedName issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        List<string> expected = [.. issuer.EnumerateRelativeDistinguishedNames().Select(r => $"{r.GetSingleElementType().Value}={r.GetSingleElementValue()}").Order(StringComparer.Ordinal)];
        List<string>? given = ParseRfc4514(text);
        return given is not null && expected.SequenceEqual(given.Order(StringComparer.Ordinal));
    }

    private static string? Profile(SignedXml signed)
    {
        SignedInfo info = signed.SignedInfo!;
        if (info.CanonicalizationMethod != SignedXml.XmlDsigExcC14NTransformUrl)
        {
            return $"CanonicalizationMethod {info.CanonicalizationMethod} is not exclusive C14N ({SignedXml.XmlDsigExcC14NTransformUrl})";
        }

        if (info.SignatureMethod != EcdsaSha256SignatureDescription.Url)
        {
            return $"SignatureMethod {info.SignatureMethod} is not {EcdsaSha256SignatureDescription.Url}";
        }

        if (info.References.Count != 1 || info.References[0] is not Reference reference || reference.Uri != string.Empty)
        {
            return "the signature must have one Reference, URI=\"\" (the whole document)";
        }

        if (reference.DigestMethod != Sha256DigestUrl)
        {
            return $"DigestMethod {reference.DigestMethod} is not SHA-256 ({Sha256DigestUrl})";
        }

        bool enveloped = false;
        foreach (Transform transform in reference.TransformChain)
        {
            if (transform is XmlDsigEnvelopedSignatureTransform)
            {
                enveloped = true;
            }
            else if (transform is not XmlDsigExcC14NTransform)
            {
                return $"transform {transform.Algorithm} is not one DUIS signatures use";
            }
        }

        return enveloped ? null : "the Reference lacks the enveloped-signature transform";
    }

    /// <summary>The one ds:X509IssuerSerial of ds:KeyInfo (issuer name, serial number), or null when KeyInfo holds anything else.</summary>
    private static (string IssuerName, string SerialNumber)? IssuerSerial(XmlElement signature)
    {
        var ns = new XmlNamespaceManager(signature.OwnerDocument.NameTable);
        ns.AddNamespace("ds", SignedXml.XmlDsigNamespaceUrl);
        XmlNodeList? serials = signature.SelectNodes("ds:KeyInfo/ds:X509Data/ds:X509IssuerSerial", ns);
        if (serials is not { Count: 1 } || signature.SelectNodes("ds:KeyInfo/*", ns) is not { Count: 1 })
        {
            return null;
        }

        string? issuer = serials[0]!.SelectSingleNode("ds:X509IssuerName", ns)?.InnerText;
        string? serial = serials[0]!.SelectSingleNode("ds:X509SerialNumber", ns)?.InnerText;
        return issuer is null || serial is null ? null : (issuer, serial);
    }

    private static XmlDocument Load(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using XmlReader reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        document.Load(reader);
        return document;
    }

    private static string SignPrefixed(XmlDocument document, ECDsa key)
    {
        // SignedXml writes ds:Signature unprefixed in the default namespace; DUIS documents (and DCC Boxed) use the
        // ds prefix, so sign a second time with the SignatureValue computed over the prefixed SignedInfo.
        XmlElement signature = (XmlElement)document.DocumentElement!.LastChild!;
        XmlElement info = (XmlElement)signature.GetElementsByTagName("SignedInfo", SignedXml.XmlDsigNamespaceUrl)[0]!;
        var transform = new XmlDsigExcC14NTransform();
        var infoDocument = new XmlDocument { PreserveWhitespace = true };
        infoDocument.AppendChild(infoDocument.ImportNode(info, deep: true));
        transform.LoadInput(infoDocument);
        using var canonical = (Stream)transform.GetOutput(typeof(Stream));
        byte[] value = key.SignData(canonical, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        signature.GetElementsByTagName("SignatureValue", SignedXml.XmlDsigNamespaceUrl)[0]!.InnerText = Convert.ToBase64String(value);
        return Serialize(document);
    }

    private static string Serialize(XmlDocument document)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false, Indent = false };
        using var buffer = new MemoryStream();
        using (XmlWriter writer = XmlWriter.Create(buffer, settings))
        {
            document.Save(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void SetPrefix(XmlNode node, string prefix)
    {
        foreach (XmlNode child in node.ChildNodes)
        {
            if (child.NamespaceURI == SignedXml.XmlDsigNamespaceUrl)
            {
                child.Prefix = prefix;
            }

            SetPrefix(child, prefix);
        }
    }

    /// <summary>Java's RFC 2253 form (<c>CN=Z1,OU=07</c>): the RDNs most significant last (the order .NET enumerates them), short type names.</summary>
    private static string FormatIssuer(X500DistinguishedName issuer) =>
        string.Join(",", issuer.EnumerateRelativeDistinguishedNames().Select(r => $"{ShortName(r.GetSingleElementType().Value!)}={Escape(r.GetSingleElementValue() ?? string.Empty)}"));

    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CN"] = "2.5.4.3", ["OU"] = "2.5.4.11", ["O"] = "2.5.4.10", ["C"] = "2.5.4.6", ["L"] = "2.5.4.7", ["ST"] = "2.5.4.8", ["SERIALNUMBER"] = "2.5.4.5",
    };

    private static string ShortName(string oid) => ShortNames.FirstOrDefault(p => p.Value == oid).Key ?? oid;

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal).Replace("+", "\\+", StringComparison.Ordinal);

    private static List<string>? ParseRfc4514(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (c == ',')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        var result = new List<string>();
        foreach (string part in parts)
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            string type = part[..equals].Trim();
            string oid = ShortNames.TryGetValue(type, out string? known) ? known : type.StartsWith("OID.", StringComparison.OrdinalIgnoreCase) ? type[4..] : type;
            result.Add($"{oid}={part[(equals + 1)..].Trim()}");
        }

        return result;
    }
}

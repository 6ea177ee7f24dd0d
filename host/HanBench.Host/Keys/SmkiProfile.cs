using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;

namespace HanBench.Host.Keys;

/// <summary>
/// The SMKI certificate profiles HanBench's test PKI issues, as the RTDS certificates show them
/// (<c>openssl x509 -text</c> on <c>keystore/00db1234567890a4-ds.pem</c> and <c>90b3d51f30010000-ds.pem</c>):
/// <list type="bullet">
/// <item>Device: empty subject; the EUI-64 in a critical subjectAltName otherName hardwareModuleName (RFC 4108:
/// hwType 1.2.826.0.1.8641679.1.2.2.1, hwSerialNum = the eight octets); critical key usage (digitalSignature for
/// DS, keyAgreement for KA); critical certificate policy 1.2.826.0.1.1800000.1.2.1.4; 8-octet key identifiers;
/// valid to 9999-12-31 23:59:59.</item>
/// <item>Organisation: subject [CN=name,] OU=role code (two hex digits), x500UniqueIdentifier = BIT STRING of the
/// EUI-64; critical key usage; critical policy 1.2.826.0.1.8641679.1.2.1.4.</item>
/// </list>
/// Every certificate is ecdsa-with-SHA256 over P-256 keys. Built with .NET's CertificateRequest.
/// </summary>
public static class SmkiProfile
{
    /// <summary>The Device certificate policy the RTDS device certificates carry.</summary>
    public const string DevicePolicy = "1.2.826.0.1.1800000.1.2.1.4";

    /// <summary>The Organisation certificate policy the RTDS and DCC Boxed party certificates carry.</summary>
    public const string OrganisationPolicy = "1.2.826.0.1.8641679.1.2.1.4";

    /// <summary>id-on-hardwareModuleName (RFC 4108).</summary>
    public const string HardwareModuleName = "1.3.6.1.5.5.7.8.4";

    /// <summary>The hwType of RTDS device certificates.</summary>
    public const string DeviceHardwareType = "1.2.826.0.1.8641679.1.2.2.1";

    /// <summary>x500UniqueIdentifier (X.520), which holds an Organisation's EUI-64.</summary>
    public const string UniqueIdentifier = "2.5.4.45";

    private const string OrganizationalUnit = "2.5.4.11";
    private const string CommonName = "2.5.4.3";
    private const string SubjectAltName = "2.5.29.17";
    private const string CertificatePolicies = "2.5.29.32";

    /// <summary>The notAfter of RTDS device certificates (no well-defined expiry, RFC 5280 §4.1.2.5).</summary>
    public static readonly DateTimeOffset NoExpiry = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>A fresh P-256 key pair (DS and KA keys alike: both are id-ecPublicKey on prime256v1).</summary>
    public static ECDsa NewKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A Device certificate for <paramref name="device"/>'s DS or KA public key, signed by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 IssueDevice(Eui64 device, CredentialUsage usage, ECDsa publicKey, CertificateAuthority issuer, DateTimeOffset now)
    {
        var request = new CertificateRequest(new X500DistinguishedName([0x30, 0x00]), publicKey, HashAlgorithmName.SHA256);
        AddCommon(request, usage, publicKey);
        request.CertificateExtensions.Add(new X509Extension(SubjectAltName, HardwareModuleNameValue(device), critical: true));
        request.CertificateExtensions.Add(new X509Extension(CertificatePolicies, PolicyValue(DevicePolicy), critical: true));
        return issuer.Sign(request, now, NoExpiry);
    }

    /// <summary>An Organisation certificate for a remote party's DS or KA public key, signed by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 IssueOrganisation(Eui64 party, int roleCode, string? name, CredentialUsage usage, ECDsa publicKey, CertificateAuthority issuer, DateTimeOffset now)
    {
        var request = new CertificateRequest(OrganisationName(party, roleCode, name), publicKey, HashAlgorithmName.SHA256);
        AddCommon(request, usage, publicKey);
        request.CertificateExtensions.Add(new X509Extension(CertificatePolicies, PolicyValue(OrganisationPolicy), critical: true));
        return issuer.Sign(request, now, now.AddYears(25));
    }

    /// <summary>The EUI-64 a certificate names: a Device certificate's hardwareModuleName, or an Organisation certificate's x500UniqueIdentifier.</summary>
    public static Eui64? ReadEui(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            if (certificate.Extensions[SubjectAltName] is { } san)
            {
                var names = new AsnReader(san.RawData, AsnEncodingRules.DER).ReadSequence();
                while (names.HasData)
                {
                    if (names.PeekTag() != new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))
                    {
                        names.ReadEncodedValue();
                        continue;
                    }

                    AsnReader other = names.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                    if (other.ReadObjectIdentifier() == HardwareModuleName)
                    {
                        AsnReader module = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)).ReadSequence();
                        module.ReadObjectIdentifier();
                        byte[] serial = module.ReadOctetString();
                        return serial.Length == 8 ? new Eui64(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(serial)) : null;
                    }
                }
            }

            foreach ((string oid, ReadOnlyMemory<byte> value) in Attributes(certificate.SubjectName))
            {
                if (oid == UniqueIdentifier)
                {
                    byte[] bits = new AsnReader(value, AsnEncodingRules.BER).ReadBitString(out int unused);
                    return unused == 0 && bits.Length == 8 ? new Eui64(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bits)) : null;
                }
            }
        }
        catch (AsnContentException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The Remote Party Role code in an Organisation certificate's OU; null for a Device certificate or another profile.</summary>
    public static int? ReadRoleCode(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            foreach ((string oid, ReadOnlyMemory<byte> value) in Attributes(certificate.SubjectName))
            {
                if (oid != OrganizationalUnit)
                {
                    continue;
                }

                var type = (UniversalTagNumber)Asn1Tag.Decode(value.Span, out _).TagValue;
                string text = new AsnReader(value, AsnEncodingRules.BER).ReadCharacterString(type);
                if (int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                {
                    return code;
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or ArgumentException)
        {
        }

        return null;
    }

    /// <summary>Whether the certificate is in the Device profile (empty subject, hardwareModuleName).</summary>
    public static bool IsDeviceCertificate(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(new byte[] { 0x30, 0x00 }) && ReadEui(certificate) is not null;

    /// <summary>The certificate's serial number in decimal, as XMLDSig's X509SerialNumber writes it.</summary>
    public static string SerialDecimal(X509Certificate2 certificate) =>
        new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: true, isBigEndian: true).ToString(CultureInfo.InvariantCulture);

    /// <summary>A random positive 16-octet certificate serial number.</summary>
    internal static byte[] NewSerial()
    {
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }

    internal static void AddKeyIdentifier(CertificateRequest request, ECDsa publicKey) =>
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(new PublicKey(publicKey), X509SubjectKeyIdentifierHashAlgorithm.ShortSha1, critical: false));

    private static void AddCommon(CertificateRequest request, CredentialUsage usage, ECDsa publicKey)
    {
        X509KeyUsageFlags flags = usage == CredentialUsage.DigitalSigning ? X509KeyUsageFlags.DigitalSignature : X509KeyUsageFlags.KeyAgreement;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(flags, critical: true));
        AddKeyIdentifier(request, publicKey);
    }

    private static byte[] HardwareModuleNameValue(Eui64 device)
    {
        Span<byte> serial = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(serial, device.Value);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
        {
            writer.WriteObjectIdentifier(HardwareModuleName);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(DeviceHardwareType);
                writer.WriteOctetString(serial);
            }
        }

        return writer.Encode();
    }

    private static byte[] PolicyValue(string policy)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(policy);
        }

        return writer.Encode();
    }

    /// <summary>[CN=name,] OU=role (hex), x500UniqueIdentifier=EUI-64 as a BIT STRING, in the RTDS order.</summary>
    private static X500DistinguishedName OrganisationName(Eui64 party, int roleCode, string? name)
    {
        Span<byte> eui = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(eui, party.Value);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (!string.IsNullOrEmpty(name))
            {
                Attribute(writer, CommonName, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, name));
            }

            Attribute(writer, OrganizationalUnit, w => w.WriteCharacterString(UniversalTagNumber.UTF8String, roleCode.ToString("X2", CultureInfo.InvariantCulture)));
            byte[] euiBytes = eui.ToArray();
            Attribute(writer, UniqueIdentifier, w => w.WriteBitString(euiBytes));
        }

        return new X500DistinguishedName(writer.Encode());
    }

    internal static void Attribute(AsnWriter writer, string oid, Action<AsnWriter> value)
    {
        using (writer.PushSetOf())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            value(writer);
        }
    }

    private static List<(string Oid, ReadOnlyMemory<byte> Value)> Attributes(X500DistinguishedName name)
    {
        var found = new List<(string, ReadOnlyMemory<byte>)>();
        AsnReader rdns = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
        while (rdns.HasData)
        {
            AsnReader set = rdns.ReadSetOf(skipSortOrderValidation: true);
            while (set.HasData)
            {
                AsnReader attribute = set.ReadSequence();
                found.Add((attribute.ReadObjectIdentifier(), attribute.ReadEncodedValue()));
            }
        }

        return found;
    }
}

using System.Security.Cryptography;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;

namespace HanBench.Tooling.Demo;

/// <summary>A firmware image the demo distributes: the OTA file, its identity and its Manufacturer Image SHA-256 (what the CPL holds).</summary>
/// <param name="Identity">Manufacturer code, image type, file version.</param>
/// <param name="Bytes">The whole OTA file.</param>
/// <param name="ManufacturerImageHash">SHA-256 of the Manufacturer Image, lower-case hex.</param>
public sealed record DemoImage(ImageIdentity Identity, byte[] Bytes, string ManufacturerImageHash)
{
    /// <summary>The version as DUIS carries it (8 hex digits).</summary>
    public string VersionText => FirmwareVersionText.Of(Identity.FileVersion);

    /// <summary>
    /// A GBCS-layout image (unsigned, as a PPMID image under SRV 11.4, docs/PROTOCOL.md §2) whose Manufacturer Image is
    /// <paramref name="bodyBytes"/> seeded bytes.
    /// </summary>
    public static DemoImage Build(ushort manufacturerCode, ushort imageType, uint fileVersion, int bodyBytes, int seed, string headerText)
    {
        var header = new OtaHeader { ManufacturerCode = manufacturerCode, ImageType = imageType, FileVersion = fileVersion };
        header.SetHeaderString(headerText);
        byte[] body = new byte[bodyBytes];
        new Random(seed).NextBytes(body);
        byte[] bytes = new byte[OtaImageBuilder.EncodedLength(header, OtaImageLayout.Gbcs, bodyBytes)];
        OtaImageBuilder.Write(header, OtaImageLayout.Gbcs, body, 0, body.Length, new ByteWriter(bytes));
        var parsed = new OtaImage();
        if (OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.Gbcs, parsed) != OtaFileStatus.Ok)
        {
            throw new InvalidOperationException("a built demo image does not parse");
        }

        return new DemoImage(new ImageIdentity(manufacturerCode, imageType, fileVersion), bytes, Convert.ToHexStringLower(parsed.GetManufacturerImageHash()));
    }

    /// <summary>
    /// A supplier-signed GBCS image (SRV 11.1 carries a Comms Hub's, docs/PROTOCOL.md §2): the Manufacturer Image of
    /// <paramref name="bodyBytes"/> seeded bytes, a force-replace byte 0, 0x40 and an ECDSA P-256/SHA-256 signature over
    /// the Manufacturer Image by the supplier <paramref name="device"/> trusts now (<see cref="GbcsPartyKeys.SignWithSupplier"/>
    /// of <paramref name="keys"/>, the host's), which the device verifies against its supplier trust anchor.
    /// </summary>
    public static DemoImage BuildSigned(ushort manufacturerCode, ushort imageType, uint fileVersion, int bodyBytes, int seed, string headerText, GbcsPartyKeys keys, ulong device)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var header = new OtaHeader { ManufacturerCode = manufacturerCode, ImageType = imageType, FileVersion = fileVersion };
        header.SetHeaderString(headerText);
        byte[] body = new byte[bodyBytes];
        new Random(seed).NextBytes(body);
        byte[] signature = keys.SignWithSupplier(device, body);
        byte[] bytes = new byte[OtaImageBuilder.EncodedLength(header, OtaImageLayout.GbcsSigned, bodyBytes)];
        OtaImageBuilder.WriteGbcsSigned(header, body, 0, body.Length, 0x00, signature, 0, new ByteWriter(bytes));
        var parsed = new OtaImage();
        if (OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.GbcsSigned, parsed) != OtaFileStatus.Ok)
        {
            throw new InvalidOperationException("a built signed demo image does not parse");
        }

        return new DemoImage(new ImageIdentity(manufacturerCode, imageType, fileVersion), bytes, Convert.ToHexStringLower(parsed.GetManufacturerImageHash()));
    }
}

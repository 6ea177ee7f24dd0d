using HanBench.Protocol.Bytes;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;

namespace HanBench.Host.Demo;

/// <summary>A firmware image the demo distributes: the OTA file, its identity and its Manufacturer Image SHA-256 (what the CPL holds).</summary>
/// <param name="Identity">Manufacturer code, image type, file version.</param>
/// <param name="Bytes">The whole OTA file.</param>
/// <param name="ManufacturerImageHash">SHA-256 of the Manufacturer Image, lower-case hex.</param>
public sealed record DemoImage(ImageIdentity Identity, byte[] Bytes, string ManufacturerImageHash)
{
    /// <summary>The version as DUIS carries it (8 hex digits).</summary>
    public string VersionText => Identity.FileVersion.ToString("X8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A GBCS-layout image (unsigned, as a PPMID image under SRV 11.4, PROTOCOL.md §2) whose Manufacturer Image is
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
}

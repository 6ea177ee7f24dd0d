using System.Security.Cryptography;
using HanBench.Bench;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Management;
using HanBench.Protocol.Ota;

namespace HanBench.Bench.Topology;

/// <summary>A firmware image made for a bench run: the OTA file and its Manufacturer Image SHA-256 (what the CPL holds).</summary>
/// <param name="Identity">Manufacturer code, image type, file version.</param>
/// <param name="Bytes">The whole OTA file.</param>
/// <param name="ManufacturerImageHash">SHA-256 of the Manufacturer Image.</param>
public sealed record BenchImage(ImageIdentity Identity, byte[] Bytes, byte[] ManufacturerImageHash);

/// <summary>
/// Builds GBCS-layout OTA images with seeded random bodies for bench runs: unsigned, as a PPMID image under SRV 11.4
/// (<see cref="Build"/>), or supplier-signed, as SRV 11.1 carries a Comms Hub's, ESME's or GSME's (<see cref="BuildSigned"/>).
/// </summary>
public static class BenchImages
{
    /// <summary>
    /// A supplier-signed GBCS image (docs/PROTOCOL.md §2: header, Manufacturer Image, force-replace byte, 0x40 and an ECDSA
    /// P-256/SHA-256 signature r‖s over the Manufacturer Image), signed with <paramref name="supplierKey"/>, or when null
    /// by the bench's supplier (HanBench's test key, which the bench's hubs trust: <see cref="Host.Csp.HubSessionOptions.DefaultKeys"/>,
    /// which no replacement ever changes, so the hub named is only the lookup's device).
    /// </summary>
    public static BenchImage BuildSigned(ushort manufacturerCode, ushort imageType, uint fileVersion, int bodyBytes, ulong seed, ECDsa? supplierKey = null)
    {
        var header = new OtaHeader
        {
            ManufacturerCode = manufacturerCode,
            ImageType = imageType,
            FileVersion = fileVersion,
        };
        byte[] body = Body(bodyBytes, seed);
        byte[] signature = supplierKey is null
            ? Host.Csp.HubSessionOptions.DefaultKeys.SignWithSupplier(StandardBench.HubEui, body)
            : supplierKey.SignData(body, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var bytes = new byte[OtaImageBuilder.EncodedLength(header, OtaImageLayout.GbcsSigned, bodyBytes)];
        OtaImageBuilder.WriteGbcsSigned(header, body, 0, body.Length, 0x00, signature, 0, new ByteWriter(bytes));
        var parsed = new OtaImage();
        if (OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.GbcsSigned, parsed) != OtaFileStatus.Ok)
        {
            throw new InvalidOperationException("built signed image does not parse");
        }

        return new BenchImage(new ImageIdentity(manufacturerCode, imageType, fileVersion), bytes, parsed.GetManufacturerImageHash());
    }

    /// <summary>
    /// An image for <paramref name="manufacturerCode"/>/<paramref name="imageType"/>/<paramref name="fileVersion"/> with
    /// a <paramref name="bodyBytes"/>-byte Manufacturer Image from <paramref name="seed"/>, optionally limited to hardware
    /// versions <paramref name="minimumHardware"/>..<paramref name="maximumHardware"/>.
    /// </summary>
    public static BenchImage Build(ushort manufacturerCode, ushort imageType, uint fileVersion, int bodyBytes, ulong seed,
        ushort? minimumHardware = null, ushort? maximumHardware = null)
    {
        var header = new OtaHeader
        {
            ManufacturerCode = manufacturerCode,
            ImageType = imageType,
            FileVersion = fileVersion,
        };
        if (minimumHardware is not null && maximumHardware is not null)
        {
            header.HasHardwareVersions = true;
            header.MinimumHardwareVersion = minimumHardware.Value;
            header.MaximumHardwareVersion = maximumHardware.Value;
        }

        byte[] body = Body(bodyBytes, seed);
        var bytes = new byte[OtaImageBuilder.EncodedLength(header, OtaImageLayout.Gbcs, bodyBytes)];
        OtaImageBuilder.Write(header, OtaImageLayout.Gbcs, body, 0, body.Length, new ByteWriter(bytes));
        var parsed = new OtaImage();
        if (OtaImage.TryParse(bytes, 0, bytes.Length, OtaImageLayout.Gbcs, parsed) != OtaFileStatus.Ok)
        {
            throw new InvalidOperationException("built image does not parse");
        }

        return new BenchImage(new ImageIdentity(manufacturerCode, imageType, fileVersion), bytes, parsed.GetManufacturerImageHash());
    }

    private static byte[] Body(int bodyBytes, ulong seed)
    {
        var body = new byte[bodyBytes];
        var random = new BenchRandom(seed);
        for (int i = 0; i < body.Length; i++)
        {
            body[i] = (byte)random.NextUInt64();
        }

        return body;
    }
}

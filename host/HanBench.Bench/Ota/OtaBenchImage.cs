using System.Security.Cryptography;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Ota;

namespace HanBench.Bench.Ota;

/// <summary>A deterministic GBCS-layout OTA image of an exact total size, for scenarios and benchmarks.</summary>
public sealed class OtaBenchImage
{
    private OtaBenchImage(byte[] bytes, byte[] manufacturerImageHash, ushort manufacturerCode, ushort imageType, uint fileVersion)
    {
        Bytes = bytes;
        ManufacturerImageHash = manufacturerImageHash;
        ManufacturerCode = manufacturerCode;
        ImageType = imageType;
        FileVersion = fileVersion;
    }

    /// <summary>The whole OTA file.</summary>
    public byte[] Bytes { get; }

    /// <summary>SHA-256 of the Manufacturer Image (what CS06 and the receipts carry).</summary>
    public byte[] ManufacturerImageHash { get; }

    /// <summary>Manufacturer code in the header.</summary>
    public ushort ManufacturerCode { get; }

    /// <summary>Image type in the header.</summary>
    public ushort ImageType { get; }

    /// <summary>File version in the header.</summary>
    public uint FileVersion { get; }

    /// <summary>
    /// An image of exactly <paramref name="totalSize"/> bytes: a 56-byte OTA header and a Manufacturer Image of seeded
    /// random bytes (GBCS layout, no signature, as for a PPMID).
    /// </summary>
    public static OtaBenchImage Build(int totalSize, ulong seed, ushort manufacturerCode = 0x1234, ushort imageType = 0x0101, uint fileVersion = 0x00000200)
    {
        var header = new OtaHeader
        {
            ManufacturerCode = manufacturerCode,
            ImageType = imageType,
            FileVersion = fileVersion,
            ZigBeeStackVersion = OtaHeader.ZigBeeProStackVersion,
        };
        header.SetHeaderString("HanBench bench image");
        int payloadLength = totalSize - header.EncodedLength;
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadLength, 1, nameof(totalSize));
        byte[] payload = new byte[payloadLength];
        var random = new BenchRandom(seed);
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)random.NextUInt64();
        }

        byte[] bytes = new byte[totalSize];
        OtaImageBuilder.Write(header, OtaImageLayout.Gbcs, payload, 0, payload.Length, new ByteWriter(bytes));
        return new OtaBenchImage(bytes, SHA256.HashData(payload), manufacturerCode, imageType, fileVersion);
    }
}

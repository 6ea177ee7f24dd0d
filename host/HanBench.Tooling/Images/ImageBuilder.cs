using System.Diagnostics.CodeAnalysis;
using HanBench.Host.Crypto;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Ota;

namespace HanBench.Tooling.Images;

/// <summary>
/// Makes an OTA image file as a supplier would (<c>hanbench image build</c>, <c>hanbench image sample</c>): the portable
/// <see cref="OtaImageBuilder"/> around a payload, GBCS-signed when a key is given, refused when its Base64 form would
/// not fit a DUIS FirmwareImage.
/// </summary>
public static class ImageBuilder
{
    /// <summary>
    /// Builds an image: <paramref name="layout"/> ZigBee or Gbcs; with a key, Gbcs becomes GbcsSigned (the signature
    /// covers the Manufacturer Image only). False, with one line saying why, when the image's Base64 form exceeds
    /// <paramref name="base64Limit"/> (DUIS E110405).
    /// </summary>
    /// <exception cref="ArgumentException">A key with a layout other than Gbcs: a ZigBee file's signature sub-element is the ZigBee SE scheme, not the GBCS one.</exception>
    public static bool TryBuild(
        OtaHeader header,
        OtaImageLayout layout,
        byte[] payload,
        EcdsaP256SigningKey? key,
        byte forceReplace,
        long base64Limit,
        [NotNullWhen(true)] out byte[]? image,
        [NotNullWhen(false)] out string? refusal)
    {
        if (key is not null && layout != OtaImageLayout.Gbcs)
        {
            throw new ArgumentException("only a gbcs image carries a GBCS signature", nameof(key));
        }

        OtaImageLayout written = key is null ? layout : OtaImageLayout.GbcsSigned;
        long length = OtaImageBuilder.EncodedLength(header, written, payload.Length);
        if (!Base64Size.Fits(length, base64Limit))
        {
            image = null;
            refusal = $"image too large: {length:N0} bytes is {Base64Size.EncodedLength(length):N0} Base64 characters, over the limit of {base64Limit:N0} (DUIS E110405; at most {Base64Size.MaxImageBytes(base64Limit):N0} bytes)";
            return false;
        }

        image = new byte[length];
        var writer = new ByteWriter(image);
        if (key is null)
        {
            OtaImageBuilder.Write(header, layout, payload, 0, payload.Length, writer);
        }
        else
        {
            byte[] signature = GbcsImageSignature.Sign(key, payload);
            OtaImageBuilder.WriteGbcsSigned(header, payload, 0, payload.Length, forceReplace, signature, 0, writer);
        }

        refusal = null;
        return true;
    }
}

using HanBench.Protocol.Ota;

namespace HanBench.Host.Crypto;

/// <summary>
/// Signs and checks the supplier signature of a GBCS image (docs/PROTOCOL.md §2): ECDSA P-256/SHA-256 over the
/// Manufacturer Image only, carried as r‖s after the force-replace byte and 0x40.
/// </summary>
public static class GbcsImageSignature
{
    /// <summary>The 64-byte r‖s to place in the trailer of an image whose Manufacturer Image is <paramref name="manufacturerImage"/>.</summary>
    public static byte[] Sign(EcdsaP256SigningKey key, ReadOnlySpan<byte> manufacturerImage)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Sign(manufacturerImage);
    }

    /// <summary>
    /// Whether a parsed image carries a trailer whose signature verifies under <paramref name="key"/>; false for an
    /// image without a signature trailer.
    /// </summary>
    public static bool Verify(OtaImage image, EcdsaP256VerifyingKey key)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(key);
        if (!image.HasSignature)
        {
            return false;
        }

        return key.Verify(
            image.Buffer.AsSpan(image.ManufacturerImageOffset, image.ManufacturerImageLength),
            image.Buffer.AsSpan(image.SignatureOffset, GbcsSignatureTrailer.SignatureLength));
    }
}

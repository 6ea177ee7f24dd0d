namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Verifies an image while it streams into an <see cref="OtaClient"/> (docs/PLATFORM.md: never hold an image in RAM; hash
    /// incrementally): size, OTA header, hardware version, the Manufacturer Image SHA-256 and, for a signed image, the
    /// signature. Fed every byte of the image once, in order, from <see cref="Begin"/> to <see cref="Complete"/>;
    /// allocates nothing per block.
    /// </summary>
    public interface IOtaImageCheck
    {
        /// <summary>Starts checking the image the server offered.</summary>
        void Begin(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize);

        /// <summary>The next <paramref name="count"/> bytes of the image.</summary>
        void Append(byte[] buffer, int offset, int count);

        /// <summary>All bytes have been appended: the verdict.</summary>
        OtaImageCheckResult Complete();
    }
}

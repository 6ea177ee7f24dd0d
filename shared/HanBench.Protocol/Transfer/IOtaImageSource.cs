namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Where an <see cref="OtaServer"/> reads image bytes (a board adapts its image store; the bench an array). Called once
    /// per block with the server's own buffer: an implementation allocates nothing.
    /// </summary>
    public interface IOtaImageSource
    {
        /// <summary>
        /// Copies up to <paramref name="count"/> bytes of <paramref name="image"/> from <paramref name="offset"/> into
        /// <paramref name="buffer"/> at <paramref name="bufferOffset"/>; returns how many were copied (fewer only at the
        /// image's end), or −1 when the image cannot be read (the server then answers ABORT).
        /// </summary>
        int ReadAt(OtaServerImage image, uint offset, byte[] buffer, int bufferOffset, int count);
    }
}

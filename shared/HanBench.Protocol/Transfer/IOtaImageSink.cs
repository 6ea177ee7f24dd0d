namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Where an <see cref="OtaClient"/> puts the image it downloads: a board adapts its image store (the key derived from
    /// manufacturer code, image type and file version), the bench an array. One image at a time; appends come in file
    /// order. Nothing here may allocate per block.
    /// </summary>
    public interface IOtaImageSink
    {
        /// <summary>Starts the image from byte 0, discarding any partial data of it.</summary>
        OtaSinkStatus Begin(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize);

        /// <summary>
        /// Reopens the partial data of the image keeping its first <paramref name="offset"/> bytes (anything after them is
        /// dropped). <see cref="OtaSinkStatus.NotFound"/> or <see cref="OtaSinkStatus.NotSupported"/> make the client start
        /// from 0. A sink that cannot <see cref="ReadBack"/> must refuse every offset above 0: the client replays a resumed
        /// image through its check from the sink.
        /// </summary>
        OtaSinkStatus Resume(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize, uint offset);

        /// <summary>
        /// After a restart, takes up the whole committed image again as the one the client wrote last (the client verified
        /// and reported it but had not activated it); <see cref="OtaSinkStatus.NotFound"/> when it is not held whole.
        /// </summary>
        OtaSinkStatus Reopen(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize);

        /// <summary>Appends the next <paramref name="count"/> bytes of the image.</summary>
        OtaSinkStatus Append(byte[] buffer, int offset, int count);

        /// <summary>Closes the image once all of it has been appended, making it visible to the role.</summary>
        OtaSinkStatus Commit();

        /// <summary>
        /// Copies <paramref name="count"/> bytes of the committed image from <paramref name="offset"/> (used to replay a
        /// resumed image through the check after <see cref="Commit"/>).
        /// </summary>
        OtaSinkStatus ReadBack(uint offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Throws away the image, open or committed (aborted, or failed its check).</summary>
        void Discard();
    }
}

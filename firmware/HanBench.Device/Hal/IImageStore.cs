namespace HanBench.Device.Hal
{
    /// <summary>
    /// Where a device keeps firmware images (docs/PLATFORM.md: never in RAM on a board; streamed to the <c>I:</c> drive or an
    /// SD card). One write is open at a time; it becomes visible under its key only at <see cref="Commit"/>, and until
    /// then an earlier image under the same key stays readable. Partial data of an unfinished write survives a restart
    /// where the medium allows it, so a transfer can <see cref="Resume"/> (ZCL OTA: the server answers any offset, so a
    /// client resumes by asking again). Nothing here allocates per block.
    /// </summary>
    public interface IImageStore
    {
        /// <summary>
        /// False for a digest-only store (small boards) that checks length and hash while streaming and keeps no bytes:
        /// <see cref="ReadAt"/> then answers <see cref="StoreStatus.NotSupported"/>. A Comms Hub needs true.
        /// </summary>
        bool KeepsImages { get; }

        /// <summary>The key of the open write, or null.</summary>
        string? WritingKey { get; }

        /// <summary>Bytes the open write holds so far (0 when none is open).</summary>
        int WrittenLength { get; }

        /// <summary>Opens a write of <paramref name="totalSize"/> bytes under <paramref name="key"/>, discarding any partial data of that key.</summary>
        StoreStatus Begin(string key, int totalSize);

        /// <summary>
        /// Reopens the unfinished write of <paramref name="key"/> keeping its first <paramref name="offset"/> bytes (anything
        /// after them is dropped, so the caller's own resume offset wins). <see cref="StoreStatus.NotFound"/> when no partial
        /// data exists, <see cref="StoreStatus.OutOfRange"/> when fewer than <paramref name="offset"/> bytes are held.
        /// </summary>
        StoreStatus Resume(string key, int totalSize, int offset);

        /// <summary>Appends <paramref name="count"/> bytes of <paramref name="buffer"/> to the open write.</summary>
        StoreStatus Append(byte[] buffer, int offset, int count);

        /// <summary>Closes the open write once exactly the declared total size has been appended, making the image visible.</summary>
        StoreStatus Commit();

        /// <summary>Discards the open write and its partial data; does nothing when none is open.</summary>
        void Abort();

        /// <summary>Length of the committed image under <paramref name="key"/>.</summary>
        bool TryGetLength(string key, out int length);

        /// <summary>
        /// Copies up to <paramref name="count"/> bytes of the committed image from <paramref name="offset"/>; <paramref name="read"/>
        /// is less than <paramref name="count"/> only at the end of the image (0 at its end).
        /// </summary>
        StoreStatus ReadAt(string key, int offset, byte[] buffer, int bufferOffset, int count, out int read);

        /// <summary>Removes the committed image under <paramref name="key"/> (an open write of that key is not touched).</summary>
        StoreStatus Delete(string key);

        /// <summary>Keys of the committed images, in no particular order.</summary>
        string[] ListImages();
    }
}

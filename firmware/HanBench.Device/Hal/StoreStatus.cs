namespace HanBench.Device.Hal
{
    /// <summary>The outcome of an image or settings store operation; anything but <see cref="Ok"/> names what was wrong.</summary>
    public enum StoreStatus : byte
    {
        /// <summary>Done.</summary>
        Ok = 0,

        /// <summary>The key breaks the <see cref="StoreKey"/> rules.</summary>
        InvalidKey = 1,

        /// <summary>Nothing is stored under the key.</summary>
        NotFound = 2,

        /// <summary>The caller's buffer is smaller than the value; the value's length is still reported.</summary>
        BufferTooSmall = 3,

        /// <summary>A settings value is longer than <see cref="StoreKey.MaxValueLength"/>.</summary>
        ValueTooLong = 4,

        /// <summary>An image write is already open for another key (one write at a time).</summary>
        Busy = 5,

        /// <summary>Append or Commit without an open write.</summary>
        NoWriteOpen = 6,

        /// <summary>Appending would pass the total size declared at Begin.</summary>
        Overrun = 7,

        /// <summary>Commit before the declared total size was written.</summary>
        Incomplete = 8,

        /// <summary>The store's free room cannot hold the image now (it would once other images are deleted).</summary>
        NoSpace = 9,

        /// <summary>An offset lies beyond the data held (read or resume).</summary>
        OutOfRange = 10,

        /// <summary>A negative or otherwise impossible size.</summary>
        InvalidSize = 11,

        /// <summary>This store cannot do that (a digest-only store keeps no bytes to read back).</summary>
        NotSupported = 12,

        /// <summary>The underlying flash or file system failed.</summary>
        StorageFailure = 13,

        /// <summary>The image is larger than the store's whole capacity: it can never be held (<see cref="NoSpace"/>: not now).</summary>
        TooLarge = 14,
    }
}

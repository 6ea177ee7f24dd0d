namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Who an <see cref="OtaClient"/> is and how it downloads. Read when each request is built, so a role may change them
    /// between downloads; <see cref="CurrentFileVersion"/> is updated by the client on activation.
    /// </summary>
    public sealed class OtaClientSettings
    {
        /// <summary>Defaults: pages of 4,096 bytes in 64-byte blocks, 2 s timeout, 8 retries backing off from 500 ms to 30 s, persist every 16 KB, a 4,096-byte hold.</summary>
        public OtaClientSettings()
        {
            MaxDataSize = 64;
            UsePageRequests = true;
            PageSize = 4096;
            ResponseTimeoutMs = 2000;
            MaxRetries = 8;
            BackoffBaseMs = 500;
            BackoffMaxMs = 30000;
            PersistIntervalBytes = 16384;
            PageFallbackAfterTimeouts = 2;
            ReplayBytesPerTick = 4096;
            TransferTimeoutFloorMs = 5000;
            ObservedSpacingCeilingMs = 30000;
            HoldBufferBytes = 4096;
        }

        /// <summary>The device's own EUI-64 (seeds the query jitter draw; sent as requestNodeAddress when asked).</summary>
        public ulong OwnAddress { get; set; }

        /// <summary>The server's EUI-64; frames from anyone else are ignored. 0 = take the first server that notifies.</summary>
        public ulong ServerAddress { get; set; }

        /// <summary>The device's manufacturer code.</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>The image type this client downloads (one client per firmware component).</summary>
        public ushort ImageType { get; set; }

        /// <summary>The file version running now; the server offers only newer ones.</summary>
        public uint CurrentFileVersion { get; set; }

        /// <summary>True to send <see cref="HardwareVersion"/> in Query Next Image Requests.</summary>
        public bool HasHardwareVersion { get; set; }

        /// <summary>The device's hardware version.</summary>
        public ushort HardwareVersion { get; set; }

        /// <summary>True to send <see cref="OwnAddress"/> as requestNodeAddress in block and page requests.</summary>
        public bool SendRequestNodeAddress { get; set; }

        /// <summary>maximumDataSize asked for: set it from the link with <see cref="OtaTransferLimits.MaxDataSizeFor"/>; the client asks for at most <see cref="OtaTransferLimits.MaxRequestedDataSize"/>.</summary>
        public byte MaxDataSize { get; set; }

        /// <summary>Use Image Page Requests (falls back to blocks when the server does not answer them).</summary>
        public bool UsePageRequests { get; set; }

        /// <summary>pageSize of each Image Page Request (best a multiple of the block size).</summary>
        public ushort PageSize { get; set; }

        /// <summary>responseSpacing asked for between page blocks, ms (0 = as fast as the link takes them).</summary>
        public ushort ResponseSpacingMs { get; set; }

        /// <summary>Milliseconds the client itself leaves between block requests (raised by a server's WAIT_FOR_DATA).</summary>
        public ushort MinimumBlockPeriodMs { get; set; }

        /// <summary>
        /// How long to wait for a response before retrying. For data (the next block of a page, or the answer to a block or
        /// page request) the client waits this plus twice the server's spacing, at least <see cref="TransferTimeoutFloorMs"/>.
        /// </summary>
        public long ResponseTimeoutMs { get; set; }

        /// <summary>
        /// Shortest wait for data, ms. HanBench choice: 5,000 ms, above the 2,100 ms Zigbee2MQTT users set as
        /// <c>image_block_response_delay</c> for slow devices (issue 16), so that the first blocks of such a server, before
        /// its spacing has been observed, are not taken for lost.
        /// </summary>
        public long TransferTimeoutFloorMs { get; set; }

        /// <summary>
        /// Largest server spacing the client learns, ms. HanBench choice: 30,000 ms, so that one long stall does not make
        /// every later loss wait minutes to be noticed (the wait for data then tops out at ResponseTimeoutMs + 60 s, unless
        /// the client itself asked for a longer responseSpacing).
        /// </summary>
        public long ObservedSpacingCeilingMs { get; set; }

        /// <summary>
        /// Bytes of blocks beyond a lost one the client holds until the gap is filled (<see cref="OtaBlockHold"/>; allocated
        /// once, when the client is made). HanBench choice: 4,096, one default page, so a page with losses in it is never
        /// asked for again except its lost blocks; a larger page keeps what fits.
        /// </summary>
        public int HoldBufferBytes { get; set; }

        /// <summary>Retries in a row without progress before the attempt fails.</summary>
        public int MaxRetries { get; set; }

        /// <summary>Wait before the first retry; doubled for each further one.</summary>
        public long BackoffBaseMs { get; set; }

        /// <summary>Longest wait between retries.</summary>
        public long BackoffMaxMs { get; set; }

        /// <summary>Bytes between two writes of the resume record (flash wear: not every block).</summary>
        public int PersistIntervalBytes { get; set; }

        /// <summary>Page requests timed out without any data after which the client falls back to block requests.</summary>
        public int PageFallbackAfterTimeouts { get; set; }

        /// <summary>Bytes of a resumed image replayed through the check per tick.</summary>
        public int ReplayBytesPerTick { get; set; }
    }
}

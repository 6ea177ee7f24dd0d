namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Who an <see cref="OtaClient"/> is and how it downloads. Read when each request is built, so a role may change them
    /// between downloads; <see cref="CurrentFileVersion"/> is updated by the client on activation.
    /// </summary>
    public sealed class OtaClientSettings
    {
        /// <summary>Defaults: pages of 4,096 bytes in 64-byte blocks, 2 s timeout, 8 retries backing off from 500 ms to 30 s, persist every 16 KB, a hold of a page and a block.</summary>
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
            SlowServerSpacingMs = 2100;
            LateBlockFloorMs = 500;
            ObservedSpacingCeilingMs = 30000;
            HoldBufferBytes = 4096 + OtaTransferLimits.MaxRequestedDataSize;
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
        /// How long to wait for a response before the client knows the server's round trip (the Query Next Image Request),
        /// and the most it waits for an answer the server gives at once once it does (the round trip plus the larger of
        /// four deviations and <see cref="LateBlockFloorMs"/>, RFC 6298 §2.2). Before any block, the client waits that
        /// plus twice the spacing it asked for, at least that plus <see cref="SlowServerSpacingMs"/> (<see cref="OtaClient"/>).
        /// </summary>
        public long ResponseTimeoutMs { get; set; }

        /// <summary>
        /// The slowest spacing a server is expected to keep between its blocks, ms, which sets the wait for data while the
        /// server's spacing is unknown (no gap between two of its blocks seen yet): this plus <see cref="ResponseTimeoutMs"/>,
        /// since that server's first block is due this long after the request and may be a round trip's lateness late.
        /// Default 2,100 ms: the <c>image_block_response_delay</c> Zigbee2MQTT users set for slow devices (issue 16), so a
        /// slow but steady server's first blocks are not taken for lost, and a lost request costs no more than that: with
        /// the Query Next Image round trip known, 2,100 ms plus about 500 ms.
        /// </summary>
        public long SlowServerSpacingMs { get; set; }

        /// <summary>
        /// The least a block of a page that is flowing (a block of it came since the request) may be late before it is
        /// taken for lost, ms, whatever the server's spacing and its deviation. No request's round trip is in between, so
        /// the response timeout does not apply; what remains is a pause of the server's or the client's host. HanBench
        /// choice: 500 ms, twice Zigbee2MQTT's default spacing (250 ms).
        /// </summary>
        public long LateBlockFloorMs { get; set; }

        /// <summary>
        /// Largest server spacing the client learns, ms. HanBench choice: 30,000 ms, so that one long stall does not make
        /// every later loss wait minutes to be noticed (the wait for data then tops out at ResponseTimeoutMs + 60 s, unless
        /// the client itself asked for a longer responseSpacing).
        /// </summary>
        public long ObservedSpacingCeilingMs { get; set; }

        /// <summary>
        /// Bytes of blocks beyond a lost one the client holds until the gap is filled (<see cref="OtaBlockHold"/>; allocated
        /// once, when the client is made). HanBench choice: 4,096 + 254, one default page and the largest block asked for:
        /// a server whose block size does not divide the page (zigbee-herdsman's 50 bytes into 4,096) sends a last block
        /// that runs past the page's end, and that block too must be held, or it is asked for again though it came. So a
        /// page with losses in it is never asked for again except its lost blocks; a larger page keeps what fits.
        /// </summary>
        public int HoldBufferBytes { get; set; }

        /// <summary>Retries in a row without progress before the attempt fails.</summary>
        public int MaxRetries { get; set; }

        /// <summary>Wait before the second silent retry in a row, doubled for each further one (the first retries at once).</summary>
        public long BackoffBaseMs { get; set; }

        /// <summary>Longest wait between retries.</summary>
        public long BackoffMaxMs { get; set; }

        /// <summary>Bytes between two writes of the resume record (flash wear: not every block).</summary>
        public int PersistIntervalBytes { get; set; }

        /// <summary>
        /// Page requests timed out without any data, before any page request of the download was answered and after a block
        /// request (the probe) was, after which the client falls back to block requests.
        /// </summary>
        public int PageFallbackAfterTimeouts { get; set; }

        /// <summary>Bytes of a resumed image replayed through the check per tick.</summary>
        public int ReplayBytesPerTick { get; set; }
    }
}

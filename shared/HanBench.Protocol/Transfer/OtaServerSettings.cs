namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// How an <see cref="OtaServer"/> serves (docs/PROTOCOL.md §1, "How HanBench serves"). Read on
    /// every request, so a role may change them at run time; sizes of the server's tables are fixed at construction.
    /// </summary>
    public sealed class OtaServerSettings
    {
        /// <summary>Defaults: 255-byte blocks, pages on, no rate limit, no download cap, 1 s retry, 60 s idle timeout.</summary>
        public OtaServerSettings()
        {
            MaxBlockSize = 255;
            SupportsPageRequests = true;
            WaitForDataRetrySeconds = 1;
            DownloadIdleTimeoutMs = 60000;
            MaxBlocksPerTick = 16;
        }

        /// <summary>
        /// Largest block the server sends; each block is min(this, the client's maximumDataSize). Set it from the link
        /// with <see cref="OtaTransferLimits.MaxDataSizeFor"/> (802.15.4 carries about 64; a UART 255).
        /// </summary>
        public byte MaxBlockSize { get; set; }

        /// <summary>When false, Image Page Requests get a Default Response UNSUP_COMMAND (as from a server without them).</summary>
        public bool SupportsPageRequests { get; set; }

        /// <summary>
        /// Rate limit, ms per client between blocks (0 = none): a block request sooner than this after the last block gets
        /// WAIT_FOR_DATA carrying it as minimumBlockPeriod, and page blocks are spaced at least this far apart, so ordinary
        /// HAN traffic keeps flowing during a transfer.
        /// </summary>
        public ushort MinimumBlockPeriodMs { get; set; }

        /// <summary>Most clients downloading at once (0 = no cap); the others get WAIT_FOR_DATA until a slot frees.</summary>
        public int MaxConcurrentDownloads { get; set; }

        /// <summary>Seconds a client refused by the download cap is told to wait (requestTime − currentTime).</summary>
        public uint WaitForDataRetrySeconds { get; set; }

        /// <summary>A download without a request for this long loses its slot and is reported timed out.</summary>
        public long DownloadIdleTimeoutMs { get; set; }

        /// <summary>
        /// Page blocks sent in one <see cref="OtaServer.Tick"/> when the responseSpacing is 0 ("as fast as the link takes
        /// them"); the server asks to be ticked again at once for the rest, so one tick never floods a link's queue.
        /// </summary>
        public int MaxBlocksPerTick { get; set; }

        /// <summary>
        /// The server's ZCL time at clock 0: UTC seconds since 2000-01-01 if the device knows the time, else 0 (then
        /// currentTime counts seconds since boot and only differences mean anything, which is all a client uses).
        /// </summary>
        public uint ZclTimeAtClockZero { get; set; }
    }
}

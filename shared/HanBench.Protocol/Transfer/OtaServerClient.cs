namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// An <see cref="OtaServer"/>'s record of one client: its download slot, its page in progress, its rate-limit clock
    /// and its upgrade-time policy. Records are made once, at the server's construction, and reused.
    /// </summary>
    internal sealed class OtaServerClient
    {
        /// <summary>True while the record belongs to <see cref="Address"/>.</summary>
        public bool InUse { get; set; }

        /// <summary>The client's EUI-64.</summary>
        public ulong Address { get; set; }

        /// <summary>Clock of the client's last request or of the last block sent to it.</summary>
        public long LastActivityMs { get; set; }

        /// <summary>The image the client is downloading (while <see cref="HoldsSlot"/>).</summary>
        public OtaServerImage? Image { get; set; }

        /// <summary>True while the client counts against the download cap.</summary>
        public bool HoldsSlot { get; set; }

        /// <summary>End of the furthest block served in this download.</summary>
        public uint HighestOffset { get; set; }

        /// <summary>True once a block has been sent (the rate limit then applies).</summary>
        public bool HasSentBlock { get; set; }

        /// <summary>When the last block went to this client.</summary>
        public long LastBlockMs { get; set; }

        /// <summary>True while an Image Page Request is being served.</summary>
        public bool PageActive { get; set; }

        /// <summary>File offset the page request asked for (tells a copy of the request from a new one).</summary>
        public uint PageStart { get; set; }

        /// <summary>pageSize the page request asked for.</summary>
        public ushort PageRequestSize { get; set; }

        /// <summary>File offset of the page's next block.</summary>
        public uint PageNext { get; set; }

        /// <summary>File offset where the page ends (exclusive).</summary>
        public uint PageEnd { get; set; }

        /// <summary>Data bytes per page block.</summary>
        public byte PageBlockSize { get; set; }

        /// <summary>Milliseconds between page blocks.</summary>
        public long PageSpacingMs { get; set; }

        /// <summary>When the next page block is due.</summary>
        public long PageNextSendMs { get; set; }

        /// <summary>Transaction sequence number of the page request, repeated in its blocks.</summary>
        public byte PageSequence { get; set; }

        /// <summary>True when <see cref="Policy"/> overrides the image's own upgrade-time policy.</summary>
        public bool HasPolicy { get; set; }

        /// <summary>The client's upgrade-time policy.</summary>
        public OtaUpgradeTimePolicy Policy { get; set; }

        /// <summary>Seconds for <see cref="OtaUpgradeTimePolicy.Delay"/>.</summary>
        public uint PolicyDelaySeconds { get; set; }

        /// <summary>Forgets everything but the policy override (kept per address while the record lives).</summary>
        public void EndDownload()
        {
            Image = null;
            HoldsSlot = false;
            HighestOffset = 0;
            PageActive = false;
        }

        /// <summary>Makes the record <paramref name="address"/>'s, blank.</summary>
        public void Claim(ulong address, long nowMs)
        {
            InUse = true;
            Address = address;
            LastActivityMs = nowMs;
            EndDownload();
            HasSentBlock = false;
            LastBlockMs = 0;
            HasPolicy = false;
            Policy = OtaUpgradeTimePolicy.Now;
            PolicyDelaySeconds = 0;
        }
    }
}

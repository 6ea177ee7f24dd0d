namespace HanBench.Device.Roles.Traffic
{
    /// <summary>What a meter traffic node measured: reports, retransmissions, losses and end-to-end latency.</summary>
    public sealed class MeterTrafficStatistics
    {
        /// <summary>Reports created (each counted once, however often it was sent).</summary>
        public long Reports { get; internal set; }

        /// <summary>Frames sent, first sends and retransmissions.</summary>
        public long Transmissions { get; internal set; }

        /// <summary>Frames sent again because no acknowledgement came in time.</summary>
        public long Retransmissions { get; internal set; }

        /// <summary>Reports acknowledged.</summary>
        public long Acknowledged { get; internal set; }

        /// <summary>Reports given up: the window was full when a new report was due, or the node restarted with reports pending.</summary>
        public long Lost { get; internal set; }

        /// <summary>Acknowledgements for reports no longer pending (a retransmission's duplicate).</summary>
        public long DuplicateAcknowledgements { get; internal set; }

        /// <summary>Largest time from a report's first send to its acknowledgement since the last <see cref="ResetLatency"/>.</summary>
        public long MaxLatencyMs { get; internal set; }

        /// <summary>Smallest such time since the last <see cref="ResetLatency"/> (<see cref="long.MaxValue"/> when none).</summary>
        public long MinLatencyMs { get; internal set; } = long.MaxValue;

        /// <summary>Sum of latencies since the last <see cref="ResetLatency"/>.</summary>
        public long TotalLatencyMs { get; internal set; }

        /// <summary>Acknowledgements the latency figures cover.</summary>
        public long LatencySamples { get; internal set; }

        /// <summary>Mean latency since the last <see cref="ResetLatency"/>, or 0.</summary>
        public long MeanLatencyMs => LatencySamples == 0 ? 0 : TotalLatencyMs / LatencySamples;

        /// <summary>Starts a new latency measurement window (the counts run on).</summary>
        public void ResetLatency()
        {
            MaxLatencyMs = 0;
            MinLatencyMs = long.MaxValue;
            TotalLatencyMs = 0;
            LatencySamples = 0;
        }

        internal void AddLatency(long latencyMs)
        {
            if (latencyMs > MaxLatencyMs)
            {
                MaxLatencyMs = latencyMs;
            }

            if (latencyMs < MinLatencyMs)
            {
                MinLatencyMs = latencyMs;
            }

            TotalLatencyMs += latencyMs;
            LatencySamples++;
        }
    }
}

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// What an <see cref="OtaClient"/> learns of its server's timing, and the waits it derives from it (issue 16): the
    /// Query Next Image round trip, the time the server takes to start answering a transfer request, and the spacing
    /// between its blocks, each with its deviation (RFC 6298 §2 style). A slow but steady server is never asked again; a
    /// lost request or a page's lost tail costs about a spacing or a response time more than the pacing, not a fixed floor.
    /// Allocates nothing. Not thread-safe.
    /// </summary>
    internal sealed class OtaClientPacing
    {
        private readonly OtaClientSettings _settings;

        private long _roundTripMs;
        private long _roundTripDeviationMs;
        private bool _roundTripKnown;
        private long _observedSpacingMs;
        private long _spacingDeviationMs;
        private bool _spacingKnown;
        private long _responseMs;
        private long _responseDeviationMs;
        private bool _responseKnown;
        private long _lastServerBlockMs;
        private uint _lastServerBlockEnd;

        /// <summary>An estimator with the floors, ceilings and timeouts of <paramref name="settings"/>.</summary>
        public OtaClientPacing(OtaClientSettings settings)
        {
            _settings = settings;
            _lastServerBlockMs = -1;
        }

        /// <summary>Forgets the round trip (a new query, or an answer that names no query this client can time).</summary>
        public void ForgetRoundTrip()
        {
            _roundTripKnown = false;
            _roundTripDeviationMs = 0;
        }

        /// <summary>
        /// The Query Next Image round trip, the first the client sees of this server and link. Only from an answer naming
        /// the last query sent: an answer to an earlier one would be taken for a longer or shorter round trip (the
        /// ambiguity RFC 6298 §3, Karn's rule, avoids by not sampling retries at all).
        /// </summary>
        public void LearnRoundTrip(long sampleMs)
        {
            Learn(sampleMs, ref _roundTripMs, ref _roundTripDeviationMs, ref _roundTripKnown);
        }

        /// <summary>A new download: the server's spacing and response time are learnt afresh (the round trip is kept).</summary>
        public void BeginDownload()
        {
            _observedSpacingMs = 0;
            _spacingDeviationMs = 0;
            _spacingKnown = false;
            _responseMs = 0;
            _responseDeviationMs = 0;
            _responseKnown = false;
            _lastServerBlockMs = -1;
        }

        /// <summary>A timeout or a wait: the next gap between blocks says nothing about the pacing and is not sampled.</summary>
        public void ForgetLastBlock()
        {
            _lastServerBlockMs = -1;
        }

        /// <summary>How long the server took to start answering the last request (its round trip and its delay).</summary>
        public void LearnResponse(long sampleMs)
        {
            Learn(sampleMs < 0 ? 0 : sampleMs, ref _responseMs, ref _responseDeviationMs, ref _responseKnown);
        }

        /// <summary>
        /// The server's spacing, learnt from the gaps between its blocks for this image (accepted or not: either way the
        /// server was sending). A gap that spans a timeout or a wait says nothing about the pacing and is not sampled.
        /// Rises at once to a slower pace (the next gap must not count as a loss), decays by an eighth towards a faster one.
        /// Its deviation is the mean deviation of the gaps from it, smoothed by a quarter and started at half the first gap,
        /// as TCP does for round-trip times (RFC 6298 §2, RTTVAR with beta 1/4): a jittery server (a loaded host's timers)
        /// gets a longer wait, a steady one a shorter one.
        /// </summary>
        public void ObserveBlock(long nowMs, uint offset, uint size)
        {
            long last = _lastServerBlockMs;
            uint lastEnd = _lastServerBlockEnd;
            _lastServerBlockMs = nowMs;
            _lastServerBlockEnd = offset + size;
            if (last < 0 || nowMs < last)
            {
                return;
            }

            // A gap over blocks that were lost on the way spans as many spacings as blocks.
            long gap = nowMs - last;
            if (offset > lastEnd && size != 0)
            {
                gap /= 1 + ((offset - lastEnd) / size);
            }

            if (gap > _settings.ObservedSpacingCeilingMs)
            {
                gap = _settings.ObservedSpacingCeilingMs;
            }

            Learn(gap, ref _observedSpacingMs, ref _spacingDeviationMs, ref _spacingKnown);
        }

        /// <summary>
        /// How long to wait for data after asking for <paramref name="askedSpacingMs"/> between blocks, with
        /// <paramref name="owedBlocks"/> blocks of a flowing page still owed beyond the next one.
        /// <para>
        /// While nothing is learnt: the round trip's timeout (<see cref="RoundTripTimeoutMs"/>) plus two spacings (the
        /// larger of what the client asked for and what it has seen), never below the floor (a slow server's spacing plus
        /// the round trip's timeout: the first block of a request may come one spacing late, and no retry may ask for a
        /// page the server is still about to serve), which keeps a slow server's first blocks from being taken for lost;
        /// that is also the longest wait. Once learnt, as TCP's retransmission timeout (RFC 6298 §2: the smoothed time plus
        /// four deviations, with a floor): a page that is flowing waits for its next block one spacing after the last plus
        /// the larger of one more spacing and four deviations (a block one spacing late is not a loss) and LateBlockFloorMs;
        /// a request waits for its first block the response time the server has shown plus four of its deviations, at
        /// least LateBlockFloorMs. So a page's lost tail or a lost request costs about a spacing or a response time more
        /// than the pacing, not the floor (issue 16: one lost last block cost a 5 s floor, +33 % on a 20 s transfer).
        /// </para>
        /// The page is over only when its last block is due: blocks the server still owes beyond the next one each add a
        /// spacing (a slow server's while the spacing is unknown). Only several lost in a row wait on them; a request before
        /// the page is over would be served after it, every held block sent again (issue 16).
        /// A server that keeps its spacing across requests (HanBench's, <see cref="OtaServerSettings.MinimumBlockPeriodMs"/>)
        /// starts answering a request sent at <paramref name="nowMs"/> only a spacing after its last block, so the wait for
        /// a request's first block lasts at least what is left of that spacing plus a late block's allowance: the hub
        /// pulling its next page from a host paced at 2,100 ms took the host's pause for a loss (~0.5 s into it), probed
        /// with a block request and asked for the page again.
        /// </summary>
        public long TransferTimeoutMs(long nowMs, long askedSpacingMs, bool dataSinceRequest, long owedBlocks)
        {
            long expected = askedSpacingMs;
            if (_observedSpacingMs > expected)
            {
                expected = _observedSpacingMs;
            }

            long allowance = RoundTripTimeoutMs();
            long timeout = allowance + (2 * expected);
            long floor = _settings.SlowServerSpacingMs + allowance;
            if (timeout < floor)
            {
                timeout = floor;
            }

            long learnt = timeout;
            if (dataSinceRequest && _spacingKnown)
            {
                long lateness = expected + (4 * _spacingDeviationMs);
                learnt = expected + (lateness > _settings.LateBlockFloorMs ? lateness : _settings.LateBlockFloorMs);
            }
            else if (!dataSinceRequest && _responseKnown)
            {
                long lateness = 4 * _responseDeviationMs;
                learnt = _responseMs + (lateness > _settings.LateBlockFloorMs ? lateness : _settings.LateBlockFloorMs);
                if (_spacingKnown && expected + allowance < learnt)
                {
                    // A paced server answers a request within one of its spacings (what is left of it since its last block,
                    // or all of it) and a round trip: the spacing is learnt from many blocks, the response time from one per
                    // request, so a few requests' deviation must not make a lost request cost twice the spacing.
                    learnt = expected + allowance;
                }

                if (_spacingKnown && _lastServerBlockMs >= 0)
                {
                    // A server keeping its spacing across requests answers when that spacing since its last block is up,
                    // as late as a block of a flowing page may be; one that answers after a delay of its own is covered above.
                    long spacingLateness = 4 * _spacingDeviationMs;
                    long paced = _lastServerBlockMs + expected - nowMs
                        + (spacingLateness > _settings.LateBlockFloorMs ? spacingLateness : _settings.LateBlockFloorMs);
                    if (paced > learnt)
                    {
                        learnt = paced;
                    }
                }
            }

            long wait = learnt < timeout ? learnt : timeout;
            if (owedBlocks > 0)
            {
                long spacing = _spacingKnown || expected > _settings.SlowServerSpacingMs ? expected : _settings.SlowServerSpacingMs;
                wait += owedBlocks * spacing;
            }

            return wait;
        }

        /// <summary>
        /// How long an answer the server gives at once may take: RFC 6298 §2.2's retransmission timeout from the Query Next
        /// Image round trip (the round trip plus the larger of four deviations and LateBlockFloorMs), never more than
        /// ResponseTimeoutMs, which is also the wait before a round trip is known (the query itself).
        /// </summary>
        public long RoundTripTimeoutMs()
        {
            long timeout = _settings.ResponseTimeoutMs;
            if (_roundTripKnown)
            {
                long lateness = 4 * _roundTripDeviationMs;
                long learnt = _roundTripMs + (lateness > _settings.LateBlockFloorMs ? lateness : _settings.LateBlockFloorMs);
                if (learnt < timeout)
                {
                    timeout = learnt;
                }
            }

            return timeout;
        }

        // One sample into a learnt time and its deviation (the spacing, the response time): the first sets the time and half
        // of it as the deviation; later ones raise the time at once to a slower value (the next must not be taken for a
        // loss), let it decay by an eighth towards a faster one, and move the deviation a quarter of the way to the sample's
        // distance from it (RFC 6298 §2, RTTVAR with beta 1/4).
        private static void Learn(long sample, ref long time, ref long deviation, ref bool known)
        {
            if (!known)
            {
                known = true;
                time = sample;
                deviation = sample / 2;
                return;
            }

            long observed = time;
            long error = sample >= observed ? sample - observed : observed - sample;
            deviation += (error - deviation) / 4;
            time = sample >= observed ? sample : observed - ((observed - sample) >> 3);
        }
    }
}

using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// The data phase of an <see cref="OtaClient"/>'s download: Image Page Requests (or Image Block Requests, after a
    /// fallback), each block into the sink and the check, the blocks beyond a lost one held, silences told apart from a slow
    /// server (docs/PROTOCOL.md §1, issue 16).
    /// <para>
    /// A block is taken only if it names the image being downloaded and starts exactly at the first missing byte;
    /// duplicate, stale and misaligned responses are counted and ignored. Loss: the blocks of a page that arrive beyond a
    /// lost one are held (<see cref="OtaBlockHold"/>) and when the page is over (its last block seen, or the wait for data
    /// ends) the client asks for the missing bytes alone, so a lost block costs itself and one short request, and no block
    /// comes twice. The waits come from <see cref="OtaClientPacing"/>. A block the server sends for an older request keeps
    /// the wait going instead of adding a request to the server's queue (up to two pages' worth per request). A first
    /// silence retries at once with a one-block probe; the client falls back to Image Block Requests after silent page
    /// requests only while no page request of the download has been answered and a probe has; WAIT_FOR_DATA waits
    /// requestTime − currentTime (or the minimum block period) and goes on.
    /// </para>
    /// Allocates nothing per block. Not thread-safe.
    /// </summary>
    internal sealed class OtaClientDownload
    {
        private readonly OtaClient _client;
        private readonly OtaClientSettings _settings;
        private readonly OtaClientTimer _timer;
        private readonly OtaClientImage _image;
        private readonly OtaClientPacing _pacing;
        private readonly OtaClientEnd _end;
        private readonly OtaBlockHold _hold;
        private readonly OtaClientPendingRequest _request;

        private bool _usePages;
        private int _pageTimeoutsWithoutData;
        private bool _pagesAnswered;
        private bool _probing;
        private byte _probeSequence;
        private bool _blocksWithoutPages;

        /// <summary>The data phase of <paramref name="client"/>'s downloads; the hold buffer is allocated here, once.</summary>
        public OtaClientDownload(OtaClient client, OtaClientTimer timer, OtaClientImage image, OtaClientPacing pacing, OtaClientRequests requests, OtaClientEnd end)
        {
            _client = client;
            _settings = client.Settings;
            _timer = timer;
            _image = image;
            _pacing = pacing;
            _end = end;
            _hold = new OtaBlockHold(_settings.HoldBufferBytes);
            _request = new OtaClientPendingRequest(_settings, timer, image, pacing, requests, _hold);
        }

        /// <summary>True while the download uses Image Page Requests (false after a fallback to blocks).</summary>
        public bool UsePages => _usePages;

        /// <summary>Blocks taken into the sink.</summary>
        public long BlocksAccepted { get; private set; }

        /// <summary>Blocks for bytes already held (a repeat).</summary>
        public long DuplicatesIgnored { get; private set; }

        /// <summary>Blocks beyond the first missing byte that could not be held, ignored.</summary>
        public long OutOfOrderIgnored { get; private set; }

        /// <summary>Blocks beyond the first missing byte held until the gap was filled.</summary>
        public long BlocksHeld { get; private set; }

        /// <summary>Blocks that straddle the first missing byte, are empty, too long, run past the image or do not decode.</summary>
        public long MisalignedIgnored { get; private set; }

        /// <summary>WAIT_FOR_DATA responses obeyed.</summary>
        public long WaitsReceived { get; private set; }

        /// <summary>An Image Block Response that did not decode.</summary>
        public void OnUndecodableBlock()
        {
            MisalignedIgnored++;
        }

        /// <summary>Starts the data phase of the image the server offered (the sink is open at <see cref="OtaClientImage.Next"/>).</summary>
        public void Begin(long nowMs)
        {
            _usePages = _settings.UsePageRequests;
            _hold.Clear();
            _pageTimeoutsWithoutData = 0;
            _pagesAnswered = false;
            _probing = false;
            _blocksWithoutPages = false;
            _request.Begin(nowMs);
            _timer.ResetRetries();
            _pacing.BeginDownload();
            _client.SetState(OtaClientState.Downloading);
            SendTransferRequest(nowMs);
        }

        /// <summary>The timer ran out while downloading: a silence (a timeout) or the end of a wait or a pause (the next request).</summary>
        public void OnTimer(long nowMs)
        {
            if (_timer.Awaiting)
            {
                OnTransferTimeout(nowMs);
                return;
            }

            _client.SetState(OtaClientState.Downloading);
            SendTransferRequest(nowMs);
        }

        /// <summary>An Image Block Response, with the transaction sequence number of its frame (stale unless downloading).</summary>
        public void OnBlockResponse(ImageBlockResponse block, byte sequence, long nowMs)
        {
            OtaClientState state = _client.State;
            if (state != OtaClientState.Downloading && state != OtaClientState.WaitingForData)
            {
                _client.CountStale();
                return;
            }

            if (block.Status == OtaStatus.Abort)
            {
                // ZCL OTA: ABORT ends the download; the partial image is worthless.
                _image.Discard();
                _client.Fail(OtaClientError.ServerAborted);
                return;
            }

            if (block.Status == OtaStatus.WaitForData)
            {
                OnWaitForData(block, nowMs);
                return;
            }

            if (block.ManufacturerCode != _image.ManufacturerCode || block.ImageType != _image.ImageType || block.FileVersion != _image.FileVersion)
            {
                _client.CountStale();
                return;
            }

            uint offset = block.FileOffset;
            uint size = block.DataSize;
            uint imageSize = _image.Size;
            if (size == 0 || size > _request.MaxDataSize || offset > imageSize || size > imageSize - offset)
            {
                MisalignedIgnored++;
                return;
            }

            _request.OnBlock(nowMs, offset, size);
            if (_usePages && (!_probing || sequence != _probeSequence))
            {
                _pagesAnswered = true;
            }

            uint next = _image.Next;
            if (offset != next)
            {
                if (offset + size <= next || _hold.Holds(offset, size))
                {
                    DuplicatesIgnored++;
                }
                else if (offset < next)
                {
                    MisalignedIgnored++;
                }
                else if (OnBeyondGap(block, sequence, nowMs))
                {
                    return;
                }

                KeepWaitingForBusyServer((int)size, nowMs);
                return;
            }

            // The answer to the probe (its own sequence number, not the page's) rather than the page's first block.
            bool probeAnswered = _probing && sequence == _probeSequence;
            if (probeAnswered && !_pagesAnswered)
            {
                // A block request answered while no page request has been: what makes later silent page requests
                // evidence of a server without pages (OnTransferTimeout).
                _blocksWithoutPages = true;
            }

            if (!Take(block.DataBuffer, block.DataOffset, (int)size))
            {
                return;
            }

            _probing = false;

            BlocksAccepted++;
            for (int held = _hold.TakeAt(_image.Next, out int heldOffset); held != 0; held = _hold.TakeAt(_image.Next, out heldOffset))
            {
                if (!Take(_hold.Buffer, heldOffset, held))
                {
                    return;
                }
            }

            _timer.ResetRetries();
            _request.DataSinceRequest = true;
            _pageTimeoutsWithoutData = 0;
            if (_client.State == OtaClientState.WaitingForData)
            {
                _client.SetState(OtaClientState.Downloading);
            }

            if (_image.PersistDue(_settings.PersistIntervalBytes))
            {
                _image.Persist();
            }

            next = _image.Next;
            if (next == imageSize)
            {
                _end.Finish(nowMs);
                return;
            }

            if (!_usePages)
            {
                ScheduleRequest(nowMs, _request.LastRequestMs + _request.BlockPeriodMs);
            }
            else if (next >= _request.PageEnd || (probeAnswered && _request.ReceivedEnd <= next))
            {
                // The page is done, or the probe came back with no block of the page beyond it: the page request was lost.
                SendTransferRequest(nowMs);
            }
            else
            {
                _timer.AwaitUntil(_request.WaitEndMs(nowMs, _usePages));
            }
        }

        /// <summary>A Default Response: UNSUP_COMMAND to a page request means a server without pages; anything else is stale.</summary>
        public void OnDefaultResponse(ZclDefaultResponse response, long nowMs)
        {
            // ZCL: a server without Image Page Request support answers it UNSUP_COMMAND; carry on with blocks.
            OtaClientState state = _client.State;
            if (response.CommandId == (byte)OtaCommandId.ImagePageRequest && response.Status == (byte)OtaStatus.UnsupCommand
                && _usePages && (state == OtaClientState.Downloading || state == OtaClientState.WaitingForData))
            {
                _usePages = false;
                _client.SetState(OtaClientState.Downloading);
                SendTransferRequest(nowMs);
                return;
            }

            _client.CountStale();
        }

        private void SendTransferRequest(long nowMs)
        {
            SendRequest(nowMs, !_usePages);
        }

        // An Image Page Request for the next page, or an Image Block Request for one block (`oneBlock`: the probe).
        private void SendRequest(long nowMs, bool oneBlock)
        {
            byte sequence = _request.Send(nowMs, oneBlock, _usePages);
            if (oneBlock)
            {
                _probeSequence = sequence;
            }
        }

        private void ScheduleRequest(long nowMs, long atMs)
        {
            if (atMs <= nowMs)
            {
                SendTransferRequest(nowMs);
                return;
            }

            _timer.WakeAt(atMs);
        }

        // A block for bytes the client already holds or cannot take yet: the server may still be busy with an older
        // request (OtaClientPendingRequest.KeepWaitingForBusyServer).
        private void KeepWaitingForBusyServer(int size, long nowMs)
        {
            if (_timer.Awaiting && _client.State == OtaClientState.Downloading)
            {
                _request.KeepWaitingForBusyServer(size, nowMs, _usePages);
            }
        }

        // A block beyond the first missing byte: one before it was lost. Held when it fits, so that it is never asked for
        // again. The missing bytes are asked for once the server is through with the page (its last block came: a server
        // that serves pages in full, as zigbee-herdsman does, would only queue an earlier request behind the page), or at
        // once when the block could not be held (a server that drops a superseded page then stops sending what cannot be
        // kept). True when the wait was dealt with (a request went out, or the timer restarted for a held block).
        private bool OnBeyondGap(ImageBlockResponse block, byte sequence, long nowMs)
        {
            uint end = block.FileOffset + block.DataSize;
            bool held = _usePages && _hold.Hold(block.FileOffset, block.DataBuffer, block.DataOffset, block.DataSize, _image.Next);
            if (held)
            {
                BlocksHeld++;
                _timer.ResetRetries();
                _request.DataSinceRequest = true;
            }
            else
            {
                OutOfOrderIgnored++;
            }

            bool awaiting = _timer.Awaiting;
            if (_usePages && awaiting && !_request.GapRequested && !_probing && sequence == _request.PageSequence && _client.State == OtaClientState.Downloading
                && (end >= _request.PageEnd || !held))
            {
                _request.GapRequested = true;
                SendTransferRequest(nowMs);
                return true;
            }

            if (held && awaiting)
            {
                _timer.AwaitUntil(_request.WaitEndMs(nowMs, _usePages));
                return true;
            }

            return false;
        }

        // Bytes at the first missing byte into the sink and the check; false (the download failed) when the sink cannot store them.
        private bool Take(byte[] data, int offset, int count)
        {
            if (!_image.Take(data, offset, count))
            {
                _end.FailStorage();
                return false;
            }

            return true;
        }

        private void OnWaitForData(ImageBlockResponse block, long nowMs)
        {
            WaitsReceived++;
            long waitMs = 0;
            if (block.RequestTime > block.CurrentTime)
            {
                waitMs = (long)(block.RequestTime - block.CurrentTime) * 1000;
            }

            if (block.MinimumBlockPeriod != 0)
            {
                _request.BlockPeriodMs = block.MinimumBlockPeriod;
                if (waitMs < block.MinimumBlockPeriod)
                {
                    waitMs = block.MinimumBlockPeriod;
                }
            }

            _client.SetState(OtaClientState.WaitingForData);
            _pacing.ForgetLastBlock();
            _timer.WakeAt(nowMs + waitMs);
        }

        private void OnTransferTimeout(long nowMs)
        {
            _timer.CountTimeout();
            _pacing.ForgetLastBlock();
            if (_usePages && _request.DataSinceRequest)
            {
                // The page made progress and then stopped (its last blocks were lost): ask for what is missing at once.
                _probing = false;
                SendTransferRequest(nowMs);
                return;
            }

            bool probed = _probing;
            _probing = false;
            if (_usePages && !_pagesAnswered && !probed && _blocksWithoutPages)
            {
                // Only while no page request of this download has been answered (once one has, the server serves pages, and
                // silence is loss), and only once a block request has been (the probe): silent page requests are evidence
                // of a server without pages only beside an answered block request. A silent probe says the link or the
                // server is silent, which says nothing about pages (issue 16: page request, probe and page request lost in
                // a row had the client give up pages for the rest of the download, each later loss then costing a block
                // request's timeout).
                _pageTimeoutsWithoutData++;
                if (_pageTimeoutsWithoutData >= _settings.PageFallbackAfterTimeouts)
                {
                    // No block at all for several page requests: take the server for one without pages.
                    _usePages = false;
                }
            }

            int retries = _timer.CountRetry();
            if (retries > _settings.MaxRetries)
            {
                // Keep the partial image: a later query resumes from here.
                _image.Persist();
                _client.Fail(OtaClientError.TransferTimeout);
                return;
            }

            if (_usePages && !probed && (_pagesAnswered ? retries == 1 : !_blocksWithoutPages))
            {
                // A silent page request (the first silence in a row): it was lost, or its first block was while a slow
                // server still serves the page (nothing tells the two apart before its next block, and asking for the page
                // again would have such a server send all of it twice). The retry asks for that one block alone: a server
                // serving the page answers it after the page, the lost block and nothing else; one that never had the
                // request answers at once, and the page is asked for again then. So a lost request costs about one
                // spacing, not two, and no block comes twice (issue 16). Before any page request is answered, after every
                // silent page request until a probe is answered, so that a server without pages still falls back and a
                // silent link is not taken for one.
                _probing = true;
                SendRequest(nowMs, true);
                return;
            }

            ScheduleRequest(nowMs, nowMs + _timer.Backoff(retries));
        }
    }
}

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// The transfer request an <see cref="OtaClientDownload"/> has in flight: what it asked for (an Image Page Request for
    /// the bytes up to the first held one, or an Image Block Request for one block), what has come of it (the furthest byte
    /// received, whether any data came, the server's time to start answering), and the wait for data that follows from it
    /// (<see cref="OtaClientPacing.TransferTimeoutMs"/>). A request is armed before it leaves: on an in-process link the
    /// answer may come back inside the send. Allocates nothing. Not thread-safe.
    /// </summary>
    internal sealed class OtaClientPendingRequest
    {
        private readonly OtaClientSettings _settings;
        private readonly OtaClientTimer _timer;
        private readonly OtaClientImage _image;
        private readonly OtaClientPacing _pacing;
        private readonly OtaClientRequests _requests;
        private readonly OtaBlockHold _hold;

        private ushort _pageSize;
        private long _pageSpacingMs;
        private uint _lastBlockSize;
        private bool _responsePending;
        private int _busyBudget;

        /// <summary>Requests for the download of <paramref name="image"/>, pages ending at the first byte <paramref name="hold"/> holds.</summary>
        public OtaClientPendingRequest(OtaClientSettings settings, OtaClientTimer timer, OtaClientImage image, OtaClientPacing pacing, OtaClientRequests requests, OtaBlockHold hold)
        {
            _settings = settings;
            _timer = timer;
            _image = image;
            _pacing = pacing;
            _requests = requests;
            _hold = hold;
        }

        /// <summary>Largest block asked for (≤ <see cref="OtaTransferLimits.MaxRequestedDataSize"/>, a size every server reads).</summary>
        public byte MaxDataSize { get; private set; }

        /// <summary>Milliseconds the client leaves between block requests (raised by a server's WAIT_FOR_DATA).</summary>
        public long BlockPeriodMs { get; set; }

        /// <summary>When the last request left.</summary>
        public long LastRequestMs { get; private set; }

        /// <summary>File offset where the last page asked for ends (exclusive).</summary>
        public uint PageEnd { get; private set; }

        /// <summary>Transaction sequence number of the last page request (its blocks carry it).</summary>
        public byte PageSequence { get; private set; }

        /// <summary>End of the furthest block received since the last request.</summary>
        public uint ReceivedEnd { get; private set; }

        /// <summary>True once data (a block taken or held) came since the last request.</summary>
        public bool DataSinceRequest { get; set; }

        /// <summary>True once the missing bytes of the last page were asked for before it was over.</summary>
        public bool GapRequested { get; set; }

        /// <summary>A new download: nothing in flight; block size and period from the settings.</summary>
        public void Begin(long nowMs)
        {
            _pageSize = _settings.PageSize == 0 ? (ushort)1 : _settings.PageSize;
            BlockPeriodMs = _settings.MinimumBlockPeriodMs;
            byte maxDataSize = _settings.MaxDataSize == 0 ? (byte)1 : _settings.MaxDataSize;
            MaxDataSize = maxDataSize > OtaTransferLimits.MaxRequestedDataSize ? OtaTransferLimits.MaxRequestedDataSize : maxDataSize;
            LastRequestMs = nowMs - BlockPeriodMs;
            _responsePending = false;
        }

        /// <summary>
        /// Sends an Image Page Request for the next page, or an Image Block Request for one block (<paramref name="oneBlock"/>),
        /// with the wait for data armed first (<paramref name="usePages"/>: the download's mode); returns its sequence number.
        /// </summary>
        public byte Send(long nowMs, bool oneBlock, bool usePages)
        {
            uint next = _image.Next;
            DataSinceRequest = false;
            LastRequestMs = nowMs;
            ReceivedEnd = next;
            byte sequence;
            if (!oneBlock)
            {
                // Up to the first held byte: the bytes after it are here already.
                uint left = (_hold.HasHeld ? _hold.FirstHeldOffset : _image.Size) - next;
                ushort pageSize = left < _pageSize ? (ushort)left : _pageSize;
                if (pageSize == 0)
                {
                    pageSize = 1;
                }

                long spacing = _settings.ResponseSpacingMs;
                if (BlockPeriodMs > spacing)
                {
                    spacing = BlockPeriodMs;
                }

                PageEnd = next + pageSize;
                _pageSpacingMs = spacing;
                GapRequested = false;
                sequence = _requests.WritePageRequest(_image, MaxDataSize, pageSize, spacing);
                PageSequence = sequence;
            }
            else
            {
                sequence = _requests.WriteBlockRequest(_image, MaxDataSize, BlockPeriodMs);
            }

            _responsePending = true;

            // Armed before the request leaves: the answer may come back inside Send on an in-process link.
            _busyBudget = 2 * _settings.PageSize;
            _timer.AwaitUntil(WaitEndMs(nowMs, usePages));
            _requests.Transmit();
            return sequence;
        }

        /// <summary>
        /// A block of this image came (taken or not: either way the server was sending): the furthest byte received, the
        /// server's spacing, and for the first block since the request the time the server took to start answering it.
        /// </summary>
        public void OnBlock(long nowMs, uint offset, uint size)
        {
            if (offset + size > ReceivedEnd)
            {
                ReceivedEnd = offset + size;
                _lastBlockSize = size;
            }

            _pacing.ObserveBlock(nowMs, offset, size);
            if (_responsePending)
            {
                // The answer to the last request: how long the server takes to start one (round trip and its delay).
                _responsePending = false;
                _pacing.LearnResponse(nowMs - LastRequestMs);
            }
        }

        /// <summary>
        /// A block for bytes the client already holds or cannot take yet, while a response is awaited: the server is still
        /// busy with an older request (zigbee-herdsman serves superseded requests in full). Another request now would only
        /// queue behind it, so the wait starts again, for up to two pages of such bytes per request.
        /// </summary>
        public void KeepWaitingForBusyServer(int size, long nowMs, bool usePages)
        {
            if (_busyBudget > 0)
            {
                _busyBudget -= size;
                _timer.AwaitUntil(WaitEndMs(nowMs, usePages));
            }
        }

        /// <summary>
        /// When a wait for data starting at <paramref name="nowMs"/> ends (<see cref="OtaClientPacing.TransferTimeoutMs"/>):
        /// from the spacing asked for in the download's mode and the blocks a flowing page still owes beyond the next.
        /// </summary>
        public long WaitEndMs(long nowMs, bool usePages)
        {
            long owed = 0;
            bool data = DataSinceRequest;
            if (usePages && data && _lastBlockSize != 0 && PageEnd > ReceivedEnd)
            {
                owed = ((PageEnd - ReceivedEnd + _lastBlockSize - 1) / _lastBlockSize) - 1;
            }

            return nowMs + _pacing.TransferTimeoutMs(nowMs, usePages ? _pageSpacingMs : BlockPeriodMs, data, owed);
        }
    }
}

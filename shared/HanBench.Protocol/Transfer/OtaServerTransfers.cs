using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// How an <see cref="OtaServer"/> serves image data. Image Block Request: stateless per block, any offset (a client
    /// resumes by asking again); block size = min(<see cref="OtaServerSettings.MaxBlockSize"/>, maximumDataSize); a block
    /// request ends any page in progress. Image Page Request: blocks back to back, responseSpacing ms apart (no faster than
    /// the minimum block period), until pageSize bytes are sent; one page per client, a new request replaces it; a copy of
    /// the request being served (same sequence number, offset, size and image: a retransmission on the way) is ignored, so
    /// no block of one request goes out twice. A client beyond the download cap gets WAIT_FOR_DATA. Not thread-safe.
    /// </summary>
    internal sealed class OtaServerTransfers
    {
        private readonly OtaServer _server;
        private readonly OtaServerSettings _settings;
        private readonly OtaServerImages _images;
        private readonly OtaServerClients _clients;
        private readonly OtaServerResponses _responses;

        /// <summary>The data transfers of <paramref name="server"/>.</summary>
        public OtaServerTransfers(OtaServer server, OtaServerSettings settings, OtaServerImages images, OtaServerClients clients, OtaServerResponses responses)
        {
            _server = server;
            _settings = settings;
            _images = images;
            _clients = clients;
            _responses = responses;
        }

        /// <summary>Copies of the page request being served, ignored.</summary>
        public long PageRequestCopiesIgnored { get; private set; }

        /// <summary>Answers an Image Block Request: one block, WAIT_FOR_DATA (rate limit, download cap) or ABORT.</summary>
        public void AnswerBlock(ulong source, byte sequence, ImageBlockRequest request, long nowMs)
        {
            OtaServerImage? image = _images.Find(request.ManufacturerCode, request.ImageType, request.FileVersion);
            if (image == null || request.FileOffset >= image.ImageSize)
            {
                _responses.SendAbort(source, sequence);
                return;
            }

            if (request.MaximumDataSize == 0)
            {
                _responses.SendDefaultResponse(source, sequence, (byte)OtaCommandId.ImageBlockRequest, OtaStatus.InvalidField);
                return;
            }

            OtaServerClient? client = Admit(source, sequence, image, nowMs);
            if (client == null)
            {
                return;
            }

            // A block request ends any page in progress: the client has moved on, or fell back to blocks.
            client.PageActive = false;
            client.LastActivityMs = nowMs;
            ushort period = _settings.MinimumBlockPeriodMs;
            if (period != 0 && client.HasSentBlock && nowMs - client.LastBlockMs < period)
            {
                _responses.SendWaitForData(source, sequence, 0, nowMs);
                return;
            }

            _responses.SendBlock(client, image, request.FileOffset, Smaller(_settings.MaxBlockSize, request.MaximumDataSize), sequence, nowMs);
        }

        /// <summary>Starts serving an Image Page Request (or ignores a copy of the one being served).</summary>
        public void StartPage(ulong source, byte sequence, ImagePageRequest request, long nowMs)
        {
            OtaServerImage? image = _images.Find(request.ManufacturerCode, request.ImageType, request.FileVersion);
            if (image == null || request.FileOffset >= image.ImageSize)
            {
                _responses.SendAbort(source, sequence);
                return;
            }

            if (request.MaximumDataSize == 0 || request.PageSize == 0)
            {
                _responses.SendDefaultResponse(source, sequence, (byte)OtaCommandId.ImagePageRequest, OtaStatus.InvalidField);
                return;
            }

            OtaServerClient? serving = _clients.Find(source);
            if (serving != null && serving.PageActive && serving.Image == image && serving.PageSequence == sequence
                && serving.PageStart == request.FileOffset && serving.PageRequestSize == request.PageSize)
            {
                // The same request again (a retransmission): serving it from the start would send its blocks twice.
                serving.LastActivityMs = nowMs;
                PageRequestCopiesIgnored++;
                return;
            }

            OtaServerClient? client = Admit(source, sequence, image, nowMs);
            if (client == null)
            {
                return;
            }

            uint end = request.FileOffset + request.PageSize;
            if (end > image.ImageSize || end < request.FileOffset)
            {
                end = image.ImageSize;
            }

            long spacing = request.ResponseSpacing;
            if (_settings.MinimumBlockPeriodMs > spacing)
            {
                spacing = _settings.MinimumBlockPeriodMs;
            }

            client.LastActivityMs = nowMs;
            client.PageActive = true;
            client.PageStart = request.FileOffset;
            client.PageRequestSize = request.PageSize;
            client.PageNext = request.FileOffset;
            client.PageEnd = end;
            client.PageBlockSize = Smaller(_settings.MaxBlockSize, request.MaximumDataSize);
            client.PageSpacingMs = spacing;
            client.PageSequence = sequence;

            // The rate limit holds across pages too: the first block waits out the period left since the last one.
            long due = nowMs;
            if (_settings.MinimumBlockPeriodMs != 0 && client.HasSentBlock && client.LastBlockMs + _settings.MinimumBlockPeriodMs > due)
            {
                due = client.LastBlockMs + _settings.MinimumBlockPeriodMs;
            }

            client.PageNextSendMs = due;
            PumpPage(client, nowMs);
        }

        /// <summary>Sends the page blocks of <paramref name="client"/> that are due, at most <see cref="OtaServerSettings.MaxBlocksPerTick"/>.</summary>
        public void PumpPage(OtaServerClient client, long nowMs)
        {
            int sent = 0;
            int limit = _settings.MaxBlocksPerTick < 1 ? 1 : _settings.MaxBlocksPerTick;
            while (client.PageActive && client.PageNextSendMs <= nowMs && sent < limit)
            {
                OtaServerImage image = client.Image!;
                uint offset = client.PageNext;
                uint left = client.PageEnd - offset;
                byte size = left < client.PageBlockSize ? (byte)left : client.PageBlockSize;

                // Arm first: the page state already points past this block when the block leaves.
                client.PageNext = offset + size;
                client.PageActive = client.PageNext < client.PageEnd;
                client.PageNextSendMs = nowMs + client.PageSpacingMs;
                if (!_responses.SendBlock(client, image, offset, size, client.PageSequence, nowMs))
                {
                    client.PageActive = false;
                }

                sent++;
            }
        }

        // The client's record holding a download slot for `image`; null when there is no record or slot for it, and the
        // client was told WAIT_FOR_DATA (to ask again after the retry time) and the observer that its request was deferred.
        private OtaServerClient? Admit(ulong source, byte sequence, OtaServerImage image, long nowMs)
        {
            OtaServerClient? client = _clients.FindOrClaim(source, nowMs);
            if (client != null && _clients.Admit(client, image))
            {
                return client;
            }

            _responses.SendWaitForData(source, sequence, _settings.WaitForDataRetrySeconds, nowMs);
            IOtaServerObserver? observer = _server.Observer;
            if (observer != null)
            {
                observer.OnBlockDeferred(source, image);
            }

            return null;
        }

        private static byte Smaller(byte a, byte b)
        {
            return a < b ? a : b;
        }
    }
}

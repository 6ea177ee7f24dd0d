using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// The ZCL OTA Upgrade server engine (docs/PROTOCOL.md §1): the host runs one for the Comms Hub, the Comms Hub one for the
    /// HAN. A synchronous state machine fed with received ZCL frames (<see cref="OnZcl"/>) and time (<see cref="Tick"/>);
    /// it owns no thread, never sleeps and allocates nothing per block.
    /// <list type="bullet">
    /// <item>Query Next Image: the newest image with the client's manufacturer code and image type whose file version is
    /// above the client's and whose hardware range (if any) holds the client's hardware version; NO_IMAGE_AVAILABLE
    /// otherwise.</item>
    /// <item>Image Block Request: stateless per block, any offset (a client resumes by asking again); block size =
    /// min(<see cref="OtaServerSettings.MaxBlockSize"/>, maximumDataSize).</item>
    /// <item>Image Page Request: blocks back to back, responseSpacing ms apart, until pageSize bytes are sent; one page
    /// per client, a new request replaces it. This removes the per-block round trip. A copy of the request being served
    /// (same sequence number, offset, size and image: a retransmission on the way) is ignored, so no block of one request
    /// goes out twice.</item>
    /// <item>Rate limiting: a minimum block period (WAIT_FOR_DATA carrying it) and a cap on simultaneous downloads (the
    /// others get WAIT_FOR_DATA with a retry time); a download holds its slot until its Upgrade End Request or an idle
    /// timeout.</item>
    /// <item>Upgrade End Request SUCCESS → Upgrade End Response with upgradeTime now, after a delay, or 0xFFFFFFFF (wait),
    /// per image or per client.</item>
    /// </list>
    /// Every state change a frame causes is made before the answer is sent ("arm the listener for the next request before
    /// sending the current response", docs/PROTOCOL.md §1), so a link that delivers the answer and the client's next request
    /// synchronously, inside <see cref="IZclFrameSender.Send"/>, finds the server ready. Not thread-safe: call it from
    /// the role's one thread.
    /// </summary>
    public sealed class OtaServer
    {
        private const byte DefaultResponseFrameControl = ZclHeader.FrameTypeGlobal | ZclHeader.DirectionServerToClient | ZclHeader.DisableDefaultResponse;

        private readonly IZclFrameSender _sender;
        private readonly IOtaImageSource _source;
        private readonly OtaServerSettings _settings;
        private readonly OtaServerImage?[] _images;
        private readonly OtaServerClient[] _clients;
        private readonly byte[] _transmit;
        private readonly byte[] _data;
        private readonly ByteWriter _writer;
        private readonly ByteReader _reader;
        private byte _sequence;
        private int _activeDownloads;

        /// <summary>
        /// A server that answers through <paramref name="sender"/> from <paramref name="source"/>, keeping records for up to
        /// <paramref name="maxClients"/> clients and offering up to <paramref name="maxImages"/> images.
        /// </summary>
        public OtaServer(IZclFrameSender sender, IOtaImageSource source, OtaServerSettings settings, int maxClients, int maxImages)
        {
            if (sender == null)
            {
                throw new System.ArgumentNullException(nameof(sender));
            }

            if (source == null)
            {
                throw new System.ArgumentNullException(nameof(source));
            }

            if (settings == null)
            {
                throw new System.ArgumentNullException(nameof(settings));
            }

            if (maxClients < 1)
            {
                throw new System.ArgumentOutOfRangeException(nameof(maxClients));
            }

            if (maxImages < 1)
            {
                throw new System.ArgumentOutOfRangeException(nameof(maxImages));
            }

            _sender = sender;
            _source = source;
            _settings = settings;
            _images = new OtaServerImage?[maxImages];
            _clients = new OtaServerClient[maxClients];
            for (int i = 0; i < maxClients; i++)
            {
                _clients[i] = new OtaServerClient();
            }

            _transmit = new byte[OtaTransferLimits.MaxZclFrameLength];
            _data = new byte[ImageBlockResponse.MaxDataSize];
            _writer = new ByteWriter();
            _reader = new ByteReader();
        }

        /// <summary>The settings, read on every request.</summary>
        public OtaServerSettings Settings => _settings;

        /// <summary>Told about queries, blocks, upgrade ends and timed-out downloads; may be null.</summary>
        public IOtaServerObserver? Observer { get; set; }

        /// <summary>Clients holding a download slot now.</summary>
        public int ActiveDownloads => _activeDownloads;

        /// <summary>Image Block Responses with data sent.</summary>
        public long BlocksSent { get; private set; }

        /// <summary>Image data bytes sent.</summary>
        public long BytesSent { get; private set; }

        /// <summary>Query Next Image Requests answered.</summary>
        public long QueriesAnswered { get; private set; }

        /// <summary>Image Block Requests received (valid ones).</summary>
        public long BlockRequestsReceived { get; private set; }

        /// <summary>Image Page Requests received (valid ones, also those refused as unsupported).</summary>
        public long PageRequestsReceived { get; private set; }

        /// <summary>Copies of the page request being served, ignored.</summary>
        public long PageRequestCopiesIgnored { get; private set; }

        /// <summary>WAIT_FOR_DATA responses sent.</summary>
        public long WaitForDataSent { get; private set; }

        /// <summary>ABORT responses sent.</summary>
        public long AbortsSent { get; private set; }

        /// <summary>Frames given to <see cref="OnZcl"/> that were not valid client→server OTA commands.</summary>
        public long FramesRejected { get; private set; }

        /// <summary>
        /// When <see cref="Tick"/> is next needed: the next page block due, or the earliest download idle expiry;
        /// <see cref="long.MaxValue"/> when nothing is pending.
        /// </summary>
        public long NextWakeMs
        {
            get
            {
                long wake = long.MaxValue;
                for (int i = 0; i < _clients.Length; i++)
                {
                    OtaServerClient client = _clients[i];
                    if (!client.InUse)
                    {
                        continue;
                    }

                    if (client.PageActive && client.PageNextSendMs < wake)
                    {
                        wake = client.PageNextSendMs;
                    }

                    if (client.HoldsSlot)
                    {
                        long expiry = client.LastActivityMs + _settings.DownloadIdleTimeoutMs;
                        if (expiry < wake)
                        {
                            wake = expiry;
                        }
                    }
                }

                return wake;
            }
        }

        /// <summary>Number of images offered.</summary>
        public int ImageCount
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _images.Length; i++)
                {
                    if (_images[i] != null)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>
        /// Offers <paramref name="image"/>; an image with the same manufacturer code, image type and file version is
        /// replaced. Throws when the table is full (a programmer error: size it at construction).
        /// </summary>
        public void AddImage(OtaServerImage image)
        {
            if (image == null)
            {
                throw new System.ArgumentNullException(nameof(image));
            }

            int free = -1;
            for (int i = 0; i < _images.Length; i++)
            {
                OtaServerImage? held = _images[i];
                if (held == null)
                {
                    if (free < 0)
                    {
                        free = i;
                    }
                }
                else if (held.Matches(image.ManufacturerCode, image.ImageType, image.FileVersion))
                {
                    RemoveAt(i);
                    free = i;
                    break;
                }
            }

            if (free < 0)
            {
                throw new System.InvalidOperationException("OtaServer: image table full");
            }

            _images[free] = image;
        }

        /// <summary>Stops offering <paramref name="image"/>; downloads of it end (their next request gets ABORT).</summary>
        public bool RemoveImage(OtaServerImage image)
        {
            for (int i = 0; i < _images.Length; i++)
            {
                if (ReferenceEquals(_images[i], image))
                {
                    RemoveAt(i);
                    return true;
                }
            }

            return false;
        }

        /// <summary>The offered image with these wire fields, or null.</summary>
        public OtaServerImage? FindImage(ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            for (int i = 0; i < _images.Length; i++)
            {
                OtaServerImage? image = _images[i];
                if (image != null && image.Matches(manufacturerCode, imageType, fileVersion))
                {
                    return image;
                }
            }

            return null;
        }

        /// <summary>True while <paramref name="client"/> holds a download slot.</summary>
        public bool IsDownloading(ulong client)
        {
            OtaServerClient? record = Find(client);
            return record != null && record.HoldsSlot;
        }

        /// <summary>
        /// Makes <paramref name="client"/>'s Upgrade End Responses follow <paramref name="policy"/> instead of the image's.
        /// False when the client table is full of clients that are busy or have policies of their own.
        /// </summary>
        public bool SetClientUpgradePolicy(ulong client, OtaUpgradeTimePolicy policy, uint delaySeconds, long nowMs)
        {
            OtaServerClient? record = FindOrClaim(client, nowMs);
            if (record == null)
            {
                return false;
            }

            record.HasPolicy = true;
            record.Policy = policy;
            record.PolicyDelaySeconds = delaySeconds;
            return true;
        }

        /// <summary>
        /// Sends Image Notify for <paramref name="image"/> to <paramref name="destination"/> (a client, or
        /// <see cref="HanBench.Protocol.Han.HanFrame.Broadcast"/>). ZCL OTA: a unicast notify should carry queryJitter 100
        /// so the client answers; a broadcast spreads the queries with a lower jitter.
        /// </summary>
        public bool SendImageNotify(ulong destination, OtaServerImage image, ImageNotifyPayloadType payloadType, byte queryJitter)
        {
            if (image == null)
            {
                throw new System.ArgumentNullException(nameof(image));
            }

            if (queryJitter < ImageNotify.MinQueryJitter || queryJitter > ImageNotify.MaxQueryJitter || payloadType > ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion)
            {
                throw new System.ArgumentOutOfRangeException(nameof(queryJitter));
            }

            ImageNotify notify = default;
            notify.PayloadType = payloadType;
            notify.QueryJitter = queryJitter;
            notify.ManufacturerCode = image.ManufacturerCode;
            notify.ImageType = image.ImageType;
            notify.FileVersion = image.FileVersion;
            BeginFrame(OtaCommandId.ImageNotify, ++_sequence);
            notify.WriteTo(_writer);
            return Finish(destination);
        }

        /// <summary>
        /// Tells <paramref name="client"/>, which was told to wait (upgradeTime 0xFFFFFFFF), to upgrade to
        /// <paramref name="image"/> now: an unsolicited Upgrade End Response with upgradeTime = currentTime.
        /// </summary>
        public bool SendUpgradeCommand(ulong client, OtaServerImage image, long nowMs)
        {
            if (image == null)
            {
                throw new System.ArgumentNullException(nameof(image));
            }

            return SendUpgradeEndResponse(client, image.ManufacturerCode, image.ImageType, image.FileVersion, ++_sequence, OtaUpgradeTimePolicy.Now, 0, nowMs);
        }

        /// <summary>
        /// Handles one received ZCL frame (<paramref name="count"/> bytes of <paramref name="buffer"/> from
        /// <paramref name="offset"/>: ZCL header and command) from <paramref name="source"/>. Returns true when it was a
        /// client→server OTA command this server acted on; false for anything else (left to the role). Never throws on
        /// bad input: a malformed command gets a Default Response MALFORMED_COMMAND.
        /// </summary>
        public bool OnZcl(ulong source, byte[] buffer, int offset, int count, long nowMs)
        {
            _reader.Reset(buffer, offset, count);
            if (ZclHeader.TryDecode(_reader, out ZclHeader header) != ZclDecodeStatus.Ok
                || header.FrameType != ZclHeader.FrameTypeClusterSpecific
                || header.IsServerToClient)
            {
                FramesRejected++;
                return false;
            }

            byte sequence = header.TransactionSequenceNumber;
            switch ((OtaCommandId)header.CommandId)
            {
                case OtaCommandId.QueryNextImageRequest:
                    if (QueryNextImageRequest.TryDecode(_reader, out QueryNextImageRequest query) != ZclDecodeStatus.Ok)
                    {
                        return Malformed(source, header);
                    }

                    AnswerQuery(source, sequence, query);
                    return true;

                case OtaCommandId.ImageBlockRequest:
                    if (ImageBlockRequest.TryDecode(_reader, out ImageBlockRequest block) != ZclDecodeStatus.Ok)
                    {
                        return Malformed(source, header);
                    }

                    BlockRequestsReceived++;
                    AnswerBlock(source, sequence, block, nowMs);
                    return true;

                case OtaCommandId.ImagePageRequest:
                    if (ImagePageRequest.TryDecode(_reader, out ImagePageRequest page) != ZclDecodeStatus.Ok)
                    {
                        return Malformed(source, header);
                    }

                    PageRequestsReceived++;
                    if (!_settings.SupportsPageRequests)
                    {
                        SendDefaultResponse(source, sequence, header.CommandId, OtaStatus.UnsupCommand);
                        return true;
                    }

                    StartPage(source, sequence, page, nowMs);
                    return true;

                case OtaCommandId.UpgradeEndRequest:
                    if (UpgradeEndRequest.TryDecode(_reader, out UpgradeEndRequest end) != ZclDecodeStatus.Ok)
                    {
                        return Malformed(source, header);
                    }

                    AnswerUpgradeEnd(source, header, end, nowMs);
                    return true;

                case OtaCommandId.QueryDeviceSpecificFileRequest:
                    // HanBench choice: no device-specific files (security credentials, logs) are served.
                    SendDefaultResponse(source, sequence, header.CommandId, OtaStatus.UnsupCommand);
                    return true;

                default:
                    FramesRejected++;
                    SendDefaultResponse(source, sequence, header.CommandId, OtaStatus.UnsupCommand);
                    return false;
            }
        }

        /// <summary>
        /// Runs the timers: sends the page blocks that are due (at most <see cref="OtaServerSettings.MaxBlocksPerTick"/>
        /// per client when they are due at once) and ends downloads idle past the timeout. Early calls do no harm.
        /// </summary>
        public void Tick(long nowMs)
        {
            for (int i = 0; i < _clients.Length; i++)
            {
                OtaServerClient client = _clients[i];
                if (!client.InUse)
                {
                    continue;
                }

                if (client.PageActive)
                {
                    PumpPage(client, nowMs);
                }

                if (client.HoldsSlot && !client.PageActive && nowMs - client.LastActivityMs >= _settings.DownloadIdleTimeoutMs)
                {
                    OtaServerImage image = client.Image!;
                    uint highest = client.HighestOffset;
                    ReleaseSlot(client);
                    IOtaServerObserver? observer = Observer;
                    if (observer != null)
                    {
                        observer.OnDownloadTimedOut(client.Address, image, highest);
                    }
                }
            }
        }

        private void AnswerQuery(ulong source, byte sequence, QueryNextImageRequest query)
        {
            OtaServerImage? best = null;
            OtaServerImage? refused = null;
            for (int i = 0; i < _images.Length; i++)
            {
                OtaServerImage? image = _images[i];
                if (image == null || image.ManufacturerCode != query.ManufacturerCode || image.ImageType != query.ImageType || image.FileVersion <= query.FileVersion)
                {
                    continue;
                }

                // ZCL OTA: the hardware version is checked only when the client sends one (Silicon Labs does the same).
                if (image.HasHardwareVersionRange && query.HasHardwareVersion
                    && (query.HardwareVersion < image.MinimumHardwareVersion || query.HardwareVersion > image.MaximumHardwareVersion))
                {
                    if (refused == null || image.FileVersion > refused.FileVersion)
                    {
                        refused = image;
                    }

                    continue;
                }

                if (best == null || image.FileVersion > best.FileVersion)
                {
                    best = image;
                }
            }

            QueryNextImageResponse response = default;
            if (best != null)
            {
                response.Status = OtaStatus.Success;
                response.ManufacturerCode = best.ManufacturerCode;
                response.ImageType = best.ImageType;
                response.FileVersion = best.FileVersion;
                response.ImageSize = best.ImageSize;
            }
            else
            {
                response.Status = OtaStatus.NoImageAvailable;
            }

            QueriesAnswered++;
            BeginFrame(OtaCommandId.QueryNextImageResponse, sequence);
            response.WriteTo(_writer);
            Finish(source);

            IOtaServerObserver? observer = Observer;
            if (observer != null)
            {
                if (best != null)
                {
                    observer.OnQueryAnswered(source, best, OtaQueryOutcome.Offered);
                }
                else
                {
                    observer.OnQueryAnswered(source, refused, refused != null ? OtaQueryOutcome.HardwareVersionMismatch : OtaQueryOutcome.NoNewerImage);
                }
            }
        }

        private void AnswerBlock(ulong source, byte sequence, ImageBlockRequest request, long nowMs)
        {
            OtaServerImage? image = FindImage(request.ManufacturerCode, request.ImageType, request.FileVersion);
            if (image == null || request.FileOffset >= image.ImageSize)
            {
                SendAbort(source, sequence);
                return;
            }

            if (request.MaximumDataSize == 0)
            {
                SendDefaultResponse(source, sequence, (byte)OtaCommandId.ImageBlockRequest, OtaStatus.InvalidField);
                return;
            }

            OtaServerClient? client = FindOrClaim(source, nowMs);
            if (client == null || !Admit(client, image))
            {
                SendWaitForData(source, sequence, _settings.WaitForDataRetrySeconds, nowMs);
                IOtaServerObserver? observer = Observer;
                if (observer != null)
                {
                    observer.OnBlockDeferred(source, image);
                }

                return;
            }

            // A block request ends any page in progress: the client has moved on, or fell back to blocks.
            client.PageActive = false;
            client.LastActivityMs = nowMs;
            ushort period = _settings.MinimumBlockPeriodMs;
            if (period != 0 && client.HasSentBlock && nowMs - client.LastBlockMs < period)
            {
                SendWaitForData(source, sequence, 0, nowMs);
                return;
            }

            SendBlock(client, image, request.FileOffset, Smaller(_settings.MaxBlockSize, request.MaximumDataSize), sequence, nowMs);
        }

        private void StartPage(ulong source, byte sequence, ImagePageRequest request, long nowMs)
        {
            OtaServerImage? image = FindImage(request.ManufacturerCode, request.ImageType, request.FileVersion);
            if (image == null || request.FileOffset >= image.ImageSize)
            {
                SendAbort(source, sequence);
                return;
            }

            if (request.MaximumDataSize == 0 || request.PageSize == 0)
            {
                SendDefaultResponse(source, sequence, (byte)OtaCommandId.ImagePageRequest, OtaStatus.InvalidField);
                return;
            }

            OtaServerClient? serving = Find(source);
            if (serving != null && serving.PageActive && serving.Image == image && serving.PageSequence == sequence
                && serving.PageStart == request.FileOffset && serving.PageRequestSize == request.PageSize)
            {
                // The same request again (a retransmission): serving it from the start would send its blocks twice.
                serving.LastActivityMs = nowMs;
                PageRequestCopiesIgnored++;
                return;
            }

            OtaServerClient? client = FindOrClaim(source, nowMs);
            if (client == null || !Admit(client, image))
            {
                SendWaitForData(source, sequence, _settings.WaitForDataRetrySeconds, nowMs);
                IOtaServerObserver? observer = Observer;
                if (observer != null)
                {
                    observer.OnBlockDeferred(source, image);
                }

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

        private void PumpPage(OtaServerClient client, long nowMs)
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
                if (!SendBlock(client, image, offset, size, client.PageSequence, nowMs))
                {
                    client.PageActive = false;
                }

                sent++;
            }
        }

        private void AnswerUpgradeEnd(ulong source, ZclHeader header, UpgradeEndRequest request, long nowMs)
        {
            OtaServerImage? image = FindImage(request.ManufacturerCode, request.ImageType, request.FileVersion);
            OtaServerClient? client = Find(source);
            if (client != null)
            {
                client.LastActivityMs = nowMs;
                if (client.HoldsSlot)
                {
                    ReleaseSlot(client);
                }
            }

            if (request.Status == OtaStatus.Success && image != null)
            {
                OtaUpgradeTimePolicy policy = image.UpgradeTimePolicy;
                uint delay = image.UpgradeDelaySeconds;
                if (client != null && client.HasPolicy)
                {
                    policy = client.Policy;
                    delay = client.PolicyDelaySeconds;
                }

                SendUpgradeEndResponse(source, image.ManufacturerCode, image.ImageType, image.FileVersion, header.TransactionSequenceNumber, policy, delay, nowMs);
            }
            else if (request.Status == OtaStatus.Success)
            {
                // A whole image the client verified, which this server no longer offers: the client restarted between its
                // first report and the answer, and the server took that report and withdrew the image (HanBench: a Comms
                // Hub deletes an image once no transfer of it is left). It is answered all the same, at the client's own
                // policy or at once (the ZCL default), so the client activates what it verified instead of holding it for
                // ever or downloading it again (issue 13 "Resume"). The answer only sets the time; the client activates only
                // an image it checked itself, and only after it reported it.
                OtaUpgradeTimePolicy policy = OtaUpgradeTimePolicy.Now;
                uint delay = 0;
                if (client != null && client.HasPolicy)
                {
                    policy = client.Policy;
                    delay = client.PolicyDelaySeconds;
                }

                SendUpgradeEndResponse(source, request.ManufacturerCode, request.ImageType, request.FileVersion, header.TransactionSequenceNumber, policy, delay, nowMs);
            }
            else if (!header.IsDefaultResponseDisabled)
            {
                // ZCL: an error report is acknowledged only with the Default Response the sender asked for.
                SendDefaultResponse(source, header.TransactionSequenceNumber, header.CommandId, OtaStatus.Success);
            }

            IOtaServerObserver? observer = Observer;
            if (observer != null)
            {
                observer.OnUpgradeEnd(source, image, request.Status);
            }
        }

        private bool SendBlock(OtaServerClient client, OtaServerImage image, uint offset, byte maxSize, byte sequence, long nowMs)
        {
            uint left = image.ImageSize - offset;
            int want = left < maxSize ? (int)left : maxSize;
            int read = _source.ReadAt(image, offset, _data, 0, want);
            if (read <= 0 || read > want)
            {
                SendAbort(client.Address, sequence);
                return false;
            }

            client.HasSentBlock = true;
            client.LastBlockMs = nowMs;
            client.LastActivityMs = nowMs;
            uint end = offset + (uint)read;
            if (end > client.HighestOffset)
            {
                client.HighestOffset = end;
            }

            ImageBlockResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = image.ManufacturerCode;
            response.ImageType = image.ImageType;
            response.FileVersion = image.FileVersion;
            response.FileOffset = offset;
            response.SetData(_data, 0, read);
            BeginFrame(OtaCommandId.ImageBlockResponse, sequence);
            response.WriteTo(_writer);
            BlocksSent++;
            BytesSent += read;
            Finish(client.Address);

            IOtaServerObserver? observer = Observer;
            if (observer != null)
            {
                observer.OnBlockSent(client.Address, image, offset, read);
            }

            return true;
        }

        private void SendWaitForData(ulong destination, byte sequence, uint retrySeconds, long nowMs)
        {
            ImageBlockResponse response = default;
            response.Status = OtaStatus.WaitForData;
            response.CurrentTime = ZclTime(nowMs);
            response.RequestTime = response.CurrentTime + retrySeconds;
            response.MinimumBlockPeriod = _settings.MinimumBlockPeriodMs;
            WaitForDataSent++;
            BeginFrame(OtaCommandId.ImageBlockResponse, sequence);
            response.WriteTo(_writer);
            Finish(destination);
        }

        private void SendAbort(ulong destination, byte sequence)
        {
            ImageBlockResponse response = default;
            response.Status = OtaStatus.Abort;
            AbortsSent++;
            BeginFrame(OtaCommandId.ImageBlockResponse, sequence);
            response.WriteTo(_writer);
            Finish(destination);
        }

        private bool SendUpgradeEndResponse(ulong destination, ushort manufacturerCode, ushort imageType, uint fileVersion, byte sequence, OtaUpgradeTimePolicy policy, uint delaySeconds, long nowMs)
        {
            UpgradeEndResponse response = default;
            response.ManufacturerCode = manufacturerCode;
            response.ImageType = imageType;
            response.FileVersion = fileVersion;
            response.CurrentTime = ZclTime(nowMs);
            switch (policy)
            {
                case OtaUpgradeTimePolicy.Delay:
                    response.UpgradeTime = response.CurrentTime + delaySeconds;
                    break;
                case OtaUpgradeTimePolicy.Wait:
                    response.UpgradeTime = UpgradeEndResponse.UpgradeTimeWaitForUpgradeCommand;
                    break;
                default:
                    response.UpgradeTime = response.CurrentTime;
                    break;
            }

            BeginFrame(OtaCommandId.UpgradeEndResponse, sequence);
            response.WriteTo(_writer);
            return Finish(destination);
        }

        private bool Malformed(ulong source, ZclHeader header)
        {
            FramesRejected++;
            SendDefaultResponse(source, header.TransactionSequenceNumber, header.CommandId, OtaStatus.MalformedCommand);
            return false;
        }

        private void SendDefaultResponse(ulong destination, byte sequence, byte commandId, OtaStatus status)
        {
            ZclHeader header = default;
            header.FrameControl = DefaultResponseFrameControl;
            header.TransactionSequenceNumber = sequence;
            header.CommandId = ZclDefaultResponse.GlobalCommandId;
            ZclDefaultResponse response = default;
            response.CommandId = commandId;
            response.Status = (byte)status;
            _writer.Reset(_transmit, 0, _transmit.Length);
            header.WriteTo(_writer);
            response.WriteTo(_writer);
            Finish(destination);
        }

        private void BeginFrame(OtaCommandId commandId, byte sequence)
        {
            _writer.Reset(_transmit, 0, _transmit.Length);
            OtaCluster.HeaderFor(commandId, sequence).WriteTo(_writer);
        }

        private bool Finish(ulong destination)
        {
            return _sender.Send(destination, _transmit, 0, _writer.Written);
        }

        private bool Admit(OtaServerClient client, OtaServerImage image)
        {
            if (client.HoldsSlot)
            {
                if (!ReferenceEquals(client.Image, image))
                {
                    client.Image = image;
                    client.HighestOffset = 0;
                    client.PageActive = false;
                }

                return true;
            }

            int cap = _settings.MaxConcurrentDownloads;
            if (cap > 0 && _activeDownloads >= cap)
            {
                return false;
            }

            client.HoldsSlot = true;
            client.Image = image;
            client.HighestOffset = 0;
            _activeDownloads++;
            return true;
        }

        private void ReleaseSlot(OtaServerClient client)
        {
            if (client.HoldsSlot)
            {
                _activeDownloads--;
            }

            client.EndDownload();
        }

        private void RemoveAt(int index)
        {
            OtaServerImage? image = _images[index];
            _images[index] = null;
            for (int i = 0; i < _clients.Length; i++)
            {
                OtaServerClient client = _clients[i];
                if (client.InUse && ReferenceEquals(client.Image, image))
                {
                    ReleaseSlot(client);
                }
            }
        }

        private OtaServerClient? Find(ulong address)
        {
            for (int i = 0; i < _clients.Length; i++)
            {
                OtaServerClient client = _clients[i];
                if (client.InUse && client.Address == address)
                {
                    return client;
                }
            }

            return null;
        }

        private OtaServerClient? FindOrClaim(ulong address, long nowMs)
        {
            OtaServerClient? found = Find(address);
            if (found != null)
            {
                return found;
            }

            // A free record, else the least recently active one that holds nothing worth keeping.
            OtaServerClient? victim = null;
            for (int i = 0; i < _clients.Length; i++)
            {
                OtaServerClient client = _clients[i];
                if (!client.InUse)
                {
                    victim = client;
                    break;
                }

                if (!client.HoldsSlot && !client.PageActive && !client.HasPolicy && (victim == null || client.LastActivityMs < victim.LastActivityMs))
                {
                    victim = client;
                }
            }

            if (victim != null)
            {
                victim.Claim(address, nowMs);
            }

            return victim;
        }

        private uint ZclTime(long nowMs)
        {
            return _settings.ZclTimeAtClockZero + (uint)(nowMs / 1000);
        }

        private static byte Smaller(byte a, byte b)
        {
            return a < b ? a : b;
        }
    }
}

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
    /// Its parts: the image table and the choice for a query (<see cref="OtaServerImages"/>), the client records and
    /// download slots (<see cref="OtaServerClients"/>), block and page serving (<see cref="OtaServerTransfers"/>) and the
    /// frames it sends (<see cref="OtaServerResponses"/>).
    /// Every state change a frame causes is made before the answer is sent ("arm the listener for the next request before
    /// sending the current response", docs/PROTOCOL.md §1), so a link that delivers the answer and the client's next request
    /// synchronously, inside <see cref="IZclFrameSender.Send"/>, finds the server ready. Not thread-safe: call it from
    /// the role's one thread.
    /// </summary>
    public sealed class OtaServer
    {
        private readonly OtaServerSettings _settings;
        private readonly OtaServerImages _images;
        private readonly OtaServerClients _clients;
        private readonly OtaServerResponses _responses;
        private readonly OtaServerTransfers _transfers;
        private readonly ByteReader _reader;

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

            _settings = settings;
            _clients = new OtaServerClients(maxClients, settings);
            _images = new OtaServerImages(maxImages, _clients);
            _responses = new OtaServerResponses(this, sender, source, settings);
            _transfers = new OtaServerTransfers(this, settings, _images, _clients, _responses);
            _reader = new ByteReader();
        }

        /// <summary>The settings, read on every request.</summary>
        public OtaServerSettings Settings => _settings;

        /// <summary>Told about queries, blocks, upgrade ends and timed-out downloads; may be null.</summary>
        public IOtaServerObserver? Observer { get; set; }

        /// <summary>Clients holding a download slot now.</summary>
        public int ActiveDownloads => _clients.ActiveDownloads;

        /// <summary>Image Block Responses with data sent.</summary>
        public long BlocksSent => _responses.BlocksSent;

        /// <summary>Image data bytes sent.</summary>
        public long BytesSent => _responses.BytesSent;

        /// <summary>Query Next Image Requests answered.</summary>
        public long QueriesAnswered { get; private set; }

        /// <summary>Image Block Requests received (valid ones).</summary>
        public long BlockRequestsReceived { get; private set; }

        /// <summary>Image Page Requests received (valid ones, also those refused as unsupported).</summary>
        public long PageRequestsReceived { get; private set; }

        /// <summary>Copies of the page request being served, ignored.</summary>
        public long PageRequestCopiesIgnored => _transfers.PageRequestCopiesIgnored;

        /// <summary>WAIT_FOR_DATA responses sent.</summary>
        public long WaitForDataSent => _responses.WaitForDataSent;

        /// <summary>ABORT responses sent.</summary>
        public long AbortsSent => _responses.AbortsSent;

        /// <summary>Frames given to <see cref="OnZcl"/> that were not valid client→server OTA commands.</summary>
        public long FramesRejected { get; private set; }

        /// <summary>
        /// When <see cref="Tick"/> is next needed: the next page block due, or the earliest download idle expiry;
        /// <see cref="long.MaxValue"/> when nothing is pending.
        /// </summary>
        public long NextWakeMs => _clients.NextWakeMs();

        /// <summary>Number of images offered.</summary>
        public int ImageCount => _images.Count;

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

            _images.Add(image);
        }

        /// <summary>Stops offering <paramref name="image"/>; downloads of it end (their next request gets ABORT).</summary>
        public bool RemoveImage(OtaServerImage image)
        {
            return _images.Remove(image);
        }

        /// <summary>The offered image with these wire fields, or null.</summary>
        public OtaServerImage? FindImage(ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            return _images.Find(manufacturerCode, imageType, fileVersion);
        }

        /// <summary>True while <paramref name="client"/> holds a download slot.</summary>
        public bool IsDownloading(ulong client)
        {
            OtaServerClient? record = _clients.Find(client);
            return record != null && record.HoldsSlot;
        }

        /// <summary>
        /// Makes <paramref name="client"/>'s Upgrade End Responses follow <paramref name="policy"/> instead of the image's.
        /// False when the client table is full of clients that are busy or have policies of their own.
        /// </summary>
        public bool SetClientUpgradePolicy(ulong client, OtaUpgradeTimePolicy policy, uint delaySeconds, long nowMs)
        {
            OtaServerClient? record = _clients.FindOrClaim(client, nowMs);
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

            return _responses.SendImageNotify(destination, image, payloadType, queryJitter);
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

            return _responses.SendUpgradeEndResponse(client, image.ManufacturerCode, image.ImageType, image.FileVersion, _responses.NextUnsolicitedSequence(), OtaUpgradeTimePolicy.Now, 0, nowMs);
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
                    _transfers.AnswerBlock(source, sequence, block, nowMs);
                    return true;

                case OtaCommandId.ImagePageRequest:
                    if (ImagePageRequest.TryDecode(_reader, out ImagePageRequest page) != ZclDecodeStatus.Ok)
                    {
                        return Malformed(source, header);
                    }

                    PageRequestsReceived++;
                    if (!_settings.SupportsPageRequests)
                    {
                        _responses.SendDefaultResponse(source, sequence, header.CommandId, OtaStatus.UnsupCommand);
                        return true;
                    }

                    _transfers.StartPage(source, sequence, page, nowMs);
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
                    _responses.SendDefaultResponse(source, sequence, header.CommandId, OtaStatus.UnsupCommand);
                    return true;

                default:
                    FramesRejected++;
                    _responses.SendDefaultResponse(source, sequence, header.CommandId, OtaStatus.UnsupCommand);
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
                OtaServerClient client = _clients.At(i);
                if (!client.InUse)
                {
                    continue;
                }

                if (client.PageActive)
                {
                    _transfers.PumpPage(client, nowMs);
                }

                if (client.HoldsSlot && !client.PageActive && nowMs - client.LastActivityMs >= _settings.DownloadIdleTimeoutMs)
                {
                    OtaServerImage image = client.Image!;
                    uint highest = client.HighestOffset;
                    _clients.Release(client);
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
            OtaServerImage? best = _images.ChooseFor(query, out OtaServerImage? refused);
            QueriesAnswered++;
            _responses.SendQueryResponse(source, sequence, best);

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

        private void AnswerUpgradeEnd(ulong source, ZclHeader header, UpgradeEndRequest request, long nowMs)
        {
            OtaServerImage? image = _images.Find(request.ManufacturerCode, request.ImageType, request.FileVersion);
            OtaServerClient? client = _clients.Find(source);
            if (client != null)
            {
                client.LastActivityMs = nowMs;
                if (client.HoldsSlot)
                {
                    _clients.Release(client);
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

                _responses.SendUpgradeEndResponse(source, image.ManufacturerCode, image.ImageType, image.FileVersion, header.TransactionSequenceNumber, policy, delay, nowMs);
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

                _responses.SendUpgradeEndResponse(source, request.ManufacturerCode, request.ImageType, request.FileVersion, header.TransactionSequenceNumber, policy, delay, nowMs);
            }
            else if (!header.IsDefaultResponseDisabled)
            {
                // ZCL: an error report is acknowledged only with the Default Response the sender asked for.
                _responses.SendDefaultResponse(source, header.TransactionSequenceNumber, header.CommandId, OtaStatus.Success);
            }

            IOtaServerObserver? observer = Observer;
            if (observer != null)
            {
                observer.OnUpgradeEnd(source, image, request.Status);
            }
        }

        private bool Malformed(ulong source, ZclHeader header)
        {
            FramesRejected++;
            _responses.SendDefaultResponse(source, header.TransactionSequenceNumber, header.CommandId, OtaStatus.MalformedCommand);
            return false;
        }
    }
}

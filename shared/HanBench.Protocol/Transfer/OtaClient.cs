using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// The ZCL OTA Upgrade client engine (docs/PROTOCOL.md §1): the Comms Hub runs one against the host, PPMIDs and Alt HAN
    /// bridges one per firmware component against the Comms Hub. A synchronous state machine fed with received ZCL frames
    /// (<see cref="OnZcl"/>) and time (<see cref="Tick"/>); it owns no thread, never sleeps and allocates nothing per block.
    /// <para>
    /// Query Next Image → Image Page Requests (or Image Block Requests; the client falls back to blocks when the server
    /// answers a page request with UNSUP_COMMAND or leaves it unanswered) → each block into the <see cref="IOtaImageSink"/>
    /// and the <see cref="IOtaImageCheck"/> → Upgrade End Request SUCCESS, or INVALID_IMAGE / ABORT → on the Upgrade End
    /// Response, <see cref="IOtaClientObserver.OnActivate"/> at the upgrade time (never for a bad image).
    /// </para>
    /// <para>
    /// This class holds the state and dispatches frames and time to its parts: the query (<see cref="OtaClientQuery"/>),
    /// the data phase with its loss handling and hold buffer (<see cref="OtaClientDownload"/>), the server's learnt timing
    /// and the waits derived from it (<see cref="OtaClientPacing"/>, issue 16), the end exchange and activation
    /// (<see cref="OtaClientEnd"/>), the image and its resume record (<see cref="OtaClientImage"/>), the requests on the
    /// wire (<see cref="OtaClientRequests"/>) and the timer with its retries (<see cref="OtaClientTimer"/>: a first silence
    /// retries at once, further ones in a row back off exponentially up to a cap). ABORT stops and discards. After a
    /// restart (<see cref="Start"/>) the next query resumes where the sink still holds data.
    /// </para>
    /// Not thread-safe: call it from the role's one thread.
    /// </summary>
    public sealed class OtaClient
    {
        private readonly OtaClientSettings _settings;
        private readonly ByteReader _reader;
        private readonly OtaClientImage _image;
        private readonly OtaClientRequests _requests;
        private readonly OtaClientTimer _timer;
        private readonly OtaClientEnd _end;
        private readonly OtaClientDownload _download;
        private readonly OtaClientQuery _query;
        private readonly OtaImageNotifyFilter _notifyFilter;
        private OtaClientState _state;

        /// <summary>A client sending through <paramref name="sender"/>, storing into <paramref name="sink"/>, persisting its offset in <paramref name="progress"/> and verifying with <paramref name="check"/>.</summary>
        public OtaClient(IZclFrameSender sender, IOtaImageSink sink, IOtaProgressStore progress, IOtaImageCheck check, OtaClientSettings settings)
        {
            if (sender == null)
            {
                throw new System.ArgumentNullException(nameof(sender));
            }

            if (sink == null)
            {
                throw new System.ArgumentNullException(nameof(sink));
            }

            if (progress == null)
            {
                throw new System.ArgumentNullException(nameof(progress));
            }

            if (check == null)
            {
                throw new System.ArgumentNullException(nameof(check));
            }

            if (settings == null)
            {
                throw new System.ArgumentNullException(nameof(settings));
            }

            _settings = settings;
            _reader = new ByteReader();
            _image = new OtaClientImage(sink, check, progress);
            OtaClientPacing pacing = new OtaClientPacing(settings);
            _requests = new OtaClientRequests(sender, settings);
            _timer = new OtaClientTimer(settings);
            _notifyFilter = new OtaImageNotifyFilter(settings);
            _end = new OtaClientEnd(this, _timer, sink, check, _image, _requests);
            _download = new OtaClientDownload(this, _timer, _image, pacing, _requests, _end);
            _query = new OtaClientQuery(this, _timer, _image, pacing, _requests, _end, _download);
        }

        /// <summary>Who the client is and how it downloads.</summary>
        public OtaClientSettings Settings => _settings;

        /// <summary>Told about state changes and activation; may be null.</summary>
        public IOtaClientObserver? Observer { get; set; }

        /// <summary>Where the client is.</summary>
        public OtaClientState State => _state;

        /// <summary>How the last attempt went wrong; <see cref="OtaClientError.None"/> once a new attempt makes progress.</summary>
        public OtaClientError LastError { get; private set; }

        /// <summary>The check's verdict on the last complete image.</summary>
        public OtaImageCheckResult LastCheckResult => _end.LastCheckResult;

        /// <summary>Manufacturer code of the image being (or last) downloaded.</summary>
        public ushort ImageManufacturerCode => _image.ManufacturerCode;

        /// <summary>Image type of the image being (or last) downloaded.</summary>
        public ushort ImageType => _image.ImageType;

        /// <summary>File version of the image being (or last) downloaded.</summary>
        public uint ImageFileVersion => _image.FileVersion;

        /// <summary>Size of the image being (or last) downloaded.</summary>
        public uint ImageSize => _image.Size;

        /// <summary>Bytes of the image held in the sink (the next offset asked for).</summary>
        public uint BytesReceived => _image.Next;

        /// <summary>True while the download uses Image Page Requests (false after a fallback to blocks).</summary>
        public bool UsingPageRequests => _download.UsePages;

        /// <summary>Query, page, block and Upgrade End Requests sent.</summary>
        public long RequestsSent => _requests.Sent;

        /// <summary>Blocks taken into the sink.</summary>
        public long BlocksAccepted => _download.BlocksAccepted;

        /// <summary>Blocks for bytes already held (a repeat).</summary>
        public long DuplicatesIgnored => _download.DuplicatesIgnored;

        /// <summary>Blocks beyond the first missing byte (a block was lost before them) that could not be held, ignored.</summary>
        public long OutOfOrderIgnored => _download.OutOfOrderIgnored;

        /// <summary>Blocks beyond the first missing byte held until the gap was filled.</summary>
        public long BlocksHeld => _download.BlocksHeld;

        /// <summary>Blocks that straddle the first missing byte, are empty, too long or run past the image.</summary>
        public long MisalignedIgnored => _download.MisalignedIgnored;

        /// <summary>Responses naming another image, or arriving when nothing was asked (late answers to older requests).</summary>
        public long StaleIgnored { get; private set; }

        /// <summary>WAIT_FOR_DATA responses obeyed.</summary>
        public long WaitsReceived => _download.WaitsReceived;

        /// <summary>Response timeouts.</summary>
        public long Timeouts => _timer.Timeouts;

        /// <summary>Milliseconds waited before retries after silences in a row (the backoff), over the client's life.</summary>
        public long BackedOffMs => _timer.BackedOffMs;

        /// <summary>Resume records written.</summary>
        public long ProgressWrites => _image.ProgressWrites;

        /// <summary>Offset at which the current download resumed after a restart (0 when it started afresh).</summary>
        public uint ResumedFrom { get; private set; }

        /// <summary>When <see cref="Tick"/> is next needed; <see cref="long.MaxValue"/> when only a frame can move the client on.</summary>
        public long NextWakeMs => _timer.DueMs;

        /// <summary>
        /// Call once at boot. When a resume record survives from before the restart, the client queries at once: if the
        /// server still offers that image the download continues from the recorded offset. A record of a whole image
        /// (offset = size) is one the client verified and reported with Upgrade End Request SUCCESS but had not activated
        /// when it restarted: it reports it again and waits for the Upgrade End Response (issue 13 "Resume": the server has
        /// taken the first report and may have deleted the image, so the device must not need a second download).
        /// </summary>
        public void Start(long nowMs)
        {
            if (!_image.TryReadRecord(out OtaResumeRecord record))
            {
                return;
            }

            if (record.ImageSize == 0 || record.Offset != record.ImageSize)
            {
                StartQuery(nowMs);
                return;
            }

            _end.ResumeEnd(record, nowMs);
        }

        /// <summary>Sends a Query Next Image Request; false (nothing sent) when a download is already under way.</summary>
        public bool StartQuery(long nowMs)
        {
            if (_state != OtaClientState.Idle && _state != OtaClientState.Activated)
            {
                return false;
            }

            _query.Start(nowMs);
            SetState(OtaClientState.Querying);
            return true;
        }

        /// <summary>
        /// Stops the download: Upgrade End Request ABORT to the server (so it frees the slot), the sink's data discarded,
        /// the resume record removed. Does nothing when idle.
        /// </summary>
        public void Cancel(long nowMs)
        {
            if (_state == OtaClientState.Downloading || _state == OtaClientState.WaitingForData || _state == OtaClientState.Verifying)
            {
                _image.Discard();
                _requests.SendUpgradeEnd(OtaStatus.Abort, _image);
                Fail(OtaClientError.Cancelled);
            }
            else if (_state == OtaClientState.EndRequested || _state == OtaClientState.UpgradePending)
            {
                // Nothing to report again after a restart.
                _image.ClearRecord();
                Fail(OtaClientError.Cancelled);
            }
            else if (_state == OtaClientState.Querying)
            {
                Fail(OtaClientError.Cancelled);
            }
        }

        /// <summary>
        /// Handles one received ZCL frame (<paramref name="count"/> bytes of <paramref name="buffer"/> from
        /// <paramref name="offset"/>: ZCL header and command) from <paramref name="source"/>. Returns true when it was a
        /// server→client OTA frame (or a Default Response) from this client's server; never throws on bad input.
        /// </summary>
        public bool OnZcl(ulong source, byte[] buffer, int offset, int count, long nowMs)
        {
            if (_settings.ServerAddress != 0 && source != _settings.ServerAddress)
            {
                return false;
            }

            _reader.Reset(buffer, offset, count);
            if (ZclHeader.TryDecode(_reader, out ZclHeader header) != ZclDecodeStatus.Ok || !header.IsServerToClient)
            {
                return false;
            }

            if (header.FrameType == ZclHeader.FrameTypeGlobal)
            {
                if (header.CommandId == ZclDefaultResponse.GlobalCommandId && ZclDefaultResponse.TryDecode(_reader, out ZclDefaultResponse response))
                {
                    _download.OnDefaultResponse(response, nowMs);
                    return true;
                }

                return false;
            }

            switch ((OtaCommandId)header.CommandId)
            {
                case OtaCommandId.ImageBlockResponse:
                    if (ImageBlockResponse.TryDecode(_reader, out ImageBlockResponse block) != ZclDecodeStatus.Ok)
                    {
                        _download.OnUndecodableBlock();
                        return true;
                    }

                    _download.OnBlockResponse(block, header.TransactionSequenceNumber, nowMs);

                    return true;

                case OtaCommandId.QueryNextImageResponse:
                    if (QueryNextImageResponse.TryDecode(_reader, out QueryNextImageResponse query) == ZclDecodeStatus.Ok)
                    {
                        _query.OnResponse(query, header.TransactionSequenceNumber, nowMs);
                    }

                    return true;

                case OtaCommandId.UpgradeEndResponse:
                    if (UpgradeEndResponse.TryDecode(_reader, out UpgradeEndResponse end) == ZclDecodeStatus.Ok)
                    {
                        _end.OnUpgradeEndResponse(end, nowMs);
                    }

                    return true;

                case OtaCommandId.ImageNotify:
                    if (ImageNotify.TryDecode(_reader, out ImageNotify notify) == ZclDecodeStatus.Ok)
                    {
                        OnImageNotify(source, notify, nowMs);
                    }

                    return true;

                default:
                    return false;
            }
        }

        /// <summary>Runs the timers: timeouts and retries, paced requests, the end of a wait, replay, activation. Early calls do no harm.</summary>
        public void Tick(long nowMs)
        {
            if (nowMs < _timer.DueMs)
            {
                return;
            }

            switch (_state)
            {
                case OtaClientState.Querying:
                    _query.OnTimeout(nowMs);
                    break;

                case OtaClientState.Downloading:
                case OtaClientState.WaitingForData:
                    _download.OnTimer(nowMs);
                    break;

                case OtaClientState.Verifying:
                    _end.Replay(nowMs);
                    break;

                case OtaClientState.EndRequested:
                    _end.OnTimeout(nowMs);
                    break;

                case OtaClientState.UpgradePending:
                    _end.Activate();
                    break;

                default:
                    _timer.Stop();
                    break;
            }
        }

        /// <summary>Counts a response naming another image, or arriving when nothing was asked.</summary>
        internal void CountStale()
        {
            StaleIgnored++;
        }

        /// <summary>A download resumed after a restart from <paramref name="offset"/>: a new attempt, no error yet.</summary>
        internal void ResumedAt(uint offset)
        {
            ResumedFrom = offset;
            LastError = OtaClientError.None;
        }

        /// <summary>Tells the observer the image is to be taken up now.</summary>
        internal void NotifyActivate()
        {
            IOtaClientObserver? observer = Observer;
            if (observer != null)
            {
                observer.OnActivate(this, _image.ManufacturerCode, _image.ImageType, _image.FileVersion);
            }
        }

        // At a timeout: back off (false), or fail past the cap (false). When the backoff is over or there is none: true, resend.
        internal bool Retry(long nowMs, OtaClientError error)
        {
            if (!_timer.Awaiting)
            {
                return true;
            }

            _timer.CountTimeout();
            int retries = _timer.CountRetry();
            if (retries > _settings.MaxRetries)
            {
                Fail(error);
                return false;
            }

            long backoff = _timer.Backoff(retries);
            if (backoff == 0)
            {
                return true;
            }

            _timer.WakeAt(nowMs + backoff);
            return false;
        }

        /// <summary>The attempt ends with <paramref name="error"/>; the client is idle.</summary>
        internal void Fail(OtaClientError error)
        {
            LastError = error;
            _timer.Stop();
            SetState(OtaClientState.Idle);
        }

        /// <summary>Moves to <paramref name="state"/> and tells the observer when it is a change.</summary>
        internal void SetState(OtaClientState state)
        {
            if (_state == state)
            {
                return;
            }

            _state = state;
            IOtaClientObserver? observer = Observer;
            if (observer != null)
            {
                observer.OnStateChanged(this, state);
            }
        }

        private void OnImageNotify(ulong source, ImageNotify notify, long nowMs)
        {
            if (_state != OtaClientState.Idle && _state != OtaClientState.Activated)
            {
                return;
            }

            if (!_notifyFilter.Accepts(notify))
            {
                return;
            }

            if (_settings.ServerAddress == 0)
            {
                _settings.ServerAddress = source;
            }

            StartQuery(nowMs);
        }
    }
}

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
    /// Robustness: a block is taken only if it names the image being downloaded and starts exactly at the first missing
    /// byte; duplicate, stale and misaligned responses are counted and ignored. Loss: the blocks of a page that arrive
    /// beyond a lost one are held (<see cref="OtaBlockHold"/>, <see cref="OtaClientSettings.HoldBufferBytes"/>) and when the
    /// page is over (its last block seen, or the wait for data ends) the client asks for the missing bytes alone, so a
    /// lost block costs itself and one short request, and no block comes twice (issue 16). Pacing: the client learns the
    /// server's spacing (and its deviation) from the gaps between its blocks; once it has seen one, a block is lost when
    /// it is later than the spacing plus the larger of <see cref="OtaClientSettings.ResponseTimeoutMs"/> and one more
    /// spacing and four deviations; before, it waits the round trip's timeout plus twice the spacing it asked for (at least
    /// <see cref="OtaClientSettings.SlowServerSpacingMs"/> plus the round trip's timeout), so a slow but steady server
    /// (zigbee-herdsman at 2,100 ms a block) is never asked again and a page's lost tail costs about the response timeout.
    /// The round trip's timeout comes from the Query Next Image exchange (RFC 6298 §2.2: the round trip plus the larger of
    /// four deviations and <see cref="OtaClientSettings.LateBlockFloorMs"/>, at most <see cref="OtaClientSettings.ResponseTimeoutMs"/>,
    /// learnt only from an answer naming the last query sent) and is also the wait for the Upgrade End Response, so a lost
    /// first page request costs a slow server's spacing plus about half a second, not the 2 s response timeout on top; a block the server sends
    /// for an older request keeps the wait going instead of adding a request to the server's queue (up to two pages'
    /// worth per request, so a server replaying stale blocks cannot hold the client for ever). A first silence retries at
    /// once (one lost frame), further silences in a row back off exponentially up to a cap; the client falls back to
    /// Image Block Requests after silent page requests only while no page request of the download has been answered; WAIT_FOR_DATA waits requestTime − currentTime (or the minimum block period) and
    /// goes on; ABORT stops and discards. The offset is
    /// persisted every <see cref="OtaClientSettings.PersistIntervalBytes"/> so that after a restart (<see cref="Start"/>)
    /// the next query resumes where the sink still holds data; a resumed image is replayed from the sink through the
    /// check once complete, since the check's hash state does not survive the restart.
    /// </para>
    /// Not thread-safe: call it from the role's one thread.
    /// </summary>
    public sealed class OtaClient
    {
        private const long Never = long.MaxValue;

        private readonly IZclFrameSender _sender;
        private readonly IOtaImageSink _sink;
        private readonly IOtaProgressStore _progress;
        private readonly IOtaImageCheck _check;
        private readonly OtaClientSettings _settings;
        private readonly byte[] _transmit;
        private readonly byte[] _record;
        private readonly byte[] _scratch;
        private readonly ByteWriter _writer;
        private readonly ByteReader _reader;
        private readonly OtaBlockHold _hold;

        private OtaClientState _state;
        private byte _sequence;
        private ulong _jitterState;

        private ushort _imageManufacturerCode;
        private ushort _imageType;
        private uint _imageFileVersion;
        private uint _imageSize;
        private uint _next;
        private uint _persistedAt;
        private bool _replayNeeded;
        private uint _replayOffset;

        private bool _usePages;
        private uint _pageEnd;
        private bool _gapRequested;
        private byte _pageSequence;
        private long _pageSpacingMs;
        private bool _dataSinceRequest;
        private int _pageTimeoutsWithoutData;
        private bool _pagesAnswered;
        private bool _probing;
        private byte _probeSequence;
        private bool _probedWithoutPages;
        private byte _maxDataSize;
        private long _blockPeriodMs;
        private long _lastRequestMs;
        private long _observedSpacingMs;
        private long _spacingDeviationMs;
        private bool _spacingKnown;
        private long _responseMs;
        private long _responseDeviationMs;
        private bool _responseKnown;
        private bool _responsePending;
        private long _lastServerBlockMs;
        private uint _lastServerBlockEnd;
        private uint _pageReceivedEnd;
        private uint _lastBlockSize;
        private long _querySentMs;
        private byte _querySequence;
        private long _roundTripMs;
        private long _roundTripDeviationMs;
        private bool _roundTripKnown;
        private int _busyBudget;
        private ushort _pageSize;

        private bool _awaiting;
        private long _timerMs;
        private int _retries;

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

            _sender = sender;
            _sink = sink;
            _progress = progress;
            _check = check;
            _settings = settings;
            _transmit = new byte[OtaTransferLimits.MaxZclFrameLength];
            _record = new byte[OtaResumeRecord.Length];
            _scratch = new byte[256];
            _writer = new ByteWriter();
            _reader = new ByteReader();
            _hold = new OtaBlockHold(settings.HoldBufferBytes);
            _timerMs = Never;
            _jitterState = settings.OwnAddress ^ 0x9E3779B97F4A7C15UL;
            if (_jitterState == 0)
            {
                _jitterState = 0x2545F4914F6CDD1DUL;
            }
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
        public OtaImageCheckResult LastCheckResult { get; private set; }

        /// <summary>Manufacturer code of the image being (or last) downloaded.</summary>
        public ushort ImageManufacturerCode => _imageManufacturerCode;

        /// <summary>Image type of the image being (or last) downloaded.</summary>
        public ushort ImageType => _imageType;

        /// <summary>File version of the image being (or last) downloaded.</summary>
        public uint ImageFileVersion => _imageFileVersion;

        /// <summary>Size of the image being (or last) downloaded.</summary>
        public uint ImageSize => _imageSize;

        /// <summary>Bytes of the image held in the sink (the next offset asked for).</summary>
        public uint BytesReceived => _next;

        /// <summary>True while the download uses Image Page Requests (false after a fallback to blocks).</summary>
        public bool UsingPageRequests => _usePages;

        /// <summary>Query, page, block and Upgrade End Requests sent.</summary>
        public long RequestsSent { get; private set; }

        /// <summary>Blocks taken into the sink.</summary>
        public long BlocksAccepted { get; private set; }

        /// <summary>Blocks for bytes already held (a repeat).</summary>
        public long DuplicatesIgnored { get; private set; }

        /// <summary>Blocks beyond the first missing byte (a block was lost before them) that could not be held, ignored.</summary>
        public long OutOfOrderIgnored { get; private set; }

        /// <summary>Blocks beyond the first missing byte held until the gap was filled.</summary>
        public long BlocksHeld { get; private set; }

        /// <summary>Blocks that straddle the first missing byte, are empty, too long or run past the image.</summary>
        public long MisalignedIgnored { get; private set; }

        /// <summary>Responses naming another image, or arriving when nothing was asked (late answers to older requests).</summary>
        public long StaleIgnored { get; private set; }

        /// <summary>WAIT_FOR_DATA responses obeyed.</summary>
        public long WaitsReceived { get; private set; }

        /// <summary>Response timeouts.</summary>
        public long Timeouts { get; private set; }

        /// <summary>Resume records written.</summary>
        public long ProgressWrites { get; private set; }

        /// <summary>Offset at which the current download resumed after a restart (0 when it started afresh).</summary>
        public uint ResumedFrom { get; private set; }

        /// <summary>When <see cref="Tick"/> is next needed; <see cref="long.MaxValue"/> when only a frame can move the client on.</summary>
        public long NextWakeMs => _timerMs;

        /// <summary>
        /// Call once at boot. When a resume record survives from before the restart, the client queries at once: if the
        /// server still offers that image the download continues from the recorded offset. A record of a whole image
        /// (offset = size) is one the client verified and reported with Upgrade End Request SUCCESS but had not activated
        /// when it restarted: it reports it again and waits for the Upgrade End Response (issue 13 "Resume": the server has
        /// taken the first report and may have deleted the image, so the device must not need a second download).
        /// </summary>
        public void Start(long nowMs)
        {
            if (!TryReadRecord(out OtaResumeRecord record))
            {
                return;
            }

            if (record.ImageSize == 0 || record.Offset != record.ImageSize)
            {
                StartQuery(nowMs);
                return;
            }

            ResumeEnd(record, nowMs);
        }

        /// <summary>Sends a Query Next Image Request; false (nothing sent) when a download is already under way.</summary>
        public bool StartQuery(long nowMs)
        {
            if (_state != OtaClientState.Idle && _state != OtaClientState.Activated)
            {
                return false;
            }

            _retries = 0;
            _roundTripKnown = false;
            SendQuery(nowMs);
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
                _sink.Discard();
                _progress.Clear();
                SendUpgradeEnd(OtaStatus.Abort);
                Fail(OtaClientError.Cancelled);
            }
            else if (_state == OtaClientState.EndRequested || _state == OtaClientState.UpgradePending)
            {
                // Nothing to report again after a restart.
                _progress.Clear();
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
                    OnDefaultResponse(response, nowMs);
                    return true;
                }

                return false;
            }

            switch ((OtaCommandId)header.CommandId)
            {
                case OtaCommandId.ImageBlockResponse:
                    if (ImageBlockResponse.TryDecode(_reader, out ImageBlockResponse block) != ZclDecodeStatus.Ok)
                    {
                        MisalignedIgnored++;
                        return true;
                    }

                    OnBlockResponse(block, header.TransactionSequenceNumber, nowMs);
                    return true;

                case OtaCommandId.QueryNextImageResponse:
                    if (QueryNextImageResponse.TryDecode(_reader, out QueryNextImageResponse query) == ZclDecodeStatus.Ok)
                    {
                        OnQueryResponse(query, header.TransactionSequenceNumber, nowMs);
                    }

                    return true;

                case OtaCommandId.UpgradeEndResponse:
                    if (UpgradeEndResponse.TryDecode(_reader, out UpgradeEndResponse end) == ZclDecodeStatus.Ok)
                    {
                        OnUpgradeEndResponse(end, nowMs);
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
            if (nowMs < _timerMs)
            {
                return;
            }

            switch (_state)
            {
                case OtaClientState.Querying:
                    if (Retry(nowMs, OtaClientError.QueryTimeout))
                    {
                        SendQuery(nowMs);
                    }

                    break;

                case OtaClientState.Downloading:
                case OtaClientState.WaitingForData:
                    if (_awaiting)
                    {
                        OnTransferTimeout(nowMs);
                    }
                    else
                    {
                        SetState(OtaClientState.Downloading);
                        SendTransferRequest(nowMs);
                    }

                    break;

                case OtaClientState.Verifying:
                    Replay(nowMs);
                    break;

                case OtaClientState.EndRequested:
                    if (Retry(nowMs, OtaClientError.UpgradeEndTimeout))
                    {
                        SendUpgradeEnd(OtaStatus.Success);
                        Await(nowMs);
                    }

                    break;

                case OtaClientState.UpgradePending:
                    Activate();
                    break;

                default:
                    _timerMs = Never;
                    break;
            }
        }

        private void OnQueryResponse(QueryNextImageResponse response, byte sequence, long nowMs)
        {
            if (_state != OtaClientState.Querying)
            {
                StaleIgnored++;
                return;
            }

            if (response.Status == OtaStatus.NoImageAvailable)
            {
                // Nothing newer is offered: a partial image recorded from before a restart can never be finished.
                _progress.Clear();
                Fail(OtaClientError.NoImageAvailable);
                return;
            }

            if (response.Status != OtaStatus.Success)
            {
                Fail(OtaClientError.NotAuthorized);
                return;
            }

            if (response.ManufacturerCode != _settings.ManufacturerCode || response.ImageType != _settings.ImageType || response.ImageSize == 0)
            {
                Fail(OtaClientError.WrongImageOffered);
                return;
            }

            // The query's round trip, the first the client sees of this server and link. Only when the answer names the
            // last query sent (its transaction sequence number): an answer to an earlier one would be taken for a longer
            // or shorter round trip (the ambiguity RFC 6298 §3, Karn's rule, avoids by not sampling retries at all).
            _roundTripKnown = false;
            _roundTripDeviationMs = 0;
            if (sequence == _querySequence && nowMs >= _querySentMs)
            {
                Learn(nowMs - _querySentMs, ref _roundTripMs, ref _roundTripDeviationMs, ref _roundTripKnown);
            }

            _imageManufacturerCode = response.ManufacturerCode;
            _imageType = response.ImageType;
            _imageFileVersion = response.FileVersion;
            _imageSize = response.ImageSize;
            LastCheckResult = OtaImageCheckResult.None;

            // Resume when the record names this very image and the sink still holds its first bytes.
            uint resumeAt = 0;
            if (TryReadRecord(out OtaResumeRecord record)
                && record.ManufacturerCode == _imageManufacturerCode && record.ImageType == _imageType
                && record.FileVersion == _imageFileVersion && record.ImageSize == _imageSize
                && record.Offset > 0 && record.Offset < _imageSize
                && _sink.Resume(_imageManufacturerCode, _imageType, _imageFileVersion, _imageSize, record.Offset) == OtaSinkStatus.Ok)
            {
                resumeAt = record.Offset;
            }
            else if (_sink.Begin(_imageManufacturerCode, _imageType, _imageFileVersion, _imageSize) != OtaSinkStatus.Ok)
            {
                SendUpgradeEnd(OtaStatus.Abort);
                Fail(OtaClientError.StorageFailed);
                return;
            }

            _next = resumeAt;
            ResumedFrom = resumeAt;
            _replayNeeded = resumeAt != 0;
            _check.Begin(_imageManufacturerCode, _imageType, _imageFileVersion, _imageSize);
            Persist();

            LastError = OtaClientError.None;
            _usePages = _settings.UsePageRequests;
            _pageSize = _settings.PageSize == 0 ? (ushort)1 : _settings.PageSize;
            _hold.Clear();
            _pageTimeoutsWithoutData = 0;
            _pagesAnswered = false;
            _probing = false;
            _probedWithoutPages = false;
            _blockPeriodMs = _settings.MinimumBlockPeriodMs;
            _maxDataSize = _settings.MaxDataSize == 0 ? (byte)1 : _settings.MaxDataSize;
            if (_maxDataSize > OtaTransferLimits.MaxRequestedDataSize)
            {
                _maxDataSize = OtaTransferLimits.MaxRequestedDataSize;
            }
            _retries = 0;
            _lastRequestMs = nowMs - _blockPeriodMs;
            _observedSpacingMs = 0;
            _spacingDeviationMs = 0;
            _spacingKnown = false;
            _responseMs = 0;
            _responseDeviationMs = 0;
            _responseKnown = false;
            _responsePending = false;
            _lastServerBlockMs = -1;
            SetState(OtaClientState.Downloading);
            SendTransferRequest(nowMs);
        }

        private void OnBlockResponse(ImageBlockResponse block, byte sequence, long nowMs)
        {
            if (_state != OtaClientState.Downloading && _state != OtaClientState.WaitingForData)
            {
                StaleIgnored++;
                return;
            }

            if (block.Status == OtaStatus.Abort)
            {
                // ZCL OTA: ABORT ends the download; the partial image is worthless.
                _sink.Discard();
                _progress.Clear();
                Fail(OtaClientError.ServerAborted);
                return;
            }

            if (block.Status == OtaStatus.WaitForData)
            {
                OnWaitForData(block, nowMs);
                return;
            }

            if (block.ManufacturerCode != _imageManufacturerCode || block.ImageType != _imageType || block.FileVersion != _imageFileVersion)
            {
                StaleIgnored++;
                return;
            }

            uint offset = block.FileOffset;
            uint size = block.DataSize;
            if (size == 0 || size > _maxDataSize || offset > _imageSize || size > _imageSize - offset)
            {
                MisalignedIgnored++;
                return;
            }

            ObserveServerBlock(nowMs, offset, size);
            if (_usePages && (!_probing || sequence != _probeSequence))
            {
                _pagesAnswered = true;
            }

            if (_responsePending)
            {
                // The answer to the last request: how long the server takes to start one (round trip and its delay).
                _responsePending = false;
                long sample = nowMs - _lastRequestMs;
                Learn(sample < 0 ? 0 : sample, ref _responseMs, ref _responseDeviationMs, ref _responseKnown);
            }
            if (offset != _next)
            {
                if (offset + size <= _next || _hold.Holds(offset, size))
                {
                    DuplicatesIgnored++;
                }
                else if (offset < _next)
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
            if (!Take(block.DataBuffer, block.DataOffset, (int)size))
            {
                return;
            }

            _probing = false;

            BlocksAccepted++;
            for (int held = _hold.TakeAt(_next, out int heldOffset); held != 0; held = _hold.TakeAt(_next, out heldOffset))
            {
                if (!Take(_hold.Buffer, heldOffset, held))
                {
                    return;
                }
            }

            _retries = 0;
            _dataSinceRequest = true;
            _pageTimeoutsWithoutData = 0;
            if (_state == OtaClientState.WaitingForData)
            {
                SetState(OtaClientState.Downloading);
            }

            if (_settings.PersistIntervalBytes > 0 && _next - _persistedAt >= (uint)_settings.PersistIntervalBytes && _next < _imageSize)
            {
                Persist();
            }

            if (_next == _imageSize)
            {
                Finish(nowMs);
                return;
            }

            if (!_usePages)
            {
                ScheduleRequest(nowMs, _lastRequestMs + _blockPeriodMs);
            }
            else if (_next >= _pageEnd || (probeAnswered && _pageReceivedEnd <= _next))
            {
                // The page is done, or the probe came back with no block of the page beyond it: the page request was lost.
                SendTransferRequest(nowMs);
            }
            else
            {
                _awaiting = true;
                _timerMs = nowMs + TransferTimeoutMs();
            }
        }

        // The server's spacing, learnt from the gaps between its blocks for this image (accepted or not: either way the
        // server was sending). A gap that spans a timeout or a wait says nothing about the pacing and is not sampled.
        // Rises at once to a slower pace (the next gap must not count as a loss), decays by an eighth towards a faster one.
        // Its deviation is the mean deviation of the gaps from it, smoothed by a quarter and started at half the first gap,
        // as TCP does for round-trip times (RFC 6298 §2, RTTVAR with beta 1/4): a jittery server (a loaded host's timers)
        // gets a longer wait, a steady one a shorter one.
        private void ObserveServerBlock(long nowMs, uint offset, uint size)
        {
            long last = _lastServerBlockMs;
            uint lastEnd = _lastServerBlockEnd;
            _lastServerBlockMs = nowMs;
            _lastServerBlockEnd = offset + size;
            if (offset + size > _pageReceivedEnd)
            {
                _pageReceivedEnd = offset + size;
                _lastBlockSize = size;
            }

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

        // How long to wait for data. While nothing is learnt: the round trip's timeout (RoundTripTimeoutMs) plus two spacings
        // (the larger of what the client asked for and what it has seen), never below the floor (a slow server's spacing
        // plus the round trip's timeout: the first block of a request may come one spacing late, and no retry may ask for a
        // page the server is still about to serve), which keeps a slow server's first blocks from being taken for lost;
        // that is also the longest wait.
        // Once learnt, as TCP's retransmission timeout (RFC 6298 §2: the smoothed time plus four deviations, with a floor):
        // a page that is flowing waits for its next block one spacing after the last plus the larger of one more spacing
        // and four deviations (a block one spacing late is not a loss) and LateBlockFloorMs; a request waits for its first
        // block the response time the server has shown plus four of its deviations, at least LateBlockFloorMs. So a page's
        // lost tail or a lost request costs about a spacing or a response time more than the pacing, not the floor
        // (issue 16: one lost last block cost a 5 s floor, +33 % on a 20 s transfer).
        private long TransferTimeoutMs()
        {
            long expected = _usePages ? _pageSpacingMs : _blockPeriodMs;
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
            if (_dataSinceRequest && _spacingKnown)
            {
                long lateness = expected + (4 * _spacingDeviationMs);
                learnt = expected + (lateness > _settings.LateBlockFloorMs ? lateness : _settings.LateBlockFloorMs);
            }
            else if (!_dataSinceRequest && _responseKnown)
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
            }

            long wait = learnt < timeout ? learnt : timeout;
            if (_usePages && _dataSinceRequest && _lastBlockSize != 0 && _pageEnd > _pageReceivedEnd)
            {
                // The page is over only when its last block is due: blocks the server still owes beyond the next one each
                // add a spacing (a slow server's while the spacing is unknown). Only several lost in a row wait on them; a
                // request before the page is over would be served after it, every held block sent again (issue 16).
                long owed = ((_pageEnd - _pageReceivedEnd + _lastBlockSize - 1) / _lastBlockSize) - 1;
                long spacing = _spacingKnown || expected > _settings.SlowServerSpacingMs ? expected : _settings.SlowServerSpacingMs;
                wait += owed * spacing;
            }

            return wait;
        }

        // How long an answer the server gives at once may take: RFC 6298 §2.2's retransmission timeout from the Query Next
        // Image round trip (the round trip plus the larger of four deviations and LateBlockFloorMs), never more than
        // ResponseTimeoutMs, which is also the wait before a round trip is known (the query itself).
        private long RoundTripTimeoutMs()
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

        // A block for bytes the client already holds or cannot take yet: the server is still busy with an older request
        // (zigbee-herdsman serves superseded requests in full). Another request now would only queue behind it, so the
        // wait starts again, for up to two pages of such bytes per request.
        private void KeepWaitingForBusyServer(int size, long nowMs)
        {
            if (_awaiting && _busyBudget > 0 && _state == OtaClientState.Downloading)
            {
                _busyBudget -= size;
                _timerMs = nowMs + TransferTimeoutMs();
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
            bool held = _usePages && _hold.Hold(block.FileOffset, block.DataBuffer, block.DataOffset, block.DataSize, _next);
            if (held)
            {
                BlocksHeld++;
                _retries = 0;
                _dataSinceRequest = true;
            }
            else
            {
                OutOfOrderIgnored++;
            }

            if (_usePages && _awaiting && !_gapRequested && !_probing && sequence == _pageSequence && _state == OtaClientState.Downloading
                && (end >= _pageEnd || !held))
            {
                _gapRequested = true;
                SendTransferRequest(nowMs);
                return true;
            }

            if (held && _awaiting)
            {
                _timerMs = nowMs + TransferTimeoutMs();
                return true;
            }

            return false;
        }

        // Bytes at _next into the sink and the check; false (the download failed) when the sink cannot store them.
        private bool Take(byte[] data, int offset, int count)
        {
            if (_sink.Append(data, offset, count) != OtaSinkStatus.Ok)
            {
                _sink.Discard();
                _progress.Clear();
                SendUpgradeEnd(OtaStatus.Abort);
                Fail(OtaClientError.StorageFailed);
                return false;
            }

            if (!_replayNeeded)
            {
                _check.Append(data, offset, count);
            }

            _next += (uint)count;
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
                _blockPeriodMs = block.MinimumBlockPeriod;
                if (waitMs < block.MinimumBlockPeriod)
                {
                    waitMs = block.MinimumBlockPeriod;
                }
            }

            SetState(OtaClientState.WaitingForData);
            _awaiting = false;
            _lastServerBlockMs = -1;
            _timerMs = nowMs + waitMs;
        }

        private void OnDefaultResponse(ZclDefaultResponse response, long nowMs)
        {
            // ZCL: a server without Image Page Request support answers it UNSUP_COMMAND; carry on with blocks.
            if (response.CommandId == (byte)OtaCommandId.ImagePageRequest && response.Status == (byte)OtaStatus.UnsupCommand
                && _usePages && (_state == OtaClientState.Downloading || _state == OtaClientState.WaitingForData))
            {
                _usePages = false;
                SetState(OtaClientState.Downloading);
                SendTransferRequest(nowMs);
                return;
            }

            StaleIgnored++;
        }

        private void OnTransferTimeout(long nowMs)
        {
            Timeouts++;
            _lastServerBlockMs = -1;
            if (_usePages && _dataSinceRequest)
            {
                // The page made progress and then stopped (its last blocks were lost): ask for what is missing at once.
                _probing = false;
                SendTransferRequest(nowMs);
                return;
            }

            bool probed = _probing;
            _probing = false;
            if (_usePages && !_pagesAnswered && !probed)
            {
                // Only while no page request of this download has been answered: once one has, the server serves pages,
                // and silence is loss (two lost requests in a row are no reason to give up pages for the rest).
                _pageTimeoutsWithoutData++;
                if (_pageTimeoutsWithoutData >= _settings.PageFallbackAfterTimeouts)
                {
                    // No block at all for several page requests: take the server for one without pages.
                    _usePages = false;
                }
            }

            _retries++;
            if (_retries > _settings.MaxRetries)
            {
                // Keep the partial image: a later query resumes from here.
                Persist();
                Fail(OtaClientError.TransferTimeout);
                return;
            }

            if (_usePages && !probed && _retries == 1 && (_pagesAnswered || !_probedWithoutPages))
            {
                // A silent page request (the first silence in a row): it was lost, or its first block was while a slow
                // server still serves the page (nothing tells the two apart before its next block, and asking for the page
                // again would have such a server send all of it twice). The retry asks for that one block alone: a server
                // serving the page answers it after the page, the lost block and nothing else; one that never had the
                // request answers at once, and the page is asked for again then. So a lost request costs about one
                // spacing, not two, and no block comes twice (issue 16). Before any page request is answered only once,
                // so that a server without pages still falls back.
                _probing = true;
                _probedWithoutPages |= !_pagesAnswered;
                SendRequest(nowMs, true);
                _probeSequence = _sequence;
                return;
            }

            ScheduleRequest(nowMs, nowMs + Backoff(_retries));
        }

        private void Finish(long nowMs)
        {
            _awaiting = false;
            if (!_replayNeeded)
            {
                LastCheckResult = _check.Complete();
                if (LastCheckResult != OtaImageCheckResult.Valid)
                {
                    Reject();
                    return;
                }

                if (_sink.Commit() != OtaSinkStatus.Ok)
                {
                    FailStorage();
                    return;
                }

                EndSuccess(nowMs);
                return;
            }

            // Resumed: the check missed the bytes before the restart. Commit, then replay the whole image from the sink.
            if (_sink.Commit() != OtaSinkStatus.Ok)
            {
                FailStorage();
                return;
            }

            _check.Begin(_imageManufacturerCode, _imageType, _imageFileVersion, _imageSize);
            _replayOffset = 0;
            SetState(OtaClientState.Verifying);
            _timerMs = nowMs;
        }

        private void Replay(long nowMs)
        {
            int budget = _settings.ReplayBytesPerTick < 1 ? 1 : _settings.ReplayBytesPerTick;
            while (budget > 0 && _replayOffset < _imageSize)
            {
                uint left = _imageSize - _replayOffset;
                int chunk = left < (uint)_scratch.Length ? (int)left : _scratch.Length;
                if (chunk > budget)
                {
                    chunk = budget;
                }

                if (_sink.ReadBack(_replayOffset, _scratch, 0, chunk) != OtaSinkStatus.Ok)
                {
                    FailStorage();
                    return;
                }

                _check.Append(_scratch, 0, chunk);
                _replayOffset += (uint)chunk;
                budget -= chunk;
            }

            if (_replayOffset < _imageSize)
            {
                _timerMs = nowMs;
                return;
            }

            LastCheckResult = _check.Complete();
            if (LastCheckResult != OtaImageCheckResult.Valid)
            {
                Reject();
                return;
            }

            EndSuccess(nowMs);
        }

        private void EndSuccess(long nowMs)
        {
            // The record now says "whole image, verified, reported": kept until activation so that a restart before the
            // Upgrade End Response reports it again instead of losing it (Start).
            _next = _imageSize;
            Persist();
            _retries = 0;
            SendUpgradeEnd(OtaStatus.Success);
            SetState(OtaClientState.EndRequested);
            Await(nowMs);
        }

        private void Reject()
        {
            // ZCL OTA: INVALID_IMAGE tells the server the download failed verification; nothing is activated.
            _sink.Discard();
            _progress.Clear();
            SendUpgradeEnd(OtaStatus.InvalidImage);
            Fail(OtaClientError.InvalidImage);
        }

        private void FailStorage()
        {
            _sink.Discard();
            _progress.Clear();
            SendUpgradeEnd(OtaStatus.Abort);
            Fail(OtaClientError.StorageFailed);
        }

        private void OnUpgradeEndResponse(UpgradeEndResponse response, long nowMs)
        {
            if (_state != OtaClientState.EndRequested && _state != OtaClientState.UpgradePending)
            {
                StaleIgnored++;
                return;
            }

            // ZCL OTA: wildcards in the response address every client.
            if ((response.ManufacturerCode != _imageManufacturerCode && response.ManufacturerCode != OtaCluster.ManufacturerCodeWildcard)
                || (response.ImageType != _imageType && response.ImageType != OtaCluster.ImageTypeWildcard)
                || (response.FileVersion != _imageFileVersion && response.FileVersion != OtaCluster.FileVersionWildcard))
            {
                StaleIgnored++;
                return;
            }

            _awaiting = false;
            _retries = 0;
            SetState(OtaClientState.UpgradePending);
            if (response.WaitsForUpgradeCommand)
            {
                // ZCL OTA: 0xFFFFFFFF = hold the image until a later Upgrade End Response says when.
                _timerMs = Never;
                return;
            }

            long delayMs = 0;
            if (response.UpgradeTime > response.CurrentTime)
            {
                delayMs = (long)(response.UpgradeTime - response.CurrentTime) * 1000;
            }

            _timerMs = nowMs + delayMs;
            if (delayMs == 0)
            {
                Activate();
            }
        }

        private void OnImageNotify(ulong source, ImageNotify notify, long nowMs)
        {
            if (_state != OtaClientState.Idle && _state != OtaClientState.Activated)
            {
                return;
            }

            if (notify.PayloadType >= ImageNotifyPayloadType.QueryJitterAndManufacturerCode
                && notify.ManufacturerCode != _settings.ManufacturerCode && notify.ManufacturerCode != OtaCluster.ManufacturerCodeWildcard)
            {
                return;
            }

            if (notify.PayloadType >= ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType
                && notify.ImageType != _settings.ImageType && notify.ImageType != OtaCluster.ImageTypeWildcard)
            {
                return;
            }

            if (notify.PayloadType == ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion
                && notify.FileVersion != OtaCluster.FileVersionWildcard && notify.FileVersion <= _settings.CurrentFileVersion)
            {
                return;
            }

            // ZCL OTA: answer with probability queryJitter/100, so a broadcast does not bring every client at once.
            if (NextJitter() > notify.QueryJitter)
            {
                return;
            }

            if (_settings.ServerAddress == 0)
            {
                _settings.ServerAddress = source;
            }

            StartQuery(nowMs);
        }

        private void Activate()
        {
            _timerMs = Never;
            _settings.CurrentFileVersion = _imageFileVersion;
            SetState(OtaClientState.Activated);
            IOtaClientObserver? observer = Observer;
            if (observer != null)
            {
                observer.OnActivate(this, _imageManufacturerCode, _imageType, _imageFileVersion);
            }

            // Cleared after the role took the image up: a restart in between finds the device running the version the
            // record names and drops the record then (ResumeEnd).
            _progress.Clear();
        }

        /// <summary>
        /// After a restart with the record of a whole, verified image that was reported but not activated: the sink must
        /// still hold it whole, and the device must not run it already; then Upgrade End Request SUCCESS again, with the
        /// usual retries, and activation on the server's answer.
        /// </summary>
        private void ResumeEnd(OtaResumeRecord record, long nowMs)
        {
            if (record.ManufacturerCode != _settings.ManufacturerCode || record.ImageType != _settings.ImageType
                || record.FileVersion == _settings.CurrentFileVersion
                || _sink.Reopen(record.ManufacturerCode, record.ImageType, record.FileVersion, record.ImageSize) != OtaSinkStatus.Ok)
            {
                _progress.Clear();
                return;
            }

            _imageManufacturerCode = record.ManufacturerCode;
            _imageType = record.ImageType;
            _imageFileVersion = record.FileVersion;
            _imageSize = record.ImageSize;
            _next = record.Offset;
            ResumedFrom = record.Offset;
            LastError = OtaClientError.None;
            LastCheckResult = OtaImageCheckResult.Valid;
            _retries = 0;
            SendUpgradeEnd(OtaStatus.Success);
            SetState(OtaClientState.EndRequested);
            Await(nowMs);
        }

        private void SendQuery(long nowMs)
        {
            QueryNextImageRequest request = default;
            request.FieldControl = _settings.HasHardwareVersion ? QueryNextImageRequest.FieldControlHardwareVersionPresent : (byte)0;
            request.ManufacturerCode = _settings.ManufacturerCode;
            request.ImageType = _settings.ImageType;
            request.FileVersion = _settings.CurrentFileVersion;
            request.HardwareVersion = _settings.HardwareVersion;
            BeginFrame(OtaCommandId.QueryNextImageRequest);
            request.WriteTo(_writer);
            _querySentMs = nowMs;
            _querySequence = _sequence;
            Await(nowMs);
            Transmit();
        }

        private void SendTransferRequest(long nowMs)
        {
            SendRequest(nowMs, !_usePages);
        }

        // An Image Page Request for the next page, or an Image Block Request for one block (`oneBlock`).
        private void SendRequest(long nowMs, bool oneBlock)
        {
            _dataSinceRequest = false;
            _lastRequestMs = nowMs;
            _pageReceivedEnd = _next;
            if (!oneBlock)
            {
                // Up to the first held byte: the bytes after it are here already.
                uint left = (_hold.HasHeld ? _hold.FirstHeldOffset : _imageSize) - _next;
                ushort pageSize = left < _pageSize ? (ushort)left : _pageSize;
                if (pageSize == 0)
                {
                    pageSize = 1;
                }

                long spacing = _settings.ResponseSpacingMs;
                if (_blockPeriodMs > spacing)
                {
                    spacing = _blockPeriodMs;
                }

                ImagePageRequest request = default;
                request.FieldControl = _settings.SendRequestNodeAddress ? ImagePageRequest.FieldControlRequestNodeAddressPresent : (byte)0;
                request.ManufacturerCode = _imageManufacturerCode;
                request.ImageType = _imageType;
                request.FileVersion = _imageFileVersion;
                request.FileOffset = _next;
                request.MaximumDataSize = _maxDataSize;
                request.PageSize = pageSize;
                request.ResponseSpacing = spacing > 0xFFFF ? (ushort)0xFFFF : (ushort)spacing;
                request.RequestNodeAddress = _settings.OwnAddress;
                _pageEnd = _next + pageSize;
                _pageSpacingMs = spacing;
                _gapRequested = false;
                BeginFrame(OtaCommandId.ImagePageRequest);
                _pageSequence = _sequence;
                request.WriteTo(_writer);
            }
            else
            {
                ImageBlockRequest request = default;
                byte fieldControl = _settings.SendRequestNodeAddress ? ImageBlockRequest.FieldControlRequestNodeAddressPresent : (byte)0;
                if (_blockPeriodMs != 0)
                {
                    fieldControl |= ImageBlockRequest.FieldControlMinimumBlockPeriodPresent;
                }

                request.FieldControl = fieldControl;
                request.ManufacturerCode = _imageManufacturerCode;
                request.ImageType = _imageType;
                request.FileVersion = _imageFileVersion;
                request.FileOffset = _next;
                request.MaximumDataSize = _maxDataSize;
                request.RequestNodeAddress = _settings.OwnAddress;
                request.MinimumBlockPeriod = _blockPeriodMs > 0xFFFF ? (ushort)0xFFFF : (ushort)_blockPeriodMs;
                BeginFrame(OtaCommandId.ImageBlockRequest);
                request.WriteTo(_writer);
            }

            _responsePending = true;

            // Armed before the request leaves: the answer may come back inside Send on an in-process link.
            _busyBudget = 2 * _settings.PageSize;
            _awaiting = true;
            _timerMs = nowMs + TransferTimeoutMs();
            Transmit();
        }

        private void SendUpgradeEnd(OtaStatus status)
        {
            UpgradeEndRequest request = default;
            request.Status = status;
            request.ManufacturerCode = _imageManufacturerCode;
            request.ImageType = _imageType;
            request.FileVersion = _imageFileVersion;
            BeginFrame(OtaCommandId.UpgradeEndRequest);
            request.WriteTo(_writer);
            Transmit();
        }

        private void ScheduleRequest(long nowMs, long atMs)
        {
            if (atMs <= nowMs)
            {
                SendTransferRequest(nowMs);
                return;
            }

            _awaiting = false;
            _timerMs = atMs;
        }

        private void Await(long nowMs)
        {
            _awaiting = true;
            _timerMs = nowMs + RoundTripTimeoutMs();
        }

        // At a timeout: count it and back off (false), or fail past the cap (false). When the backoff is over or there is none: true, resend.
        private bool Retry(long nowMs, OtaClientError error)
        {
            if (!_awaiting)
            {
                return true;
            }

            Timeouts++;
            _retries++;
            if (_retries > _settings.MaxRetries)
            {
                Fail(error);
                return false;
            }

            long backoff = Backoff(_retries);
            if (backoff == 0)
            {
                return true;
            }

            _awaiting = false;
            _timerMs = nowMs + backoff;
            return false;
        }

        // The pause before retry number `retry`: none for the first (one lost frame, the usual cause of one silence on a
        // lossy HAN, costs only the wait that noticed it), then BackoffBaseMs doubled for each further silence in a row (an
        // outage or a busy server), up to BackoffMaxMs.
        private long Backoff(int retry)
        {
            if (retry <= 1)
            {
                return 0;
            }

            long wait = _settings.BackoffBaseMs;
            for (int i = 2; i < retry && wait < _settings.BackoffMaxMs; i++)
            {
                wait *= 2;
            }

            return wait < _settings.BackoffMaxMs ? wait : _settings.BackoffMaxMs;
        }

        private void Fail(OtaClientError error)
        {
            LastError = error;
            _awaiting = false;
            _timerMs = Never;
            SetState(OtaClientState.Idle);
        }

        private void Persist()
        {
            OtaResumeRecord record = default;
            record.ManufacturerCode = _imageManufacturerCode;
            record.ImageType = _imageType;
            record.FileVersion = _imageFileVersion;
            record.ImageSize = _imageSize;
            record.Offset = _next;
            _writer.Reset(_record, 0, _record.Length);
            record.WriteTo(_writer);
            if (_progress.Write(_record, 0, OtaResumeRecord.Length))
            {
                ProgressWrites++;
                _persistedAt = _next;
            }
        }

        private bool TryReadRecord(out OtaResumeRecord record)
        {
            record = default;
            if (!_progress.TryRead(_record, 0, out int length) || length != OtaResumeRecord.Length)
            {
                return false;
            }

            _reader.Reset(_record, 0, length);
            return OtaResumeRecord.TryDecode(_reader, out record);
        }

        private void SetState(OtaClientState state)
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

        private void BeginFrame(OtaCommandId commandId)
        {
            _writer.Reset(_transmit, 0, _transmit.Length);
            OtaCluster.HeaderFor(commandId, ++_sequence).WriteTo(_writer);
        }

        private void Transmit()
        {
            RequestsSent++;
            _sender.Send(_settings.ServerAddress, _transmit, 0, _writer.Written);
        }

        private int NextJitter()
        {
            _jitterState ^= _jitterState >> 12;
            _jitterState ^= _jitterState << 25;
            _jitterState ^= _jitterState >> 27;
            ulong value = _jitterState * 0x2545F4914F6CDD1DUL;
            return (int)((value >> 33) % 100) + 1;
        }
    }
}

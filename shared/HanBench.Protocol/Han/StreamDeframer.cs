using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Han
{
    /// <summary>
    /// Takes <see cref="HanFrame"/>s off a byte stream written by <see cref="StreamFramer"/> (see there for the wire
    /// format: COBS of frame ‖ CRC-32 little-endian, then a 0x00 delimiter). Feed it bytes as they arrive, split or
    /// merged any way the link delivers them; it hands back each complete frame whose CRC matches and whose header
    /// decodes, and drops and counts everything else. It never throws on any byte sequence, its buffer is bounded,
    /// and it allocates nothing after construction.
    /// <para>A receive loop:</para>
    /// <code>
    /// int count = port.Read(buffer, 0, buffer.Length);
    /// int offset = 0;
    /// while (offset &lt; count)
    /// {
    ///     offset += deframer.Feed(buffer, offset, count - offset);
    ///     if (deframer.FrameReady)
    ///     {
    ///         Handle(deframer.Frame); // valid until the next Feed
    ///     }
    /// }
    /// </code>
    /// <para>
    /// Resynchronisation: every 0x00 ends whatever came before it, so after garbage, a lost byte or a bad CRC the
    /// deframer is back in step at the next delimiter; a receiver that starts mid-frame drops that one fragment.
    /// Empty frames (0x00 right after 0x00, or at the start) are skipped silently and counted nowhere: senders may
    /// use them to flush. Each other drop is counted under its <see cref="DeframeDrop"/> reason.
    /// </para>
    /// <para>
    /// Made with <see cref="StreamDeframer(int, ulong, ulong)"/>, it also takes frames written with their link addresses
    /// left out (<see cref="StreamFramer.LinkAddressesElided"/>) and restores them: source = the peer, destination = this
    /// end. Without the addresses such a frame is dropped as <see cref="DeframeDrop.BadFrame"/> (unknown kind).
    /// </para>
    /// <para>Not thread-safe: one deframer per receiving stream, fed from one thread.</para>
    /// </summary>
    public sealed class StreamDeframer
    {
        private readonly int _maxFrameLength;

        // Holds the COBS bytes of the frame being received; decoded in place when its delimiter arrives.
        private readonly byte[] _buffer;
        private readonly ByteReader _reader;
        private readonly HanFrame _frame;

        private readonly bool _restore;
        private readonly ulong _localAddress;
        private readonly ulong _peerAddress;

        private int _buffered;
        private int _pendingLength;
        private bool _overflowed;

        /// <summary>Creates a deframer that accepts frames up to <see cref="HanFrame.MaxEncodedLength"/> bytes.</summary>
        public StreamDeframer()
            : this(HanFrame.MaxEncodedLength)
        {
        }

        /// <summary>
        /// Creates a deframer that accepts HAN frames (header and payload, as <see cref="HanFrame.EncodedLength"/>
        /// counts them) of up to <paramref name="maxFrameLength"/> bytes and drops longer ones as
        /// <see cref="DeframeDrop.Oversize"/>. Its buffer holds the COBS encoding of the largest such frame and its CRC.
        /// </summary>
        public StreamDeframer(int maxFrameLength)
        {
            if (maxFrameLength < HanFrame.HeaderLength || maxFrameLength > HanFrame.MaxEncodedLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(maxFrameLength));
            }

            _maxFrameLength = maxFrameLength;
            _buffer = new byte[Cobs.MaxEncodedLength(maxFrameLength + StreamFramer.CrcLength)];
            _reader = new ByteReader();
            _frame = new HanFrame();
            LastBadFrameStatus = HanFrameStatus.Ok;
        }

        /// <summary>
        /// Creates a deframer for a point-to-point link whose ends are <paramref name="localAddress"/> (this end) and
        /// <paramref name="peerAddress"/>: frames the peer wrote with their addresses left out get them back. Other frames
        /// are taken exactly as by <see cref="StreamDeframer(int)"/>.
        /// </summary>
        public StreamDeframer(int maxFrameLength, ulong localAddress, ulong peerAddress)
            : this(maxFrameLength)
        {
            if (localAddress == peerAddress || localAddress == HanFrame.Broadcast || peerAddress == HanFrame.Broadcast)
            {
                throw new System.ArgumentException("StreamDeframer: a link joins two different unicast addresses");
            }

            _restore = true;
            _localAddress = localAddress;
            _peerAddress = peerAddress;
        }

        /// <summary>True when frames with their link addresses left out are restored.</summary>
        public bool RestoresLinkAddresses => _restore;

        /// <summary>Largest HAN frame (header and payload) this deframer accepts.</summary>
        public int MaxFrameLength => _maxFrameLength;

        /// <summary>
        /// True when the last <see cref="Feed"/> completed a good frame; it is in <see cref="Frame"/>. Cleared by the
        /// next <see cref="Feed"/> or <see cref="Reset"/>.
        /// </summary>
        public bool FrameReady { get; private set; }

        /// <summary>
        /// The frame the deframer owns and decodes into; meaningful while <see cref="FrameReady"/>. Its payload is a view
        /// into the deframer's buffer, valid until the next <see cref="Feed"/> or <see cref="Reset"/>: copy what you keep.
        /// </summary>
        public HanFrame Frame => _frame;

        /// <summary>Bytes of the frame now being received (consumed, delimiter not yet seen).</summary>
        public int PendingLength => _pendingLength;

        /// <summary>Good frames handed out.</summary>
        public int FramesReceived { get; private set; }

        /// <summary>Frames dropped for any reason (the sum of the per-reason counters).</summary>
        public int FramesDropped => BadCrcCount + OversizeCount + CobsErrorCount + TooShortCount + BadFrameCount;

        /// <summary>Bytes of dropped frames, each with its delimiter.</summary>
        public long BytesDropped { get; private set; }

        /// <summary>Frames dropped as <see cref="DeframeDrop.BadCrc"/>.</summary>
        public int BadCrcCount { get; private set; }

        /// <summary>Frames dropped as <see cref="DeframeDrop.Oversize"/>.</summary>
        public int OversizeCount { get; private set; }

        /// <summary>Frames dropped as <see cref="DeframeDrop.CobsError"/>.</summary>
        public int CobsErrorCount { get; private set; }

        /// <summary>Frames dropped as <see cref="DeframeDrop.TooShort"/>.</summary>
        public int TooShortCount { get; private set; }

        /// <summary>Frames dropped as <see cref="DeframeDrop.BadFrame"/>.</summary>
        public int BadFrameCount { get; private set; }

        /// <summary>Why the most recent drop happened, or <see cref="DeframeDrop.None"/> if none has.</summary>
        public DeframeDrop LastDrop { get; private set; }

        /// <summary>What <see cref="HanFrame.TryDecode"/> said about the most recent <see cref="DeframeDrop.BadFrame"/>.</summary>
        public HanFrameStatus LastBadFrameStatus { get; private set; }

        /// <summary>
        /// Consumes bytes of <paramref name="data"/> from <paramref name="offset"/> up to and including the delimiter of
        /// the first good frame, or all <paramref name="count"/> bytes if none completes, and returns how many it
        /// consumed. Check <see cref="FrameReady"/> after each call and call again with the rest. Bad frames on the way
        /// are dropped and counted without stopping. Throws only for an invalid window (a programmer error).
        /// </summary>
        public int Feed(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new System.ArgumentNullException(nameof(data));
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            // The previous frame's payload lives in _buffer, which the bytes below overwrite.
            FrameReady = false;
            int end = offset + count;
            int read = offset;
            while (read < end)
            {
                int runStart = read;
                while (read < end && data[read] != Cobs.Delimiter)
                {
                    read++;
                }

                if (read > runStart)
                {
                    Append(data, runStart, read - runStart);
                }

                if (read == end)
                {
                    break;
                }

                read++;
                if (CompleteFrame())
                {
                    return read - offset;
                }
            }

            return count;
        }

        /// <summary>
        /// Forgets the frame being received (for example after the port was reopened) and clears
        /// <see cref="FrameReady"/>; the discarded bytes are not counted as a drop. Counters are kept.
        /// </summary>
        public void Reset()
        {
            FrameReady = false;
            _buffered = 0;
            _pendingLength = 0;
            _overflowed = false;
        }

        /// <summary>Sets every counter back to zero and <see cref="LastDrop"/> to <see cref="DeframeDrop.None"/>.</summary>
        public void ClearCounters()
        {
            FramesReceived = 0;
            BytesDropped = 0;
            BadCrcCount = 0;
            OversizeCount = 0;
            CobsErrorCount = 0;
            TooShortCount = 0;
            BadFrameCount = 0;
            LastDrop = DeframeDrop.None;
            LastBadFrameStatus = HanFrameStatus.Ok;
        }

        private void Append(byte[] data, int offset, int count)
        {
            // Saturates rather than wraps on an endless run without a delimiter (only the byte count goes wrong then).
            _pendingLength = count > int.MaxValue - _pendingLength ? int.MaxValue : _pendingLength + count;
            if (_overflowed)
            {
                return;
            }

            if (count > _buffer.Length - _buffered)
            {
                // Too long to be a frame we accept: stop storing, keep counting, drop at the delimiter.
                _overflowed = true;
                return;
            }

            System.Array.Copy(data, offset, _buffer, _buffered, count);
            _buffered += count;
        }

        // Called at a delimiter; true when a good frame is now in _frame. Leaves the deframer ready for the next frame.
        private bool CompleteFrame()
        {
            int encodedLength = _pendingLength;
            bool overflowed = _overflowed;
            _buffered = 0;
            _pendingLength = 0;
            _overflowed = false;

            if (encodedLength == 0)
            {
                return false;
            }

            int wireLength = encodedLength + StreamFramer.DelimiterLength;
            if (overflowed)
            {
                return Drop(DeframeDrop.Oversize, wireLength);
            }

            // The buffer held only non-zero bytes, so the only COBS defect left is a block cut short by the delimiter.
            if (Cobs.TryDecode(_buffer, 0, encodedLength, _buffer, 0, out int decodedLength) != CobsStatus.Ok)
            {
                return Drop(DeframeDrop.CobsError, wireLength);
            }

            // Decoding can expand runs of encoded 0x01 into zeros beyond what the encoded-length bound let through.
            if (decodedLength > _maxFrameLength + StreamFramer.CrcLength)
            {
                return Drop(DeframeDrop.Oversize, wireLength);
            }

            bool compressed = _restore && (_buffer[0] & StreamFramer.LinkAddressesElided) != 0;
            int headerLength = compressed ? StreamFramer.CompressedHeaderLength : HanFrame.HeaderLength;
            if (decodedLength < headerLength + StreamFramer.CrcLength)
            {
                return Drop(DeframeDrop.TooShort, wireLength);
            }

            int frameLength = decodedLength - StreamFramer.CrcLength;
            uint carried = (uint)(_buffer[frameLength] | (_buffer[frameLength + 1] << 8) | (_buffer[frameLength + 2] << 16)) | ((uint)_buffer[frameLength + 3] << 24);
            if (Crc32.Compute(_buffer, 0, frameLength) != carried)
            {
                return Drop(DeframeDrop.BadCrc, wireLength);
            }

            if (compressed)
            {
                return RestoreCompressed(frameLength, wireLength);
            }

            _reader.Reset(_buffer, 0, frameLength);
            HanFrameStatus status = HanFrame.TryDecode(_reader, _frame);
            if (status != HanFrameStatus.Ok)
            {
                LastBadFrameStatus = status;
                return Drop(DeframeDrop.BadFrame, wireLength);
            }

            FramesReceived++;
            FrameReady = true;
            return true;
        }

        // A frame of this link with its addresses left out, CRC already checked: put the link's two addresses back.
        private bool RestoreCompressed(int frameLength, int wireLength)
        {
            int payloadLength = frameLength - StreamFramer.CompressedHeaderLength;
            if (HanFrame.HeaderLength + payloadLength > _maxFrameLength)
            {
                return Drop(DeframeDrop.Oversize, wireLength);
            }

            byte kind = (byte)(_buffer[0] & ~StreamFramer.LinkAddressesElided);
            if (kind != (byte)HanFrameKind.Zcl && kind != (byte)HanFrameKind.Gbcs && kind != (byte)HanFrameKind.Management)
            {
                LastBadFrameStatus = HanFrameStatus.UnknownKind;
                return Drop(DeframeDrop.BadFrame, wireLength);
            }

            _frame.Kind = (HanFrameKind)kind;
            _frame.Sequence = _buffer[1];
            _frame.Source = _peerAddress;
            _frame.Destination = _localAddress;
            _frame.ClusterId = (ushort)(_buffer[2] | (_buffer[3] << 8));
            _frame.SetPayload(_buffer, StreamFramer.CompressedHeaderLength, payloadLength);
            FramesReceived++;
            FrameReady = true;
            return true;
        }

        private bool Drop(DeframeDrop reason, int wireLength)
        {
            switch (reason)
            {
                case DeframeDrop.BadCrc:
                    BadCrcCount++;
                    break;
                case DeframeDrop.Oversize:
                    OversizeCount++;
                    break;
                case DeframeDrop.CobsError:
                    CobsErrorCount++;
                    break;
                case DeframeDrop.TooShort:
                    TooShortCount++;
                    break;
                default:
                    BadFrameCount++;
                    break;
            }

            LastDrop = reason;
            BytesDropped += wireLength;
            return false;
        }
    }
}

using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Device.Links
{
    /// <summary>
    /// A frame link over a byte stream (docs/ARCHITECTURE.md, "One frame format, many links"): a UART between boards, a USB
    /// CDC port, a pty or a TCP socket. Outgoing frames are encoded by <see cref="StreamFramer"/> (COBS of frame and
    /// CRC-32, then 0x00) into one reused buffer and handed to an <see cref="IByteSink"/> in a single write; received
    /// bytes go through a <see cref="StreamDeframer"/>, and every good frame is handed to the role with this link as the
    /// one it arrived on. Bad input is dropped and counted, never thrown. Nothing is allocated after construction.
    /// <para>
    /// Not thread-safe, like the role it serves: <see cref="Send"/>, <see cref="Feed"/>, <see cref="Receive"/> and
    /// <see cref="Restart"/> are called on the device's one loop thread (the ESP32 <c>Program.Main</c> loop, or the
    /// virtual board's loop thread on a PC).
    /// </para>
    /// </summary>
    public sealed class StreamFrameLink : IFrameLink
    {
        private readonly IByteSink _sink;
        private readonly StreamFramer _framer;
        private readonly StreamDeframer _deframer;
        private readonly int _maxFrameLength;
        private readonly int _maxGbcsFrameLength;

        // One frame as it goes on the wire, plus one byte for a leading delimiter after a restart.
        private readonly byte[] _transmit;
        private bool _flushPending;

        /// <summary>A link for frames of up to <see cref="HanFrame.MaxEncodedLength"/> bytes writing to <paramref name="sink"/>.</summary>
        public StreamFrameLink(IByteSink sink)
            : this(sink, HanFrame.MaxEncodedLength)
        {
        }

        /// <summary>
        /// A link for frames (header and payload) of up to <paramref name="maxFrameLength"/> bytes, from
        /// <see cref="HanFrame.HeaderLength"/> to <see cref="HanFrame.MaxEncodedLength"/>, writing to <paramref name="sink"/>.
        /// Longer frames are refused by <see cref="Send"/> and dropped as oversize on receipt.
        /// </summary>
        public StreamFrameLink(IByteSink sink, int maxFrameLength)
            : this(sink, maxFrameLength, maxFrameLength)
        {
        }

        /// <summary>
        /// As <see cref="StreamFrameLink(IByteSink, int)"/>, but GBCS frames may be up to <paramref name="maxGbcsFrameLength"/>
        /// bytes (at least <paramref name="maxFrameLength"/>): on a ZigBee HAN, GBCS travels in the Smart Energy Tunneling
        /// cluster, whose messages the APS layer fragments and reassembles (ZigBee PRO 05-3474 §2.2.8.4.5), so the radio's
        /// frame limit bounds ZCL frames (and the OTA block size derived from <see cref="MaxFrameLength"/>) but not a
        /// signed GBCS alert. The receive buffer holds the larger figure; the sender's link and the radio medium enforce
        /// the smaller one.
        /// </summary>
        public StreamFrameLink(IByteSink sink, int maxFrameLength, int maxGbcsFrameLength)
        {
            if (sink == null)
            {
                throw new System.ArgumentNullException(nameof(sink));
            }

            if (maxFrameLength < HanFrame.HeaderLength || maxFrameLength > HanFrame.MaxEncodedLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(maxFrameLength));
            }

            if (maxGbcsFrameLength < maxFrameLength || maxGbcsFrameLength > HanFrame.MaxEncodedLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(maxGbcsFrameLength));
            }

            _sink = sink;
            _maxFrameLength = maxFrameLength;
            _maxGbcsFrameLength = maxGbcsFrameLength;
            _framer = new StreamFramer();
            _deframer = new StreamDeframer(maxGbcsFrameLength);
            _transmit = new byte[StreamFramer.DelimiterLength + StreamFramer.MaxEncodedLengthFor(maxGbcsFrameLength)];
        }

        /// <inheritdoc />
        public int MaxFrameLength => _maxFrameLength;

        /// <summary>Frames the sink took.</summary>
        public int FramesSent { get; private set; }

        /// <summary>Frames <see cref="Send"/> refused because they are longer than <see cref="MaxFrameLength"/> (a GBCS frame: than the GBCS limit).</summary>
        public int FramesRefused { get; private set; }

        /// <summary>Frames the sink refused (no peer, queue full): lost on this side.</summary>
        public int SinkRefusals { get; private set; }

        /// <summary>Bytes the sink took, delimiters and restart flushes included.</summary>
        public long BytesSent { get; private set; }

        /// <summary>True when the last <see cref="Feed"/> completed a good frame, now in <see cref="Frame"/>.</summary>
        public bool FrameReady => _deframer.FrameReady;

        /// <summary>The received frame while <see cref="FrameReady"/>; its payload is valid until the next <see cref="Feed"/>.</summary>
        public HanFrame Frame => _deframer.Frame;

        /// <summary>Good frames received.</summary>
        public int FramesReceived => _deframer.FramesReceived;

        /// <summary>Received frames dropped for any reason (sum of the per-reason counters below).</summary>
        public int FramesDropped => _deframer.FramesDropped;

        /// <summary>Bytes of dropped frames, delimiters included.</summary>
        public long BytesDropped => _deframer.BytesDropped;

        /// <summary>Frames dropped because the CRC-32 did not match (line noise, a lost byte).</summary>
        public int BadCrcCount => _deframer.BadCrcCount;

        /// <summary>Frames dropped as longer than <see cref="MaxFrameLength"/> (or a run of garbage without a delimiter).</summary>
        public int OversizeCount => _deframer.OversizeCount;

        /// <summary>Frames dropped because their COBS encoding was cut short.</summary>
        public int CobsErrorCount => _deframer.CobsErrorCount;

        /// <summary>Frames dropped as shorter than a header plus CRC.</summary>
        public int TooShortCount => _deframer.TooShortCount;

        /// <summary>Frames whose CRC matched but whose header did not decode.</summary>
        public int BadFrameCount => _deframer.BadFrameCount;

        /// <summary>Reason of the most recent drop, or <see cref="DeframeDrop.None"/>.</summary>
        public DeframeDrop LastDrop => _deframer.LastDrop;

        /// <summary>
        /// Encodes <paramref name="frame"/> and hands it to the sink in one write. False when the frame is longer than
        /// <see cref="MaxFrameLength"/> or the sink refused it; true says it left, not that it arrived. The frame and its
        /// payload may be reused as soon as this returns.
        /// </summary>
        public bool Send(HanFrame frame)
        {
            if (frame == null)
            {
                throw new System.ArgumentNullException(nameof(frame));
            }

            if (frame.EncodedLength > (frame.Kind == HanFrameKind.Gbcs ? _maxGbcsFrameLength : _maxFrameLength))
            {
                FramesRefused++;
                return false;
            }

            int start = StreamFramer.DelimiterLength;
            if (_flushPending)
            {
                // StreamFramer: a sender may put extra 0x00 before a frame; after a restart it ends whatever half frame
                // the far end was holding from before, so this frame is not glued to it and lost.
                start = 0;
                _transmit[0] = 0x00;
            }

            int length = StreamFramer.DelimiterLength - start + _framer.Encode(frame, _transmit, StreamFramer.DelimiterLength);
            if (!_sink.Write(_transmit, start, length))
            {
                SinkRefusals++;
                return false;
            }

            _flushPending = false;
            FramesSent++;
            BytesSent += length;
            return true;
        }

        /// <summary>
        /// Feeds received bytes to the deframer, up to and including the end of the first good frame, and returns how many
        /// it consumed; check <see cref="FrameReady"/> and call again with the rest (the pull form of <see cref="Receive"/>).
        /// </summary>
        public int Feed(byte[] data, int offset, int count)
        {
            return _deframer.Feed(data, offset, count);
        }

        /// <summary>
        /// Feeds all <paramref name="count"/> received bytes and hands every good frame among them to
        /// <paramref name="role"/> (<see cref="IDeviceRole.OnFrame"/> with this link), in order; returns how many frames it
        /// delivered. A frame cut by the end of <paramref name="data"/> completes in a later call.
        /// </summary>
        public int Receive(byte[] data, int offset, int count, IDeviceRole role)
        {
            if (role == null)
            {
                throw new System.ArgumentNullException(nameof(role));
            }

            int delivered = 0;
            int end = offset + count;
            while (offset < end)
            {
                offset += _deframer.Feed(data, offset, end - offset);
                if (_deframer.FrameReady)
                {
                    role.OnFrame(this, _deframer.Frame);
                    delivered++;
                }
            }

            return delivered;
        }

        /// <summary>
        /// The byte stream was broken and is back (port reopened, peer reconnected): forgets the half frame being received
        /// (not counted as a drop) and starts the next frame sent with a delimiter. Counters are kept.
        /// </summary>
        public void Restart()
        {
            _deframer.Reset();
            _flushPending = true;
        }
    }
}

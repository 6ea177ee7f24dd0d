using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// Reassembles a GBCS message sent as general-block-transfer blocks (<see cref="GbcsBlockTransfer"/>) into one buffer
    /// allocated once: blocks must come from one source, name one message in their Routing Header
    /// (<see cref="GbcsRoutingHeader"/>: transaction id, system titles, message code), be numbered 1, 2, … with the last
    /// flagged. While a message is in progress a block from another source is ignored (<see cref="GbcsBlockStatus.Busy"/>: a
    /// HAN peer cannot discard it), and so is a block of another message that cannot start one, or a block 1 of an earlier
    /// message of the same originator (<see cref="GbcsBlockStatus.OtherMessage"/>: a late copy cannot displace the message
    /// in progress: "earlier" is decided only from <see cref="Authenticated"/>, the counters of messages that passed
    /// authentication, never from the Routing Header of the message in progress, which is plain text and could be forged
    /// with a counter no genuine message reaches); an exact repeat of a block taken is ignored too (<see cref="GbcsBlockStatus.Repeat"/>: a
    /// retransmission), also of the message just completed, so a message the sender sends again because an
    /// acknowledgement was lost is taken once; a block beyond the one expected is not taken and the message so far kept
    /// (<see cref="GbcsBlockStatus.Gap"/>: one before it was lost, and the sender sends again from it). After each block
    /// <see cref="AckDue"/> says whether the receiver is to acknowledge (<see cref="GbcsBlockTransfer.WriteAck"/> with
    /// <see cref="Routing"/>, <see cref="Acknowledged"/> and <see cref="IsComplete"/>): a completed message, a repeat of a
    /// completed one, the first gap since the last block taken. A message with no block for <see cref="StaleAfterMs"/> is
    /// dropped at the next block. A block 1 from the same source with other data starts the message again, so a genuine
    /// block 1 sent again always restarts its message cleanly; a block out of order or malformed is ignored and the message
    /// so far kept (bad input loses nothing), one beyond the capacity drops it; each says why. The reassembled message is
    /// valid until the next block. Never throws on input; not thread-safe.
    /// </summary>
    public sealed class GbcsBlockReassembler
    {
        /// <summary>Blocks a message may have (HanBench bound: a 2,560-octet message is three blocks).</summary>
        public const int MaxBlocks = 64;

        private readonly byte[] _buffer;
        private readonly int[] _starts = new int[MaxBlocks];
        private readonly ByteReader _reader = new ByteReader();
        private readonly GbcsRoutingHeader _routing = new GbcsRoutingHeader();
        private readonly GbcsRoutingHeader _incoming = new GbcsRoutingHeader();
        private readonly OriginatorCounterGuard _authenticated;
        private int _length;
        private int _count;
        private bool _inProgress;
        private bool _complete;
        private bool _gapReported;
        private ulong _source;
        private long _lastMs;

        /// <summary>
        /// A message with no block for this long is stale: dropped at the next block, from any source (HanBench bound;
        /// the hub relays every block of a message back to back, an RTDS-sized CS02b is a handful of HAN frames).
        /// </summary>
        public const long StaleAfterMs = 60000;

        /// <summary>
        /// A reassembler for messages of up to <paramref name="capacity"/> octets that takes a message of an originator as
        /// earlier when its counter is not above the last one <paramref name="authenticated"/> accepted from it (the device's
        /// command guard, moved only by authenticated messages: issue #8, no forged counter can lock a party out).
        /// </summary>
        public GbcsBlockReassembler(int capacity, OriginatorCounterGuard authenticated)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException(nameof(capacity));
            }

            if (authenticated == null)
            {
                throw new System.ArgumentNullException(nameof(authenticated));
            }

            _buffer = new byte[capacity];
            _authenticated = authenticated;
        }

        /// <summary>The counters of authenticated messages, by originator, that say which message is earlier.</summary>
        public OriginatorCounterGuard Authenticated => _authenticated;

        /// <summary>The message (after <see cref="GbcsBlockStatus.Complete"/>).</summary>
        public byte[] Buffer => _buffer;

        /// <summary>Octets of the message (after <see cref="GbcsBlockStatus.Complete"/>).</summary>
        public int Length => _length;

        /// <summary>Who sent the message being (or last) reassembled.</summary>
        public ulong Source => _source;

        /// <summary>Messages dropped unfinished (too long, stale, or replaced by a block 1).</summary>
        public long Dropped { get; private set; }

        /// <summary>The message being (or last) reassembled, as its blocks name it (what an acknowledgement names).</summary>
        public GbcsRoutingHeader Routing => _routing;

        /// <summary>Whether the last block calls for an acknowledgement to <see cref="Source"/>.</summary>
        public bool AckDue { get; private set; }

        /// <summary>Blocks of the message taken in order (what an acknowledgement acknowledges).</summary>
        public int Acknowledged => _count;

        /// <summary>Whether the message is complete (an acknowledgement says the whole message was received).</summary>
        public bool IsComplete => _complete;

        /// <summary>
        /// Takes the block of <paramref name="count"/> octets at <paramref name="offset"/> from <paramref name="source"/>,
        /// received at <paramref name="nowMs"/> (the device clock).
        /// </summary>
        public GbcsBlockStatus Accept(ulong source, byte[] block, int offset, int count, long nowMs)
        {
            AckDue = false;
            if ((_inProgress || _complete) && nowMs - _lastMs > StaleAfterMs)
            {
                Drop(GbcsBlockStatus.OutOfOrder);
            }

            if (_inProgress && source != _source)
            {
                return GbcsBlockStatus.Busy;
            }

            // The Routing Header, then E0, control, block number (2), acknowledged block number (2), then the DER length of
            // the data (never empty: an empty one is an acknowledgement, which a receiver does not take).
            ByteReader r = _reader;
            int length = 0;
            int apdu = 0;
            bool ok = _incoming.TryRead(block, offset, count, out apdu);
            if (ok)
            {
                r.Reset(block, apdu, offset + count - apdu);
                ok = r.Remaining > 6 && block[apdu] == GbcsBlockTransfer.Tag && r.TrySkip(6)
                    && GbcsLength.TryRead(r, out length) == GbcsLengthStatus.Ok && length == r.Remaining && length > 0;
            }

            if (!ok)
            {
                // Ignored like a block of another message: a cut or forged frame must not cost the message so far.
                return GbcsBlockStatus.Malformed;
            }

            byte flags = block[apdu + 1];
            int blockNumber = (block[apdu + 2] << 8) | block[apdu + 3];
            bool sameMessage = (_inProgress || _complete) && source == _source && _incoming.NamesSameMessage(_routing);
            if (sameMessage && blockNumber >= 1 && blockNumber <= _count && IsTaken(blockNumber, block, r.Position, length))
            {
                // The sender lost the acknowledgement of a completed message and sent it again: acknowledge it again.
                AckDue = _complete;
                _lastMs = nowMs;
                return GbcsBlockStatus.Repeat;
            }

            if (_inProgress && !sameMessage && (blockNumber != 1 || IsAuthenticatedAlready(_incoming)))
            {
                // A late block of another message (an earlier one sent again, or a stranger's) leaves this one alone.
                return GbcsBlockStatus.OtherMessage;
            }

            if (blockNumber == 1)
            {
                if (_inProgress)
                {
                    Dropped++;
                }

                _source = source;
                _routing.CopyFrom(_incoming);
                _length = 0;
                _count = 0;
                _inProgress = true;
                _complete = false;
                _gapReported = false;
            }
            else if (!_inProgress || blockNumber <= _count)
            {
                // Nothing to continue, or a block taken with other data: ignored, the message so far kept.
                return GbcsBlockStatus.OutOfOrder;
            }
            else if (blockNumber > _count + 1)
            {
                // Go-back-N: not kept; the first such block since the last one taken asks for the missing ones.
                AckDue = !_gapReported;
                _gapReported = true;
                _lastMs = nowMs;
                return GbcsBlockStatus.Gap;
            }

            if (length > _buffer.Length - _length || _count == MaxBlocks)
            {
                return Drop(GbcsBlockStatus.TooLong);
            }

            System.Array.Copy(block, r.Position, _buffer, _length, length);
            _starts[_count] = _length;
            _count++;
            _length += length;
            _lastMs = nowMs;
            _gapReported = false;
            if ((flags & GbcsBlockTransfer.LastBlock) != 0)
            {
                _inProgress = false;
                _complete = true;
                AckDue = true;
                return GbcsBlockStatus.Complete;
            }

            return GbcsBlockStatus.InProgress;
        }

        // Whether candidate names a message whose originator counter is not above the last authenticated one of its
        // originator (GBCS originator counters only grow, so it is a late copy of a message already acted on). Only an
        // authenticated counter decides it: the one in the Routing Header of the message in progress is unauthenticated.
        private bool IsAuthenticatedAlready(GbcsRoutingHeader candidate)
        {
            ulong last;
            return _authenticated.TryGetLastCounter(candidate.OriginatorSystemTitle, out last) && candidate.OriginatorCounter <= last;
        }

        // Whether the data of length octets at offset in block is block blockNumber's as taken, octet for octet.
        private bool IsTaken(int blockNumber, byte[] block, int offset, int length)
        {
            int start = _starts[blockNumber - 1];
            int end = blockNumber < _count ? _starts[blockNumber] : _length;
            if (end - start != length)
            {
                return false;
            }

            byte[] buffer = _buffer;
            for (int i = 0; i < length; i++)
            {
                if (buffer[start + i] != block[offset + i])
                {
                    return false;
                }
            }

            return true;
        }

        private GbcsBlockStatus Drop(GbcsBlockStatus status)
        {
            if (_inProgress)
            {
                Dropped++;
            }

            _inProgress = false;
            _complete = false;
            _count = 0;
            _length = 0;
            return status;
        }
    }
}

using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Han
{
    /// <summary>
    /// Puts <see cref="HanFrame"/>s on a byte stream (UART, USB CDC, pty, TCP): the link layer docs/ARCHITECTURE.md asks
    /// for, "frames are delimited and protected by a CRC". <see cref="StreamDeframer"/> takes them off again.
    /// <para>HanBench choice, the whole wire format of a stream link:</para>
    /// <code>
    /// COBS( frame bytes (HanFrame.WriteTo) ‖ CRC-32 of those bytes, little-endian, 4 bytes ) ‖ 0x00
    /// </code>
    /// <list type="bullet">
    /// <item>CRC-32/ISO-HDLC (<see cref="Crc32"/>), the IEEE 802.3 CRC, over the frame bytes: every error burst of up
    /// to 32 bits and every 1-, 2- or 3-bit error in them is caught (Hamming distance 4 up to 91,607 bits, P. Koopman,
    /// "32-Bit Cyclic Redundancy Codes for Internet Applications", DSN 2002; our largest frame is 8,384 bits).
    /// Little-endian, as ZigBee orders its integers.</item>
    /// <item>COBS (<see cref="Cobs"/>, Cheshire and Baker 1999) makes 0x00 appear only as the delimiter, so a receiver
    /// that joins mid-stream or loses bytes is back in step at the next 0x00, with no escape state to lose and a
    /// fixed worst-case cost (one byte per 254) instead of SLIP/HDLC escaping's possible doubling.</item>
    /// <item>The delimiter ends each frame. A sender may put extra 0x00 bytes before a frame (for example after a
    /// reconnect, to flush a half-received frame at the far end); receivers ignore empty frames.</item>
    /// </list>
    /// Overhead per frame: 4 (CRC) + 1 (delimiter) + 1 + floor(n / 254) COBS bytes at most, where n is the frame length
    /// plus 4: 6 bytes for any frame of up to 249 bytes (header included), at most 10 for the largest.
    /// <para>
    /// Link address compression (HanBench choice, after PPP's Address-and-Control-Field-Compression, RFC 1661 §6.6): on a
    /// point-to-point link both ends know the two EUI-64s, so a framer made with <see cref="StreamFramer(ulong, ulong)"/>
    /// writes a frame from its local address to its peer's with the 16 address bytes left out and
    /// <see cref="LinkAddressesElided"/> set in the kind byte:
    /// </para>
    /// <code>
    /// 0      kind | 0x80
    /// 1      sequence number
    /// 2..3   cluster id, little-endian
    /// 4..    payload
    /// </code>
    /// <para>
    /// A <see cref="StreamDeframer"/> made with the same two addresses (its local = our peer) puts them back. The rule is
    /// stateless, so a lost frame costs nothing more than itself; any other frame (broadcast, relayed, another source) goes
    /// out whole. A 255-byte OTA block then costs 27–28 bytes of overhead instead of 43–44. The CRC covers the bytes as
    /// sent. A deframer that was not told the addresses drops such a frame as <see cref="DeframeDrop.BadFrame"/> with
    /// <see cref="HanFrameStatus.UnknownKind"/>: the flag is never a valid kind.
    /// </para>
    /// <para>
    /// An instance owns a scratch buffer and allocates nothing per frame; it is not thread-safe (one per sender).
    /// </para>
    /// </summary>
    public sealed class StreamFramer
    {
        /// <summary>Bytes of CRC-32 after the frame, inside the COBS encoding.</summary>
        public const int CrcLength = 4;

        /// <summary>Bytes of delimiter after the COBS encoding.</summary>
        public const int DelimiterLength = 1;

        /// <summary>Bit of the kind byte meaning "source and destination are this link's two endpoints, left out".</summary>
        public const byte LinkAddressesElided = 0x80;

        /// <summary>Header length of a frame written with its link addresses left out: kind, sequence, cluster id.</summary>
        public const int CompressedHeaderLength = 4;

        /// <summary>
        /// Room <see cref="Encode"/> needs for the largest frame (<see cref="HanFrame.MaxEncodedLength"/>): frame, CRC,
        /// COBS overhead and delimiter. A buffer this long takes any frame.
        /// </summary>
        public const int MaxEncodedLength =
            HanFrame.MaxEncodedLength + CrcLength + 1 + ((HanFrame.MaxEncodedLength + CrcLength) / Cobs.MaxBlockData) + DelimiterLength;

        private readonly byte[] _scratch;
        private readonly ByteWriter _writer;
        private readonly bool _compress;
        private readonly ulong _localAddress;
        private readonly ulong _peerAddress;

        /// <summary>Creates a framer with its own scratch buffer for the largest frame; every frame goes out whole.</summary>
        public StreamFramer()
        {
            _scratch = new byte[HanFrame.MaxEncodedLength + CrcLength];
            _writer = new ByteWriter();
        }

        /// <summary>
        /// Creates a framer for a point-to-point link from <paramref name="localAddress"/> to <paramref name="peerAddress"/>:
        /// frames between exactly those two go out with their addresses left out (see the class remarks).
        /// </summary>
        public StreamFramer(ulong localAddress, ulong peerAddress)
            : this()
        {
            if (localAddress == peerAddress || localAddress == HanFrame.Broadcast || peerAddress == HanFrame.Broadcast)
            {
                throw new System.ArgumentException("StreamFramer: a link joins two different unicast addresses");
            }

            _compress = true;
            _localAddress = localAddress;
            _peerAddress = peerAddress;
        }

        /// <summary>True when frames from <see cref="LocalAddress"/> to <see cref="PeerAddress"/> go out without their addresses.</summary>
        public bool CompressesLinkAddresses => _compress;

        /// <summary>This end's EUI-64 (0 without compression).</summary>
        public ulong LocalAddress => _localAddress;

        /// <summary>The other end's EUI-64 (0 without compression).</summary>
        public ulong PeerAddress => _peerAddress;

        /// <summary>True when <see cref="Encode"/> leaves <paramref name="frame"/>'s addresses out.</summary>
        public bool Compresses(HanFrame frame)
        {
            return _compress && frame.Source == _localAddress && frame.Destination == _peerAddress;
        }

        /// <summary>
        /// Room <see cref="Encode"/> needs for a frame whose <see cref="HanFrame.EncodedLength"/> is
        /// <paramref name="frameLength"/> (an upper bound; the exact length depends on where the zeros are).
        /// </summary>
        public static int MaxEncodedLengthFor(int frameLength)
        {
            if (frameLength < 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(frameLength));
            }

            return Cobs.MaxEncodedLength(frameLength + CrcLength) + DelimiterLength;
        }

        /// <summary>
        /// Writes <paramref name="frame"/> as it goes on the wire (COBS of frame and CRC-32, then the 0x00 delimiter)
        /// into <paramref name="destination"/> from <paramref name="offset"/>, and returns the number of bytes written.
        /// Needs <see cref="MaxEncodedLengthFor"/>(frame.EncodedLength) bytes of room (at most
        /// <see cref="MaxEncodedLength"/>); less is a programmer error and throws before anything is written.
        /// </summary>
        public int Encode(HanFrame frame, byte[] destination, int offset)
        {
            if (frame == null)
            {
                throw new System.ArgumentNullException(nameof(frame));
            }

            if (destination == null)
            {
                throw new System.ArgumentNullException(nameof(destination));
            }

            int frameLength = frame.EncodedLength;
            if (offset < 0 || offset > destination.Length - MaxEncodedLengthFor(frameLength))
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset), "StreamFramer: destination needs " + MaxEncodedLengthFor(frameLength).ToString() + " bytes of room");
            }

            _writer.Reset(_scratch, 0, _scratch.Length);
            if (Compresses(frame))
            {
                _writer.WriteByte((byte)((byte)frame.Kind | LinkAddressesElided));
                _writer.WriteByte(frame.Sequence);
                _writer.WriteUInt16LittleEndian(frame.ClusterId);
                _writer.WriteBytes(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
                frameLength = _writer.Written;
            }
            else
            {
                frame.WriteTo(_writer);
            }

            _writer.WriteUInt32LittleEndian(Crc32.Compute(_scratch, 0, frameLength));
            int encodedLength = Cobs.Encode(_scratch, 0, _writer.Written, destination, offset);
            destination[offset + encodedLength] = Cobs.Delimiter;
            return encodedLength + DelimiterLength;
        }
    }
}

using HanBench.Device.Hal;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;

namespace HanBench.Roles.Tests
{
    /// <summary>
    /// A frame link a test scripts: it keeps an encoded copy of every frame a role sends (roles reuse their frame and
    /// payload buffers, so a view would change under the test) and hands them back decoded, oldest first. Bounded: the
    /// link refuses frames past <see cref="Capacity"/>, as a full UART queue would. Portable, so the same role tests
    /// run on a board.
    /// </summary>
    public sealed class ScriptedFrameLink : IFrameLink
    {
        /// <summary>Frames kept before the link refuses more.</summary>
        public const int Capacity = 16;

        private readonly byte[][] _sent = new byte[Capacity][];
        private readonly int[] _lengths = new int[Capacity];
        private readonly ByteWriter _writer = new ByteWriter();
        private readonly ByteReader _reader = new ByteReader();
        private int _count;
        private int _next;

        /// <summary>A link carrying frames up to <paramref name="maxFrameLength"/> encoded octets.</summary>
        public ScriptedFrameLink(int maxFrameLength)
        {
            MaxFrameLength = maxFrameLength;
            for (int i = 0; i < Capacity; i++)
            {
                _sent[i] = new byte[HanFrame.MaxEncodedLength];
            }
        }

        /// <inheritdoc />
        public int MaxFrameLength { get; }

        /// <summary>Frames sent and not yet taken with <see cref="TakeNext"/>.</summary>
        public int Pending => _count - _next;

        /// <summary>Frames the link refused (too long, or the script's queue full).</summary>
        public int Refused { get; private set; }

        /// <inheritdoc />
        public bool Send(HanFrame frame)
        {
            if (frame.EncodedLength > MaxFrameLength || _count == Capacity)
            {
                Refused++;
                return false;
            }

            _writer.Reset(_sent[_count], 0, HanFrame.MaxEncodedLength);
            frame.WriteTo(_writer);
            _lengths[_count] = _writer.Written;
            _count++;
            return true;
        }

        /// <summary>Decodes the oldest frame not yet taken into <paramref name="frame"/>; false when none is left.</summary>
        public bool TakeNext(HanFrame frame)
        {
            if (_next == _count)
            {
                return false;
            }

            _reader.Reset(_sent[_next], 0, _lengths[_next]);
            _next++;
            return HanFrame.TryDecode(_reader, frame) == HanFrameStatus.Ok;
        }

        /// <summary>Forgets every frame sent so far.</summary>
        public void Clear()
        {
            _count = 0;
            _next = 0;
        }
    }
}

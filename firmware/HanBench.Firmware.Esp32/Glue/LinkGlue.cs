using HanBench.Device.Hal;
using HanBench.Protocol.Han;

namespace HanBench.Firmware.Esp32.Glue
{
    /// <summary>
    /// A byte stream the run loop reads and a frame link writes: a UART here (Hal/UartPort).
    /// <para>Interim glue: branch 'vboard' brings the device core's own byte-sink interface and stream frame link
    /// (firmware/HanBench.Device/Links); when it is merged, UartPort implements that interface and this file goes.</para>
    /// </summary>
    internal interface IBytePort
    {
        /// <summary>The link's name (<c>wan</c>, <c>han</c>, <c>althan</c>).</summary>
        string Name { get; }

        /// <summary>Copies up to <paramref name="count"/> bytes that have already arrived; never waits; 0 when none.</summary>
        int ReadAvailable(byte[] buffer, int offset, int count);

        /// <summary>Sends <paramref name="count"/> bytes; false when the port failed.</summary>
        bool Write(byte[] buffer, int offset, int count);
    }

    /// <summary>Makes the frame link of a byte port (interim, see <see cref="IBytePort"/>).</summary>
    internal static class LinkGlue
    {
        /// <summary>A frame link that writes <see cref="StreamFramer"/> frames to <paramref name="port"/>.</summary>
        public static IFrameLink Create(IBytePort port)
        {
            return new PortFrameLink(port);
        }

        /// <summary>
        /// Sends each frame as one StreamFramer encoding (COBS of frame and CRC-32, then 0x00) through a buffer allocated
        /// once. Called only from the run loop's thread, as roles are.
        /// </summary>
        private sealed class PortFrameLink : IFrameLink
        {
            private readonly IBytePort _port;
            private readonly StreamFramer _framer = new StreamFramer();
            private readonly byte[] _wire = new byte[StreamFramer.MaxEncodedLength];

            public PortFrameLink(IBytePort port)
            {
                _port = port;
            }

            public int MaxFrameLength => HanFrame.MaxEncodedLength;

            public bool Send(HanFrame frame)
            {
                if (frame == null || frame.EncodedLength > MaxFrameLength)
                {
                    return false;
                }

                int length = _framer.Encode(frame, _wire, 0);
                return _port.Write(_wire, 0, length);
            }
        }
    }
}

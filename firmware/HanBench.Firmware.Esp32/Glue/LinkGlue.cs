using HanBench.Device.Hal;
using HanBench.Device.Links;

namespace HanBench.Firmware.Esp32.Glue
{
    /// <summary>A byte stream the run loop reads and a frame link writes: a UART here (Hal/UartPort).</summary>
    internal interface IBytePort
    {
        /// <summary>The link's name (<c>wan</c>, <c>han</c>, <c>althan</c>).</summary>
        string Name { get; }

        /// <summary>Copies up to <paramref name="count"/> bytes that have already arrived; never waits; 0 when none.</summary>
        int ReadAvailable(byte[] buffer, int offset, int count);

        /// <summary>Sends <paramref name="count"/> bytes; false when the port failed.</summary>
        bool Write(byte[] buffer, int offset, int count);
    }

    /// <summary>
    /// Makes the frame link of a byte port: the device core's <see cref="StreamFrameLink"/> (COBS + CRC-32 framing, one
    /// reused buffer, drop counters), the class a virtual board uses over its pty or TCP link, writing to the UART.
    /// </summary>
    internal static class LinkGlue
    {
        /// <summary>
        /// A stream frame link that writes each frame to <paramref name="port"/> in one write; the run loop feeds it the
        /// port's received bytes (<see cref="StreamFrameLink.Receive"/>), so its concrete type is returned.
        /// </summary>
        public static StreamFrameLink Create(IBytePort port)
        {
            return new StreamFrameLink(new PortSink(port));
        }

        /// <summary>The UART as the frame link's byte sink; called only from the run loop's thread, as roles are.</summary>
        private sealed class PortSink : IByteSink
        {
            private readonly IBytePort _port;

            public PortSink(IBytePort port)
            {
                _port = port;
            }

            public bool Write(byte[] buffer, int offset, int count)
            {
                return _port.Write(buffer, offset, count);
            }
        }
    }
}

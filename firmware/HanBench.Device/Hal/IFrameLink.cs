using HanBench.Protocol.Han;

namespace HanBench.Device.Hal
{
    /// <summary>
    /// One way out of a device: a serial port, a TCP socket, a radio of the bench medium. A link only moves frames and
    /// never interprets them (docs/ARCHITECTURE.md, "One frame format, many links"). Receiving is pushed, not pulled: whoever
    /// runs the device calls <see cref="HanBench.Device.Roles.IDeviceRole.OnFrame"/> with the link a frame arrived on.
    /// </summary>
    public interface IFrameLink
    {
        /// <summary>
        /// Largest <see cref="HanFrame.EncodedLength"/> this link carries; a bigger frame is refused. Roles size their OTA
        /// blocks from it (ZCL OTA: block size = min(server's size, client's maximum data size)).
        /// </summary>
        int MaxFrameLength { get; }

        /// <summary>
        /// Hands <paramref name="frame"/> to the link. The link copies what it needs before returning, so the caller may
        /// reuse the frame and its payload buffer at once. Returns false when the link refused the frame (too long, no
        /// neighbour with that address, link closed); true says the frame left, not that it arrived.
        /// </summary>
        bool Send(HanFrame frame);
    }
}

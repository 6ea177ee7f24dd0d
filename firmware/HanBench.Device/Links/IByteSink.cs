namespace HanBench.Device.Links
{
    /// <summary>
    /// Where a <see cref="StreamFrameLink"/> puts the bytes of each outgoing frame: a UART (<c>SerialPort.Write</c> on
    /// ESP32), or on a PC a queue drained by an asynchronous writer. Called on the device's single loop thread.
    /// </summary>
    public interface IByteSink
    {
        /// <summary>
        /// Takes all <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>, or none of
        /// them, and returns whether it took them. False means the bytes are lost (no peer, port closed, queue full): a
        /// half-written frame would only cost the far end a dropped frame, but a sink that can refuse up front should.
        /// The caller reuses <paramref name="buffer"/> at once: copy what is not written before returning.
        /// </summary>
        bool Write(byte[] buffer, int offset, int count);
    }
}

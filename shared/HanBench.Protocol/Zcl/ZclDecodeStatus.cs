namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// The outcome of decoding a ZCL frame of the OTA Upgrade cluster; anything but <see cref="Ok"/> names the defect.
    /// <para>
    /// HanBench choice: decoding is strict. A command must end exactly where the frame ends
    /// (<see cref="TrailingBytes"/>), reserved field-control bits must be clear and a status must be one the
    /// command allows. A HanFrame carries the exact ZCL frame length, and every HanBench peer speaks the
    /// docs/PROTOCOL.md §1 layout, so an extra or odd byte is a defect worth reporting, not a field to skip.
    /// </para>
    /// </summary>
    public enum ZclDecodeStatus : byte
    {
        /// <summary>The frame decoded.</summary>
        Ok = 0x00,

        /// <summary>The frame ends before a field the header or the command needs.</summary>
        Truncated = 0x01,

        /// <summary>Bytes are left after the last field of the command.</summary>
        TrailingBytes = 0x02,

        /// <summary>The frame control names frame type 0b10 or 0b11, which ZCL reserves.</summary>
        ReservedFrameType = 0x03,

        /// <summary>
        /// The frame is a ZCL global (profile-wide) command such as Default Response, not an OTA cluster command.
        /// </summary>
        NotClusterSpecific = 0x04,

        /// <summary>The command id is not one of the OTA Upgrade cluster's commands 0x00–0x09.</summary>
        UnknownCommand = 0x05,

        /// <summary>The direction bit of the frame control disagrees with the direction the command travels.</summary>
        WrongDirection = 0x06,

        /// <summary>The command's fieldControl has a reserved bit set.</summary>
        BadFieldControl = 0x07,

        /// <summary>Image Notify payloadType is above 0x03.</summary>
        InvalidPayloadType = 0x08,

        /// <summary>Image Notify queryJitter is outside 1–100.</summary>
        InvalidQueryJitter = 0x09,

        /// <summary>The status is not one the command allows (for example FAILURE in an Image Block Response).</summary>
        UnexpectedStatus = 0x0A,

        /// <summary>A Query Device Specific File Request names an image type outside 0xFFC0–0xFFFE.</summary>
        InvalidImageType = 0x0B,
    }
}

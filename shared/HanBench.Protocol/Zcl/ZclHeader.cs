using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// The ZCL frame header: frame control, the manufacturer code when the frame control says the frame is
    /// manufacturer-specific, transaction sequence number and command id (ZCL general frame format; docs/PROTOCOL.md §1).
    /// <code>
    /// 0      frame control: bits 0–1 frame type, bit 2 manufacturer-specific, bit 3 direction, bit 4 disable default response
    /// [1..2] manufacturer code, little-endian, only when bit 2 is set
    /// n      transaction sequence number
    /// n+1    command id
    /// </code>
    /// The frame control is kept as received (reserved bits 5–7 included), so decode→encode reproduces the bytes.
    /// </summary>
    public struct ZclHeader
    {
        /// <summary>Mask of the frame type bits 0–1.</summary>
        public const byte FrameTypeMask = 0x03;

        /// <summary>Frame type 0b00: a global command, same meaning on every cluster (Default Response, Read Attributes).</summary>
        public const byte FrameTypeGlobal = 0x00;

        /// <summary>Frame type 0b01: a command specific to the cluster (every OTA Upgrade command).</summary>
        public const byte FrameTypeClusterSpecific = 0x01;

        /// <summary>Bit 2: a manufacturer code follows the frame control.</summary>
        public const byte ManufacturerSpecific = 0x04;

        /// <summary>Bit 3: set when the server side of the cluster sends the frame to the client side.</summary>
        public const byte DirectionServerToClient = 0x08;

        /// <summary>Bit 4: the receiver sends no Default Response on success.</summary>
        public const byte DisableDefaultResponse = 0x10;

        /// <summary>Bits 5–7, reserved by ZCL.</summary>
        public const byte ReservedBits = 0xE0;

        /// <summary>Length of a header without a manufacturer code.</summary>
        public const int MinEncodedLength = 3;

        /// <summary>Length of a header with a manufacturer code.</summary>
        public const int MaxEncodedLength = 5;

        /// <summary>The frame control byte.</summary>
        public byte FrameControl { get; set; }

        /// <summary>The manufacturer code; on the wire only when <see cref="IsManufacturerSpecific"/>.</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>Transaction sequence number: a response carries its request's number.</summary>
        public byte TransactionSequenceNumber { get; set; }

        /// <summary>Command id (an <see cref="OtaCommandId"/> for this cluster's frames).</summary>
        public byte CommandId { get; set; }

        /// <summary>The frame type bits (<see cref="FrameTypeGlobal"/>, <see cref="FrameTypeClusterSpecific"/>, or a reserved value).</summary>
        public byte FrameType => (byte)(FrameControl & FrameTypeMask);

        /// <summary>True when the frame control announces a manufacturer code.</summary>
        public bool IsManufacturerSpecific => (FrameControl & ManufacturerSpecific) != 0;

        /// <summary>True when the server side sent the frame.</summary>
        public bool IsServerToClient => (FrameControl & DirectionServerToClient) != 0;

        /// <summary>True when the sender asked for no Default Response on success.</summary>
        public bool IsDefaultResponseDisabled => (FrameControl & DisableDefaultResponse) != 0;

        /// <summary>Bytes <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => IsManufacturerSpecific ? MaxEncodedLength : MinEncodedLength;

        /// <summary>Writes the header.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte(FrameControl);
            if (IsManufacturerSpecific)
            {
                writer.WriteUInt16LittleEndian(ManufacturerCode);
            }

            writer.WriteByte(TransactionSequenceNumber);
            writer.WriteByte(CommandId);
        }

        /// <summary>
        /// Reads a header. Fails with <see cref="ZclDecodeStatus.Truncated"/> or
        /// <see cref="ZclDecodeStatus.ReservedFrameType"/>; which command the id names is the caller's business.
        /// </summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out ZclHeader header)
        {
            header = default;
            if (!reader.TryReadByte(out byte frameControl))
            {
                return ZclDecodeStatus.Truncated;
            }

            header.FrameControl = frameControl;
            if (header.FrameType != FrameTypeGlobal && header.FrameType != FrameTypeClusterSpecific)
            {
                return ZclDecodeStatus.ReservedFrameType;
            }

            if (header.IsManufacturerSpecific)
            {
                if (!reader.TryReadUInt16LittleEndian(out ushort manufacturerCode))
                {
                    return ZclDecodeStatus.Truncated;
                }

                header.ManufacturerCode = manufacturerCode;
            }

            if (!reader.TryReadByte(out byte sequence) || !reader.TryReadByte(out byte commandId))
            {
                return ZclDecodeStatus.Truncated;
            }

            header.TransactionSequenceNumber = sequence;
            header.CommandId = commandId;
            return ZclDecodeStatus.Ok;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Device.Roles.Traffic
{
    /// <summary>
    /// The ordinary HAN traffic a meter traffic node exchanges with the Comms Hub, to measure what a firmware transfer does
    /// to it (SECMP0170 §3.4 requirement 10). HanBench choice: a ZCL frame (HanFrameKind.Zcl) of the manufacturer-specific
    /// cluster <see cref="ClusterId"/> (ZCL reserves 0xFC00–0xFFFF for manufacturer clusters), standing in for a GSME's or
    /// IHD's periodic metering exchanges, with its own small payload:
    /// <code>
    /// type (1: 0x01 report, 0x02 acknowledgement) · messageNumber (4, little-endian) · [report: filler to the configured size]
    /// </code>
    /// Every report is acknowledged end to end by the hub and resent until it is, as ZigBee APS acknowledgements and
    /// retries do; a relay that is down (a bridge restarting) delays reports but loses none.
    /// </summary>
    public static class MeterTrafficFrame
    {
        /// <summary>The manufacturer-specific cluster id of meter traffic.</summary>
        public const ushort ClusterId = 0xFC48;

        /// <summary>A meter's report.</summary>
        public const byte Report = 0x01;

        /// <summary>The hub's acknowledgement of a report.</summary>
        public const byte Acknowledgement = 0x02;

        /// <summary>Octets of type and message number.</summary>
        public const int HeaderLength = 5;

        /// <summary>Writes a frame of <paramref name="type"/> for <paramref name="messageNumber"/>, padded with filler to <paramref name="length"/>.</summary>
        public static void Write(ByteWriter writer, byte type, uint messageNumber, int length)
        {
            writer.WriteByte(type);
            writer.WriteUInt32LittleEndian(messageNumber);
            if (length > HeaderLength)
            {
                writer.WriteRepeated(0xA5, length - HeaderLength);
            }
        }

        /// <summary>Reads type and message number; false for a payload shorter than the header or of an unknown type.</summary>
        public static bool TryRead(byte[] buffer, int offset, int count, out byte type, out uint messageNumber)
        {
            type = 0;
            messageNumber = 0;
            if (count < HeaderLength)
            {
                return false;
            }

            type = buffer[offset];
            if (type != Report && type != Acknowledgement)
            {
                return false;
            }

            messageNumber = (uint)(buffer[offset + 1] | (buffer[offset + 2] << 8) | (buffer[offset + 3] << 16) | (buffer[offset + 4] << 24));
            return true;
        }
    }
}

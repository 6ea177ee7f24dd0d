using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// <see cref="ManagementMessageType.JoinDevice"/>: put a device on the Comms Hub's HAN whitelist, standing in for
    /// the DUIS 8.11 Update HAN Device Log / CS03-style join (an Alt HAN bridge is joined as a PPMID, SECMP0170 §4.2).
    /// Body: <c>EUI-64 (8, big-endian) · deviceType (1)</c>.
    /// </summary>
    public struct JoinDeviceRequest
    {
        /// <summary>Octets of the body.</summary>
        public const int EncodedLength = 9;

        /// <summary>The device to admit.</summary>
        public ulong Eui64 { get; set; }

        /// <summary>What it is (Type 1 devices are capped at six).</summary>
        public HanDeviceType DeviceType { get; set; }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteUInt64BigEndian(Eui64);
            writer.WriteByte((byte)DeviceType);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, out JoinDeviceRequest request)
        {
            request = default;
            if (!reader.TryReadUInt64BigEndian(out ulong eui) || !reader.TryReadByte(out byte type))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            if (!ManagementValues.IsDeviceType(type))
            {
                return ManagementDecodeStatus.BadValue;
            }

            request.Eui64 = eui;
            request.DeviceType = (HanDeviceType)type;
            return ManagementDecodeStatus.Ok;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// Answer to <see cref="ManagementMessageType.DistributeImage"/> and <see cref="ManagementMessageType.CancelDistribution"/>.
    /// Body: <c>status (1) · devicesAccepted (1) · device (8, big-endian; the device a refusal is about, else 0)</c>.
    /// A request is taken whole or refused whole.
    /// </summary>
    public struct DistributeResult
    {
        /// <summary>Octets of the body.</summary>
        public const int EncodedLength = 10;

        /// <summary>What the hub did.</summary>
        public DistributeStatus Status { get; set; }

        /// <summary>Devices the hub now notifies (or cancelled).</summary>
        public byte DevicesAccepted { get; set; }

        /// <summary>The device a refusal is about, or 0.</summary>
        public ulong Device { get; set; }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte((byte)Status);
            writer.WriteByte(DevicesAccepted);
            writer.WriteUInt64BigEndian(Device);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, out DistributeResult result)
        {
            result = default;
            if (!reader.TryReadByte(out byte status) || !reader.TryReadByte(out byte accepted) || !reader.TryReadUInt64BigEndian(out ulong device))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            if (!ManagementValues.IsDistributeStatus(status))
            {
                return ManagementDecodeStatus.BadValue;
            }

            result.Status = (DistributeStatus)status;
            result.DevicesAccepted = accepted;
            result.Device = device;
            return ManagementDecodeStatus.Ok;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// Answer to <see cref="ManagementMessageType.StateQuery"/>: what the device is doing and how far its transfer is.
    /// (HanBench choice.) Body, 23 octets:
    /// <code>
    /// state (1) · uptimeSeconds (4) · transfer image (manufacturerCode 2 · imageType 2 · fileVersion 4)
    /// · transferOffset (4) · transferSize (4) · joinedDevices (1) · activeTransfers (1)
    /// </code>
    /// The transfer fields are zero when nothing moves; joinedDevices and activeTransfers are a Comms Hub's (its
    /// whitelist and its downloads to HAN devices), zero on other devices.
    /// </summary>
    public sealed class StateReport
    {
        /// <summary>Octets of the body.</summary>
        public const int EncodedLength = 23;

        /// <summary>What the device is doing.</summary>
        public DeviceRunState State { get; set; }

        /// <summary>Seconds since the device (re)started.</summary>
        public uint UptimeSeconds { get; set; }

        /// <summary>The image being downloaded (all zero when none).</summary>
        public ImageIdentity TransferImage { get; set; }

        /// <summary>Bytes of it held so far.</summary>
        public uint TransferOffset { get; set; }

        /// <summary>Its size.</summary>
        public uint TransferSize { get; set; }

        /// <summary>Devices on a Comms Hub's whitelist.</summary>
        public byte JoinedDevices { get; set; }

        /// <summary>A Comms Hub's transfers to HAN devices in progress.</summary>
        public byte ActiveTransfers { get; set; }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteByte((byte)State);
            writer.WriteUInt32LittleEndian(UptimeSeconds);
            TransferImage.WriteTo(writer);
            writer.WriteUInt32LittleEndian(TransferOffset);
            writer.WriteUInt32LittleEndian(TransferSize);
            writer.WriteByte(JoinedDevices);
            writer.WriteByte(ActiveTransfers);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, StateReport into)
        {
            if (!reader.TryReadByte(out byte state) || !reader.TryReadUInt32LittleEndian(out uint uptime)
                || !ImageIdentity.TryRead(reader, out ImageIdentity image) || !reader.TryReadUInt32LittleEndian(out uint offset)
                || !reader.TryReadUInt32LittleEndian(out uint size) || !reader.TryReadByte(out byte joined)
                || !reader.TryReadByte(out byte active))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            if (!ManagementValues.IsRunState(state))
            {
                return ManagementDecodeStatus.BadValue;
            }

            into.State = (DeviceRunState)state;
            into.UptimeSeconds = uptime;
            into.TransferImage = image;
            into.TransferOffset = offset;
            into.TransferSize = size;
            into.JoinedDevices = joined;
            into.ActiveTransfers = active;
            return ManagementDecodeStatus.Ok;
        }
    }
}

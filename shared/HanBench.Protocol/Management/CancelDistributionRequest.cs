using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// <see cref="ManagementMessageType.CancelDistribution"/>, host to Comms Hub: stop sending an image to these devices
    /// (HanBench choice). The hub answers the devices' next block requests with ABORT and raises 0x8F89 response code 3
    /// (file transfer failure) for each. Body: <c>manufacturerCode (2) · imageType (2) · fileVersion (4) · count (1) · count × EUI-64 (8)</c>.
    /// </summary>
    public sealed class CancelDistributionRequest
    {
        /// <summary>The image whose distribution stops.</summary>
        public ImageIdentity Image { get; set; }

        /// <summary>The devices.</summary>
        public DeviceEuiList Devices { get; } = new DeviceEuiList();

        /// <summary>Octets of the body.</summary>
        public int EncodedLength => ImageIdentity.EncodedLength + Devices.EncodedLength;

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            Image.WriteTo(writer);
            Devices.WriteTo(writer);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, CancelDistributionRequest into)
        {
            if (!ImageIdentity.TryRead(reader, out ImageIdentity image))
            {
                return ManagementDecodeStatus.Truncated;
            }

            ManagementDecodeStatus status = DeviceEuiList.TryRead(reader, into.Devices);
            if (status != ManagementDecodeStatus.Ok)
            {
                return status;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            into.Image = image;
            return ManagementDecodeStatus.Ok;
        }
    }
}

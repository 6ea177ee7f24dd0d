using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// <see cref="ManagementMessageType.DistributeImage"/>, host (CSP) to Comms Hub: send the stored image to these
    /// devices. HanBench choice standing in for the CSP→Comms Hub firmware distribution request (SECMP0170 §4.2: the CSPs
    /// deliver the image to the Comms Hubs, which deliver it to the target devices by ZigBee OTA; the request itself is
    /// not public). Body:
    /// <code>
    /// manufacturerCode (2) · imageType (2) · fileVersion (4) · Manufacturer Image SHA-256 (32) · count (1) · count × EUI-64 (8)
    /// </code>
    /// The hash is the one the Central Product List holds for the image (requirement 12: only known images); the hub
    /// passes it to each device (<see cref="ImageExpectation"/>), which discards an image whose hash differs.
    /// </summary>
    public sealed class DistributeImageRequest
    {
        /// <summary>Octets of a SHA-256.</summary>
        public const int HashLength = ImageHashField.HashLength;

        private readonly ImageHashField _field = new ImageHashField();

        /// <summary>The image to distribute.</summary>
        public ImageIdentity Image
        {
            get => _field.Image;
            set => _field.Image = value;
        }

        /// <summary>The expected Manufacturer Image SHA-256 (owned by this instance; write into it or use <see cref="SetHash"/>).</summary>
        public byte[] ManufacturerImageHash => _field.Hash;

        /// <summary>The target devices.</summary>
        public DeviceEuiList Devices { get; } = new DeviceEuiList();

        /// <summary>Octets of the body.</summary>
        public int EncodedLength => ImageHashField.EncodedLength + Devices.EncodedLength;

        /// <summary>Copies 32 octets of <paramref name="hash"/> from <paramref name="offset"/>.</summary>
        public void SetHash(byte[] hash, int offset)
        {
            _field.SetHash(hash, offset);
        }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            _field.WriteTo(writer);
            Devices.WriteTo(writer);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, DistributeImageRequest into)
        {
            if (!into._field.TryRead(reader, out ImageIdentity image))
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

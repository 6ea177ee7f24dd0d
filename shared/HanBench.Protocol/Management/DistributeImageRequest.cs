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
        public const int HashLength = 32;

        private readonly byte[] _hash = new byte[HashLength];

        /// <summary>The image to distribute.</summary>
        public ImageIdentity Image { get; set; }

        /// <summary>The expected Manufacturer Image SHA-256 (owned by this instance; write into it or use <see cref="SetHash"/>).</summary>
        public byte[] ManufacturerImageHash => _hash;

        /// <summary>The target devices.</summary>
        public DeviceEuiList Devices { get; } = new DeviceEuiList();

        /// <summary>Octets of the body.</summary>
        public int EncodedLength => ImageIdentity.EncodedLength + HashLength + Devices.EncodedLength;

        /// <summary>Copies 32 octets of <paramref name="hash"/> from <paramref name="offset"/>.</summary>
        public void SetHash(byte[] hash, int offset)
        {
            if (hash == null)
            {
                throw new System.ArgumentNullException(nameof(hash));
            }

            if (offset < 0 || offset > hash.Length - HashLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            System.Array.Copy(hash, offset, _hash, 0, HashLength);
        }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            Image.WriteTo(writer);
            writer.WriteBytes(_hash, 0, HashLength);
            Devices.WriteTo(writer);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, DistributeImageRequest into)
        {
            if (!ImageIdentity.TryRead(reader, out ImageIdentity image) || !reader.TryCopyTo(into._hash, 0, HashLength))
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

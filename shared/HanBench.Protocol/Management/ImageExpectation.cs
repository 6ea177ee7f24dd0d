using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// <see cref="ManagementMessageType.ImageExpectation"/>, Comms Hub to HAN device: the Manufacturer Image SHA-256 the
    /// named image must have. HanBench choice: docs/PROTOCOL.md §3 says a device activates only after it has checked the hash,
    /// and the public material does not say where a PPMID gets the hash from; HanBench carries the Central Product List
    /// hash of the distribution request to the device this way. A device queries for an image only when it holds an
    /// expectation for it, and discards an image whose hash differs (the hub then reports 0x8F89 code 1).
    /// Body: <c>manufacturerCode (2) · imageType (2) · fileVersion (4) · SHA-256 (32)</c>.
    /// </summary>
    public sealed class ImageExpectation
    {
        /// <summary>Octets of a SHA-256.</summary>
        public const int HashLength = ImageHashField.HashLength;

        /// <summary>Octets of the body.</summary>
        public const int EncodedLength = ImageHashField.EncodedLength;

        private readonly ImageHashField _field = new ImageHashField();

        /// <summary>The image.</summary>
        public ImageIdentity Image
        {
            get => _field.Image;
            set => _field.Image = value;
        }

        /// <summary>The expected hash (owned by this instance).</summary>
        public byte[] ManufacturerImageHash => _field.Hash;

        /// <summary>Copies 32 octets of <paramref name="hash"/> from <paramref name="offset"/>.</summary>
        public void SetHash(byte[] hash, int offset)
        {
            _field.SetHash(hash, offset);
        }

        /// <summary>Writes the body.</summary>
        public void WriteTo(ByteWriter writer)
        {
            _field.WriteTo(writer);
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, ImageExpectation into)
        {
            if (!into._field.TryRead(reader, out ImageIdentity image))
            {
                return ManagementDecodeStatus.Truncated;
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

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// The field <see cref="DistributeImageRequest"/> and <see cref="ImageExpectation"/> both begin with: an image and the
    /// Manufacturer Image SHA-256 it must have, <c>manufacturerCode (2) · imageType (2) · fileVersion (4) · SHA-256 (32)</c>
    /// (HanBench choice, see those types). Kept in one place so the two messages cannot drift apart on the wire; each
    /// message owns one instance, allocated with it, and reuses it on every decode.
    /// </summary>
    internal sealed class ImageHashField
    {
        /// <summary>Octets of a SHA-256.</summary>
        public const int HashLength = 32;

        /// <summary>Octets of the field.</summary>
        public const int EncodedLength = ImageIdentity.EncodedLength + HashLength;

        private readonly byte[] _hash = new byte[HashLength];

        /// <summary>The image.</summary>
        public ImageIdentity Image { get; set; }

        /// <summary>The expected hash (owned by this instance).</summary>
        public byte[] Hash => _hash;

        /// <summary>Copies <see cref="HashLength"/> octets of <paramref name="hash"/> from <paramref name="offset"/>.</summary>
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

        /// <summary>Writes the identity then the hash.</summary>
        public void WriteTo(ByteWriter writer)
        {
            Image.WriteTo(writer);
            writer.WriteBytes(_hash, 0, HashLength);
        }

        /// <summary>
        /// Reads the identity into <paramref name="image"/> and the hash into <see cref="Hash"/>; false when the reader runs
        /// out. <see cref="Image"/> is left alone: the message sets it only once its whole body has decoded.
        /// </summary>
        public bool TryRead(ByteReader reader, out ImageIdentity image)
        {
            return ImageIdentity.TryRead(reader, out image) && reader.TryCopyTo(_hash, 0, HashLength);
        }
    }
}

using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// A whole OTA image held in memory (the host, or a Comms Hub reading its store): the header, the layout of
    /// what follows it, and where the Manufacturer Image is. A view into the caller's buffer; nothing is copied.
    /// <para>Layout rule (HanBench choice; the public material gives no discriminator, docs/PROTOCOL.md §2):</para>
    /// <list type="number">
    /// <item>The header must decode and its total image size must equal the input length.</item>
    /// <item><see cref="OtaImageLayout.ZigBee"/> when the bytes after the header split exactly into tag/length
    /// sub-elements, at least one of them an upgrade image (tag 0x0000). Random or GBCS content passes this only if
    /// a chain of 32-bit lengths lands exactly on the end, so it is tried first.</item>
    /// <item>Otherwise <see cref="OtaImageLayout.GbcsSigned"/> when at least 66 bytes follow the header and the last 66
    /// have the trailer shape (<see cref="GbcsSignatureTrailer.Matches"/>).</item>
    /// <item>Otherwise <see cref="OtaImageLayout.Gbcs"/>: everything after the header is the Manufacturer Image.</item>
    /// </list>
    /// An unsigned GBCS image whose content happens to end in the trailer shape would be read as signed; a caller
    /// that knows what it expects (SRV 11.4 PPMID images are unsigned, 11.1 images signed) passes the layout instead
    /// of <see cref="OtaImageLayout.Unknown"/> and gets <see cref="OtaFileStatus.LayoutMismatch"/> when it differs.
    /// </summary>
    public sealed class OtaImage
    {
        private readonly ByteReader _reader = new ByteReader();
        private readonly Sha256 _hasher = new Sha256();

        /// <summary>Creates an empty image to parse into.</summary>
        public OtaImage()
        {
            Header = new OtaHeader();
            Buffer = new byte[0];
        }

        /// <summary>The decoded header.</summary>
        public OtaHeader Header { get; }

        /// <summary>The layout found (<see cref="OtaImageLayout.Unknown"/> until a parse succeeds).</summary>
        public OtaImageLayout Layout { get; private set; }

        /// <summary>The buffer holding the image.</summary>
        public byte[] Buffer { get; private set; }

        /// <summary>Index of the image's first byte in <see cref="Buffer"/>.</summary>
        public int Offset { get; private set; }

        /// <summary>Image length in bytes (the header's total image size).</summary>
        public int Length { get; private set; }

        /// <summary>Index in <see cref="Buffer"/> of the Manufacturer Image.</summary>
        public int ManufacturerImageOffset { get; private set; }

        /// <summary>Length of the Manufacturer Image.</summary>
        public int ManufacturerImageLength { get; private set; }

        /// <summary>Whether a GBCS signature trailer follows the Manufacturer Image.</summary>
        public bool HasSignature => Layout == OtaImageLayout.GbcsSigned;

        /// <summary>The trailer's force-replace byte (0 when there is no trailer).</summary>
        public byte ForceReplace { get; private set; }

        /// <summary>Index in <see cref="Buffer"/> of the 64-byte signature r‖s (meaningful when <see cref="HasSignature"/>).</summary>
        public int SignatureOffset { get; private set; }

        /// <summary>Number of sub-elements of a <see cref="OtaImageLayout.ZigBee"/> image; 0 otherwise.</summary>
        public int SubElementCount { get; private set; }

        /// <summary>
        /// Parses <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> into
        /// <paramref name="image"/>. <paramref name="expected"/> = <see cref="OtaImageLayout.Unknown"/> detects the
        /// layout by the rule in the class summary. Never throws on bad input.
        /// </summary>
        public static OtaFileStatus TryParse(byte[] buffer, int offset, int count, OtaImageLayout expected, OtaImage image)
        {
            if (image == null)
            {
                throw new System.ArgumentNullException(nameof(image));
            }

            image._reader.Reset(buffer, offset, count);
            image.Layout = OtaImageLayout.Unknown;
            image.Buffer = buffer;
            image.Offset = offset;
            image.Length = 0;
            image.ManufacturerImageOffset = 0;
            image.ManufacturerImageLength = 0;
            image.ForceReplace = 0;
            image.SignatureOffset = 0;
            image.SubElementCount = 0;

            OtaFileStatus status = OtaHeader.TryDecode(image._reader, image.Header);
            if (status != OtaFileStatus.Ok)
            {
                return status;
            }

            long total = image.Header.TotalImageSize;
            if (count < total)
            {
                return OtaFileStatus.Truncated;
            }

            if (count > total)
            {
                return OtaFileStatus.TotalSizeMismatch;
            }

            int bodyOffset = offset + image.Header.HeaderLength;
            int bodyLength = count - image.Header.HeaderLength;

            bool zigBee = false;
            int elements = 0;
            int upgradeOffset = 0;
            int upgradeLength = 0;
            if (expected == OtaImageLayout.Unknown || expected == OtaImageLayout.ZigBee)
            {
                zigBee = TryTileSubElements(buffer, bodyOffset, bodyLength, out elements, out upgradeOffset, out upgradeLength);
            }

            bool trailer = bodyLength >= GbcsSignatureTrailer.Length
                && GbcsSignatureTrailer.Matches(buffer, bodyOffset + bodyLength - GbcsSignatureTrailer.Length);

            status = DecideLayout(expected, zigBee, trailer, out OtaImageLayout layout);
            if (status != OtaFileStatus.Ok)
            {
                return status;
            }

            image.Length = count;
            image.Layout = layout;
            if (layout == OtaImageLayout.ZigBee)
            {
                image.SubElementCount = elements;
                image.ManufacturerImageOffset = upgradeOffset;
                image.ManufacturerImageLength = upgradeLength;
            }
            else if (layout == OtaImageLayout.GbcsSigned)
            {
                int trailerOffset = bodyOffset + bodyLength - GbcsSignatureTrailer.Length;
                image.ManufacturerImageOffset = bodyOffset;
                image.ManufacturerImageLength = bodyLength - GbcsSignatureTrailer.Length;
                image.ForceReplace = buffer[trailerOffset + GbcsSignatureTrailer.ForceReplaceOffset];
                image.SignatureOffset = trailerOffset + GbcsSignatureTrailer.SignatureOffset;
            }
            else
            {
                image.ManufacturerImageOffset = bodyOffset;
                image.ManufacturerImageLength = bodyLength;
            }

            return OtaFileStatus.Ok;
        }

        /// <summary>Writes SHA-256 of the Manufacturer Image (the GBCS firmware hash, CS06) to <paramref name="output"/>.</summary>
        public void GetManufacturerImageHash(byte[] output, int offset)
        {
            if (Layout == OtaImageLayout.Unknown)
            {
                throw new System.InvalidOperationException("no image parsed");
            }

            _hasher.Reset();
            _hasher.Append(Buffer, ManufacturerImageOffset, ManufacturerImageLength);
            _hasher.GetHash(output, offset);
        }

        /// <summary>SHA-256 of the Manufacturer Image as a new 32-byte array.</summary>
        public byte[] GetManufacturerImageHash()
        {
            byte[] hash = new byte[Sha256.HashLength];
            GetManufacturerImageHash(hash, 0);
            return hash;
        }

        /// <summary>
        /// The <paramref name="index"/>th sub-element of a <see cref="OtaImageLayout.ZigBee"/> image: its tag and where
        /// its data lies in <see cref="Buffer"/>. False when there is no such sub-element.
        /// </summary>
        public bool TryGetSubElement(int index, out ushort tag, out int dataOffset, out int dataLength)
        {
            tag = 0;
            dataOffset = 0;
            dataLength = 0;
            if (Layout != OtaImageLayout.ZigBee || index < 0 || index >= SubElementCount)
            {
                return false;
            }

            _reader.Reset(Buffer, Offset + Header.HeaderLength, Length - Header.HeaderLength);
            for (int i = 0; i <= index; i++)
            {
                _reader.TryReadUInt16LittleEndian(out tag);
                _reader.TryReadUInt32LittleEndian(out uint length);
                dataLength = (int)length;
                _reader.TryReadSlice(dataLength, out dataOffset);
            }

            return true;
        }

        /// <summary>
        /// Whether <paramref name="count"/> bytes from <paramref name="offset"/> split exactly into ZigBee sub-elements
        /// with at least one upgrade image; reports the element count and the first upgrade image's data.
        /// </summary>
        public static bool TryTileSubElements(byte[] buffer, int offset, int count, out int elementCount, out int upgradeOffset, out int upgradeLength)
        {
            elementCount = 0;
            upgradeOffset = 0;
            upgradeLength = 0;
            bool upgradeFound = false;
            int position = offset;
            int end = offset + count;
            while (position < end)
            {
                if (end - position < OtaSubElementTag.HeaderLength)
                {
                    return false;
                }

                ushort tag = (ushort)(buffer[position] | (buffer[position + 1] << 8));
                uint length = (uint)(buffer[position + 2] | (buffer[position + 3] << 8) | (buffer[position + 4] << 16)) | ((uint)buffer[position + 5] << 24);
                position += OtaSubElementTag.HeaderLength;
                if (length > (uint)(end - position))
                {
                    return false;
                }

                if (tag == OtaSubElementTag.UpgradeImage && !upgradeFound)
                {
                    upgradeFound = true;
                    upgradeOffset = position;
                    upgradeLength = (int)length;
                }

                position += (int)length;
                elementCount++;
            }

            return upgradeFound;
        }

        /// <summary>
        /// The layout decision shared by <see cref="TryParse"/> and <see cref="OtaImageVerifier"/>, from whether the
        /// body tiles into sub-elements with an upgrade image and whether it ends in a GBCS trailer shape.
        /// </summary>
        public static OtaFileStatus DecideLayout(OtaImageLayout expected, bool tilesAsZigBee, bool endsInGbcsTrailer, out OtaImageLayout layout)
        {
            layout = OtaImageLayout.Unknown;
            switch (expected)
            {
                case OtaImageLayout.Unknown:
                    layout = tilesAsZigBee ? OtaImageLayout.ZigBee : endsInGbcsTrailer ? OtaImageLayout.GbcsSigned : OtaImageLayout.Gbcs;
                    return OtaFileStatus.Ok;
                case OtaImageLayout.ZigBee:
                    if (!tilesAsZigBee)
                    {
                        return OtaFileStatus.LayoutMismatch;
                    }

                    layout = OtaImageLayout.ZigBee;
                    return OtaFileStatus.Ok;
                case OtaImageLayout.GbcsSigned:
                    if (!endsInGbcsTrailer)
                    {
                        return OtaFileStatus.LayoutMismatch;
                    }

                    layout = OtaImageLayout.GbcsSigned;
                    return OtaFileStatus.Ok;
                case OtaImageLayout.Gbcs:
                    layout = OtaImageLayout.Gbcs;
                    return OtaFileStatus.Ok;
                default:
                    throw new System.ArgumentOutOfRangeException(nameof(expected));
            }
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// The OTA file header (ZCL OTA Upgrade cluster, "OTA Header Format"), little-endian:
    /// <code>
    /// 0   4  OTA upgrade file identifier 0x0BEEF11E (bytes 1E F1 EE 0B)
    /// 4   2  header version 0x0100
    /// 6   2  header length (from byte 0 to the first byte after the header)
    /// 8   2  field control (OtaHeaderFieldControl)
    /// 10  2  manufacturer code
    /// 12  2  image type (OtaImageType)
    /// 14  4  file version
    /// 18  2  ZigBee stack version (0x0002 = ZigBee PRO)
    /// 20 32  header string
    /// 52  4  total image size (header included)
    /// 56  [1 security credential version] [8 upgrade file destination] [2 minimum + 2 maximum hardware version]
    /// </code>
    /// GBCS images use the same header (docs/PROTOCOL.md §2). A header longer than its known fields is accepted (the
    /// header length exists so older devices can skip fields added later); <see cref="WriteTo"/> writes the known
    /// fields only, with a header length of <see cref="EncodedLength"/>.
    /// </summary>
    public sealed class OtaHeader
    {
        /// <summary>The OTA upgrade file identifier.</summary>
        public const uint Magic = 0x0BEEF11E;

        /// <summary>The header version this decoder reads.</summary>
        public const ushort SupportedHeaderVersion = 0x0100;

        /// <summary>ZigBee stack version of ZigBee PRO.</summary>
        public const ushort ZigBeeProStackVersion = 0x0002;

        /// <summary>Length of the header string.</summary>
        public const int HeaderStringLength = 32;

        /// <summary>Bytes up to and including the total image size.</summary>
        public const int FixedLength = 56;

        /// <summary>Bytes from the file start to the end of the field control: enough to learn the header length.</summary>
        public const int PrefixLength = 10;

        /// <summary>Longest header with every known optional field.</summary>
        public const int MaxEncodedLength = FixedLength + 1 + 8 + 4;

        private readonly byte[] _headerString = new byte[HeaderStringLength];

        /// <summary>Creates a header with header version 0x0100 and stack version ZigBee PRO, everything else zero.</summary>
        public OtaHeader()
        {
            Clear();
        }

        /// <summary>Header length as decoded (it may exceed <see cref="EncodedLength"/>); 0 for a header never decoded.</summary>
        public ushort HeaderLength { get; private set; }

        /// <summary>Field control bits, reserved ones included.</summary>
        public ushort FieldControl { get; set; }

        /// <summary>Manufacturer code (0x121D in the RTDS images).</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>Image type; see <see cref="OtaImageType"/> for the reserved values.</summary>
        public ushort ImageType { get; set; }

        /// <summary>File version: the firmware version GBCS reports (CS08, 0x8F8B).</summary>
        public uint FileVersion { get; set; }

        /// <summary>ZigBee stack version.</summary>
        public ushort ZigBeeStackVersion { get; set; }

        /// <summary>Total image size in bytes, header included.</summary>
        public uint TotalImageSize { get; set; }

        /// <summary>Security credential version (present when the field control bit 0 is set).</summary>
        public byte SecurityCredentialVersion { get; set; }

        /// <summary>Upgrade file destination IEEE address (present when field control bit 1 is set).</summary>
        public ulong UpgradeFileDestination { get; set; }

        /// <summary>Minimum hardware version (present when field control bit 2 is set).</summary>
        public ushort MinimumHardwareVersion { get; set; }

        /// <summary>Maximum hardware version (present when field control bit 2 is set).</summary>
        public ushort MaximumHardwareVersion { get; set; }

        /// <summary>The 32 raw header-string bytes; the array is owned by this header and reused.</summary>
        public byte[] HeaderString => _headerString;

        /// <summary>Whether the security credential version is present (field control bit 0).</summary>
        public bool HasSecurityCredentialVersion
        {
            get { return (FieldControl & OtaHeaderFieldControl.SecurityCredentialVersionPresent) != 0; }
            set { SetBit(OtaHeaderFieldControl.SecurityCredentialVersionPresent, value); }
        }

        /// <summary>Whether the upgrade file destination is present (field control bit 1).</summary>
        public bool HasUpgradeFileDestination
        {
            get { return (FieldControl & OtaHeaderFieldControl.UpgradeFileDestinationPresent) != 0; }
            set { SetBit(OtaHeaderFieldControl.UpgradeFileDestinationPresent, value); }
        }

        /// <summary>Whether the minimum and maximum hardware versions are present (field control bit 2).</summary>
        public bool HasHardwareVersions
        {
            get { return (FieldControl & OtaHeaderFieldControl.HardwareVersionsPresent) != 0; }
            set { SetBit(OtaHeaderFieldControl.HardwareVersionsPresent, value); }
        }

        /// <summary>Bytes <see cref="WriteTo"/> writes: the fixed part plus the optional fields the field control announces.</summary>
        public int EncodedLength => KnownLength(FieldControl);

        /// <summary>Resets every field: header version 0x0100, stack ZigBee PRO, no optional fields, zero elsewhere.</summary>
        public void Clear()
        {
            HeaderLength = 0;
            FieldControl = 0;
            ManufacturerCode = 0;
            ImageType = 0;
            FileVersion = 0;
            ZigBeeStackVersion = ZigBeeProStackVersion;
            TotalImageSize = 0;
            SecurityCredentialVersion = 0;
            UpgradeFileDestination = 0;
            MinimumHardwareVersion = 0;
            MaximumHardwareVersion = 0;
            System.Array.Clear(_headerString, 0, HeaderStringLength);
        }

        /// <summary>The header string as UTF-8 text, without the trailing zero padding.</summary>
        public string GetHeaderString()
        {
            int length = HeaderStringLength;
            while (length > 0 && _headerString[length - 1] == 0)
            {
                length--;
            }

            return System.Text.Encoding.UTF8.GetString(_headerString, 0, length);
        }

        /// <summary>
        /// Sets the header string from text, UTF-8 encoded and padded with zeros. Throws
        /// <see cref="System.ArgumentException"/> when it encodes to more than 32 bytes.
        /// </summary>
        public void SetHeaderString(string text)
        {
            if (text == null)
            {
                throw new System.ArgumentNullException(nameof(text));
            }

            byte[] encoded = System.Text.Encoding.UTF8.GetBytes(text);
            if (encoded.Length > HeaderStringLength)
            {
                throw new System.ArgumentException("header string longer than 32 bytes in UTF-8", nameof(text));
            }

            System.Array.Clear(_headerString, 0, HeaderStringLength);
            System.Array.Copy(encoded, _headerString, encoded.Length);
        }

        /// <summary>Writes the header with a header length of <see cref="EncodedLength"/>.</summary>
        public void WriteTo(ByteWriter writer)
        {
            writer.WriteUInt32LittleEndian(Magic);
            writer.WriteUInt16LittleEndian(SupportedHeaderVersion);
            writer.WriteUInt16LittleEndian((ushort)EncodedLength);
            writer.WriteUInt16LittleEndian(FieldControl);
            writer.WriteUInt16LittleEndian(ManufacturerCode);
            writer.WriteUInt16LittleEndian(ImageType);
            writer.WriteUInt32LittleEndian(FileVersion);
            writer.WriteUInt16LittleEndian(ZigBeeStackVersion);
            writer.WriteBytes(_headerString, 0, HeaderStringLength);
            writer.WriteUInt32LittleEndian(TotalImageSize);
            if (HasSecurityCredentialVersion)
            {
                writer.WriteByte(SecurityCredentialVersion);
            }

            if (HasUpgradeFileDestination)
            {
                writer.WriteUInt64LittleEndian(UpgradeFileDestination);
            }

            if (HasHardwareVersions)
            {
                writer.WriteUInt16LittleEndian(MinimumHardwareVersion);
                writer.WriteUInt16LittleEndian(MaximumHardwareVersion);
            }
        }

        /// <summary>
        /// Decodes a header into <paramref name="header"/> and consumes all <see cref="HeaderLength"/> bytes of it
        /// (bytes past the known fields are skipped). Never throws on bad input.
        /// </summary>
        public static OtaFileStatus TryDecode(ByteReader reader, OtaHeader header)
        {
            int start = reader.Position;
            OtaFileStatus status = TryDecodeKnownFields(reader, header);
            if (status != OtaFileStatus.Ok)
            {
                return status;
            }

            int consumed = reader.Position - start;
            if (!reader.TrySkip(header.HeaderLength - consumed))
            {
                return OtaFileStatus.Truncated;
            }

            return OtaFileStatus.Ok;
        }

        /// <summary>
        /// Decodes the known fields only, leaving any bytes between them and <see cref="HeaderLength"/> unread, so a
        /// streaming verifier can decode from a <see cref="MaxEncodedLength"/>-byte buffer whatever the header length.
        /// </summary>
        public static OtaFileStatus TryDecodeKnownFields(ByteReader reader, OtaHeader header)
        {
            if (reader == null)
            {
                throw new System.ArgumentNullException(nameof(reader));
            }

            if (header == null)
            {
                throw new System.ArgumentNullException(nameof(header));
            }

            if (!reader.TryReadUInt32LittleEndian(out uint magic))
            {
                return OtaFileStatus.Truncated;
            }

            if (magic != Magic)
            {
                return OtaFileStatus.BadMagic;
            }

            if (!reader.TryReadUInt16LittleEndian(out ushort headerVersion))
            {
                return OtaFileStatus.Truncated;
            }

            if (headerVersion != SupportedHeaderVersion)
            {
                return OtaFileStatus.UnsupportedHeaderVersion;
            }

            if (!reader.TryReadUInt16LittleEndian(out ushort headerLength) || !reader.TryReadUInt16LittleEndian(out ushort fieldControl))
            {
                return OtaFileStatus.Truncated;
            }

            int knownLength = KnownLength(fieldControl);
            if (headerLength < knownLength)
            {
                return OtaFileStatus.HeaderLengthMismatch;
            }

            if (reader.Remaining < knownLength - PrefixLength)
            {
                return OtaFileStatus.Truncated;
            }

            header.Clear();
            header.HeaderLength = headerLength;
            header.FieldControl = fieldControl;
            reader.TryReadUInt16LittleEndian(out ushort manufacturerCode);
            reader.TryReadUInt16LittleEndian(out ushort imageType);
            reader.TryReadUInt32LittleEndian(out uint fileVersion);
            reader.TryReadUInt16LittleEndian(out ushort stackVersion);
            reader.TryCopyTo(header._headerString, 0, HeaderStringLength);
            reader.TryReadUInt32LittleEndian(out uint totalImageSize);
            header.ManufacturerCode = manufacturerCode;
            header.ImageType = imageType;
            header.FileVersion = fileVersion;
            header.ZigBeeStackVersion = stackVersion;
            header.TotalImageSize = totalImageSize;

            if (header.HasSecurityCredentialVersion)
            {
                reader.TryReadByte(out byte credentialVersion);
                header.SecurityCredentialVersion = credentialVersion;
            }

            if (header.HasUpgradeFileDestination)
            {
                reader.TryReadUInt64LittleEndian(out ulong destination);
                header.UpgradeFileDestination = destination;
            }

            if (header.HasHardwareVersions)
            {
                reader.TryReadUInt16LittleEndian(out ushort minimum);
                reader.TryReadUInt16LittleEndian(out ushort maximum);
                header.MinimumHardwareVersion = minimum;
                header.MaximumHardwareVersion = maximum;
            }

            // ZCL OTA: the total image size includes the header, so it cannot be smaller than the header.
            if (totalImageSize < headerLength)
            {
                return OtaFileStatus.TotalSizeMismatch;
            }

            return OtaFileStatus.Ok;
        }

        /// <summary>Length of the fixed part plus the optional fields <paramref name="fieldControl"/> announces.</summary>
        public static int KnownLength(ushort fieldControl)
        {
            int length = FixedLength;
            if ((fieldControl & OtaHeaderFieldControl.SecurityCredentialVersionPresent) != 0)
            {
                length += 1;
            }

            if ((fieldControl & OtaHeaderFieldControl.UpgradeFileDestinationPresent) != 0)
            {
                length += 8;
            }

            if ((fieldControl & OtaHeaderFieldControl.HardwareVersionsPresent) != 0)
            {
                length += 4;
            }

            return length;
        }

        private void SetBit(ushort bit, bool value)
        {
            FieldControl = value ? (ushort)(FieldControl | bit) : (ushort)(FieldControl & ~bit);
        }
    }
}

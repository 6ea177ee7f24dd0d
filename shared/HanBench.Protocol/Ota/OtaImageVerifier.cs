using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// Verifies an OTA image while it streams, without holding it (docs/PLATFORM.md: never hold a firmware image in RAM;
    /// an end device on a 4 MB board keeps only the digest). Fed the image's bytes in order, in blocks of any size,
    /// it decodes the header as soon as it has it, hashes the Manufacturer Image as it passes, refuses bytes beyond
    /// the total image size, and at <see cref="Complete"/> reports the layout, the Manufacturer Image SHA-256 and any
    /// defect — the same answers as <see cref="OtaImage.TryParse"/> on the whole image, by the same layout rule.
    /// <para>
    /// How the layout can be decided at the end without a second pass: bytes before the last 66 go straight into one
    /// hasher (the GBCS Manufacturer Image candidate) and the last 66 are held back; a signed image's hash is then
    /// final as is, an unsigned one's takes the held-back bytes too. A second hasher follows the first ZigBee
    /// upgrade-image sub-element. Everything is allocated in the constructor: <see cref="Append"/> allocates nothing.
    /// </para>
    /// </summary>
    public sealed class OtaImageVerifier
    {
        private readonly byte[] _headerBytes = new byte[OtaHeader.MaxEncodedLength];
        private readonly ByteReader _reader = new ByteReader();
        private readonly Sha256 _bodyHash = new Sha256();
        private readonly Sha256 _upgradeHash = new Sha256();
        private readonly byte[] _tail = new byte[GbcsSignatureTrailer.Length];
        private readonly byte[] _elementHeader = new byte[OtaSubElementTag.HeaderLength];
        private readonly byte[] _hash = new byte[Sha256.HashLength];
        private readonly byte[] _signature = new byte[GbcsSignatureTrailer.SignatureLength];

        private OtaImageLayout _expected;
        private int _headerFill;
        private int _headerNeed;
        private bool _headerDecoded;
        private long _headerLength;
        private long _total;
        private long _tailStart;

        private bool _scan;
        private bool _scanFailed;
        private bool _inElementData;
        private bool _currentIsUpgrade;
        private int _elementHeaderFill;
        private long _elementRemaining;
        private bool _upgradeFound;
        private long _upgradeOffset;
        private long _upgradeLength;

        /// <summary>Creates a verifier that detects the layout; see <see cref="Reset(OtaImageLayout)"/>.</summary>
        public OtaImageVerifier()
        {
            Header = new OtaHeader();
            Reset(OtaImageLayout.Unknown);
        }

        /// <summary>The header, once <see cref="HeaderDecoded"/>.</summary>
        public OtaHeader Header { get; }

        /// <summary>Whether the header has been decoded (the total image size is known).</summary>
        public bool HeaderDecoded => _headerDecoded;

        /// <summary>Bytes accepted so far; the next block must start at this file offset.</summary>
        public long BytesReceived { get; private set; }

        /// <summary>Ok while nothing is wrong; the first defect found otherwise (it sticks until <see cref="Reset(OtaImageLayout)"/>).</summary>
        public OtaFileStatus Status { get; private set; }

        /// <summary>Whether <see cref="Complete"/> has been called.</summary>
        public bool IsComplete { get; private set; }

        /// <summary>The layout found by <see cref="Complete"/>.</summary>
        public OtaImageLayout Layout { get; private set; }

        /// <summary>File offset of the Manufacturer Image (after a successful <see cref="Complete"/>).</summary>
        public long ManufacturerImageOffset { get; private set; }

        /// <summary>Length of the Manufacturer Image (after a successful <see cref="Complete"/>).</summary>
        public long ManufacturerImageLength { get; private set; }

        /// <summary>SHA-256 of the Manufacturer Image; owned by the verifier and overwritten by the next image.</summary>
        public byte[] ManufacturerImageHash => _hash;

        /// <summary>Whether the image carried a GBCS signature trailer.</summary>
        public bool HasSignature => Layout == OtaImageLayout.GbcsSigned;

        /// <summary>The trailer's force-replace byte (0 without a trailer).</summary>
        public byte ForceReplace { get; private set; }

        /// <summary>The 64-byte signature r‖s when <see cref="HasSignature"/>; owned by the verifier.</summary>
        public byte[] Signature => _signature;

        /// <summary>Starts a new image, detecting its layout.</summary>
        public void Reset()
        {
            Reset(OtaImageLayout.Unknown);
        }

        /// <summary>
        /// Starts a new image. <paramref name="expected"/> = <see cref="OtaImageLayout.Unknown"/> detects the layout by
        /// the rule of <see cref="OtaImage"/>; any other value demands it (<see cref="OtaFileStatus.LayoutMismatch"/>).
        /// </summary>
        public void Reset(OtaImageLayout expected)
        {
            if (expected != OtaImageLayout.Unknown && expected != OtaImageLayout.ZigBee && expected != OtaImageLayout.Gbcs && expected != OtaImageLayout.GbcsSigned)
            {
                throw new System.ArgumentOutOfRangeException(nameof(expected));
            }

            _expected = expected;
            Header.Clear();
            _headerFill = 0;
            _headerNeed = OtaHeader.PrefixLength;
            _headerDecoded = false;
            _headerLength = 0;
            _total = 0;
            _tailStart = 0;
            _bodyHash.Reset();
            _upgradeHash.Reset();
            _scan = expected == OtaImageLayout.Unknown || expected == OtaImageLayout.ZigBee;
            _scanFailed = false;
            _inElementData = false;
            _currentIsUpgrade = false;
            _elementHeaderFill = 0;
            _elementRemaining = 0;
            _upgradeFound = false;
            _upgradeOffset = 0;
            _upgradeLength = 0;
            BytesReceived = 0;
            Status = OtaFileStatus.Ok;
            IsComplete = false;
            Layout = OtaImageLayout.Unknown;
            ManufacturerImageOffset = 0;
            ManufacturerImageLength = 0;
            ForceReplace = 0;
            System.Array.Clear(_hash, 0, _hash.Length);
            System.Array.Clear(_signature, 0, _signature.Length);
        }

        /// <summary>
        /// Feeds the next <paramref name="count"/> bytes of the image. Returns <see cref="Status"/>: a defect found now
        /// or earlier (bytes after a defect are ignored). Throws if called after <see cref="Complete"/>.
        /// </summary>
        public OtaFileStatus Append(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            if (IsComplete)
            {
                throw new System.InvalidOperationException("OtaImageVerifier: Append after Complete; call Reset first");
            }

            while (count > 0 && Status == OtaFileStatus.Ok)
            {
                if (!_headerDecoded)
                {
                    int take = _headerNeed - _headerFill;
                    if (take > count)
                    {
                        take = count;
                    }

                    System.Array.Copy(buffer, offset, _headerBytes, _headerFill, take);
                    _headerFill += take;
                    BytesReceived += take;
                    offset += take;
                    count -= take;
                    if (_headerFill == _headerNeed)
                    {
                        TryDecodeHeader();
                    }

                    continue;
                }

                long room = _total - BytesReceived;
                if (room <= 0)
                {
                    Status = OtaFileStatus.TotalSizeMismatch;
                    break;
                }

                int chunk = count < room ? count : (int)room;
                Process(buffer, offset, chunk, BytesReceived);
                BytesReceived += chunk;
                offset += chunk;
                count -= chunk;
            }

            return Status;
        }

        /// <summary>
        /// Ends the image: checks that all of it arrived, decides the layout and finishes the Manufacturer Image hash.
        /// Returns the final status; calling it again returns the same.
        /// </summary>
        public OtaFileStatus Complete()
        {
            if (IsComplete)
            {
                return Status;
            }

            IsComplete = true;
            if (Status != OtaFileStatus.Ok)
            {
                return Status;
            }

            if (!_headerDecoded)
            {
                // Decode what did arrive, so a short non-OTA file is reported as BadMagic, as the whole-image parse does.
                _reader.Reset(_headerBytes, 0, _headerFill);
                OtaFileStatus headerStatus = OtaHeader.TryDecodeKnownFields(_reader, Header);
                Status = headerStatus == OtaFileStatus.Ok ? OtaFileStatus.Truncated : headerStatus;
                return Status;
            }

            if (BytesReceived < _total)
            {
                Status = OtaFileStatus.Truncated;
                return Status;
            }

            long bodyLength = _total - _headerLength;
            bool tiles = _scan && !_scanFailed && !_inElementData && _elementHeaderFill == 0 && _upgradeFound;
            bool trailer = bodyLength >= GbcsSignatureTrailer.Length && GbcsSignatureTrailer.Matches(_tail, 0);
            OtaFileStatus status = OtaImage.DecideLayout(_expected, tiles, trailer, out OtaImageLayout layout);
            if (status != OtaFileStatus.Ok)
            {
                Status = status;
                return Status;
            }

            Layout = layout;
            if (layout == OtaImageLayout.ZigBee)
            {
                ManufacturerImageOffset = _upgradeOffset;
                ManufacturerImageLength = _upgradeLength;
                _upgradeHash.GetHash(_hash, 0);
            }
            else if (layout == OtaImageLayout.GbcsSigned)
            {
                ManufacturerImageOffset = _headerLength;
                ManufacturerImageLength = bodyLength - GbcsSignatureTrailer.Length;
                ForceReplace = _tail[GbcsSignatureTrailer.ForceReplaceOffset];
                System.Array.Copy(_tail, GbcsSignatureTrailer.SignatureOffset, _signature, 0, GbcsSignatureTrailer.SignatureLength);
                _bodyHash.GetHash(_hash, 0);
            }
            else
            {
                ManufacturerImageOffset = _headerLength;
                ManufacturerImageLength = bodyLength;
                _bodyHash.Append(_tail, 0, (int)(_total - _tailStart));
                _bodyHash.GetHash(_hash, 0);
            }

            return Status;
        }

        /// <summary>Copies <see cref="ManufacturerImageHash"/> to <paramref name="output"/> at <paramref name="offset"/>.</summary>
        public void GetManufacturerImageHash(byte[] output, int offset)
        {
            if (!IsComplete || Status != OtaFileStatus.Ok)
            {
                throw new System.InvalidOperationException("OtaImageVerifier: no verified image");
            }

            System.Array.Copy(_hash, 0, output, offset, Sha256.HashLength);
        }

        private void TryDecodeHeader()
        {
            _reader.Reset(_headerBytes, 0, _headerFill);
            OtaFileStatus status = OtaHeader.TryDecodeKnownFields(_reader, Header);
            if (status == OtaFileStatus.Truncated && _headerNeed == OtaHeader.PrefixLength)
            {
                // Magic, version and header length are good so far (a bad one is reported at once). Bytes 6–7 are the
                // header length: collect up to the known fields' maximum and skip the rest as it streams.
                int headerLength = _headerBytes[6] | (_headerBytes[7] << 8);
                _headerNeed = headerLength > OtaHeader.MaxEncodedLength ? OtaHeader.MaxEncodedLength : headerLength;
                return;
            }

            if (status != OtaFileStatus.Ok)
            {
                Status = status;
                return;
            }

            _headerDecoded = true;
            _headerLength = Header.HeaderLength;
            _total = Header.TotalImageSize;
            _tailStart = _total - GbcsSignatureTrailer.Length;
            if (_tailStart < _headerLength)
            {
                _tailStart = _headerLength;
            }
        }

        private void Process(byte[] buffer, int offset, int count, long fileOffset)
        {
            if (fileOffset < _headerLength)
            {
                // Header bytes past the known fields (a longer header from a later version): skipped.
                long skip = _headerLength - fileOffset;
                int skipped = count < skip ? count : (int)skip;
                offset += skipped;
                count -= skipped;
                fileOffset += skipped;
            }

            if (count == 0)
            {
                return;
            }

            int hashed = 0;
            if (fileOffset < _tailStart)
            {
                long before = _tailStart - fileOffset;
                hashed = count < before ? count : (int)before;
                _bodyHash.Append(buffer, offset, hashed);
            }

            if (hashed < count)
            {
                System.Array.Copy(buffer, offset + hashed, _tail, (int)(fileOffset + hashed - _tailStart), count - hashed);
            }

            if (_scan && !_scanFailed)
            {
                Scan(buffer, offset, count, fileOffset);
            }
        }

        // ZCL OTA sub-elements: tag (2) + length (4) + data, tiled up to the total image size.
        private void Scan(byte[] buffer, int offset, int count, long fileOffset)
        {
            while (count > 0)
            {
                if (!_inElementData)
                {
                    int take = OtaSubElementTag.HeaderLength - _elementHeaderFill;
                    if (take > count)
                    {
                        take = count;
                    }

                    System.Array.Copy(buffer, offset, _elementHeader, _elementHeaderFill, take);
                    _elementHeaderFill += take;
                    offset += take;
                    count -= take;
                    fileOffset += take;
                    if (_elementHeaderFill < OtaSubElementTag.HeaderLength)
                    {
                        return;
                    }

                    _elementHeaderFill = 0;
                    ushort tag = (ushort)(_elementHeader[0] | (_elementHeader[1] << 8));
                    uint length = (uint)(_elementHeader[2] | (_elementHeader[3] << 8) | (_elementHeader[4] << 16)) | ((uint)_elementHeader[5] << 24);
                    if (length > _total - fileOffset)
                    {
                        _scanFailed = true;
                        return;
                    }

                    _currentIsUpgrade = tag == OtaSubElementTag.UpgradeImage && !_upgradeFound;
                    if (_currentIsUpgrade)
                    {
                        _upgradeFound = true;
                        _upgradeOffset = fileOffset;
                        _upgradeLength = length;
                    }

                    _elementRemaining = length;
                    _inElementData = length > 0;
                    if (!_inElementData)
                    {
                        _currentIsUpgrade = false;
                    }

                    continue;
                }

                int data = count < _elementRemaining ? count : (int)_elementRemaining;
                if (_currentIsUpgrade)
                {
                    _upgradeHash.Append(buffer, offset, data);
                }

                _elementRemaining -= data;
                offset += data;
                count -= data;
                fileOffset += data;
                if (_elementRemaining == 0)
                {
                    _inElementData = false;
                    _currentIsUpgrade = false;
                }
            }
        }
    }
}

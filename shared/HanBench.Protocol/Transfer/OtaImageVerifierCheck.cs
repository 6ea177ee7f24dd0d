using HanBench.Protocol.Integrity;
using HanBench.Protocol.Ota;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// The <see cref="IOtaImageCheck"/> every HanBench OTA client uses: an <see cref="OtaImageVerifier"/> hashing the
    /// Manufacturer Image while blocks stream in, and then, in this order, the checks docs/PROTOCOL.md §2 asks for:
    /// <list type="number">
    /// <item>size: the bytes received equal the size offered and the header's total image size;</item>
    /// <item>header: it decodes and names the offered manufacturer code, image type and file version;</item>
    /// <item>hardware version: inside the header's range, when both the header and the device have one;</item>
    /// <item>Manufacturer Image SHA-256: equal to <see cref="ExpectedManufacturerImageHash"/> when the role knows it
    /// (from the distribution request, or the CS06 that will activate it);</item>
    /// <item>signature: for a GBCS supplier-signed image, <see cref="SignatureCheck"/> verifies it over the hash when the
    /// role supplies one; <see cref="RequireSignature"/> refuses unsigned images.</item>
    /// </list>
    /// Allocates nothing after construction.
    /// </summary>
    public sealed class OtaImageVerifierCheck : IOtaImageCheck
    {
        private readonly OtaImageVerifier _verifier;
        private ushort _manufacturerCode;
        private ushort _imageType;
        private uint _fileVersion;
        private uint _imageSize;
        private uint _received;

        /// <summary>A check that detects the image layout and checks no hash, hardware version or signature until told to.</summary>
        public OtaImageVerifierCheck()
        {
            _verifier = new OtaImageVerifier();
            ExpectedLayout = OtaImageLayout.Unknown;
        }

        /// <summary>The verifier: after <see cref="Complete"/>, its layout, Manufacturer Image hash and header.</summary>
        public OtaImageVerifier Verifier => _verifier;

        /// <summary>The layout the image must have, or <see cref="OtaImageLayout.Unknown"/> to detect it.</summary>
        public OtaImageLayout ExpectedLayout { get; set; }

        /// <summary>True when the device has a hardware version to hold against the header's range.</summary>
        public bool HasHardwareVersion { get; set; }

        /// <summary>The device's hardware version.</summary>
        public ushort HardwareVersion { get; set; }

        /// <summary>The SHA-256 the Manufacturer Image must have (32 bytes), or null not to compare.</summary>
        public byte[]? ExpectedManufacturerImageHash { get; set; }

        /// <summary>Verifies the signature of a signed image; null leaves signatures unchecked.</summary>
        public IOtaSignatureCheck? SignatureCheck { get; set; }

        /// <summary>True to refuse an image without a GBCS signature trailer.</summary>
        public bool RequireSignature { get; set; }

        /// <inheritdoc />
        public void Begin(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            _manufacturerCode = manufacturerCode;
            _imageType = imageType;
            _fileVersion = fileVersion;
            _imageSize = imageSize;
            _received = 0;
            _verifier.Reset(ExpectedLayout);
        }

        /// <inheritdoc />
        public void Append(byte[] buffer, int offset, int count)
        {
            _received += (uint)count;
            _verifier.Append(buffer, offset, count);
        }

        /// <inheritdoc />
        public OtaImageCheckResult Complete()
        {
            OtaFileStatus status = _verifier.Complete();
            if (_received != _imageSize || status == OtaFileStatus.Truncated || status == OtaFileStatus.TotalSizeMismatch)
            {
                return OtaImageCheckResult.SizeMismatch;
            }

            if (status != OtaFileStatus.Ok)
            {
                return OtaImageCheckResult.MalformedImage;
            }

            OtaHeader header = _verifier.Header;
            if (header.ManufacturerCode != _manufacturerCode || header.ImageType != _imageType || header.FileVersion != _fileVersion)
            {
                return OtaImageCheckResult.WrongImage;
            }

            if (header.TotalImageSize != _imageSize)
            {
                return OtaImageCheckResult.SizeMismatch;
            }

            if (HasHardwareVersion && header.HasHardwareVersions
                && (HardwareVersion < header.MinimumHardwareVersion || HardwareVersion > header.MaximumHardwareVersion))
            {
                return OtaImageCheckResult.HardwareVersionMismatch;
            }

            byte[] hash = _verifier.ManufacturerImageHash;
            byte[]? expected = ExpectedManufacturerImageHash;
            if (expected != null && !SameHash(expected, hash))
            {
                return OtaImageCheckResult.HashMismatch;
            }

            if (_verifier.HasSignature)
            {
                IOtaSignatureCheck? signatureCheck = SignatureCheck;
                if (signatureCheck != null && !signatureCheck.Verify(hash, 0, _verifier.Signature, 0))
                {
                    return OtaImageCheckResult.SignatureInvalid;
                }
            }
            else if (RequireSignature)
            {
                return OtaImageCheckResult.SignatureInvalid;
            }

            return OtaImageCheckResult.Valid;
        }

        private static bool SameHash(byte[] expected, byte[] actual)
        {
            if (expected.Length != Sha256.HashLength)
            {
                return false;
            }

            // Every byte compared whatever the first difference, so the time taken says nothing about where it is.
            int difference = 0;
            for (int i = 0; i < Sha256.HashLength; i++)
            {
                difference |= expected[i] ^ actual[i];
            }

            return difference == 0;
        }
    }
}

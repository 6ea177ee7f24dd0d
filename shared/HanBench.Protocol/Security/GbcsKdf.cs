using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Security
{
    /// <summary>
    /// The GBCS key derivation (GBCS 4.3.3.3; docs/GBCS-SECURITY.md §2): NIST SP 800-56A single-step KDF with SHA-256,
    /// one round (128 key bits fit in one 256-bit hash), keeping the first 16 octets:
    /// <code>
    /// key = SHA-256(00 00 00 01 ‖ Z ‖ OtherInfo)[0..16]
    /// OtherInfo = 60 85 74 06 08 03 00 ‖ originator title (8) ‖ 09 ‖ CRA flag ‖ originator counter (8) ‖ recipient title (8)
    /// </code>
    /// Z is the 32-octet static-static ECDH shared secret of the two KA keys; titles and counter are exactly those of
    /// the Grouping Header. Checked against every RTDS MAC whose keys are in the RTDS keystore (conformance suite).
    /// Buffers are allocated once; one instance per thread.
    /// </summary>
    public sealed class GbcsKdf
    {
        /// <summary>Length of Z, the x-coordinate of a P-256 ECDH result.</summary>
        public const int SharedSecretLength = 32;

        /// <summary>Length of the derived AES-128 key.</summary>
        public const int KeyLength = 16;

        /// <summary>Length of OtherInfo.</summary>
        public const int OtherInfoLength = 33;

        // SP 800-56A counter (round 1), then the algorithm id GBCS puts first in OtherInfo.
        private static readonly byte[] RoundOneCounter = new byte[] { 0x00, 0x00, 0x00, 0x01 };
        private static readonly byte[] AlgorithmId = new byte[] { 0x60, 0x85, 0x74, 0x06, 0x08, 0x03, 0x00 };

        private readonly Sha256 _sha256 = new Sha256();
        private readonly byte[] _otherInfo = new byte[OtherInfoLength];
        private readonly byte[] _digest = new byte[Sha256.HashLength];

        /// <summary>The OtherInfo of the last <see cref="DeriveKey"/> (for tools that show their working).</summary>
        public byte[] OtherInfo => _otherInfo;

        /// <summary>
        /// Derives the 16-octet MAC key for a message from Z (32 octets at <paramref name="sharedSecretOffset"/>) and
        /// its Grouping Header fields, writing it at <paramref name="keyOffset"/>.
        /// </summary>
        public void DeriveKey(
            byte[] sharedSecret,
            int sharedSecretOffset,
            ulong originatorTitle,
            GbcsCraFlag craFlag,
            ulong originatorCounter,
            ulong recipientTitle,
            byte[] key,
            int keyOffset)
        {
            if (sharedSecret == null || sharedSecretOffset < 0 || sharedSecretOffset > sharedSecret.Length - SharedSecretLength)
            {
                throw new System.ArgumentException("GBCS KDF: Z is 32 octets", nameof(sharedSecret));
            }

            if (key == null || keyOffset < 0 || keyOffset > key.Length - KeyLength)
            {
                throw new System.ArgumentException("GBCS KDF: no room for a 16-octet key", nameof(key));
            }

            byte[] info = _otherInfo;
            System.Array.Copy(AlgorithmId, 0, info, 0, AlgorithmId.Length);
            WriteUInt64(info, 7, originatorTitle);
            info[15] = GbcsEnvelope.TransactionIdLength;
            info[16] = (byte)craFlag;
            WriteUInt64(info, 17, originatorCounter);
            WriteUInt64(info, 25, recipientTitle);

            Sha256 sha = _sha256;
            sha.Reset();
            sha.Append(RoundOneCounter, 0, RoundOneCounter.Length);
            sha.Append(sharedSecret, sharedSecretOffset, SharedSecretLength);
            sha.Append(info, 0, OtherInfoLength);
            sha.GetHash(_digest, 0);
            System.Array.Copy(_digest, 0, key, keyOffset, KeyLength);
            for (int i = 0; i < _digest.Length; i++)
            {
                _digest[i] = 0;
            }
        }

        private static void WriteUInt64(byte[] buffer, int offset, ulong value)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}

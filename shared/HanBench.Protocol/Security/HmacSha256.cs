using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Security
{
    /// <summary>
    /// HMAC-SHA256 (RFC 2104, FIPS 198-1) over the portable <see cref="Sha256"/>: the RFC 6979 nonce generator needs
    /// it, and it must run where the platform's own HMAC class is absent (the shared tests, the desktop build).
    /// <para>
    /// Set a key, <see cref="Append"/> the message in any number of pieces, then <see cref="GetMac"/>, which also
    /// starts the next message under the same key. Every buffer is allocated once; not thread-safe.
    /// </para>
    /// </summary>
    public sealed class HmacSha256
    {
        /// <summary>Octets of a MAC.</summary>
        public const int MacLength = Sha256.HashLength;

        private const byte InnerPad = 0x36;
        private const byte OuterPad = 0x5C;

        private readonly Sha256 _inner = new Sha256();
        private readonly Sha256 _outer = new Sha256();
        private readonly byte[] _innerKey = new byte[Sha256.BlockLength];
        private readonly byte[] _outerKey = new byte[Sha256.BlockLength];
        private readonly byte[] _innerHash = new byte[Sha256.HashLength];

        /// <summary>Creates an instance keyed with the empty key.</summary>
        public HmacSha256()
        {
            SetKey(_innerHash, 0, 0);
        }

        /// <summary>
        /// Keys the MAC with <paramref name="count"/> octets of <paramref name="key"/> (a key longer than a block is
        /// hashed first, RFC 2104 §2) and starts a new message.
        /// </summary>
        public void SetKey(byte[] key, int offset, int count)
        {
            DataWindow.Check(key, offset, count, nameof(key));
            byte[] inner = _innerKey;
            byte[] outer = _outerKey;
            int length = count;
            if (count > Sha256.BlockLength)
            {
                _inner.Reset();
                _inner.Append(key, offset, count);
                _inner.GetHash(inner, 0);
                length = Sha256.HashLength;
            }
            else
            {
                System.Array.Copy(key, offset, inner, 0, count);
            }

            for (int i = 0; i < Sha256.BlockLength; i++)
            {
                byte k = i < length ? inner[i] : (byte)0;
                inner[i] = (byte)(k ^ InnerPad);
                outer[i] = (byte)(k ^ OuterPad);
            }

            Reset();
        }

        /// <summary>Discards the message so far; the key stays.</summary>
        public void Reset()
        {
            _inner.Reset();
            _inner.Append(_innerKey, 0, Sha256.BlockLength);
        }

        /// <summary>Appends <paramref name="count"/> octets of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public void Append(byte[] buffer, int offset, int count)
        {
            _inner.Append(buffer, offset, count);
        }

        /// <summary>Writes the 32-octet MAC of the message to <paramref name="output"/> and starts a new message.</summary>
        public void GetMac(byte[] output, int offset)
        {
            _inner.GetHash(_innerHash, 0);
            _outer.Reset();
            _outer.Append(_outerKey, 0, Sha256.BlockLength);
            _outer.Append(_innerHash, 0, Sha256.HashLength);
            _outer.GetHash(output, offset);
            Reset();
        }

        /// <summary>One-shot HMAC-SHA256 of the whole of <paramref name="message"/> under <paramref name="key"/>.</summary>
        public static byte[] Compute(byte[] key, byte[] message)
        {
            if (message == null)
            {
                throw new System.ArgumentNullException(nameof(message));
            }

            HmacSha256 mac = new HmacSha256();
            mac.SetKey(key, 0, key == null ? 0 : key.Length);
            mac.Append(message, 0, message.Length);
            byte[] result = new byte[MacLength];
            mac.GetMac(result, 0);
            return result;
        }
    }
}

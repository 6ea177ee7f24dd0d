namespace HanBench.Protocol.Integrity
{
    /// <summary>
    /// SHA-256 (FIPS 180-4 §6.2) in portable C#: nanoFramework 1.x offers HMACSHA256 but no SHA-256 hash class
    /// (docs/PLATFORM.md), and the GBCS firmware hash (CS06, distribution receipts) is SHA-256 of the Manufacturer Image.
    /// <para>
    /// Incremental: <see cref="Append"/> any number of times, then <see cref="GetHash(byte[], int)"/>. Every working
    /// array is allocated once in the constructor, so hashing a streamed image allocates nothing per block.
    /// <see cref="GetHash(byte[], int)"/> does not disturb the running state: more data may be appended afterwards
    /// and the next digest covers everything appended since the last <see cref="Reset"/>.
    /// </para>
    /// </summary>
    public sealed class Sha256
    {
        /// <summary>Digest length in bytes.</summary>
        public const int HashLength = 32;

        /// <summary>Message block length in bytes (FIPS 180-4 §5.1.1: 512 bits).</summary>
        public const int BlockLength = 64;

        // FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
        private static readonly uint[] RoundConstants = new uint[]
        {
            0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4, 0xAB1C5ED5,
            0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE, 0x9BDC06A7, 0xC19BF174,
            0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F, 0x4A7484AA, 0x5CB0A9DC, 0x76F988DA,
            0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7, 0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967,
            0x27B70A85, 0x2E1B2138, 0x4D2C6DFC, 0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85,
            0xA2BFE8A1, 0xA81A664B, 0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070,
            0x19A4C116, 0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
            0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7, 0xC67178F2,
        };

        // FIPS 180-4 §5.3.3: the initial hash value H(0), square roots of the first 8 primes.
        private static readonly uint[] InitialState = new uint[]
        {
            0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
        };

        private readonly uint[] _state = new uint[8];
        private readonly uint[] _schedule = new uint[64];
        private readonly byte[] _pending = new byte[BlockLength];
        private readonly uint[] _finalState = new uint[8];
        private readonly byte[] _finalBlock = new byte[BlockLength];
        private int _pendingCount;
        private long _messageLength;

        /// <summary>Creates a hasher ready for a new message.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>Bytes appended since the last <see cref="Reset"/>.</summary>
        public long MessageLength => _messageLength;

        /// <summary>Starts a new message.</summary>
        public void Reset()
        {
            System.Array.Copy(InitialState, _state, 8);
            _pendingCount = 0;
            _messageLength = 0;
        }

        /// <summary>Appends <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> to the message.</summary>
        public void Append(byte[] buffer, int offset, int count)
        {
            DataWindow.Check(buffer, offset, count, nameof(buffer));
            _messageLength += count;

            if (_pendingCount > 0)
            {
                int take = BlockLength - _pendingCount;
                if (take > count)
                {
                    take = count;
                }

                System.Array.Copy(buffer, offset, _pending, _pendingCount, take);
                _pendingCount += take;
                offset += take;
                count -= take;
                if (_pendingCount < BlockLength)
                {
                    return;
                }

                Compress(_state, _pending, 0);
                _pendingCount = 0;
            }

            // Whole blocks straight from the caller's buffer: no copy on the hot path.
            while (count >= BlockLength)
            {
                Compress(_state, buffer, offset);
                offset += BlockLength;
                count -= BlockLength;
            }

            if (count > 0)
            {
                System.Array.Copy(buffer, offset, _pending, 0, count);
                _pendingCount = count;
            }
        }

        /// <summary>Writes the digest of everything appended so far to <paramref name="output"/> at <paramref name="offset"/>.</summary>
        public void GetHash(byte[] output, int offset)
        {
            if (output == null)
            {
                throw new System.ArgumentNullException(nameof(output));
            }

            if (offset < 0 || offset > output.Length - HashLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            // FIPS 180-4 §5.1.1: append bit '1', zeros, then the message length in bits as a 64-bit big-endian
            // integer, so the padded message is a multiple of 512 bits. Done on copies so the running state survives.
            System.Array.Copy(_state, _finalState, 8);
            System.Array.Copy(_pending, _finalBlock, _pendingCount);
            int fill = _pendingCount;
            _finalBlock[fill++] = 0x80;
            if (fill > BlockLength - 8)
            {
                while (fill < BlockLength)
                {
                    _finalBlock[fill++] = 0;
                }

                Compress(_finalState, _finalBlock, 0);
                fill = 0;
            }

            while (fill < BlockLength - 8)
            {
                _finalBlock[fill++] = 0;
            }

            ulong bitLength = (ulong)_messageLength << 3;
            for (int i = 0; i < 8; i++)
            {
                _finalBlock[BlockLength - 1 - i] = (byte)(bitLength >> (8 * i));
            }

            Compress(_finalState, _finalBlock, 0);

            for (int i = 0; i < 8; i++)
            {
                uint word = _finalState[i];
                output[offset + (4 * i)] = (byte)(word >> 24);
                output[offset + (4 * i) + 1] = (byte)(word >> 16);
                output[offset + (4 * i) + 2] = (byte)(word >> 8);
                output[offset + (4 * i) + 3] = (byte)word;
            }
        }

        /// <summary>The digest of everything appended so far, as a new 32-byte array.</summary>
        public byte[] GetHash()
        {
            byte[] digest = new byte[HashLength];
            GetHash(digest, 0);
            return digest;
        }

        /// <summary>One-shot digest of <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public static byte[] Hash(byte[] buffer, int offset, int count)
        {
            Sha256 hasher = new Sha256();
            hasher.Append(buffer, offset, count);
            return hasher.GetHash();
        }

        /// <summary>One-shot digest of the whole of <paramref name="buffer"/>.</summary>
        public static byte[] Hash(byte[] buffer)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            return Hash(buffer, 0, buffer.Length);
        }

        // FIPS 180-4 §6.2.2: the SHA-256 compression function over one 512-bit block. Written for nanoCLR's IL
        // interpreter (issue 10): no calls (rotations written out), the round constants and schedule in locals, the
        // eight rounds of each pass unrolled with the working variables renamed instead of shifted, Ch and Maj in
        // their 3- and 4-operation forms. Same results as the textbook loop (HotPathEquivalenceTests).
        private void Compress(uint[] state, byte[] block, int offset)
        {
            uint[] w = _schedule;
            uint[] k = RoundConstants;
            int i = offset;
            for (int t = 0; t < 16; t++)
            {
                w[t] = ((uint)block[i] << 24) | ((uint)block[i + 1] << 16) | ((uint)block[i + 2] << 8) | block[i + 3];
                i += 4;
            }

            for (int t = 16; t < 64; t++)
            {
                uint w15 = w[t - 15];
                uint w2 = w[t - 2];
                w[t] = unchecked(w[t - 16] + (((w15 >> 7) | (w15 << 25)) ^ ((w15 >> 18) | (w15 << 14)) ^ (w15 >> 3)) + w[t - 7]
                    + (((w2 >> 17) | (w2 << 15)) ^ ((w2 >> 19) | (w2 << 13)) ^ (w2 >> 10)));
            }

            uint a = state[0];
            uint b = state[1];
            uint c = state[2];
            uint d = state[3];
            uint e = state[4];
            uint f = state[5];
            uint g = state[6];
            uint h = state[7];
            uint t1;
            for (int t = 0; t < 64; t += 8)
            {
                t1 = unchecked(h + (((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + k[t] + w[t]);
                d = unchecked(d + t1);
                h = unchecked(t1 + (((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10))) + ((a & b) | (c & (a | b))));
                t1 = unchecked(g + (((d >> 6) | (d << 26)) ^ ((d >> 11) | (d << 21)) ^ ((d >> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + k[t + 1] + w[t + 1]);
                c = unchecked(c + t1);
                g = unchecked(t1 + (((h >> 2) | (h << 30)) ^ ((h >> 13) | (h << 19)) ^ ((h >> 22) | (h << 10))) + ((h & a) | (b & (h | a))));
                t1 = unchecked(f + (((c >> 6) | (c << 26)) ^ ((c >> 11) | (c << 21)) ^ ((c >> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + k[t + 2] + w[t + 2]);
                b = unchecked(b + t1);
                f = unchecked(t1 + (((g >> 2) | (g << 30)) ^ ((g >> 13) | (g << 19)) ^ ((g >> 22) | (g << 10))) + ((g & h) | (a & (g | h))));
                t1 = unchecked(e + (((b >> 6) | (b << 26)) ^ ((b >> 11) | (b << 21)) ^ ((b >> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + k[t + 3] + w[t + 3]);
                a = unchecked(a + t1);
                e = unchecked(t1 + (((f >> 2) | (f << 30)) ^ ((f >> 13) | (f << 19)) ^ ((f >> 22) | (f << 10))) + ((f & g) | (h & (f | g))));
                t1 = unchecked(d + (((a >> 6) | (a << 26)) ^ ((a >> 11) | (a << 21)) ^ ((a >> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + k[t + 4] + w[t + 4]);
                h = unchecked(h + t1);
                d = unchecked(t1 + (((e >> 2) | (e << 30)) ^ ((e >> 13) | (e << 19)) ^ ((e >> 22) | (e << 10))) + ((e & f) | (g & (e | f))));
                t1 = unchecked(c + (((h >> 6) | (h << 26)) ^ ((h >> 11) | (h << 21)) ^ ((h >> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + k[t + 5] + w[t + 5]);
                g = unchecked(g + t1);
                c = unchecked(t1 + (((d >> 2) | (d << 30)) ^ ((d >> 13) | (d << 19)) ^ ((d >> 22) | (d << 10))) + ((d & e) | (f & (d | e))));
                t1 = unchecked(b + (((g >> 6) | (g << 26)) ^ ((g >> 11) | (g << 21)) ^ ((g >> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + k[t + 6] + w[t + 6]);
                f = unchecked(f + t1);
                b = unchecked(t1 + (((c >> 2) | (c << 30)) ^ ((c >> 13) | (c << 19)) ^ ((c >> 22) | (c << 10))) + ((c & d) | (e & (c | d))));
                t1 = unchecked(a + (((f >> 6) | (f << 26)) ^ ((f >> 11) | (f << 21)) ^ ((f >> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + k[t + 7] + w[t + 7]);
                e = unchecked(e + t1);
                a = unchecked(t1 + (((b >> 2) | (b << 30)) ^ ((b >> 13) | (b << 19)) ^ ((b >> 22) | (b << 10))) + ((b & c) | (d & (b | c))));
            }

            state[0] = unchecked(state[0] + a);
            state[1] = unchecked(state[1] + b);
            state[2] = unchecked(state[2] + c);
            state[3] = unchecked(state[3] + d);
            state[4] = unchecked(state[4] + e);
            state[5] = unchecked(state[5] + f);
            state[6] = unchecked(state[6] + g);
            state[7] = unchecked(state[7] + h);
        }
    }
}

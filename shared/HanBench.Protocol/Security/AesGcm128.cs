namespace HanBench.Protocol.Security
{
    /// <summary>
    /// AES-128-GCM and GMAC (NIST SP 800-38D) with a 12-octet IV, as GBCS 4.3.3.4 uses it: authentication only
    /// (empty plaintext, everything in the AAD) with the tag truncated to 12 octets; encryption and decryption are
    /// here too so the whole mode can be checked against NIST's vectors and .NET's <c>AesGcm</c>.
    /// <para>
    /// Use: <see cref="SetKey"/> (H and its table once per key), then per message <see cref="Start"/>,
    /// <see cref="AppendAad"/> any number of times, at most one <see cref="Encrypt"/> or <see cref="Decrypt"/>, then
    /// <see cref="GetTag"/> or <see cref="CheckTag"/>. A decrypted plaintext must be discarded unless
    /// <see cref="CheckTag"/> then succeeds.
    /// </para>
    /// <para>
    /// GHASH uses Shoup's 4-bit table (16 multiples of H, built once per key; 32 table steps per block) on pairs of
    /// 64-bit words: on an interpreter that is about 8× fewer operations than the bit-by-bit multiply of SP 800-38D
    /// §6.3, for 256 octets per key. Table indices depend on data (see <see cref="Aes128"/> on timing); the tag
    /// comparison does not.
    /// </para>
    /// <para>Nothing is allocated after construction; one instance per thread.</para>
    /// </summary>
    public sealed class AesGcm128
    {
        /// <summary>IV length GBCS uses (SP 800-38D §8.2.1 deterministic construction: 96 bits).</summary>
        public const int IvLength = 12;

        /// <summary>Full tag length.</summary>
        public const int MaxTagLength = 16;

        /// <summary>Shortest tag SP 800-38D §5.2.1.2 allows (32 bits, for special uses only).</summary>
        public const int MinTagLength = 4;

        // Reduction constants for a 4-bit right shift: Last4[r] is r's four bits times the GCM polynomial's top
        // (0xE1 followed by zeros), already placed in the high word.
        private static readonly ulong[] Last4 = new ulong[]
        {
            0x0000UL << 48, 0x1C20UL << 48, 0x3840UL << 48, 0x2460UL << 48,
            0x7080UL << 48, 0x6CA0UL << 48, 0x48C0UL << 48, 0x54E0UL << 48,
            0xE100UL << 48, 0xFD20UL << 48, 0xD940UL << 48, 0xC560UL << 48,
            0x9180UL << 48, 0x8DA0UL << 48, 0xA9C0UL << 48, 0xB5E0UL << 48,
        };

        private readonly Aes128 _aes = new Aes128();
        private readonly ulong[] _tableHigh = new ulong[16];
        private readonly ulong[] _tableLow = new ulong[16];
        private readonly byte[] _counter = new byte[Aes128.BlockLength];
        private readonly byte[] _keyStream = new byte[Aes128.BlockLength];
        private readonly byte[] _tagMask = new byte[Aes128.BlockLength];
        private readonly byte[] _pending = new byte[Aes128.BlockLength];
        private readonly byte[] _tag = new byte[Aes128.BlockLength];
        private ulong _hashHigh;
        private ulong _hashLow;
        private int _pendingCount;
        private long _aadLength;
        private long _textLength;
        private bool _textDone;
        private bool _finished;

        /// <summary>Sets the 16-octet key and derives H = E_K(0^128) and its GHASH table.</summary>
        public void SetKey(byte[] key, int offset)
        {
            _aes.SetKey(key, offset);
            byte[] h = _keyStream;
            for (int i = 0; i < Aes128.BlockLength; i++)
            {
                h[i] = 0;
            }

            _aes.EncryptBlock(h, 0, h, 0);
            ulong vh = ReadUInt64(h, 0);
            ulong vl = ReadUInt64(h, 8);

            // Table[i] = i·H with the nibble's bits read MSB-first: Table[8] = H, Table[4] = H·x, Table[2] = H·x^2,
            // Table[1] = H·x^3 (each a one-bit right shift with reduction), the rest their XORs.
            ulong[] th = _tableHigh;
            ulong[] tl = _tableLow;
            th[0] = 0;
            tl[0] = 0;
            th[8] = vh;
            tl[8] = vl;
            for (int i = 4; i > 0; i >>= 1)
            {
                ulong reduce = (vl & 1UL) != 0 ? 0xE100000000000000UL : 0UL;
                vl = (vh << 63) | (vl >> 1);
                vh = (vh >> 1) ^ reduce;
                th[i] = vh;
                tl[i] = vl;
            }

            for (int i = 2; i <= 8; i <<= 1)
            {
                for (int j = 1; j < i; j++)
                {
                    th[i + j] = th[i] ^ th[j];
                    tl[i + j] = tl[i] ^ tl[j];
                }
            }

            Clear(h);
        }

        /// <summary>Starts a message under the 12-octet IV at <paramref name="offset"/> (J0 = IV ‖ 0^31 ‖ 1).</summary>
        public void Start(byte[] iv, int offset)
        {
            if (iv == null || offset < 0 || offset > iv.Length - IvLength)
            {
                throw new System.ArgumentException("GCM here takes a 12-octet IV", nameof(iv));
            }

            byte[] counter = _counter;
            System.Array.Copy(iv, offset, counter, 0, IvLength);
            counter[12] = 0;
            counter[13] = 0;
            counter[14] = 0;
            counter[15] = 1;
            _aes.EncryptBlock(counter, 0, _tagMask, 0);
            _hashHigh = 0;
            _hashLow = 0;
            _pendingCount = 0;
            _aadLength = 0;
            _textLength = 0;
            _textDone = false;
            _finished = false;
        }

        /// <summary>Adds additional authenticated data (before any <see cref="Encrypt"/> or <see cref="Decrypt"/>).</summary>
        public void AppendAad(byte[] buffer, int offset, int count)
        {
            CheckWindow(buffer, offset, count);
            if (_textDone)
            {
                throw new System.InvalidOperationException("GCM: AAD comes before the text");
            }

            _aadLength += count;
            Absorb(buffer, offset, count);
        }

        /// <summary>Encrypts <paramref name="count"/> octets (once per message); output may overlap input exactly.</summary>
        public void Encrypt(byte[] input, int inputOffset, int count, byte[] output, int outputOffset)
        {
            Crypt(input, inputOffset, count, output, outputOffset, true);
        }

        /// <summary>Decrypts <paramref name="count"/> octets (once per message); keep them only if <see cref="CheckTag"/> succeeds.</summary>
        public void Decrypt(byte[] input, int inputOffset, int count, byte[] output, int outputOffset)
        {
            Crypt(input, inputOffset, count, output, outputOffset, false);
        }

        /// <summary>Finishes the message and writes the first <paramref name="tagLength"/> octets of its tag.</summary>
        public void GetTag(byte[] output, int offset, int tagLength)
        {
            if (tagLength < MinTagLength || tagLength > MaxTagLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(tagLength));
            }

            CheckWindow(output, offset, tagLength);
            Finish();
            System.Array.Copy(_tag, 0, output, offset, tagLength);
        }

        /// <summary>
        /// Finishes the message and compares its tag, truncated to <paramref name="tagLength"/>, with the expected
        /// one in constant time. False also for a tag length SP 800-38D does not allow or a window outside the buffer.
        /// </summary>
        public bool CheckTag(byte[] expected, int offset, int tagLength)
        {
            if (expected == null || tagLength < MinTagLength || tagLength > MaxTagLength || offset < 0
                || offset > expected.Length - tagLength)
            {
                return false;
            }

            Finish();
            return FixedTimeEquals(_tag, 0, expected, offset, tagLength);
        }

        /// <summary>
        /// Whether two windows hold the same octets, taking the same time wherever they differ (no early exit), so
        /// a forger learns nothing from how long a refusal takes.
        /// </summary>
        public static bool FixedTimeEquals(byte[] left, int leftOffset, byte[] right, int rightOffset, int count)
        {
            if (left == null || right == null || count < 0 || leftOffset < 0 || rightOffset < 0
                || leftOffset > left.Length - count || rightOffset > right.Length - count)
            {
                return false;
            }

            int difference = 0;
            for (int i = 0; i < count; i++)
            {
                difference |= left[leftOffset + i] ^ right[rightOffset + i];
            }

            return difference == 0;
        }

        private void Crypt(byte[] input, int inputOffset, int count, byte[] output, int outputOffset, bool encrypt)
        {
            CheckWindow(input, inputOffset, count);
            CheckWindow(output, outputOffset, count);
            if (_textDone)
            {
                throw new System.InvalidOperationException("GCM: one text per message");
            }

            // The AAD ends here, zero-padded to a block (SP 800-38D §7.1 step 5).
            FlushPending();
            _textDone = true;
            _textLength = count;
            byte[] counter = _counter;
            byte[] keyStream = _keyStream;
            int done = 0;
            while (done < count)
            {
                // inc32 (§6.2): the last four octets count, modulo 2^32.
                for (int i = 15; i >= 12; i--)
                {
                    counter[i]++;
                    if (counter[i] != 0)
                    {
                        break;
                    }
                }

                _aes.EncryptBlock(counter, 0, keyStream, 0);
                int chunk = count - done < Aes128.BlockLength ? count - done : Aes128.BlockLength;

                // GHASH runs over the ciphertext: the input when decrypting, the output when encrypting.
                if (!encrypt)
                {
                    Absorb(input, inputOffset + done, chunk);
                }

                int si = inputOffset + done;
                int so = outputOffset + done;
                for (int i = 0; i < chunk; i++)
                {
                    output[so + i] = (byte)(input[si + i] ^ keyStream[i]);
                }

                if (encrypt)
                {
                    Absorb(output, outputOffset + done, chunk);
                }

                done += chunk;
            }

            FlushPending();
            Clear(keyStream);
        }

        private void Finish()
        {
            if (_finished)
            {
                return;
            }

            FlushPending();

            // Lengths block: len(A) ‖ len(C) in bits, 64 bits each (§7.1 step 5).
            ulong aadBits = (ulong)_aadLength << 3;
            ulong textBits = (ulong)_textLength << 3;
            _hashHigh ^= aadBits;
            _hashLow ^= textBits;
            MultiplyByH();
            byte[] tag = _tag;
            byte[] mask = _tagMask;
            ulong hh = _hashHigh;
            ulong hl = _hashLow;
            for (int i = 0; i < 8; i++)
            {
                tag[i] = (byte)((byte)(hh >> (56 - (i << 3))) ^ mask[i]);
                tag[i + 8] = (byte)((byte)(hl >> (56 - (i << 3))) ^ mask[i + 8]);
            }

            _textDone = true;
            _finished = true;
        }

        // Feeds octets into GHASH through the one-block pending buffer, so AAD may arrive in any pieces.
        private void Absorb(byte[] buffer, int offset, int count)
        {
            byte[] pending = _pending;
            int filled = _pendingCount;
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                if (filled == 0 && end - i >= Aes128.BlockLength)
                {
                    _hashHigh ^= ReadUInt64(buffer, i);
                    _hashLow ^= ReadUInt64(buffer, i + 8);
                    MultiplyByH();
                    i += Aes128.BlockLength;
                    continue;
                }

                pending[filled] = buffer[i];
                filled++;
                i++;
                if (filled == Aes128.BlockLength)
                {
                    _hashHigh ^= ReadUInt64(pending, 0);
                    _hashLow ^= ReadUInt64(pending, 8);
                    MultiplyByH();
                    filled = 0;
                }
            }

            _pendingCount = filled;
        }

        private void FlushPending()
        {
            int filled = _pendingCount;
            if (filled == 0)
            {
                return;
            }

            byte[] pending = _pending;
            for (int i = filled; i < Aes128.BlockLength; i++)
            {
                pending[i] = 0;
            }

            _hashHigh ^= ReadUInt64(pending, 0);
            _hashLow ^= ReadUInt64(pending, 8);
            MultiplyByH();
            _pendingCount = 0;
        }

        // Y = Y·H in GF(2^128) (§6.3), four bits at a time from the last nibble of the block to the first.
        private void MultiplyByH()
        {
            ulong[] th = _tableHigh;
            ulong[] tl = _tableLow;
            ulong[] last4 = Last4;
            ulong xh = _hashHigh;
            ulong xl = _hashLow;
            int nibble = (int)(xl & 0xF);
            ulong zh = th[nibble];
            ulong zl = tl[nibble];
            for (int shift = 4; shift < 64; shift += 4)
            {
                int rem = (int)(zl & 0xF);
                zl = (zh << 60) | (zl >> 4);
                zh = (zh >> 4) ^ last4[rem];
                nibble = (int)((xl >> shift) & 0xF);
                zh ^= th[nibble];
                zl ^= tl[nibble];
            }

            for (int shift = 0; shift < 64; shift += 4)
            {
                int rem = (int)(zl & 0xF);
                zl = (zh << 60) | (zl >> 4);
                zh = (zh >> 4) ^ last4[rem];
                nibble = (int)((xh >> shift) & 0xF);
                zh ^= th[nibble];
                zl ^= tl[nibble];
            }

            _hashHigh = zh;
            _hashLow = zl;
        }

        private static ulong ReadUInt64(byte[] buffer, int offset)
        {
            return ((ulong)buffer[offset] << 56) | ((ulong)buffer[offset + 1] << 48) | ((ulong)buffer[offset + 2] << 40)
                | ((ulong)buffer[offset + 3] << 32) | ((ulong)buffer[offset + 4] << 24) | ((ulong)buffer[offset + 5] << 16)
                | ((ulong)buffer[offset + 6] << 8) | buffer[offset + 7];
        }

        private static void Clear(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = 0;
            }
        }

        private static void CheckWindow(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }
        }
    }
}

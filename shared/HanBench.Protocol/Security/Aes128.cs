namespace HanBench.Protocol.Security
{
    /// <summary>
    /// AES-128 block encryption (FIPS-197), the forward direction only: GCM (SP 800-38D) never runs the inverse
    /// cipher. nanoFramework's <c>Aes</c> offers ECB/CBC but no GCM (docs/PLATFORM.md), so GBCS needs this portable one.
    /// <para>
    /// Table form (why): one 256-entry round table <c>Te0[x] = (2·S[x], S[x], S[x], 3·S[x])</c> (FIPS-197 §5.1.2
    /// MixColumns folded into SubBytes), the other three column tables being byte rotations of it. On nanoCLR every IL
    /// op is interpreted, so a lookup beats the eight shifts, masks and conditionals of computing <c>xtime</c> per
    /// byte; the four-table form would save the rotations but costs 4 KB of a ~79 KB managed heap (docs/PLATFORM.md) for
    /// about a tenth of a GBCS MAC's time, so one 1 KB table plus the 256-octet S-box it is. Tables are computed once
    /// per process from GF(2^8) arithmetic (§4.2, §5.1.1) rather than pasted; the round keys once per
    /// <see cref="SetKey"/> (§5.2). Lookups index by data, so this is not constant-time on a CPU with a data cache:
    /// acceptable for GBCS MACs on a bench and an ESP32 (no cache-timing observer on the HAN), noted for anyone
    /// reusing it elsewhere.
    /// </para>
    /// <para>Nothing is allocated after construction; one instance per thread.</para>
    /// </summary>
    public sealed class Aes128
    {
        /// <summary>Block length in octets.</summary>
        public const int BlockLength = 16;

        /// <summary>Key length in octets.</summary>
        public const int KeyLength = 16;

        private const int Rounds = 10;

        private static readonly byte[] SBox = new byte[256];
        private static readonly uint[] Te0 = new uint[256];

        // Round keys w[0..43] (FIPS-197 §5.2), big-endian words: word i holds key octets 4i..4i+3.
        private readonly uint[] _roundKeys = new uint[4 * (Rounds + 1)];

        static Aes128()
        {
            // S-box (FIPS-197 §5.1.1): multiplicative inverse in GF(2^8) mod x^8+x^4+x^3+x+1, then the affine map.
            // p walks the powers of the generator 3 and q the powers of its inverse, so q = p^-1 at every step.
            int p = 1;
            int q = 1;
            do
            {
                p = p ^ ((p << 1) & 0xFF) ^ ((p & 0x80) != 0 ? 0x1B : 0);
                q ^= q << 1;
                q ^= q << 2;
                q ^= q << 4;
                q &= 0xFF;
                if ((q & 0x80) != 0)
                {
                    q ^= 0x09;
                }

                int affine = q ^ (((q << 1) | (q >> 7)) & 0xFF) ^ (((q << 2) | (q >> 6)) & 0xFF)
                    ^ (((q << 3) | (q >> 5)) & 0xFF) ^ (((q << 4) | (q >> 4)) & 0xFF);
                SBox[p] = (byte)(affine ^ 0x63);
            }
            while (p != 1);

            SBox[0] = 0x63;
            for (int x = 0; x < 256; x++)
            {
                uint s = SBox[x];
                uint s2 = (s << 1) ^ ((s & 0x80) != 0 ? 0x11Bu : 0u);
                Te0[x] = (s2 << 24) | (s << 16) | (s << 8) | (s2 ^ s);
            }
        }

        /// <summary>Creates a cipher with an all-zero key; call <see cref="SetKey"/> before use.</summary>
        public Aes128()
        {
        }

        /// <summary>Expands the 16-octet key at <paramref name="offset"/> (FIPS-197 §5.2); the key is not kept.</summary>
        public void SetKey(byte[] key, int offset)
        {
            if (key == null || offset < 0 || offset > key.Length - KeyLength)
            {
                throw new System.ArgumentException("AES-128 needs a 16-octet key", nameof(key));
            }

            uint[] w = _roundKeys;
            byte[] sbox = SBox;
            for (int i = 0; i < 4; i++)
            {
                int k = offset + (i << 2);
                w[i] = ((uint)key[k] << 24) | ((uint)key[k + 1] << 16) | ((uint)key[k + 2] << 8) | key[k + 3];
            }

            uint rcon = 0x01;
            for (int i = 4; i < w.Length; i += 4)
            {
                uint t = w[i - 1];

                // RotWord then SubWord then Rcon (§5.2), in one step.
                t = ((uint)sbox[(t >> 16) & 0xFF] << 24) ^ ((uint)sbox[(t >> 8) & 0xFF] << 16)
                    ^ ((uint)sbox[t & 0xFF] << 8) ^ sbox[t >> 24] ^ (rcon << 24);
                rcon = (rcon << 1) ^ ((rcon & 0x80) != 0 ? 0x11Bu : 0u);
                w[i] = w[i - 4] ^ t;
                w[i + 1] = w[i - 3] ^ w[i];
                w[i + 2] = w[i - 2] ^ w[i + 1];
                w[i + 3] = w[i - 1] ^ w[i + 2];
            }
        }

        /// <summary>
        /// Encrypts the 16-octet block at <paramref name="inputOffset"/> into <paramref name="output"/> (the two may be
        /// the same place).
        /// </summary>
        public void EncryptBlock(byte[] input, int inputOffset, byte[] output, int outputOffset)
        {
            if (input == null || output == null || inputOffset < 0 || inputOffset > input.Length - BlockLength
                || outputOffset < 0 || outputOffset > output.Length - BlockLength)
            {
                throw new System.ArgumentException("AES-128 works on 16-octet blocks", nameof(input));
            }

            uint[] w = _roundKeys;
            uint[] te = Te0;
            int i = inputOffset;
            uint s0 = (((uint)input[i] << 24) | ((uint)input[i + 1] << 16) | ((uint)input[i + 2] << 8) | input[i + 3]) ^ w[0];
            uint s1 = (((uint)input[i + 4] << 24) | ((uint)input[i + 5] << 16) | ((uint)input[i + 6] << 8) | input[i + 7]) ^ w[1];
            uint s2 = (((uint)input[i + 8] << 24) | ((uint)input[i + 9] << 16) | ((uint)input[i + 10] << 8) | input[i + 11]) ^ w[2];
            uint s3 = (((uint)input[i + 12] << 24) | ((uint)input[i + 13] << 16) | ((uint)input[i + 14] << 8) | input[i + 15]) ^ w[3];

            // Rounds 1..9: SubBytes, ShiftRows, MixColumns and AddRoundKey as four lookups per column; column c takes
            // row r from column c+r (ShiftRows), and row r's table is Te0 rotated right by 8r bits.
            int k = 4;
            for (int round = 1; round < Rounds; round++)
            {
                uint a = te[s1 >> 16 & 0xFF];
                uint b = te[s2 >> 8 & 0xFF];
                uint c = te[s3 & 0xFF];
                uint t0 = te[s0 >> 24] ^ ((a >> 8) | (a << 24)) ^ ((b >> 16) | (b << 16)) ^ ((c >> 24) | (c << 8)) ^ w[k];
                a = te[s2 >> 16 & 0xFF];
                b = te[s3 >> 8 & 0xFF];
                c = te[s0 & 0xFF];
                uint t1 = te[s1 >> 24] ^ ((a >> 8) | (a << 24)) ^ ((b >> 16) | (b << 16)) ^ ((c >> 24) | (c << 8)) ^ w[k + 1];
                a = te[s3 >> 16 & 0xFF];
                b = te[s0 >> 8 & 0xFF];
                c = te[s1 & 0xFF];
                uint t2 = te[s2 >> 24] ^ ((a >> 8) | (a << 24)) ^ ((b >> 16) | (b << 16)) ^ ((c >> 24) | (c << 8)) ^ w[k + 2];
                a = te[s0 >> 16 & 0xFF];
                b = te[s1 >> 8 & 0xFF];
                c = te[s2 & 0xFF];
                uint t3 = te[s3 >> 24] ^ ((a >> 8) | (a << 24)) ^ ((b >> 16) | (b << 16)) ^ ((c >> 24) | (c << 8)) ^ w[k + 3];
                s0 = t0;
                s1 = t1;
                s2 = t2;
                s3 = t3;
                k += 4;
            }

            // Final round: no MixColumns, so the S-box itself.
            byte[] sb = SBox;
            uint r0 = (((uint)sb[s0 >> 24] << 24) | ((uint)sb[s1 >> 16 & 0xFF] << 16) | ((uint)sb[s2 >> 8 & 0xFF] << 8) | sb[s3 & 0xFF]) ^ w[k];
            uint r1 = (((uint)sb[s1 >> 24] << 24) | ((uint)sb[s2 >> 16 & 0xFF] << 16) | ((uint)sb[s3 >> 8 & 0xFF] << 8) | sb[s0 & 0xFF]) ^ w[k + 1];
            uint r2 = (((uint)sb[s2 >> 24] << 24) | ((uint)sb[s3 >> 16 & 0xFF] << 16) | ((uint)sb[s0 >> 8 & 0xFF] << 8) | sb[s1 & 0xFF]) ^ w[k + 2];
            uint r3 = (((uint)sb[s3 >> 24] << 24) | ((uint)sb[s0 >> 16 & 0xFF] << 16) | ((uint)sb[s1 >> 8 & 0xFF] << 8) | sb[s2 & 0xFF]) ^ w[k + 3];
            int o = outputOffset;
            output[o] = (byte)(r0 >> 24);
            output[o + 1] = (byte)(r0 >> 16);
            output[o + 2] = (byte)(r0 >> 8);
            output[o + 3] = (byte)r0;
            output[o + 4] = (byte)(r1 >> 24);
            output[o + 5] = (byte)(r1 >> 16);
            output[o + 6] = (byte)(r1 >> 8);
            output[o + 7] = (byte)r1;
            output[o + 8] = (byte)(r2 >> 24);
            output[o + 9] = (byte)(r2 >> 16);
            output[o + 10] = (byte)(r2 >> 8);
            output[o + 11] = (byte)r2;
            output[o + 12] = (byte)(r3 >> 24);
            output[o + 13] = (byte)(r3 >> 16);
            output[o + 14] = (byte)(r3 >> 8);
            output[o + 15] = (byte)r3;
        }
    }
}

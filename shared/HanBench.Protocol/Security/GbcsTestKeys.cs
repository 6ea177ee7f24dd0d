using HanBench.Protocol.Integrity;

namespace HanBench.Protocol.Security
{
    /// <summary>
    /// HanBench test keys: a deterministic P-256 private key per party (device EUI-64 or remote party id), key usage
    /// and seed, so a bench, a virtual board in another process and the host agree on every key with nothing to
    /// exchange. <b>They are not secret</b>: anyone who knows the party id and the seed can derive them; they stand in
    /// for the SMKI keys a test PKI or a keystore will provision (issue 8 §1). d = SHA-256("HanBench test key" ‖ usage ‖
    /// seed (8, BE) ‖ party (8, BE) ‖ attempt), the first attempt whose value lies in [1, n − 1] (HanBench choice).
    /// </summary>
    public static class GbcsTestKeys
    {
        /// <summary>The seed every bench uses unless told otherwise ("HANBENCH" in ASCII).</summary>
        public const ulong DefaultSeed = 0x48414E42454E4348UL;

        /// <summary>Key usage: key agreement (KA, the MAC keys of docs/GBCS-SECURITY.md §2).</summary>
        public const byte KeyAgreement = 0x4B;

        /// <summary>Key usage: digital signing (DS, docs/GBCS-SECURITY.md §3).</summary>
        public const byte DigitalSigning = 0x44;

        /// <summary>
        /// Key usage: a Comms Hub's management key (HanBench's own channel, <c>ManagementAuthenticator</c>); its HAN devices'
        /// keys are derived from it.
        /// </summary>
        public const byte Management = 0x4D;

        private static readonly byte[] Label = new byte[]
        {
            0x48, 0x61, 0x6E, 0x42, 0x65, 0x6E, 0x63, 0x68, 0x20, 0x74, 0x65, 0x73, 0x74, 0x20, 0x6B, 0x65, 0x79,
        };

        /// <summary>Writes the 32-octet private key of <paramref name="party"/> for <paramref name="usage"/> to <paramref name="into"/>.</summary>
        public static void DerivePrivateKey(ulong seed, ulong party, byte usage, byte[] into, int offset)
        {
            DataWindow.Check(into, offset, EcdsaP256Signer.PrivateKeyLength, nameof(into));
            byte[] input = new byte[Label.Length + 1 + 8 + 8 + 1];
            System.Array.Copy(Label, input, Label.Length);
            int at = Label.Length;
            input[at] = usage;
            WriteBigEndian(seed, input, at + 1);
            WriteBigEndian(party, input, at + 9);
            uint[] scalar = new uint[P256Field.Limbs];
            Sha256 sha = new Sha256();
            for (int attempt = 0; attempt < 256; attempt++)
            {
                input[input.Length - 1] = (byte)attempt;
                sha.Reset();
                sha.Append(input, 0, input.Length);
                sha.GetHash(into, offset);
                if (P256Scalar.ReadInRange(into, offset, scalar))
                {
                    return;
                }
            }

            // 256 hashes all ≥ n (probability about 2^-8192): unreachable in practice.
            throw new System.InvalidOperationException("no test key in range");
        }

        /// <summary>The 65-octet uncompressed public key (04 ‖ X ‖ Y) of <paramref name="party"/>'s test key for <paramref name="usage"/>.</summary>
        public static byte[] DerivePublicKey(ulong seed, ulong party, byte usage)
        {
            byte[] privateKey = new byte[EcdsaP256Signer.PrivateKeyLength];
            DerivePrivateKey(seed, party, usage, privateKey, 0);
            byte[] publicKey = new byte[EcdhP256.PublicKeyLength];
            new EcdhP256().DerivePublicKey(privateKey, 0, publicKey, 0, false);
            System.Array.Clear(privateKey, 0, privateKey.Length);
            return publicKey;
        }

        private static void WriteBigEndian(ulong value, byte[] buffer, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}

using System;
using System.Security.Cryptography;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HanBench.Protocol.Tests.Security
{
    /// <summary>
    /// Desktop only: the portable AES-128, AES-GCM and GBCS MAC against .NET's <see cref="Aes"/>, <see cref="AesGcm"/>
    /// and <see cref="SHA256"/> on thousands of seeded random cases (the seed is in every failure message and printed).
    /// </summary>
    [TestClass]
    public sealed class AesGcmReferenceTests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        public void EncryptBlock_RandomKeysAndBlocks_MatchesDotNetAesEcb()
        {
            const ulong seed = 0xAE5128A1UL;
            TestContext.WriteLine($"seed 0x{seed:X}");
            var random = new TestRandom(seed);
            var portable = new Aes128();
            byte[] output = new byte[16];
            using var reference = Aes.Create();
            for (int i = 0; i < 4000; i++)
            {
                byte[] key = random.NextBytes(16);
                byte[] block = random.NextBytes(16);
                portable.SetKey(key, 0);
                portable.EncryptBlock(block, 0, output, 0);
                reference.Key = key;
                CollectionAssert.AreEqual(reference.EncryptEcb(block, PaddingMode.None), output, $"seed 0x{seed:X} case {i}");
            }
        }

        [TestMethod]
        public void Encrypt_RandomMessages_MatchesDotNetAesGcmWith12OctetTags()
        {
            const ulong seed = 0x6C3A96D2UL;
            TestContext.WriteLine($"seed 0x{seed:X}");
            var random = new TestRandom(seed);
            var portable = new AesGcm128();
            byte[] tag = new byte[12];
            for (int i = 0; i < 3000; i++)
            {
                byte[] key = random.NextBytes(16);
                byte[] iv = random.NextBytes(12);
                byte[] aad = random.NextBytes(random.Next(i % 3 == 0 ? 300 : 40));
                byte[] plaintext = random.NextBytes(i % 2 == 0 ? 0 : random.Next(200));
                byte[] expectedText = new byte[plaintext.Length];
                byte[] expectedTag = new byte[12];
                using (var reference = new AesGcm(key, 12))
                {
                    reference.Encrypt(iv, plaintext, expectedText, expectedTag, aad);
                }

                byte[] text = new byte[plaintext.Length];
                portable.SetKey(key, 0);
                portable.Start(iv, 0);
                int split = random.Next(aad.Length + 1);
                portable.AppendAad(aad, 0, split);
                portable.AppendAad(aad, split, aad.Length - split);
                if (plaintext.Length > 0)
                {
                    portable.Encrypt(plaintext, 0, plaintext.Length, text, 0);
                }

                portable.GetTag(tag, 0, 12);
                string context = $"seed 0x{seed:X} case {i}";
                CollectionAssert.AreEqual(expectedText, text, context);
                CollectionAssert.AreEqual(expectedTag, tag, context);

                portable.Start(iv, 0);
                portable.AppendAad(aad, 0, aad.Length);
                byte[] decrypted = new byte[text.Length];
                if (text.Length > 0)
                {
                    portable.Decrypt(text, 0, text.Length, decrypted, 0);
                }

                Assert.IsTrue(portable.CheckTag(expectedTag, 0, 12), context);
                CollectionAssert.AreEqual(plaintext, decrypted, context);
            }
        }

        [TestMethod]
        public void Protect_RandomGeneralSigningBlocks_MacMatchesDotNetKdfAndAesGcm()
        {
            const ulong seed = 0x6BC5AC01UL;
            TestContext.WriteLine($"seed 0x{seed:X}");
            var random = new TestRandom(seed);
            var security = new GbcsMessageSecurity();
            var envelope = new GbcsEnvelope();
            var writer = new HanBench.Protocol.Bytes.ByteWriter();
            byte[] block = new byte[1200];
            byte[] frame = new byte[1300];
            for (int i = 0; i < 1000; i++)
            {
                byte[] z = random.NextBytes(32);
                envelope.Reset();
                envelope.CraFlag = (GbcsCraFlag)(1 + random.Next(3));
                envelope.OriginatorCounter = random.NextUInt64();
                envelope.OriginatorSystemTitle = random.NextUInt64();
                envelope.RecipientSystemTitle = random.NextUInt64();
                envelope.MessageCode = (ushort)random.Next(0x10000);
                envelope.HasSupplementaryRemotePartyId = random.Next(2) == 0;
                envelope.SupplementaryRemotePartyId = random.NextUInt64();
                byte[] content = random.NextBytes(random.Next(1000));
                envelope.SetContent(content, 0, content.Length);
                envelope.SetSignaturePlaceholder(random.Next(2) == 0 ? 0 : GbcsEnvelope.EcdsaSignatureLength);
                writer.Reset(block, 0, block.Length);
                envelope.WriteTo(writer);
                int blockLength = writer.Written;

                string context = $"seed 0x{seed:X} case {i}";
                Assert.AreEqual(GbcsMacStatus.Ok, security.Protect(z, 0, block, 0, blockLength, frame, 0, frame.Length, out int written), context);
                byte[] expectedMac = ReferenceMac(z, envelope, block.AsSpan(0, blockLength));
                CollectionAssert.AreEqual(expectedMac, frame.AsSpan(written - 12, 12).ToArray(), context);
                Assert.AreEqual(GbcsMacStatus.Ok, security.Verify(z, 0, frame, 0, written), context);
            }
        }

        // docs/GBCS-SECURITY.md §2 written with .NET's primitives: SHA-256 KDF, then AES-GCM over the AAD with no text.
        private static byte[] ReferenceMac(byte[] z, GbcsEnvelope header, ReadOnlySpan<byte> generalSigning)
        {
            byte[] kdfInput = new byte[4 + 32 + 33];
            kdfInput[3] = 1;
            z.CopyTo(kdfInput, 4);
            new byte[] { 0x60, 0x85, 0x74, 0x06, 0x08, 0x03, 0x00 }.CopyTo(kdfInput, 36);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(kdfInput.AsSpan(43), header.OriginatorSystemTitle);
            kdfInput[51] = 9;
            kdfInput[52] = (byte)header.CraFlag;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(kdfInput.AsSpan(53), header.OriginatorCounter);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(kdfInput.AsSpan(61), header.RecipientSystemTitle);
            byte[] key = SHA256.HashData(kdfInput).AsSpan(0, 16).ToArray();
            byte[] iv = new byte[12];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(iv, header.OriginatorSystemTitle);
            byte[] aad = new byte[6 + generalSigning.Length];
            aad[0] = 0x11;
            generalSigning.CopyTo(aad.AsSpan(6));
            byte[] tag = new byte[12];
            using var gcm = new AesGcm(key, 12);
            gcm.Encrypt(iv, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, aad);
            return tag;
        }
    }
}

using System;
using HanBench.Protocol.Integrity;
using HanBench.Protocol.Ota;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace HanBench.Protocol.Tests.Integrity
{
    /// <summary>
    /// Desktop only: the portable SHA-256 against .NET's own (System.Security.Cryptography), which does not exist
    /// on nanoFramework; and the streaming verifier's promise to allocate nothing per block, which only the
    /// desktop runtime can count.
    /// </summary>
    [TestClass]
    public sealed class Sha256ReferenceTests
    {
        [TestMethod]
        public void Hash_EveryLengthUpTo1000_MatchesDotNetSha256()
        {
            const ulong seed = 0xD07E7256UL;
            var random = new TestRandom(seed);
            var hasher = new Sha256();
            byte[] digest = new byte[Sha256.HashLength];
            for (int length = 0; length <= 1000; length++)
            {
                byte[] message = random.NextBytes(length);
                hasher.Reset();
                hasher.Append(message, 0, length);
                hasher.GetHash(digest, 0);
                CollectionAssert.AreEqual(System.Security.Cryptography.SHA256.HashData(message), digest, $"seed 0x{seed:X} length {length}");
            }
        }

        [TestMethod]
        [DataRow(1 << 20)]
        [DataRow((3 << 20) + 17)]
        [DataRow(768000)]
        public void Hash_Megabytes_InOddBlocks_MatchesDotNetSha256(int length)
        {
            const ulong seed = 0xD07E7257UL;
            var random = new TestRandom(seed);
            byte[] message = random.NextBytes(length);
            var hasher = new Sha256();
            int position = 0;
            while (position < length)
            {
                int take = Math.Min(1 + random.Next(5000), length - position);
                hasher.Append(message, position, take);
                position += take;
            }

            CollectionAssert.AreEqual(System.Security.Cryptography.SHA256.HashData(message), hasher.GetHash(), $"seed 0x{seed:X} length {length}");
            CollectionAssert.AreEqual(System.Security.Cryptography.SHA256.HashData(message), Sha256.Hash(message), $"one-shot, length {length}");
        }

        [TestMethod]
        public void Append_AllocatesNothing()
        {
            var hasher = new Sha256();
            byte[] block = new byte[999];
            byte[] digest = new byte[Sha256.HashLength];
            hasher.Append(block, 0, block.Length);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                hasher.Append(block, i % 7, block.Length - 7);
                hasher.GetHash(digest, 0);
            }

            Assert.AreEqual(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [TestMethod]
        public void OtaImageVerifier_StreamingAnImage_AllocatesNothingPerBlock()
        {
            var random = new TestRandom(0xD07E7258UL);
            foreach (OtaImageLayout layout in new[] { OtaImageLayout.ZigBee, OtaImageLayout.Gbcs, OtaImageLayout.GbcsSigned })
            {
                byte[] image = Ota.OtaTestImages.RandomImage(random, layout, 100000, out byte[] _, out byte[] _, out byte _);
                var verifier = new OtaImageVerifier();
                StreamInBlocks(verifier, image);
                long before = GC.GetAllocatedBytesForCurrentThread();
                StreamInBlocks(verifier, image);
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.AreEqual(OtaFileStatus.Ok, verifier.Status);
                Assert.AreEqual(layout, verifier.Layout);
                Assert.AreEqual(0L, allocated, $"layout {layout}");
            }
        }

        [TestMethod]
        public void Throughput_PrintsMegabytesPerSecond()
        {
            // A figure, not an assertion: timing belongs in benchmarks (brief), but one number helps size the board work.
            byte[] message = new byte[8 << 20];
            var hasher = new Sha256();
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            hasher.Append(message, 0, message.Length);
            hasher.GetHash();
            stopwatch.Stop();
            Console.WriteLine($"portable SHA-256: {message.Length / 1048576.0 / stopwatch.Elapsed.TotalSeconds:F1} MB/s on this machine");
            Assert.AreEqual(message.Length, hasher.MessageLength);
        }

        private static void StreamInBlocks(OtaImageVerifier verifier, byte[] image)
        {
            verifier.Reset(OtaImageLayout.Unknown);
            for (int position = 0; position < image.Length; position += 64)
            {
                verifier.Append(image, position, Math.Min(64, image.Length - position));
            }

            verifier.Complete();
        }
    }
}

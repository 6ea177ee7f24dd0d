using HanBench.Protocol.Bytes;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Security
{
    /// <summary>Hex and text helpers shared by the portable crypto tests.</summary>
    public static class SecurityVectors
    {
        /// <summary>The octets of a hex vector (spaces allowed).</summary>
        public static byte[] Bytes(string hex)
        {
            if (!Hex.TryDecode(hex, out byte[] bytes))
            {
                throw new System.ArgumentException("bad hex in test: " + hex);
            }

            return bytes;
        }

        /// <summary>UTF-8 octets of <paramref name="text"/>.</summary>
        public static byte[] Ascii(string text)
        {
            return System.Text.Encoding.UTF8.GetBytes(text);
        }

        /// <summary>Concatenation of two byte arrays.</summary>
        public static byte[] Concat(byte[] first, byte[] second)
        {
            byte[] result = new byte[first.Length + second.Length];
            System.Array.Copy(first, result, first.Length);
            System.Array.Copy(second, 0, result, first.Length, second.Length);
            return result;
        }

        /// <summary>Asserts that <paramref name="count"/> octets of <paramref name="actual"/> from <paramref name="offset"/> equal the hex vector.</summary>
        public static void AssertOctets(string expectedHex, byte[] actual, int offset, int count)
        {
            Assert.AreEqual(Hex.Encode(Bytes(expectedHex)), Hex.Encode(actual, offset, count));
        }
    }
}

using HanBench.Protocol.Bytes;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Bytes
{
    [TestClass]
    public class HexTests
    {
        [TestMethod]
        public void Encode_UpperCaseWithoutSeparators()
        {
            Assert.AreEqual("1EF1EE0B00", Hex.Encode(new byte[] { 0x1E, 0xF1, 0xEE, 0x0B, 0x00 }));
            Assert.AreEqual("F1EE", Hex.Encode(new byte[] { 0x1E, 0xF1, 0xEE, 0x0B }, 1, 2));
        }

        [TestMethod]
        public void Decode_AcceptsSeparatorsAndPrefix()
        {
            Assert.IsTrue(Hex.TryDecode("0x1e f1:EE-0b", out byte[] bytes));
            CollectionAssert.AreEqual(new byte[] { 0x1E, 0xF1, 0xEE, 0x0B }, bytes);
            Assert.IsTrue(Hex.TryDecode("", out byte[] empty));
            Assert.AreEqual(0, empty.Length);
        }

        [TestMethod]
        public void Decode_BadText_ReturnsFalse()
        {
            Assert.IsFalse(Hex.TryDecode("ABC", out byte[] _));
            Assert.IsFalse(Hex.TryDecode("GG", out byte[] _));
            Assert.IsFalse(Hex.TryDecode("A B", out byte[] _));
            Assert.IsFalse(Hex.TryDecode(null!, out byte[] _));
        }
    }
}

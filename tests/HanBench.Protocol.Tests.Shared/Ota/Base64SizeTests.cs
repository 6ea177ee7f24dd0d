using HanBench.Protocol.Ota;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Ota
{
    [TestClass]
    public class Base64SizeTests
    {
        [TestMethod]
        public void EncodedLength_IsFourPerStartedTriple()
        {
            Assert.AreEqual(0L, Base64Size.EncodedLength(0));
            Assert.AreEqual(4L, Base64Size.EncodedLength(1));
            Assert.AreEqual(4L, Base64Size.EncodedLength(3));
            Assert.AreEqual(8L, Base64Size.EncodedLength(4));
            Assert.AreEqual(1024000L, Base64Size.EncodedLength(768000));
            Assert.AreEqual(1024004L, Base64Size.EncodedLength(768001));
        }

        [TestMethod]
        public void DefaultLimit_Accepts768000_Refuses768001()
        {
            Assert.AreEqual(768000L, Base64Size.MaxImageBytes(Base64Size.DefaultLimitCharacters));
            Assert.IsTrue(Base64Size.Fits(768000, Base64Size.DefaultLimitCharacters));
            Assert.IsFalse(Base64Size.Fits(768001, Base64Size.DefaultLimitCharacters));
        }

        [TestMethod]
        public void SeedImageSizes_SiLabsFit_BroadcomRefused()
        {
            // SECMP0170 §4.3 indicative sizes: SiLabs 505/514/621 KB fit; the 869 KB Broadcom image does not.
            Assert.IsTrue(Base64Size.Fits(621 * 1024, Base64Size.DefaultLimitCharacters));
            Assert.IsTrue(Base64Size.Fits(505 * 1000, Base64Size.DefaultLimitCharacters));
            Assert.IsFalse(Base64Size.Fits(869 * 1000, Base64Size.DefaultLimitCharacters));
        }
    }
}

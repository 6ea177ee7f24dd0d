using HanBench.Protocol.Transfer;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Transfer
{
    /// <summary>Issue 16: the blocks an OTA client holds beyond a lost one, merged and handed back in order.</summary>
    [TestClass]
    public class OtaBlockHoldTests
    {
        [TestMethod]
        public void BlocksBeyondGaps_TakenBackInOrderWhenGapsFill()
        {
            byte[] image = new byte[1000];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = (byte)(i * 7);
            }

            OtaBlockHold hold = new OtaBlockHold(600);
            Assert.IsTrue(hold.Hold(400, image, 400, 100, 100));
            Assert.IsTrue(hold.Hold(200, image, 200, 100, 100));
            Assert.IsTrue(hold.Hold(500, image, 500, 100, 100), "joins the range before it");
            Assert.IsTrue(hold.Holds(450, 50));
            Assert.IsFalse(hold.Holds(300, 100));
            Assert.AreEqual(200u, hold.FirstHeldOffset);
            Assert.AreEqual(0, hold.TakeAt(100, out int _), "the gap at 100 is still open");

            int length = hold.TakeAt(200, out int at);
            Assert.AreEqual(100, length);
            AssertBytes(image, 200, hold.Buffer, at, length);
            Assert.IsFalse(hold.Hold(300, image, 300, 100, 300), "at the first missing byte: the client takes it itself");
            Assert.AreEqual(0, hold.TakeAt(300, out int _));
            length = hold.TakeAt(400, out at);
            Assert.AreEqual(200, length, "400 to 600 in one piece");
            AssertBytes(image, 400, hold.Buffer, at, length);
            Assert.IsFalse(hold.HasHeld);
        }

        [TestMethod]
        public void OverlapsOutsideBufferOrAtNext_Refused()
        {
            byte[] data = new byte[256];
            OtaBlockHold hold = new OtaBlockHold(300);
            Assert.IsFalse(hold.Hold(0, data, 0, 100, 0), "at the first missing byte: not a held block");
            Assert.IsTrue(hold.Hold(100, data, 0, 100, 0));
            Assert.IsFalse(hold.Hold(150, data, 0, 100, 0), "overlaps a held block");
            Assert.IsFalse(hold.Hold(250, data, 0, 100, 0), "ends beyond the buffer");
            Assert.IsFalse(new OtaBlockHold(0).Hold(100, data, 0, 10, 0), "no buffer");
        }

        [TestMethod]
        public void RangeListFull_Refused()
        {
            byte[] data = new byte[10];
            OtaBlockHold hold = new OtaBlockHold(1000);
            for (int i = 0; i < OtaBlockHold.MaxRanges; i++)
            {
                Assert.IsTrue(hold.Hold((uint)(20 + (i * 20)), data, 0, 10, 0));
            }

            Assert.IsFalse(hold.Hold(900, data, 0, 10, 0), "a new range beyond the list");
            Assert.IsTrue(hold.Hold(30, data, 0, 10, 0), "joining two ranges still fits");
        }

        [TestMethod]
        public void BytesBeforeNext_DroppedOrTrimmed()
        {
            byte[] data = new byte[100];
            OtaBlockHold hold = new OtaBlockHold(500);
            Assert.IsTrue(hold.Hold(100, data, 0, 100, 0));
            Assert.IsTrue(hold.Hold(300, data, 0, 100, 0));
            Assert.AreEqual(50, hold.TakeAt(150, out int at), "the part from next on");
            Assert.AreEqual(150, at);
            Assert.AreEqual(0, hold.TakeAt(450, out int _), "a range wholly before next is dropped");
            Assert.IsFalse(hold.HasHeld);
        }

        private static void AssertBytes(byte[] expected, int expectedOffset, byte[] actual, int actualOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Assert.AreEqual(expected[expectedOffset + i], actual[actualOffset + i], "byte " + i.ToString());
            }
        }
    }
}

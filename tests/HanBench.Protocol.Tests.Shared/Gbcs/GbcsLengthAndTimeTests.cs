using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Gbcs
{
    [TestClass]
    public class GbcsLengthAndTimeTests
    {
        [TestMethod]
        public void Length_ShortestForms_BothDirections()
        {
            int[] values = new int[] { 0, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF };
            string[] expected = new string[] { "00", "7F", "8180", "81FF", "820100", "82FFFF" };
            for (int i = 0; i < values.Length; i++)
            {
                byte[] output = new byte[GbcsLength.EncodedSize(values[i])];
                GbcsLength.Write(new ByteWriter(output), values[i]);
                Assert.AreEqual(expected[i], Hex.Encode(output));
                Assert.AreEqual((byte)GbcsLengthStatus.Ok, (byte)GbcsLength.TryRead(new ByteReader(output, 0, output.Length), out int back));
                Assert.AreEqual(values[i], back);
            }
        }

        [TestMethod]
        public void Length_IndefiniteLongOrPadded_Malformed()
        {
            string[] bad = new string[] { "80", "837FFFFF", "817F", "8200FF", "FF" };
            foreach (string hex in bad)
            {
                byte[] bytes = GbcsVectors.Bytes(hex);
                Assert.AreEqual((byte)GbcsLengthStatus.Malformed, (byte)GbcsLength.TryRead(new ByteReader(bytes, 0, bytes.Length), out int _), hex);
            }

            byte[] cut = GbcsVectors.Bytes("8201");
            Assert.AreEqual((byte)GbcsLengthStatus.Truncated, (byte)GbcsLength.TryRead(new ByteReader(cut, 0, cut.Length), out int _));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => GbcsLength.EncodedSize(0x10000));
        }

        [TestMethod]
        public void Timestamp_SecondsSince2000_KnownDates()
        {
            Assert.AreEqual("2000-01-01T00:00:00Z", GbcsTimestamp.FromSecondsSince2000(0).ToString());
            Assert.AreEqual("2024-02-29T23:59:59Z", GbcsTimestamp.FromSecondsSince2000(762566399).ToString());
            Assert.AreEqual("2024-03-01T00:00:00Z", GbcsTimestamp.FromSecondsSince2000(762566400).ToString());
            Assert.AreEqual("2136-02-07T06:28:15Z", GbcsTimestamp.FromSecondsSince2000(0xFFFFFFFF).ToString());
            Assert.IsTrue(new GbcsTimestamp(2024, 2, 29, 23, 59, 59).TryGetSecondsSince2000(out uint seconds));
            Assert.AreEqual(762566399u, seconds);
            Assert.IsFalse(new GbcsTimestamp(1999, 12, 31, 23, 59, 59).TryGetSecondsSince2000(out uint _));
            Assert.IsFalse(new GbcsTimestamp(2136, 2, 7, 6, 28, 16).TryGetSecondsSince2000(out uint _));
        }

        [TestMethod]
        public void Timestamp_RandomSeconds_RoundTrip()
        {
            TestRandom random = new TestRandom(0x74696D6531UL);
            for (int i = 0; i < 2000; i++)
            {
                uint seconds = (uint)random.NextUInt64();
                GbcsTimestamp time = GbcsTimestamp.FromSecondsSince2000(seconds);
                Assert.IsTrue(time.TryGetSecondsSince2000(out uint back), "seed " + random.Seed.ToString() + " seconds " + seconds.ToString());
                Assert.AreEqual(seconds, back, "seed " + random.Seed.ToString());
            }
        }

        [TestMethod]
        public void Timestamp_InvalidFields_Throw()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new GbcsTimestamp(2023, 2, 29, 0, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new GbcsTimestamp(2024, 4, 31, 0, 0, 0));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new GbcsTimestamp(2024, 1, 1, 24, 0, 0));
            Assert.IsTrue(GbcsTimestamp.IsValid(2000, 2, 29, 0, 0, 0));
            Assert.IsFalse(GbcsTimestamp.IsValid(1900, 2, 29, 0, 0, 0));
        }

        [TestMethod]
        public void DlmsDateTime_WriteThenRead_RoundTripsInRtdsStyle()
        {
            byte[] buffer = new byte[GbcsDlmsDateTime.Length];
            GbcsDlmsDateTime.Write(buffer, 0, new GbcsTimestamp(2024, 6, 30, 12, 34, 56));
            Assert.AreEqual(GbcsVectors.DlmsTime, Hex.Encode(buffer));
            Assert.IsTrue(GbcsDlmsDateTime.TryRead(buffer, 0, out GbcsTimestamp time));
            Assert.AreEqual("2024-06-30T12:34:56Z", time.ToString());

            buffer[5] = GbcsDlmsDateTime.NotSpecified;
            Assert.IsFalse(GbcsDlmsDateTime.TryRead(buffer, 0, out GbcsTimestamp _));
        }
    }
}

using HanBench.Protocol.Bytes;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Bytes
{
    [TestClass]
    public class ByteReaderTests
    {
        private static readonly byte[] Sample = new byte[] { 0xAA, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xBB };

        [TestMethod]
        public void ReadIntegers_LittleAndBigEndian_MatchByteOrder()
        {
            ByteReader reader = new ByteReader(Sample, 1, 8);
            Assert.IsTrue(reader.TryReadUInt16LittleEndian(out ushort le16));
            Assert.AreEqual((ushort)0x0201, le16);
            Assert.IsTrue(reader.TryReadUInt16BigEndian(out ushort be16));
            Assert.AreEqual((ushort)0x0304, be16);
            Assert.IsTrue(reader.TryReadUInt32LittleEndian(out uint le32));
            Assert.AreEqual(0x08070605u, le32);
            Assert.AreEqual(0, reader.Remaining);

            reader.Reset(Sample, 1, 8);
            Assert.IsTrue(reader.TryReadUInt64LittleEndian(out ulong le64));
            Assert.AreEqual(0x0807060504030201UL, le64);
            reader.Reset(Sample, 1, 8);
            Assert.IsTrue(reader.TryReadUInt64BigEndian(out ulong be64));
            Assert.AreEqual(0x0102030405060708UL, be64);
            reader.Reset(Sample, 1, 8);
            Assert.IsTrue(reader.TryReadUInt32BigEndian(out uint be32));
            Assert.AreEqual(0x01020304u, be32);
            Assert.IsTrue(reader.TryReadUInt24LittleEndian(out uint le24));
            Assert.AreEqual(0x070605u, le24);
        }

        [TestMethod]
        public void Read_PastWindow_ReturnsFalseAndDoesNotMove()
        {
            // The window stops before 0xBB: a read must not see the byte after it.
            ByteReader reader = new ByteReader(Sample, 1, 3);
            Assert.IsFalse(reader.TryReadUInt32LittleEndian(out uint _));
            Assert.AreEqual(1, reader.Position);
            Assert.IsTrue(reader.TryReadUInt16LittleEndian(out ushort _));
            Assert.IsFalse(reader.TryReadUInt16BigEndian(out ushort _));
            Assert.IsTrue(reader.TryReadByte(out byte last));
            Assert.AreEqual((byte)0x03, last);
            Assert.IsFalse(reader.TryReadByte(out byte _));
            Assert.IsFalse(reader.TrySkip(1));
            Assert.IsFalse(reader.TryReadSlice(1, out int _));
            Assert.IsFalse(reader.TryReadUInt64BigEndian(out ulong _));
        }

        [TestMethod]
        public void ReadSlice_ReturnsOffsetIntoSameBuffer()
        {
            ByteReader reader = new ByteReader(Sample, 0, Sample.Length);
            Assert.IsTrue(reader.TrySkip(2));
            Assert.IsTrue(reader.TryReadSlice(3, out int sliceOffset));
            Assert.AreEqual(2, sliceOffset);
            Assert.AreSame(Sample, reader.Buffer);
            Assert.AreEqual(5, reader.Position);
            Assert.IsFalse(reader.TryReadSlice(-1, out int _));
        }

        [TestMethod]
        public void CopyTo_ChecksBothSides()
        {
            ByteReader reader = new ByteReader(Sample, 0, Sample.Length);
            byte[] destination = new byte[4];
            Assert.IsFalse(reader.TryCopyTo(destination, 2, 3));
            Assert.IsTrue(reader.TryCopyTo(destination, 1, 3));
            Assert.AreEqual((byte)0xAA, destination[1]);
            Assert.AreEqual((byte)0x02, destination[3]);
            Assert.AreEqual(3, reader.Position);
        }

        [TestMethod]
        public void Reset_InvalidWindow_Throws()
        {
            ByteReader reader = new ByteReader();
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => reader.Reset(Sample, 5, 6));
            Assert.ThrowsException(typeof(System.ArgumentNullException), () => reader.Reset(null!, 0, 0));
        }
    }
}

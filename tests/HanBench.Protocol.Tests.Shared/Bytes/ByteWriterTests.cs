using HanBench.Protocol.Bytes;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Bytes
{
    [TestClass]
    public class ByteWriterTests
    {
        [TestMethod]
        public void WriteIntegers_RoundTripThroughReader()
        {
            byte[] buffer = new byte[40];
            ByteWriter writer = new ByteWriter(buffer, 2, 37);
            writer.WriteByte(0x7E);
            writer.WriteUInt16LittleEndian(0xBEEF);
            writer.WriteUInt16BigEndian(0xBEEF);
            writer.WriteUInt24LittleEndian(0x123456);
            writer.WriteUInt32LittleEndian(0x0BEEF11E);
            writer.WriteUInt32BigEndian(0x0BEEF11E);
            writer.WriteUInt64LittleEndian(0x00DB1234567890A4UL);
            writer.WriteUInt64BigEndian(0x90B3D51F30000002UL);
            Assert.AreEqual(32, writer.Written);
            Assert.AreEqual((byte)0xEF, buffer[3]);
            Assert.AreEqual((byte)0xBE, buffer[5]);
            Assert.AreEqual((byte)0x1E, buffer[10]);
            Assert.AreEqual((byte)0x0B, buffer[14]);

            ByteReader reader = new ByteReader(buffer, 2, writer.Written);
            Assert.IsTrue(reader.TryReadByte(out byte b));
            Assert.AreEqual((byte)0x7E, b);
            Assert.IsTrue(reader.TryReadUInt16LittleEndian(out ushort a));
            Assert.AreEqual((ushort)0xBEEF, a);
            Assert.IsTrue(reader.TryReadUInt16BigEndian(out ushort c));
            Assert.AreEqual((ushort)0xBEEF, c);
            Assert.IsTrue(reader.TryReadUInt24LittleEndian(out uint d));
            Assert.AreEqual(0x123456u, d);
            Assert.IsTrue(reader.TryReadUInt32LittleEndian(out uint e));
            Assert.AreEqual(0x0BEEF11Eu, e);
            Assert.IsTrue(reader.TryReadUInt32BigEndian(out uint f));
            Assert.AreEqual(0x0BEEF11Eu, f);
            Assert.IsTrue(reader.TryReadUInt64LittleEndian(out ulong g));
            Assert.AreEqual(0x00DB1234567890A4UL, g);
            Assert.IsTrue(reader.TryReadUInt64BigEndian(out ulong h));
            Assert.AreEqual(0x90B3D51F30000002UL, h);
        }

        [TestMethod]
        public void Write_PastCapacity_ThrowsAndLeavesBufferAlone()
        {
            byte[] buffer = new byte[] { 0x11, 0x22, 0x33, 0x44 };
            ByteWriter writer = new ByteWriter(buffer, 1, 2);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => writer.WriteUInt32BigEndian(0xFFFFFFFF));
            Assert.AreEqual((byte)0x22, buffer[1]);
            writer.WriteUInt16BigEndian(0xA1B2);
            Assert.AreEqual(0, writer.Remaining);
            Assert.AreEqual((byte)0x44, buffer[3]);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => writer.WriteByte(0));
        }

        [TestMethod]
        public void WriteBytesAndRepeated_CopyExactly()
        {
            byte[] buffer = new byte[6];
            ByteWriter writer = new ByteWriter(buffer);
            writer.WriteBytes(new byte[] { 1, 2, 3, 4 }, 1, 2);
            writer.WriteRepeated(0x20, 3);
            CollectionAssert.AreEqual(new byte[] { 2, 3, 0x20, 0x20, 0x20, 0 }, buffer);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => writer.WriteBytes(new byte[2], 1, 2));
        }
    }
}

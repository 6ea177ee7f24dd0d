using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Gbcs
{
    [TestClass]
    public class GbcsMessageSecurityTests
    {
        // HanBench's own MAC'd CS08 command (GbcsVectors) without its General Ciphering header and MAC.
        private const int CipheringPrefixLength = 7 + 1 + 5;
        private const string SharedSecret = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

        [TestMethod]
        public void Protect_GeneralSigningBlock_WritesTheWholeFrameAndItVerifies()
        {
            var security = new GbcsMessageSecurity();
            byte[] frame = Protected(security, out int written);
            string block = GeneralSigningBlock();
            Assert.AreEqual(CipheringPrefixLength + (block.Length / 2) + 12, written);
            string hex = Hex.Encode(frame, 0, written);
            Assert.AreEqual("DD000000000000" + "46" + "1100000000" + block, hex.Substring(0, hex.Length - 24));
            Assert.AreEqual(GbcsMacStatus.Ok, security.Verify(Z(), 0, frame, 0, written));
            Assert.AreEqual(GbcsVectors.CommandOriginator, security.Envelope.OriginatorSystemTitle);
        }

        [TestMethod]
        public void Protect_LayoutExposesTheSignedRange()
        {
            var security = new GbcsMessageSecurity();
            byte[] frame = Protected(security, out int _);
            GbcsLayout layout = security.Envelope.Layout;
            Assert.AreEqual(GbcsEnvelope.GeneralSigningTag, frame[layout.SignedDataOffset - 1]);
            Assert.AreEqual(CipheringPrefixLength + 1, layout.SignedDataOffset);
            Assert.AreEqual(layout.SignatureLengthOffset, layout.SignedDataOffset + layout.SignedDataLength);
        }

        [TestMethod]
        public void Protect_WriteMacOnAnEnvelopeEncodedFrame_SameMac()
        {
            var security = new GbcsMessageSecurity();
            byte[] frame = Protected(security, out int written);
            byte[] copy = new byte[written];
            System.Array.Copy(frame, copy, written);
            for (int i = written - 12; i < written; i++)
            {
                copy[i] = 0;
            }

            var envelope = new GbcsEnvelope();
            Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(copy, 0, written), envelope));
            new GbcsMessageSecurity().WriteMac(Z(), 0, copy, envelope);
            Assert.AreEqual(Hex.Encode(frame, 0, written), Hex.Encode(copy));
        }

        [TestMethod]
        public void Verify_EveryTruncation_Refused()
        {
            var security = new GbcsMessageSecurity();
            byte[] frame = Protected(security, out int written);
            for (int length = 0; length < written; length++)
            {
                Assert.AreNotEqual((int)GbcsMacStatus.Ok, (int)security.Verify(Z(), 0, frame, 0, length), "length " + length.ToString());
            }
        }

        [TestMethod]
        public void Verify_EverySingleBitFlip_Refused()
        {
            var security = new GbcsMessageSecurity();
            byte[] frame = Protected(security, out int written);
            byte[] z = Z();
            for (int bit = 0; bit < written * 8; bit++)
            {
                frame[bit >> 3] ^= (byte)(1 << (bit & 7));
                Assert.AreNotEqual((int)GbcsMacStatus.Ok, (int)security.Verify(z, 0, frame, 0, written), "bit " + bit.ToString());
                frame[bit >> 3] ^= (byte)(1 << (bit & 7));
            }

            Assert.AreEqual(GbcsMacStatus.Ok, security.Verify(z, 0, frame, 0, written));
        }

        [TestMethod]
        public void Verify_FlippedMacOctet_BadMac()
        {
            var security = new GbcsMessageSecurity();
            byte[] frame = Protected(security, out int written);
            frame[written - 1] ^= 0x01;
            Assert.AreEqual(GbcsMacStatus.BadMac, security.Verify(Z(), 0, frame, 0, written));
        }

        [TestMethod]
        public void Verify_OtherKeyPair_BadMac()
        {
            var security = new GbcsMessageSecurity();
            byte[] frame = Protected(security, out int written);
            byte[] other = Z();
            other[31] ^= 0x01;
            Assert.AreEqual(GbcsMacStatus.BadMac, security.Verify(other, 0, frame, 0, written));
        }

        [TestMethod]
        public void Verify_CipheredServiceLengthOneShort_LengthMismatch()
        {
            var security = new GbcsMessageSecurity();
            byte[] frame = Protected(security, out int written);
            frame[7]--;
            Assert.AreEqual(GbcsMacStatus.LengthMismatch, security.Verify(Z(), 0, frame, 0, written));
        }

        [TestMethod]
        public void Verify_NonZeroInvocationCounter_UnsupportedSecurityHeader()
        {
            byte[] frame = GbcsVectors.Bytes(GbcsVectors.MacdCommand);
            Assert.AreEqual(GbcsMacStatus.UnsupportedSecurityHeader, new GbcsMessageSecurity().Verify(Z(), 0, frame, 0, frame.Length));
        }

        [TestMethod]
        public void Verify_SignedOnlyMessage_NotMacd()
        {
            byte[] alert = GbcsVectors.Bytes(GbcsVectors.SignedAlert);
            Assert.AreEqual(GbcsMacStatus.NotMacd, new GbcsMessageSecurity().Verify(Z(), 0, alert, 0, alert.Length));
        }

        [TestMethod]
        public void Verify_Garbage_MalformedFrameNamingTheDecodeDefect()
        {
            var security = new GbcsMessageSecurity();
            byte[] garbage = GbcsVectors.Bytes("0102030405");
            Assert.AreEqual(GbcsMacStatus.MalformedFrame, security.Verify(Z(), 0, garbage, 0, garbage.Length));
            Assert.AreEqual(GbcsStatus.UnknownTag, security.DecodeStatus);
            Assert.AreEqual(GbcsMacStatus.MalformedFrame, security.Verify(Z(), 0, garbage, 3, 5));
        }

        [TestMethod]
        public void Protect_AlreadyMacdFrame_Refused()
        {
            byte[] frame = GbcsVectors.Bytes(GbcsVectors.MacdCommand);
            Assert.AreEqual(GbcsMacStatus.AlreadyMacd, new GbcsMessageSecurity().Protect(Z(), 0, frame, 0, frame.Length, new byte[200], 0, 200, out int written));
            Assert.AreEqual(0, written);
        }

        [TestMethod]
        public void Protect_OutputOneOctetShort_NoRoom()
        {
            byte[] block = GbcsVectors.Bytes(GeneralSigningBlock());
            int needed = CipheringPrefixLength + block.Length + 12;
            var security = new GbcsMessageSecurity();
            Assert.AreEqual(GbcsMacStatus.NoRoom, security.Protect(Z(), 0, block, 0, block.Length, new byte[needed], 0, needed - 1, out int _));
            Assert.AreEqual(GbcsMacStatus.NoRoom, security.Protect(Z(), 0, block, 0, block.Length, new byte[needed - 1], 0, needed, out int _));
            Assert.AreEqual(GbcsMacStatus.Ok, security.Protect(Z(), 0, block, 0, block.Length, new byte[needed], 0, needed, out int written));
            Assert.AreEqual(needed, written);
        }

        internal static string GeneralSigningBlock()
        {
            string frame = GbcsVectors.MacdCommand;
            return frame.Substring(CipheringPrefixLength * 2, frame.Length - (CipheringPrefixLength * 2) - 24);
        }

        private static byte[] Protected(GbcsMessageSecurity security, out int written)
        {
            byte[] block = GbcsVectors.Bytes(GeneralSigningBlock());
            byte[] output = new byte[256];
            Assert.AreEqual(GbcsMacStatus.Ok, security.Protect(Z(), 0, block, 0, block.Length, output, 0, output.Length, out written));
            return output;
        }

        private static byte[] Z()
        {
            return GbcsVectors.Bytes(SharedSecret);
        }
    }
}

using HanBench.Protocol.Gbcs;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Gbcs
{
    [TestClass]
    public class GbcsBlockTransferTests
    {
        private const ulong Host = 0x00DB00000000F000UL;
        private const ulong Other = 0x00DB000000000099UL;
        private const ulong Acb = 0x90B3D51F30000002UL;
        private const ulong Ppmid = 0x00DB1234567890A4UL;
        private const ulong Counter = 0x7000UL;

        [TestMethod]
        public void Blocks_RtdsCs02bSize_ReassembleOctetForOctet()
        {
            byte[] message = Message(1879);
            Assert.AreEqual(2, GbcsBlockTransfer.BlockCount(message.Length));
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            byte[] block = new byte[GbcsBlockTransfer.MaxBlockLength];
            int length = GbcsBlockTransfer.WriteBlock(Routing(Counter), message, 0, message.Length, 1, block, 0);
            Assert.IsTrue(length <= 1024, "a block fits a HAN frame");
            Assert.IsTrue(GbcsBlockTransfer.IsBlock(block, 0, length));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, block, 0, length, 0));
            length = GbcsBlockTransfer.WriteBlock(Routing(Counter), message, 0, message.Length, 2, block, 0);
            Assert.AreEqual((byte)GbcsBlockStatus.Complete, (byte)reassembler.Accept(Host, block, 0, length, 0));
            Assert.AreEqual(message.Length, reassembler.Length);
            for (int i = 0; i < message.Length; i++)
            {
                Assert.AreEqual(message[i], reassembler.Buffer[i]);
            }
        }

        [TestMethod]
        public void Accept_Gap_KeepsTheMessageSoFar_AcknowledgesOnceWhatItHolds_AndCompletesFromTheMissingBlock()
        {
            byte[] message = Message(2500);
            byte[][] blocks = Blocks(message);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[0], 0, blocks[0].Length, 0));
            Assert.IsFalse(reassembler.AckDue, "no acknowledgement while blocks arrive in order");
            Assert.AreEqual((byte)GbcsBlockStatus.Gap, (byte)reassembler.Accept(Host, blocks[2], 0, blocks[2].Length, 0), "block 2 was lost");
            Assert.IsTrue(reassembler.AckDue, "the first gap asks for the missing block");
            Assert.AreEqual(1, reassembler.Acknowledged);
            Assert.IsFalse(reassembler.IsComplete);
            Assert.AreEqual((byte)GbcsBlockStatus.Gap, (byte)reassembler.Accept(Host, blocks[2], 0, blocks[2].Length, 0));
            Assert.IsFalse(reassembler.AckDue, "asked once until a block is taken");

            // The sender goes back to block 2 (go-back-N): block 1 again is a repeat, then 2 and 3 complete it.
            Assert.AreEqual((byte)GbcsBlockStatus.Repeat, (byte)reassembler.Accept(Host, blocks[0], 0, blocks[0].Length, 0));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[1], 0, blocks[1].Length, 0));
            Assert.AreEqual((byte)GbcsBlockStatus.Complete, (byte)reassembler.Accept(Host, blocks[2], 0, blocks[2].Length, 0));
            Assert.IsTrue(reassembler.AckDue);
            Assert.IsTrue(reassembler.IsComplete);
            Assert.AreEqual(3, reassembler.Acknowledged);
            Assert.AreEqual(message.Length, reassembler.Length);
            for (int i = 0; i < message.Length; i++)
            {
                Assert.AreEqual(message[i], reassembler.Buffer[i]);
            }

            Assert.AreEqual(0L, reassembler.Dropped);
        }

        [TestMethod]
        public void Accept_CompletedMessageSentAgain_RepeatsAcknowledgedAgain_NeverCompletesTwice()
        {
            byte[] message = Message(2500);
            byte[][] blocks = Blocks(message);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            for (int i = 0; i < blocks.Length; i++)
            {
                reassembler.Accept(Host, blocks[i], 0, blocks[i].Length, 0);
            }

            Assert.IsTrue(reassembler.IsComplete);
            for (int i = 0; i < blocks.Length; i++)
            {
                Assert.AreEqual((byte)GbcsBlockStatus.Repeat, (byte)reassembler.Accept(Host, blocks[i], 0, blocks[i].Length, 10), "the acknowledgement was lost, the message comes again");
                Assert.IsTrue(reassembler.AckDue, "and is acknowledged again");
                Assert.IsTrue(reassembler.IsComplete);
            }

            byte[] other = Message(1200);
            other[5] ^= 0x55;
            byte[][] next = Blocks(other, Counter + 1);
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, next[0], 0, next[0].Length, 20), "another message starts");
            Assert.AreEqual((byte)GbcsBlockStatus.Complete, (byte)reassembler.Accept(Host, next[1], 0, next[1].Length, 20));
            Assert.AreEqual(other.Length, reassembler.Length);
        }

        [TestMethod]
        public void Ack_WrittenAndRead_RoundTrips_NamesItsMessage_AndIsNeitherADataBlockNorAMessage()
        {
            byte[] ack = new byte[GbcsBlockTransfer.AckLength];
            Assert.AreEqual(GbcsBlockTransfer.AckLength, GbcsBlockTransfer.WriteAck(Routing(Counter), 2, false, ack, 0));
            Assert.IsTrue(GbcsBlockTransfer.IsBlock(ack, 0, ack.Length));
            GbcsRoutingHeader named = new GbcsRoutingHeader();
            int acknowledged;
            bool complete;
            Assert.IsTrue(GbcsBlockTransfer.TryReadAck(ack, 0, ack.Length, named, out acknowledged, out complete));
            Assert.AreEqual(2, acknowledged);
            Assert.IsFalse(complete);
            Assert.IsTrue(named.NamesSameMessage(Routing(Counter)), "the acknowledgement names the message it acknowledges");
            Assert.IsFalse(named.NamesSameMessage(Routing(Counter + 1)), "and no other");
            GbcsBlockTransfer.WriteAck(Routing(Counter), 3, true, ack, 0);
            Assert.IsTrue(GbcsBlockTransfer.TryReadAck(ack, 0, ack.Length, named, out acknowledged, out complete));
            Assert.AreEqual(3, acknowledged);
            Assert.IsTrue(complete);

            byte[][] blocks = Blocks(Message(1500));
            Assert.IsFalse(GbcsBlockTransfer.TryReadAck(blocks[0], 0, blocks[0].Length, named, out acknowledged, out complete), "a data block");
            Assert.IsFalse(GbcsBlockTransfer.TryReadAck(ack, 0, ack.Length - 1, named, out acknowledged, out complete), "cut");
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            Assert.AreEqual((byte)GbcsBlockStatus.Malformed, (byte)reassembler.Accept(Host, ack, 0, ack.Length, 0), "a receiver takes no acknowledgement as data");
        }

        [TestMethod]
        public void Ack_BareGbtApduNamingNoMessage_IsABlockButNoAcknowledgement()
        {
            // What an acknowledgement looked like before it named its message: E0, control, block 0, acknowledged 3, no data.
            byte[] bare = new byte[] { 0xE0, 0x80, 0x00, 0x00, 0x00, 0x03, 0x00 };
            Assert.IsTrue(GbcsBlockTransfer.IsBlock(bare, 0, bare.Length), "a GBT APDU, not a whole message");
            int acknowledged;
            bool complete;
            Assert.IsFalse(GbcsBlockTransfer.TryReadAck(bare, 0, bare.Length, new GbcsRoutingHeader(), out acknowledged, out complete));
            Assert.AreEqual((byte)GbcsBlockStatus.Malformed, (byte)new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1)).Accept(Host, bare, 0, bare.Length, 0));
        }

        [TestMethod]
        public void RoutingHeader_Written_IsTheGbtRoutingHeaderOfTheMessage()
        {
            GbcsRoutingHeader routing = Routing(0x0102030405060708UL);
            byte[] written = new byte[GbcsRoutingHeader.MaxLength];
            int length = routing.Write(7, written, 0);
            Assert.AreEqual(GbcsRoutingHeader.EncodedLength(7), length);
            byte[] expected = new byte[]
            {
                0xDD, 0x09, 0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
                0x08, 0x90, 0xB3, 0xD5, 0x1F, 0x30, 0x00, 0x00, 0x02,
                0x08, 0x00, 0xDB, 0x12, 0x34, 0x56, 0x78, 0x90, 0xA4,
                0x00, 0x02, 0x01, 0x01, 0x00, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00,
            };
            Assert.AreEqual(expected.Length, length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], written[i], "octet " + i.ToString());
            }
        }

        [TestMethod]
        public void Accept_BlocksOfAnAuthenticatedEarlierMessageDuringALaterOne_IgnoredAndTheLaterOneCompletes()
        {
            byte[] later = Message(2500);
            byte[][] blocks = Blocks(later, Counter + 1);
            byte[][] earlier = Blocks(Message(2500), Counter);
            OriginatorCounterGuard authenticated = new OriginatorCounterGuard();
            authenticated.Accept(Acb, Counter);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, authenticated);
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[0], 0, blocks[0].Length, 0));
            Assert.AreEqual((byte)GbcsBlockStatus.OtherMessage, (byte)reassembler.Accept(Host, earlier[0], 0, earlier[0].Length, 1), "a late block 1 of the earlier message");
            Assert.AreEqual((byte)GbcsBlockStatus.OtherMessage, (byte)reassembler.Accept(Host, earlier[1], 0, earlier[1].Length, 2), "a late block 2 of the earlier message");
            Assert.IsFalse(reassembler.AckDue, "nothing to acknowledge for it");
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[1], 0, blocks[1].Length, 3));
            Assert.AreEqual((byte)GbcsBlockStatus.Complete, (byte)reassembler.Accept(Host, blocks[2], 0, blocks[2].Length, 4));
            Assert.AreEqual(later.Length, reassembler.Length);
            Assert.AreEqual(Counter + 1, reassembler.Routing.OriginatorCounter, "the acknowledgement names the later message");
            Assert.AreEqual(0L, reassembler.Dropped);
        }

        [TestMethod]
        public void Accept_Block1OfALaterMessage_StartsItInsteadOfTheOneInProgress()
        {
            byte[][] first = Blocks(Message(2500), Counter);
            byte[][] later = Blocks(Message(1200), Counter + 1);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, first[0], 0, first[0].Length, 0));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, later[0], 0, later[0].Length, 1));
            Assert.AreEqual(1L, reassembler.Dropped, "the message the sender gave up on");
            Assert.AreEqual((byte)GbcsBlockStatus.OtherMessage, (byte)reassembler.Accept(Host, first[1], 0, first[1].Length, 2));
            Assert.AreEqual((byte)GbcsBlockStatus.Complete, (byte)reassembler.Accept(Host, later[1], 0, later[1].Length, 3));
            Assert.AreEqual(Counter + 1, reassembler.Routing.OriginatorCounter);
        }

        [TestMethod]
        public void Accept_ForgedBlock1WithMaximumCounter_GenuineBlock1SentAgainRestartsAndCompletes()
        {
            // Issue #8: the Routing Header is plain text, so a forged block 1 naming the same originator with the highest
            // counter must not make the genuine message look earlier; the sender's retry (from block 1) gets through.
            byte[] message = Message(2500);
            byte[][] blocks = Blocks(message, Counter);
            byte[][] forged = Blocks(Message(2500), ulong.MaxValue);
            OriginatorCounterGuard authenticated = new OriginatorCounterGuard();
            authenticated.Accept(Acb, Counter - 1);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, authenticated);
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[0], 0, blocks[0].Length, 0));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, forged[0], 0, forged[0].Length, 1), "the forged block 1 (no last flag)");
            Assert.AreEqual((byte)GbcsBlockStatus.OtherMessage, (byte)reassembler.Accept(Host, blocks[1], 0, blocks[1].Length, 2), "the genuine block 2 names another message now");
            for (int i = 0; i < blocks.Length - 1; i++)
            {
                Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[i], 0, blocks[i].Length, 3 + i), "genuine block " + (i + 1).ToString() + " sent again");
            }

            Assert.AreEqual((byte)GbcsBlockStatus.Complete, (byte)reassembler.Accept(Host, blocks[blocks.Length - 1], 0, blocks[blocks.Length - 1].Length, 10));
            Assert.AreEqual(message.Length, reassembler.Length);
            Assert.AreEqual(Counter, reassembler.Routing.OriginatorCounter);
            Assert.AreEqual(Counter - 1, LastCounter(authenticated), "nothing unauthenticated moved the counter");
        }

        [TestMethod]
        public void Accept_CutCopyOrAlteredRepeatInProgress_IgnoredAndTheMessageCompletes()
        {
            byte[] message = Message(2500);
            byte[][] blocks = Blocks(message);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[0], 0, blocks[0].Length, 0));
            byte[] cut = new byte[blocks[0].Length - 1];
            System.Array.Copy(blocks[0], cut, cut.Length);
            Assert.AreEqual((byte)GbcsBlockStatus.Malformed, (byte)reassembler.Accept(Host, cut, 0, cut.Length, 1), "a cut copy of block 1");
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[1], 0, blocks[1].Length, 2));
            byte[] altered = new byte[blocks[1].Length];
            System.Array.Copy(blocks[1], altered, altered.Length);
            altered[altered.Length - 1] ^= 0x01;
            Assert.AreEqual((byte)GbcsBlockStatus.OutOfOrder, (byte)reassembler.Accept(Host, altered, 0, altered.Length, 3), "block 2 again with other data");
            Assert.AreEqual((byte)GbcsBlockStatus.Complete, (byte)reassembler.Accept(Host, blocks[2], 0, blocks[2].Length, 4));
            Assert.AreEqual(message.Length, reassembler.Length);
            Assert.AreEqual(0L, reassembler.Dropped);
        }

        [TestMethod]
        public void Accept_AlteredRepeatOrNothingToContinue_IgnoredNamingWhy()
        {
            byte[] message = Message(2500);
            byte[][] blocks = Blocks(message);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            Assert.AreEqual((byte)GbcsBlockStatus.OutOfOrder, (byte)reassembler.Accept(Host, blocks[1], 0, blocks[1].Length, 0), "nothing to continue");

            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[0], 0, blocks[0].Length, 0));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[1], 0, blocks[1].Length, 0));
            byte[] altered = new byte[blocks[1].Length];
            System.Array.Copy(blocks[1], altered, altered.Length);
            altered[altered.Length - 1] ^= 0x01;
            Assert.AreEqual((byte)GbcsBlockStatus.OutOfOrder, (byte)reassembler.Accept(Host, altered, 0, altered.Length, 0), "the last block number again, other data");
            Assert.AreEqual(0L, reassembler.Dropped, "ignored: the message so far is kept");
            Assert.AreEqual(2, reassembler.Acknowledged);
        }

        [TestMethod]
        public void Accept_OtherSourceOrRepeatInProgress_IgnoredAndTheMessageCompletes()
        {
            byte[] message = Message(2500);
            byte[][] blocks = Blocks(message);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[0], 0, blocks[0].Length, 0));
            Assert.AreEqual((byte)GbcsBlockStatus.Busy, (byte)reassembler.Accept(Other, blocks[0], 0, blocks[0].Length, 10), "a block 1 from another source");
            Assert.AreEqual((byte)GbcsBlockStatus.Busy, (byte)reassembler.Accept(Other, blocks[1], 0, blocks[1].Length, 10), "a block 2 from another source");
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Host, blocks[1], 0, blocks[1].Length, 20));
            Assert.AreEqual((byte)GbcsBlockStatus.Repeat, (byte)reassembler.Accept(Host, blocks[1], 0, blocks[1].Length, 30), "a retransmission");
            Assert.AreEqual((byte)GbcsBlockStatus.Complete, (byte)reassembler.Accept(Host, blocks[2], 0, blocks[2].Length, 40));
            Assert.AreEqual(message.Length, reassembler.Length);
            Assert.AreEqual(Host, reassembler.Source);
            Assert.AreEqual(0L, reassembler.Dropped);
        }

        [TestMethod]
        public void Accept_StaleMessage_DroppedAndAnotherSourceMayStart()
        {
            byte[] message = Message(2500);
            byte[][] blocks = Blocks(message);
            GbcsBlockReassembler reassembler = new GbcsBlockReassembler(2560, new OriginatorCounterGuard(1));
            reassembler.Accept(Host, blocks[0], 0, blocks[0].Length, 0);
            Assert.AreEqual((byte)GbcsBlockStatus.Busy, (byte)reassembler.Accept(Other, blocks[0], 0, blocks[0].Length, GbcsBlockReassembler.StaleAfterMs));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)reassembler.Accept(Other, blocks[0], 0, blocks[0].Length, GbcsBlockReassembler.StaleAfterMs + 1));
            Assert.AreEqual(Other, reassembler.Source);
            Assert.AreEqual(1L, reassembler.Dropped);
            Assert.AreEqual((byte)GbcsBlockStatus.OutOfOrder, (byte)reassembler.Accept(Other, blocks[1], 0, blocks[1].Length, (3 * GbcsBlockReassembler.StaleAfterMs) + 1), "a block 2 after the bound");
        }

        [TestMethod]
        public void Accept_BeyondCapacityDropped_MalformedNamed()
        {
            byte[] message = Message(2500);
            byte[][] blocks = Blocks(message);
            GbcsBlockReassembler small = new GbcsBlockReassembler(1500, new OriginatorCounterGuard(1));
            Assert.AreEqual((byte)GbcsBlockStatus.InProgress, (byte)small.Accept(Host, blocks[0], 0, blocks[0].Length, 0));
            Assert.AreEqual((byte)GbcsBlockStatus.TooLong, (byte)small.Accept(Host, blocks[1], 0, blocks[1].Length, 0));

            byte[] cut = new byte[blocks[0].Length - 1];
            System.Array.Copy(blocks[0], cut, cut.Length);
            Assert.AreEqual((byte)GbcsBlockStatus.Malformed, (byte)small.Accept(Host, cut, 0, cut.Length, 0), "length field disagrees");
            Assert.AreEqual((byte)GbcsBlockStatus.Malformed, (byte)small.Accept(Host, message, 0, 3, 0), "not a block");
        }

        private static ulong LastCounter(OriginatorCounterGuard guard)
        {
            ulong last;
            Assert.IsTrue(guard.TryGetLastCounter(Acb, out last));
            return last;
        }

        private static byte[] Message(int length)
        {
            byte[] message = new byte[length];
            for (int i = 0; i < length; i++)
            {
                message[i] = (byte)((i * 7) + 3);
            }

            message[0] = 0xDD;
            return message;
        }

        private static GbcsRoutingHeader Routing(ulong counter)
        {
            GbcsRoutingHeader routing = new GbcsRoutingHeader();
            routing.CraFlag = (byte)GbcsCraFlag.Command;
            routing.OriginatorCounter = counter;
            routing.OriginatorSystemTitle = Acb;
            routing.RecipientSystemTitle = Ppmid;
            routing.MessageCode = 0x0101;
            return routing;
        }

        private static byte[][] Blocks(byte[] message)
        {
            return Blocks(message, Counter);
        }

        private static byte[][] Blocks(byte[] message, ulong counter)
        {
            GbcsRoutingHeader routing = Routing(counter);
            int count = GbcsBlockTransfer.BlockCount(message.Length);
            byte[][] blocks = new byte[count][];
            byte[] block = new byte[GbcsBlockTransfer.MaxBlockLength];
            for (int i = 0; i < count; i++)
            {
                int length = GbcsBlockTransfer.WriteBlock(routing, message, 0, message.Length, i + 1, block, 0);
                blocks[i] = new byte[length];
                System.Array.Copy(block, blocks[i], length);
            }

            return blocks;
        }
    }
}

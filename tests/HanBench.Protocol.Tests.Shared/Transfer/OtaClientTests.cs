using HanBench.Protocol.Bytes;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Transfer
{
    [TestClass]
    public partial class OtaClientTests
    {
        private const int PayloadLength = 20000;

        [TestMethod]
        public void Download_Pages_ByteExactVerifiedAndActivatedNow()
        {
            OtaLoopback loop = NewLoop(new OtaServerSettings(), Pages(), out byte[] _);
            Assert.IsTrue(loop.Client.StartQuery(0));
            Assert.IsTrue(loop.RunUntil(OtaClientState.Activated, 60000), "state " + ((byte)loop.Client.State).ToString());
            AssertImage(loop);
            Assert.AreEqual(1, loop.ClientWatch.Activations);
            Assert.AreEqual(OtaTestKit.NewVersion, loop.ClientSettings.CurrentFileVersion);
            Assert.AreEqual((byte)OtaImageCheckResult.Valid, (byte)loop.Client.LastCheckResult);
            Assert.IsTrue(loop.Client.UsingPageRequests);
            Assert.AreEqual(0L, loop.Server.BlockRequestsReceived);
            Assert.IsFalse(loop.Progress.HasRecord, "record cleared once the image is in");
            Assert.AreEqual((byte)OtaStatus.Success, (byte)loop.ServerWatch.LastEndStatus);
        }

        [TestMethod]
        public void Download_Blocks_ByteExactOneRequestPerBlock()
        {
            OtaClientSettings settings = Pages();
            settings.UsePageRequests = false;
            OtaLoopback loop = NewLoop(new OtaServerSettings(), settings, out byte[] _);
            loop.Client.StartQuery(0);
            Assert.IsTrue(loop.RunUntil(OtaClientState.Activated, 60000));
            AssertImage(loop);
            long blocks = (loop.Image.Length + 99) / 100;
            Assert.AreEqual(blocks, loop.Server.BlockRequestsReceived);
            Assert.AreEqual(blocks + 2, loop.Client.RequestsSent, "query + blocks + upgrade end");
        }

        [TestMethod]
        public void Download_ServerWithoutPages_FallsBackToBlocksOnUnsupCommand()
        {
            OtaServerSettings server = new OtaServerSettings();
            server.SupportsPageRequests = false;
            OtaLoopback loop = NewLoop(server, Pages(), out byte[] _);
            loop.Client.StartQuery(0);
            Assert.IsTrue(loop.RunUntil(OtaClientState.Activated, 60000));
            AssertImage(loop);
            Assert.IsFalse(loop.Client.UsingPageRequests);
            Assert.AreEqual(1L, loop.Server.PageRequestsReceived);
            Assert.AreEqual(0L, loop.Client.Timeouts, "the answer made it fall back at once");
        }

        [TestMethod]
        public void Download_PageRequestsUnanswered_FallsBackToBlocksAfterTimeouts()
        {
            OtaLoopback loop = NewLoop(new OtaServerSettings(), Pages(), out byte[] _);
            loop.DropToServerCommand = (int)OtaCommandId.ImagePageRequest;
            loop.Client.StartQuery(0);
            Assert.IsTrue(loop.RunUntil(OtaClientState.Activated, 600000));
            AssertImage(loop);
            Assert.IsFalse(loop.Client.UsingPageRequests);
            // The first silence probes with one block (answered), then two silent page requests: blocks from then on.
            Assert.AreEqual(3L, loop.Client.Timeouts);
        }

        [TestMethod]
        public void Download_PageRequestAndProbeLostInARow_StaysWithPages()
        {
            // Issue 16: a silent link answers neither page nor block requests, which says nothing about page support. The
            // page request (0), its probe (2,600) and the page request again (5,200) go unanswered; before, two silent page
            // requests around a silent probe made the client give up pages for the whole download.
            OtaLoopback loop = NewLoop(new OtaServerSettings(), Pages(), out byte[] _);
            loop.LoseTransferRequests = 3;
            loop.Client.StartQuery(0);
            Assert.IsTrue(loop.RunUntil(OtaClientState.Activated, 600000));
            AssertImage(loop);
            Assert.AreEqual(0, loop.LoseTransferRequests, "three requests lost");
            Assert.AreEqual(3L, loop.Client.Timeouts);
            Assert.IsTrue(loop.Client.UsingPageRequests, "still page requests");
            Assert.AreEqual(0L, loop.Client.DuplicatesIgnored);
        }

        [TestMethod]
        public void InjectedResponses_DuplicateStaleOutOfOrderMisaligned_IgnoredAndCounted()
        {
            RecordingSender sent = new RecordingSender();
            MemorySink sink = new MemorySink();
            OtaClient client = DirectClient(sent, sink, new MemoryProgress(), out byte[] image);
            Deliver(client, QueryResponse((uint)image.Length), 0);
            Assert.AreEqual((byte)OtaClientState.Downloading, (byte)client.State);

            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 0, image, 100), 1);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 0, image, 100), 2);
            Assert.AreEqual(1L, client.DuplicatesIgnored);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion - 1, 100, image, 100), 3);
            Assert.AreEqual(1L, client.StaleIgnored, "another file version");
            Deliver(client, OtaTestKit.BlockResponseFrame(2, OtaTestKit.NewVersion, 300, image, 100), 4);
            Assert.AreEqual(1L, client.BlocksHeld, "beyond a gap: held");
            Deliver(client, OtaTestKit.BlockResponseFrame(2, OtaTestKit.NewVersion, 300, image, 100), 4);
            Assert.AreEqual(2L, client.DuplicatesIgnored, "held already");
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 50, image, 100), 5);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 100, image, 101), 6);
            Assert.AreEqual(2L, client.MisalignedIgnored, "straddling the first missing byte; longer than maximumDataSize");
            Assert.AreEqual(100u, client.BytesReceived);
            Assert.AreEqual(100u, sink.Written);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 100, image, 100), 7);
            Assert.AreEqual(200u, client.BytesReceived);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 200, image, 100), 8);
            Assert.AreEqual(400u, client.BytesReceived, "the held block follows the gap's");
            Assert.AreEqual(400u, sink.Written);
            for (int i = 0; i < 400; i++)
            {
                Assert.AreEqual(image[i], sink.Bytes[i]);
            }
        }

        [TestMethod]
        public void PageGap_HeldUntilPageEnds_AsksForMissingBytesOnly()
        {
            RecordingSender sent = new RecordingSender();
            MemorySink sink = new MemorySink();
            OtaClient client = DirectClient(sent, sink, new MemoryProgress(), out byte[] image);
            Deliver(client, QueryResponse((uint)image.Length), 0);
            ZclHeader header;
            ImagePageRequest first = (ImagePageRequest)OtaTestKit.Decode(sent.Last.Bytes, out header);
            byte page = header.TransactionSequenceNumber;
            Assert.AreEqual(0u, first.FileOffset);
            Assert.AreEqual((ushort)1000, first.PageSize);

            // Blocks 100 and 500 are lost: the rest of the page is held, and nothing is asked for while it still comes.
            int count = sent.Count;
            for (uint offset = 0; offset < 900; offset += 100)
            {
                if (offset != 100 && offset != 500)
                {
                    Deliver(client, OtaTestKit.BlockResponseFrame(page, OtaTestKit.NewVersion, offset, image, 100), 1 + offset);
                }
            }

            Assert.AreEqual(count, sent.Count, "no request before the page is over");
            Assert.AreEqual(6L, client.BlocksHeld);
            Assert.AreEqual(100u, client.BytesReceived);

            // The page's last block ends it: the client asks for the first gap alone, then for the second.
            Deliver(client, OtaTestKit.BlockResponseFrame(page, OtaTestKit.NewVersion, 900, image, 100), 1000);
            ImagePageRequest gap = (ImagePageRequest)OtaTestKit.Decode(sent.Last.Bytes, out header);
            Assert.AreEqual(100u, gap.FileOffset);
            Assert.AreEqual((ushort)100, gap.PageSize, "only the missing bytes");
            Deliver(client, OtaTestKit.BlockResponseFrame(header.TransactionSequenceNumber, OtaTestKit.NewVersion, 100, image, 100), 1100);
            Assert.AreEqual(500u, client.BytesReceived, "the held blocks follow the gap's");
            gap = (ImagePageRequest)OtaTestKit.Decode(sent.Last.Bytes, out header);
            Assert.AreEqual(500u, gap.FileOffset);
            Assert.AreEqual((ushort)100, gap.PageSize);
            Deliver(client, OtaTestKit.BlockResponseFrame(header.TransactionSequenceNumber, OtaTestKit.NewVersion, 500, image, 100), 1200);
            Assert.AreEqual(1000u, client.BytesReceived);

            ImagePageRequest next = (ImagePageRequest)OtaTestKit.Decode(sent.Last.Bytes, out header);
            Assert.AreEqual(1000u, next.FileOffset, "then the next page");
            Assert.AreEqual(0L, client.DuplicatesIgnored);
            Assert.AreEqual(count + 3, sent.Count, "two gap requests and the next page");
            for (int i = 0; i < 1000; i++)
            {
                Assert.AreEqual(image[i], sink.Bytes[i]);
            }
        }

        [TestMethod]
        public void PageGap_LastBlockLostToo_TimeoutAsksForMissingBytesOnly()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = DirectClient(sent, new MemorySink(), new MemoryProgress(), out byte[] image);
            Deliver(client, QueryResponse((uint)image.Length), 0);
            ZclHeader header;
            OtaTestKit.Decode(sent.Last.Bytes, out header);
            byte page = header.TransactionSequenceNumber;
            Deliver(client, OtaTestKit.BlockResponseFrame(page, OtaTestKit.NewVersion, 0, image, 100), 1);
            Deliver(client, OtaTestKit.BlockResponseFrame(page, OtaTestKit.NewVersion, 200, image, 100), 2);
            client.Tick(client.NextWakeMs);
            ImagePageRequest gap = (ImagePageRequest)OtaTestKit.Decode(sent.Last.Bytes, out header);
            Assert.AreEqual(100u, gap.FileOffset);
            Assert.AreEqual((ushort)100, gap.PageSize, "not the held block");
            Deliver(client, OtaTestKit.BlockResponseFrame(header.TransactionSequenceNumber, OtaTestKit.NewVersion, 100, image, 100), client.NextWakeMs - 1);
            ImagePageRequest rest = (ImagePageRequest)OtaTestKit.Decode(sent.Last.Bytes, out header);
            Assert.AreEqual(300u, rest.FileOffset, "the rest, from after the held block");
        }

        [TestMethod]
        public void PageGap_OldPageStillArriving_WaitsInsteadOfAskingAgain()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = DirectClient(sent, new MemorySink(), new MemoryProgress(), out byte[] image);
            Deliver(client, QueryResponse((uint)image.Length), 0);
            OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader header);
            byte page = header.TransactionSequenceNumber;
            Deliver(client, OtaTestKit.BlockResponseFrame(page, OtaTestKit.NewVersion, 0, image, 100), 1000);
            Deliver(client, OtaTestKit.BlockResponseFrame(page, OtaTestKit.NewVersion, 200, image, 100), 2000);
            int count = sent.Count;

            // A server that serves the superseded page in full (zigbee-herdsman) goes on sending it, slowly (2.5 s a block
            // against the 1 s seen so far): each block shows it busy, so the client neither times out nor queues yet another
            // request behind it.
            for (int i = 3; i <= 6; i++)
            {
                long now = 2000 + ((i - 2) * 2500);
                client.Tick(now);
                Deliver(client, OtaTestKit.BlockResponseFrame(page, OtaTestKit.NewVersion, (uint)(i * 100), image, 100), now);
            }

            Assert.AreEqual(count, sent.Count, "no request while the old page is still coming");
            Assert.AreEqual(0L, client.Timeouts);
            Assert.IsTrue(client.NextWakeMs > 12000 + 2500, "the wait runs from the last block seen");
        }

        private static OtaClientSettings Pages()
        {
            OtaClientSettings settings = new OtaClientSettings();
            settings.MaxDataSize = 100;
            settings.PageSize = 1000;
            settings.ResponseSpacingMs = 5;
            return settings;
        }

        private static OtaLoopback NewLoop(OtaServerSettings serverSettings, OtaClientSettings clientSettings, out byte[] expectedHash)
        {
            byte[] image = OtaTestKit.BuildImage(OtaTestKit.NewVersion, PayloadLength, 0xB10CUL, out expectedHash);
            OtaImageVerifierCheck check = new OtaImageVerifierCheck();
            check.ExpectedManufacturerImageHash = expectedHash;
            return new OtaLoopback(image, serverSettings, clientSettings, new MemorySink(), new MemoryProgress(), check);
        }

        private static void AssertImage(OtaLoopback loop)
        {
            Assert.IsTrue(loop.Sink.Committed, "committed");
            Assert.AreEqual(loop.Image.Length, loop.Sink.Bytes.Length);
            for (int i = 0; i < loop.Image.Length; i++)
            {
                if (loop.Image[i] != loop.Sink.Bytes[i])
                {
                    Assert.AreEqual(loop.Image[i], loop.Sink.Bytes[i], "byte " + i.ToString());
                }
            }
        }

        private static OtaClient DirectClient(RecordingSender sent, MemorySink sink, MemoryProgress progress, out byte[] image)
        {
            OtaClient client = IdleClient(sent, sink, progress, out image);
            client.StartQuery(0);
            return client;
        }

        private static OtaClient IdleClient(RecordingSender sent, MemorySink sink, MemoryProgress progress, out byte[] image)
        {
            image = OtaTestKit.BuildImage(OtaTestKit.NewVersion, 5000, 0xD1EC7UL, out byte[] _);
            OtaClientSettings settings = Pages();
            settings.ServerAddress = OtaTestKit.ServerAddress;
            settings.OwnAddress = OtaTestKit.ClientAddress;
            settings.ManufacturerCode = OtaTestKit.Manufacturer;
            settings.ImageType = OtaTestKit.ImageType;
            settings.CurrentFileVersion = OtaTestKit.OldVersion;
            return new OtaClient(sent, sink, progress, new OtaImageVerifierCheck(), settings);
        }

        private static byte[] QueryResponse(uint size)
        {
            return OtaTestKit.QueryResponseFrame(size, 1);
        }

        private static void Deliver(OtaClient client, byte[] frame, long nowMs)
        {
            client.OnZcl(OtaTestKit.ServerAddress, frame, 0, frame.Length, nowMs);
        }

        private static byte[] Hex(string text)
        {
            Assert.IsTrue(HanBench.Protocol.Bytes.Hex.TryDecode(text, out byte[] bytes), text);
            return bytes;
        }

        private static string CrcHex(string text)
        {
            byte[] bytes = Hex(text);
            ushort crc = HanBench.Protocol.Integrity.Crc16Ccitt.Compute(bytes, 0, bytes.Length);
            return ((byte)crc).ToString("X2") + ((byte)(crc >> 8)).ToString("X2");
        }
    }
}

using HanBench.Protocol.Bytes;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Transfer
{
    [TestClass]
    public class OtaClientTests
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

        [TestMethod]
        public void Abort_StopsDiscardsAndClearsRecord()
        {
            RecordingSender sent = new RecordingSender();
            MemorySink sink = new MemorySink();
            MemoryProgress progress = new MemoryProgress();
            OtaClient client = DirectClient(sent, sink, progress, out byte[] image);
            Deliver(client, QueryResponse((uint)image.Length), 0);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 0, image, 100), 1);
            ImageBlockResponse abort = default;
            abort.Status = OtaStatus.Abort;
            Deliver(client, OtaTestKit.Frame(OtaCommandId.ImageBlockResponse, 1, abort), 2);
            Assert.AreEqual((byte)OtaClientState.Idle, (byte)client.State);
            Assert.AreEqual((byte)OtaClientError.ServerAborted, (byte)client.LastError);
            Assert.AreEqual(1, sink.Discards);
            Assert.IsFalse(progress.HasRecord);
            Assert.AreEqual(long.MaxValue, client.NextWakeMs);
        }

        [TestMethod]
        public void WaitForData_WaitsRequestMinusCurrentTimeThenAsksAgain()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = DirectClient(sent, new MemorySink(), new MemoryProgress(), out byte[] image);
            Deliver(client, QueryResponse((uint)image.Length), 1000);
            int count = sent.Count;
            ImageBlockResponse wait = default;
            wait.Status = OtaStatus.WaitForData;
            wait.CurrentTime = 5000;
            wait.RequestTime = 5003;
            Deliver(client, OtaTestKit.Frame(OtaCommandId.ImageBlockResponse, 1, wait), 1500);
            Assert.AreEqual((byte)OtaClientState.WaitingForData, (byte)client.State);
            Assert.AreEqual(4500L, client.NextWakeMs);
            client.Tick(4499);
            Assert.AreEqual(count, sent.Count);
            client.Tick(4500);
            Assert.AreEqual(count + 1, sent.Count);
            Assert.AreEqual((byte)OtaClientState.Downloading, (byte)client.State);
            Assert.AreEqual(0u, ((ImagePageRequest)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).FileOffset);
            Assert.AreEqual(1L, client.WaitsReceived);
        }

        [TestMethod]
        public void WaitForData_MinimumBlockPeriod_PacesBlockRequests()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = DirectClient(sent, new MemorySink(), new MemoryProgress(), out byte[] image);
            client.Settings.UsePageRequests = false;
            Deliver(client, QueryResponse((uint)image.Length), 0);
            ImageBlockResponse wait = default;
            wait.Status = OtaStatus.WaitForData;
            wait.MinimumBlockPeriod = 300;
            Deliver(client, OtaTestKit.Frame(OtaCommandId.ImageBlockResponse, 1, wait), 10);
            Assert.AreEqual(310L, client.NextWakeMs);
            client.Tick(310);
            ImageBlockRequest request = (ImageBlockRequest)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _);
            Assert.IsTrue(request.HasMinimumBlockPeriod);
            Assert.AreEqual((ushort)300, request.MinimumBlockPeriod);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 0, image, 100), 320);
            Assert.AreEqual(610L, client.NextWakeMs, "the next request a period after the last");
        }

        [TestMethod]
        public void Silence_RetriesAtOnceThenWithDoublingBackoffThenFailsKeepingTheRecord()
        {
            RecordingSender sent = new RecordingSender();
            MemoryProgress progress = new MemoryProgress();
            OtaClient client = DirectClient(sent, new MemorySink(), progress, out byte[] image);
            client.Settings.MaxRetries = 3;
            client.Settings.ResponseTimeoutMs = 1000;
            client.Settings.BackoffBaseMs = 100;
            client.Settings.SlowServerSpacingMs = 0;
            client.Settings.LateBlockFloorMs = 1010;
            Deliver(client, QueryResponse((uint)image.Length), 0);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 0, image, 100), 10);
            int requests = sent.Count;
            // A page waits 1000 + 2 x the 5 ms spacing asked for. 1060: the page made progress before going quiet; its next
            // block was due at 15 and its last eight 40 ms after that, so it waits 1020 + 40 and then asks for what is
            // missing at once (no retry counted). 2070: that request is silent; the first retry asks for its first block
            // alone (an Image Block Request, the probe). Then backoffs of 100 and 200 between page requests, and the
            // timeout past the cap of 3 retries. The server answered a page request, so silence is loss, not a server
            // without pages: the client stays with page requests.
            long[] expectedWakes = new long[] { 1060, 2070, 3080, 3180, 4190, 4390, 5400 };
            for (int i = 0; i < expectedWakes.Length; i++)
            {
                Assert.AreEqual(expectedWakes[i], client.NextWakeMs, "wake " + i.ToString());
                client.Tick(client.NextWakeMs);
                if (i == 1)
                {
                    Assert.AreEqual((byte)OtaCommandId.ImageBlockRequest, sent.Last.Bytes[2], "the probe");
                }
            }

            Assert.IsTrue(client.UsingPageRequests);
            Assert.AreEqual((byte)OtaClientState.Idle, (byte)client.State);
            Assert.AreEqual((byte)OtaClientError.TransferTimeout, (byte)client.LastError);
            Assert.AreEqual(requests + 4, sent.Count, "one at once + three retries");
            Assert.AreEqual(300L, client.BackedOffMs, "100 + 200");
            Assert.IsTrue(progress.HasRecord, "kept to resume");
        }

        [TestMethod]
        public void Restart_ResumesFromPersistedOffsetAndVerifiesByReplay()
        {
            OtaClientSettings settings = Pages();
            settings.PersistIntervalBytes = 4096;
            OtaLoopback loop = NewLoop(new OtaServerSettings(), settings, out byte[] _);
            loop.Client.StartQuery(0);
            while (loop.Client.BytesReceived < 9000)
            {
                loop.Server.Tick(loop.Now);
                loop.Pump();
                loop.Now += 10;
            }

            // Restart: a new client on the same sink and record; the record says 8200 (the first 100-byte block boundary at
            // or past each further 4096 bytes), though 9000+ bytes had arrived: the sink is cut back to the record.
            loop.NewClient().Start(loop.Now);
            Assert.AreEqual((byte)OtaClientState.Querying, (byte)loop.Client.State);
            Assert.IsTrue(loop.RunUntil(OtaClientState.Activated, loop.Now + 60000));
            Assert.AreEqual(8200u, loop.Client.ResumedFrom);
            AssertImage(loop);
            Assert.AreEqual((byte)OtaImageCheckResult.Valid, (byte)loop.Client.LastCheckResult);
            Assert.IsTrue(loop.Progress.Writes < loop.Image.Length / 4096 + 4, "persisted every 4096 bytes, not every block: " + loop.Progress.Writes.ToString());
        }

        [TestMethod]
        public void Restart_AfterReportingTheWholeImageBeforeTheAnswer_ReportsAgainAndActivatesWithoutDownloading()
        {
            // The report (Upgrade End Request SUCCESS) is lost on the way, then the server withdraws the image (a Comms
            // Hub deletes it once it took the report and no transfer of it is left) and the device restarts (issue 13).
            OtaLoopback loop = NewLoop(new OtaServerSettings(), Pages(), out byte[] _);
            loop.DropToServerCommand = (int)OtaCommandId.UpgradeEndRequest;
            loop.Client.StartQuery(0);
            Assert.IsTrue(loop.RunUntil(OtaClientState.EndRequested, 60000));
            Assert.IsTrue(loop.Progress.HasRecord, "a reported but not activated image is kept on record");
            long servedBefore = loop.ServerWatch.BlockBytes;
            int queriesBefore = loop.ServerWatch.Queries;
            loop.Server.RemoveImage(loop.ServerImage);
            loop.DropToServerCommand = -1;

            loop.NewClient().Start(loop.Now);
            Assert.AreEqual((byte)OtaClientState.EndRequested, (byte)loop.Client.State);
            Assert.IsTrue(loop.RunUntil(OtaClientState.Activated, loop.Now + 60000), "state " + ((byte)loop.Client.State).ToString());
            Assert.AreEqual(1, loop.ClientWatch.Activations);
            Assert.AreEqual(OtaTestKit.NewVersion, loop.ClientSettings.CurrentFileVersion);
            Assert.AreEqual(0L, loop.Client.BlocksAccepted, "nothing downloaded again");
            Assert.AreEqual(servedBefore, loop.ServerWatch.BlockBytes);
            Assert.AreEqual(queriesBefore, loop.ServerWatch.Queries);
            Assert.IsFalse(loop.Progress.HasRecord, "record cleared once activated");
            AssertImage(loop);
        }

        [TestMethod]
        public void BadHash_InvalidImageNothingActivated()
        {
            OtaLoopback loop = NewLoop(new OtaServerSettings(), Pages(), out byte[] hash);
            hash[5] ^= 0x01;
            loop.Client.StartQuery(0);
            loop.RunUntil(OtaClientState.Activated, 60000);
            Assert.AreEqual((byte)OtaClientState.Idle, (byte)loop.Client.State);
            Assert.AreEqual((byte)OtaClientError.InvalidImage, (byte)loop.Client.LastError);
            Assert.AreEqual((byte)OtaImageCheckResult.HashMismatch, (byte)loop.Client.LastCheckResult);
            Assert.AreEqual((byte)OtaStatus.InvalidImage, (byte)loop.ServerWatch.LastEndStatus);
            Assert.AreEqual(0, loop.ClientWatch.Activations);
            Assert.IsFalse(loop.Sink.Committed);
            Assert.AreEqual(OtaTestKit.OldVersion, loop.ClientSettings.CurrentFileVersion);
        }

        [TestMethod]
        public void UpgradeEndResponse_DelayAndWait_ActivateAtTheirTime()
        {
            OtaLoopback loop = NewLoop(new OtaServerSettings(), Pages(), out byte[] _);
            loop.ServerImage.UpgradeTimePolicy = OtaUpgradeTimePolicy.Delay;
            loop.ServerImage.UpgradeDelaySeconds = 10;
            loop.Client.StartQuery(0);
            Assert.IsTrue(loop.RunUntil(OtaClientState.UpgradePending, 60000));
            long pendingAt = loop.Now;
            Assert.AreEqual(pendingAt + 10000, loop.Client.NextWakeMs);
            Assert.IsTrue(loop.RunUntil(OtaClientState.Activated, pendingAt + 20000));
            Assert.AreEqual(pendingAt + 10000, loop.Now);

            OtaLoopback waiting = NewLoop(new OtaServerSettings(), Pages(), out byte[] _);
            waiting.ServerImage.UpgradeTimePolicy = OtaUpgradeTimePolicy.Wait;
            waiting.Client.StartQuery(0);
            Assert.IsFalse(waiting.RunUntil(OtaClientState.Activated, 600000));
            Assert.AreEqual((byte)OtaClientState.UpgradePending, (byte)waiting.Client.State);
            Assert.AreEqual(0, waiting.ClientWatch.Activations);
            waiting.Server.SendUpgradeCommand(OtaTestKit.ClientAddress, waiting.ServerImage, waiting.Now);
            waiting.Pump();
            Assert.AreEqual(1, waiting.ClientWatch.Activations);
        }

        [TestMethod]
        public void ImageNotify_MatchingJitter100_StartsQuery_OtherImageTypeIgnored()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = IdleClient(sent, new MemorySink(), new MemoryProgress(), out byte[] _);
            ImageNotify notify = default;
            notify.PayloadType = ImageNotifyPayloadType.QueryJitterManufacturerCodeAndImageType;
            notify.QueryJitter = 100;
            notify.ManufacturerCode = OtaTestKit.Manufacturer;
            notify.ImageType = 0x0999;
            Deliver(client, OtaTestKit.Frame(OtaCommandId.ImageNotify, 1, notify), 0);
            Assert.AreEqual(0, sent.Count);
            notify.ImageType = OtaTestKit.ImageType;
            Deliver(client, OtaTestKit.Frame(OtaCommandId.ImageNotify, 2, notify), 0);
            Assert.AreEqual(1, sent.Count);
            Assert.AreEqual((byte)OtaClientState.Querying, (byte)client.State);
            Assert.AreEqual(OtaTestKit.ServerAddress, sent.Last.Destination);
        }

        [TestMethod]
        public void ImageNotify_Jitter_AnswersAboutThatShareOfBroadcasts()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = IdleClient(sent, new MemorySink(), new MemoryProgress(), out byte[] _);
            ImageNotify notify = default;
            notify.PayloadType = ImageNotifyPayloadType.QueryJitter;
            notify.QueryJitter = 25;
            byte[] frame = OtaTestKit.Frame(OtaCommandId.ImageNotify, 1, notify);
            int answered = 0;
            for (int i = 0; i < 2000; i++)
            {
                int before = sent.Count;
                Deliver(client, frame, i);
                if (sent.Count > before)
                {
                    answered++;
                    client.Cancel(i);
                }
            }

            Assert.IsTrue(answered > 400 && answered < 600, "answered " + answered.ToString() + " of 2000 at jitter 25");
        }

        [TestMethod]
        public void FramesFromAnotherSource_Ignored()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = DirectClient(sent, new MemorySink(), new MemoryProgress(), out byte[] image);
            byte[] response = QueryResponse((uint)image.Length);
            Assert.IsFalse(client.OnZcl(0x1111UL, response, 0, response.Length, 0));
            Assert.AreEqual((byte)OtaClientState.Querying, (byte)client.State);
        }

        [TestMethod]
        public void SinkFailure_UpgradeEndAbortAndStorageFailed()
        {
            RecordingSender sent = new RecordingSender();
            MemorySink sink = new MemorySink();
            sink.FailAppendAt = 100;
            OtaClient client = DirectClient(sent, sink, new MemoryProgress(), out byte[] image);
            Deliver(client, QueryResponse((uint)image.Length), 0);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 0, image, 100), 1);
            Deliver(client, OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 100, image, 100), 2);
            Assert.AreEqual((byte)OtaClientError.StorageFailed, (byte)client.LastError);
            UpgradeEndRequest end = (UpgradeEndRequest)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _);
            Assert.AreEqual((byte)OtaStatus.Abort, (byte)end.Status);
        }

        [TestMethod]
        public void SinkRefusesToBegin_UpgradeEndNamesTheReason()
        {
            // No room now: INSUFFICIENT_SPACE; larger than the whole store: INVALID_VALUE; anything else: ABORT.
            OtaSinkStatus[] refusals = new OtaSinkStatus[] { OtaSinkStatus.NoSpace, OtaSinkStatus.TooLarge, OtaSinkStatus.Failed };
            OtaStatus[] expected = new OtaStatus[] { OtaStatus.InsufficientSpace, OtaStatus.InvalidValue, OtaStatus.Abort };
            for (int i = 0; i < refusals.Length; i++)
            {
                RecordingSender sent = new RecordingSender();
                MemorySink sink = new MemorySink();
                sink.BeginStatus = refusals[i];
                OtaClient client = DirectClient(sent, sink, new MemoryProgress(), out byte[] image);
                Deliver(client, QueryResponse((uint)image.Length), 0);
                Assert.AreEqual((byte)OtaClientError.StorageFailed, (byte)client.LastError);
                UpgradeEndRequest end = (UpgradeEndRequest)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _);
                Assert.AreEqual((byte)expected[i], (byte)end.Status, "sink status " + ((byte)refusals[i]).ToString());
            }
        }

        [TestMethod]
        public void ResumeRecord_GoldenBytesBothWaysAndEveryDefectRefused()
        {
            // format 01 · 1234 · 0101 · 00000200 · 000BB800 (768,000) · 00002000 (8,192) · CRC-16/CCITT-FALSE of the 17 bytes.
            byte[] golden = Hex("01 3412 0101 00020000 00B80B00 00200000 " + CrcHex("01 3412 0101 00020000 00B80B00 00200000"));
            OtaResumeRecord record = default;
            record.ManufacturerCode = 0x1234;
            record.ImageType = 0x0101;
            record.FileVersion = 0x00000200;
            record.ImageSize = 768000;
            record.Offset = 8192;
            byte[] written = new byte[OtaResumeRecord.Length];
            record.WriteTo(new ByteWriter(written));
            CollectionAssert.AreEqual(golden, written);
            Assert.IsTrue(OtaResumeRecord.TryDecode(new ByteReader(golden, 0, golden.Length), out OtaResumeRecord decoded));
            Assert.AreEqual(768000u, decoded.ImageSize);
            Assert.AreEqual(8192u, decoded.Offset);
            Assert.AreEqual((ushort)0x0101, decoded.ImageType);
            for (int length = 0; length < golden.Length; length++)
            {
                Assert.IsFalse(OtaResumeRecord.TryDecode(new ByteReader(golden, 0, length), out OtaResumeRecord _), "length " + length.ToString());
            }

            for (int bit = 0; bit < golden.Length * 8; bit++)
            {
                byte[] flipped = new byte[golden.Length];
                System.Array.Copy(golden, flipped, golden.Length);
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                Assert.IsFalse(OtaResumeRecord.TryDecode(new ByteReader(flipped, 0, flipped.Length), out OtaResumeRecord _), "bit " + bit.ToString());
            }
        }

        [TestMethod]
        public void DefaultResponse_GoldenBytesBothWays()
        {
            ZclDefaultResponse response = default;
            response.CommandId = 0x04;
            response.Status = 0x81;
            byte[] written = new byte[2];
            response.WriteTo(new ByteWriter(written));
            CollectionAssert.AreEqual(Hex("04 81"), written);
            Assert.IsTrue(ZclDefaultResponse.TryDecode(new ByteReader(written, 0, 2), out ZclDefaultResponse decoded));
            Assert.AreEqual((byte)0x81, decoded.Status);
            Assert.IsFalse(ZclDefaultResponse.TryDecode(new ByteReader(written, 0, 1), out ZclDefaultResponse _));
            Assert.IsFalse(ZclDefaultResponse.TryDecode(new ByteReader(Hex("04 81 00"), 0, 3), out ZclDefaultResponse _));
        }

        [TestMethod]
        public void MaxDataSizeFor_LinkFrameLimits()
        {
            Assert.AreEqual((byte)65, OtaTransferLimits.MaxDataSizeFor(102), "ZigBee preset: 102 - 20 - 3 - 14");
            Assert.AreEqual((byte)255, OtaTransferLimits.MaxDataSizeFor(1044));
            Assert.AreEqual((byte)0, OtaTransferLimits.MaxDataSizeFor(37));
            Assert.AreEqual((byte)1, OtaTransferLimits.MaxDataSizeFor(38));
        }

        [TestMethod]
        public void PageRequest_LinkAllows255_AsksForFeHerdsmanReads()
        {
            // Issue 16: a PPMID on a UART link asked for maximumDataSize 0xFF, which zigbee-herdsman reads as "no value".
            // The same first page request, byte for byte, except that it asks for 0xFE.
            RecordingSender sent = new RecordingSender();
            OtaClientSettings settings = new OtaClientSettings();
            settings.ServerAddress = OtaTestKit.ServerAddress;
            settings.ManufacturerCode = 0x1DB0;
            settings.ImageType = 0x0200;
            settings.CurrentFileVersion = 0x00010104;
            settings.MaxDataSize = OtaTransferLimits.MaxDataSizeFor(1044);
            Assert.AreEqual((byte)0xFF, settings.MaxDataSize);
            OtaClient client = new OtaClient(sent, new MemorySink(), new MemoryProgress(), new OtaImageVerifierCheck(), settings);
            client.StartQuery(0);
            QueryNextImageResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = 0x1DB0;
            response.ImageType = 0x0200;
            response.FileVersion = 0x00010105;
            response.ImageSize = 8192;
            Deliver(client, OtaTestKit.Frame(OtaCommandId.QueryNextImageResponse, 1, response), 0);
            Assert.AreEqual("11020400b01d00020501010000000000fe00100000", HanBench.Protocol.Bytes.Hex.Encode(sent.Last.Bytes).ToLower());
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

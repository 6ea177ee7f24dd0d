using HanBench.Protocol.Bytes;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Transfer
{
    /// <summary>The OTA client around a download: abort, the server's waits, silence and back-off, restart and resume, a bad hash, the Upgrade End response, Image Notify, foreign frames, a failing sink.</summary>
    public partial class OtaClientTests
    {
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
    }
}

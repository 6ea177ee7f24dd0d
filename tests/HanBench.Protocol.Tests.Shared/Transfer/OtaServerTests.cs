using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Transfer
{
    [TestClass]
    public class OtaServerTests
    {
        private const ulong ClientB = 0x00DB0000000000C2UL;

        [TestMethod]
        public void Query_NewerImage_OfferedWithItsSize()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch watch, out OtaServerImage image);
            Assert.IsTrue(server.OnZcl(OtaTestKit.ClientAddress, Q(OtaTestKit.OldVersion), 0, Q(OtaTestKit.OldVersion).Length, 0));
            QueryNextImageResponse response = (QueryNextImageResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader header);
            Assert.AreEqual(OtaTestKit.ClientAddress, sent.Last.Destination);
            Assert.AreEqual((byte)0x10, header.TransactionSequenceNumber, "the request's sequence number");
            Assert.AreEqual((byte)OtaStatus.Success, (byte)response.Status);
            Assert.AreEqual(OtaTestKit.NewVersion, response.FileVersion);
            Assert.AreEqual(image.ImageSize, response.ImageSize);
            Assert.AreEqual((byte)OtaQueryOutcome.Offered, (byte)watch.LastOutcome);
        }

        [TestMethod]
        public void Query_SameOrNewerVersionOrOtherType_NoImageAvailable()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch watch, out OtaServerImage _);
            byte[] same = Q(OtaTestKit.NewVersion);
            server.OnZcl(OtaTestKit.ClientAddress, same, 0, same.Length, 0);
            Assert.AreEqual((byte)OtaStatus.NoImageAvailable, (byte)((QueryNextImageResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).Status);
            Assert.AreEqual((byte)OtaQueryOutcome.NoNewerImage, (byte)watch.LastOutcome);

            QueryNextImageRequest other = default;
            other.ManufacturerCode = OtaTestKit.Manufacturer;
            other.ImageType = 0x0202;
            other.FileVersion = 0;
            byte[] frame = OtaTestKit.Frame(OtaCommandId.QueryNextImageRequest, 1, other);
            server.OnZcl(OtaTestKit.ClientAddress, frame, 0, frame.Length, 0);
            Assert.AreEqual((byte)OtaStatus.NoImageAvailable, (byte)((QueryNextImageResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).Status);
        }

        [TestMethod]
        public void Query_HardwareVersionOutsideRange_NoImageAndObserverToldMismatch()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch watch, out OtaServerImage image);
            image.SetHardwareVersionRange(2, 4);
            ushort[] versions = new ushort[] { 1, 2, 4, 5 };
            bool[] offered = new bool[] { false, true, true, false };
            for (int i = 0; i < versions.Length; i++)
            {
                byte[] frame = OtaTestKit.QueryFrame(OtaTestKit.OldVersion, true, versions[i]);
                server.OnZcl(OtaTestKit.ClientAddress, frame, 0, frame.Length, 0);
                QueryNextImageResponse response = (QueryNextImageResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _);
                Assert.AreEqual(offered[i], response.Status == OtaStatus.Success, "hardware " + versions[i].ToString());
                Assert.AreEqual(offered[i] ? (byte)OtaQueryOutcome.Offered : (byte)OtaQueryOutcome.HardwareVersionMismatch, (byte)watch.LastOutcome, "hardware " + versions[i].ToString());
            }

            // ZCL OTA: a client that does not send its hardware version is not held to the range.
            byte[] plain = Q(OtaTestKit.OldVersion);
            server.OnZcl(OtaTestKit.ClientAddress, plain, 0, plain.Length, 0);
            Assert.AreEqual((byte)OtaStatus.Success, (byte)((QueryNextImageResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).Status);
        }

        [TestMethod]
        public void Query_SeveralNewerImages_OffersTheNewest()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch _, out OtaServerImage _);
            server.AddImage(new OtaServerImage("img", OtaTestKit.Manufacturer, OtaTestKit.ImageType, OtaTestKit.NewVersion + 5, 100));
            byte[] frame = Q(OtaTestKit.OldVersion);
            server.OnZcl(OtaTestKit.ClientAddress, frame, 0, frame.Length, 0);
            Assert.AreEqual(OtaTestKit.NewVersion + 5, ((QueryNextImageResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).FileVersion);
        }

        [TestMethod]
        public void BlockRequest_AnyOffset_StatelessBlockOfMinSizeWithImageBytes()
        {
            OtaServerSettings settings = new OtaServerSettings();
            settings.MaxBlockSize = 50;
            OtaServer server = NewServer(settings, out RecordingSender sent, out ServerWatch watch, out OtaServerImage image);
            byte[] bytes = Image();
            uint[] offsets = new uint[] { 300, 0, 1000, 300, (uint)bytes.Length - 7 };
            byte[] maxima = new byte[] { 64, 40, 255, 64, 64 };
            int[] expected = new int[] { 50, 40, 50, 50, 7 };
            for (int i = 0; i < offsets.Length; i++)
            {
                byte[] request = OtaTestKit.BlockRequestFrame((byte)(0x40 + i), OtaTestKit.NewVersion, offsets[i], maxima[i]);
                server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, i * 10);
                ImageBlockResponse response = (ImageBlockResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader header);
                string context = "offset " + offsets[i].ToString();
                Assert.AreEqual((byte)(0x40 + i), header.TransactionSequenceNumber, context);
                Assert.AreEqual((byte)OtaStatus.Success, (byte)response.Status, context);
                Assert.AreEqual(offsets[i], response.FileOffset, context);
                Assert.AreEqual(expected[i], (int)response.DataSize, context);
                for (int j = 0; j < response.DataSize; j++)
                {
                    Assert.AreEqual(bytes[offsets[i] + j], response.DataBuffer[response.DataOffset + j], context);
                }
            }

            Assert.AreEqual(5L, server.BlocksSent);
            Assert.AreEqual(197L, watch.BlockBytes);
            Assert.AreEqual(1, server.ActiveDownloads);
        }

        [TestMethod]
        public void BlockRequest_OffsetPastImageOrUnknownVersion_Abort()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch _, out OtaServerImage image);
            byte[] past = OtaTestKit.BlockRequestFrame(1, OtaTestKit.NewVersion, image.ImageSize, 64);
            server.OnZcl(OtaTestKit.ClientAddress, past, 0, past.Length, 0);
            Assert.AreEqual((byte)OtaStatus.Abort, (byte)((ImageBlockResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).Status);
            byte[] unknown = OtaTestKit.BlockRequestFrame(2, OtaTestKit.NewVersion + 1, 0, 64);
            server.OnZcl(OtaTestKit.ClientAddress, unknown, 0, unknown.Length, 0);
            Assert.AreEqual((byte)OtaStatus.Abort, (byte)((ImageBlockResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).Status);
            Assert.AreEqual(2L, server.AbortsSent);
        }

        [TestMethod]
        public void PageRequest_SendsPageSizeBytesSpacedApartThenStops()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch _, out OtaServerImage _);
            byte[] request = OtaTestKit.PageRequestFrame(0x77, OtaTestKit.NewVersion, 100, 64, 200, 20);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 1000);
            Assert.AreEqual(1, sent.Count, "first block at once");
            Assert.AreEqual(1020L, server.NextWakeMs);
            server.Tick(1019);
            Assert.AreEqual(1, sent.Count, "not before the spacing");
            for (long t = 1020; t <= 1100; t += 20)
            {
                server.Tick(t);
            }

            Assert.AreEqual(4, sent.Count, "200 bytes = 64 + 64 + 64 + 8");
            uint offset = 100;
            int[] sizes = new int[] { 64, 64, 64, 8 };
            for (int i = 0; i < 4; i++)
            {
                ImageBlockResponse block = (ImageBlockResponse)OtaTestKit.Decode(sent[i].Bytes, out ZclHeader header);
                Assert.AreEqual((byte)0x77, header.TransactionSequenceNumber, "blocks carry the page request's sequence");
                Assert.AreEqual(offset, block.FileOffset);
                Assert.AreEqual(sizes[i], (int)block.DataSize);
                offset += block.DataSize;
            }

            Assert.AreEqual(1L, server.PageRequestsReceived);
            Assert.IsTrue(server.NextWakeMs > 1100, "page done: only the idle timeout is left");
        }

        [TestMethod]
        public void PageRequest_CopyWhileServed_IgnoredSoNoBlockGoesTwice()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch _, out OtaServerImage _);
            byte[] request = OtaTestKit.PageRequestFrame(0x21, OtaTestKit.NewVersion, 0, 50, 500, 100);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 0);
            server.Tick(100);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 150);
            for (long t = 200; t <= 2000; t += 100)
            {
                server.Tick(t);
            }

            Assert.AreEqual(10, sent.Count, "500 bytes in 50-byte blocks, each once");
            for (int i = 0; i < sent.Count; i++)
            {
                ImageBlockResponse block = (ImageBlockResponse)OtaTestKit.Decode(sent[i].Bytes, out ZclHeader _);
                Assert.AreEqual((uint)(i * 50), block.FileOffset, "block " + i.ToString());
            }

            Assert.AreEqual(1L, server.PageRequestCopiesIgnored);

            // A new request (another sequence number) for the same bytes is served again: the client asked for them.
            byte[] again = OtaTestKit.PageRequestFrame(0x22, OtaTestKit.NewVersion, 0, 50, 100, 100);
            server.OnZcl(OtaTestKit.ClientAddress, again, 0, again.Length, 3000);
            Assert.AreEqual(11, sent.Count);
        }

        [TestMethod]
        public void PageRequest_SpacingZero_BurstPerTickThenAskedToTickAgainAtOnce()
        {
            OtaServerSettings settings = new OtaServerSettings();
            settings.MaxBlocksPerTick = 3;
            OtaServer server = NewServer(settings, out RecordingSender sent, out ServerWatch _, out OtaServerImage _);
            byte[] request = OtaTestKit.PageRequestFrame(1, OtaTestKit.NewVersion, 0, 10, 100, 0);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 5);
            Assert.AreEqual(3, sent.Count);
            Assert.AreEqual(5L, server.NextWakeMs);
            server.Tick(5);
            server.Tick(5);
            server.Tick(5);
            Assert.AreEqual(10, sent.Count);
            server.Tick(5);
            Assert.AreEqual(10, sent.Count);
        }

        [TestMethod]
        public void PageRequest_ServerWithoutPages_DefaultResponseUnsupCommand()
        {
            OtaServerSettings settings = new OtaServerSettings();
            settings.SupportsPageRequests = false;
            OtaServer server = NewServer(settings, out RecordingSender sent, out ServerWatch _, out OtaServerImage _);
            byte[] request = OtaTestKit.PageRequestFrame(9, OtaTestKit.NewVersion, 0, 64, 1024, 0);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 0);
            ZclDefaultResponse response = OtaTestKit.DecodeDefaultResponse(sent.Last.Bytes, out ZclHeader header);
            Assert.AreEqual((byte)0x18, header.FrameControl, "global, server to client, no default response");
            Assert.AreEqual((byte)9, header.TransactionSequenceNumber);
            Assert.AreEqual((byte)OtaCommandId.ImagePageRequest, response.CommandId);
            Assert.AreEqual((byte)OtaStatus.UnsupCommand, response.Status);
        }

        [TestMethod]
        public void BlockRequest_SoonerThanMinimumBlockPeriod_WaitForDataCarryingThePeriod()
        {
            OtaServerSettings settings = new OtaServerSettings();
            settings.MinimumBlockPeriodMs = 250;
            OtaServer server = NewServer(settings, out RecordingSender sent, out ServerWatch _, out OtaServerImage _);
            byte[] first = OtaTestKit.BlockRequestFrame(1, OtaTestKit.NewVersion, 0, 64);
            server.OnZcl(OtaTestKit.ClientAddress, first, 0, first.Length, 10000);
            byte[] second = OtaTestKit.BlockRequestFrame(2, OtaTestKit.NewVersion, 64, 64);
            server.OnZcl(OtaTestKit.ClientAddress, second, 0, second.Length, 10100);
            ImageBlockResponse wait = (ImageBlockResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _);
            Assert.AreEqual((byte)OtaStatus.WaitForData, (byte)wait.Status);
            Assert.AreEqual((ushort)250, wait.MinimumBlockPeriod);
            Assert.AreEqual(wait.CurrentTime, wait.RequestTime, "ask again after the period, not later");
            server.OnZcl(OtaTestKit.ClientAddress, second, 0, second.Length, 10250);
            Assert.AreEqual((byte)OtaStatus.Success, (byte)((ImageBlockResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).Status);
            Assert.AreEqual(1L, server.WaitForDataSent);
        }

        [TestMethod]
        public void DownloadCap_SecondClientWaitsUntilFirstEnds()
        {
            OtaServerSettings settings = new OtaServerSettings();
            settings.MaxConcurrentDownloads = 1;
            settings.WaitForDataRetrySeconds = 7;
            settings.ZclTimeAtClockZero = 1000;
            OtaServer server = NewServer(settings, out RecordingSender sent, out ServerWatch watch, out OtaServerImage _);
            byte[] request = OtaTestKit.BlockRequestFrame(1, OtaTestKit.NewVersion, 0, 64);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 0);
            server.OnZcl(ClientB, request, 0, request.Length, 3000);
            ImageBlockResponse wait = (ImageBlockResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _);
            Assert.AreEqual(ClientB, sent.Last.Destination);
            Assert.AreEqual((byte)OtaStatus.WaitForData, (byte)wait.Status);
            Assert.AreEqual(1003u, wait.CurrentTime, "ZCL time = time at clock zero + seconds");
            Assert.AreEqual(7u, wait.RequestTime - wait.CurrentTime);
            Assert.IsTrue(server.IsDownloading(OtaTestKit.ClientAddress));
            Assert.IsFalse(server.IsDownloading(ClientB));
            Assert.AreEqual(1, watch.Deferred, "the role is told the queued client is there (the hub does not fail it for ignoring notifies)");

            byte[] end = OtaTestKit.UpgradeEndRequestFrame(2, OtaStatus.Success, OtaTestKit.NewVersion);
            server.OnZcl(OtaTestKit.ClientAddress, end, 0, end.Length, 4000);
            Assert.AreEqual(0, server.ActiveDownloads);
            Assert.AreEqual(1, watch.Ends);
            server.OnZcl(ClientB, request, 0, request.Length, 10000);
            Assert.AreEqual((byte)OtaStatus.Success, (byte)((ImageBlockResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).Status);
            Assert.IsTrue(server.IsDownloading(ClientB));
            Assert.AreEqual(1, watch.Deferred, "a served block is not a deferral");
        }

        [TestMethod]
        public void IdleDownload_TimesOut_SlotFreedAndObserverTold()
        {
            OtaServerSettings settings = new OtaServerSettings();
            settings.MaxConcurrentDownloads = 1;
            settings.DownloadIdleTimeoutMs = 5000;
            OtaServer server = NewServer(settings, out RecordingSender _, out ServerWatch watch, out OtaServerImage _);
            byte[] request = OtaTestKit.BlockRequestFrame(1, OtaTestKit.NewVersion, 128, 64);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 100);
            Assert.AreEqual(5100L, server.NextWakeMs);
            server.Tick(5099);
            Assert.AreEqual(1, server.ActiveDownloads);
            server.Tick(5100);
            Assert.AreEqual(0, server.ActiveDownloads);
            Assert.AreEqual(1, watch.TimedOut);
            Assert.AreEqual(long.MaxValue, server.NextWakeMs);
        }

        [TestMethod]
        public void UpgradeEnd_PoliciesPerImageAndPerClient_SetUpgradeTime()
        {
            OtaServerSettings settings = new OtaServerSettings();
            settings.ZclTimeAtClockZero = 500;
            OtaServer server = NewServer(settings, out RecordingSender sent, out ServerWatch watch, out OtaServerImage image);
            byte[] end = OtaTestKit.UpgradeEndRequestFrame(0x33, OtaStatus.Success, OtaTestKit.NewVersion);

            server.OnZcl(OtaTestKit.ClientAddress, end, 0, end.Length, 2000);
            UpgradeEndResponse now = (UpgradeEndResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader header);
            Assert.AreEqual((byte)0x33, header.TransactionSequenceNumber);
            Assert.AreEqual(502u, now.CurrentTime);
            Assert.AreEqual(now.CurrentTime, now.UpgradeTime, "PPMID default: upgrade now");
            Assert.AreEqual(OtaTestKit.NewVersion, now.FileVersion);

            image.UpgradeTimePolicy = OtaUpgradeTimePolicy.Delay;
            image.UpgradeDelaySeconds = 30;
            server.OnZcl(OtaTestKit.ClientAddress, end, 0, end.Length, 2000);
            UpgradeEndResponse delayed = (UpgradeEndResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _);
            Assert.AreEqual(30u, delayed.UpgradeTime - delayed.CurrentTime);

            Assert.IsTrue(server.SetClientUpgradePolicy(OtaTestKit.ClientAddress, OtaUpgradeTimePolicy.Wait, 0, 2000));
            server.OnZcl(OtaTestKit.ClientAddress, end, 0, end.Length, 2000);
            Assert.IsTrue(((UpgradeEndResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).WaitsForUpgradeCommand);

            Assert.IsTrue(server.SendUpgradeCommand(OtaTestKit.ClientAddress, image, 9000));
            UpgradeEndResponse command = (UpgradeEndResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _);
            Assert.AreEqual(509u, command.UpgradeTime);
            Assert.AreEqual(command.CurrentTime, command.UpgradeTime);
            Assert.AreEqual(3, watch.Ends);
            Assert.AreEqual((byte)OtaStatus.Success, (byte)watch.LastEndStatus);
        }

        [TestMethod]
        public void UpgradeEnd_InvalidImage_ObserverToldAndNoResponseWhenDefaultResponseDisabled()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch watch, out OtaServerImage _);
            byte[] end = OtaTestKit.UpgradeEndRequestFrame(1, OtaStatus.InvalidImage, OtaTestKit.NewVersion);
            server.OnZcl(OtaTestKit.ClientAddress, end, 0, end.Length, 0);
            Assert.AreEqual(0, sent.Count);
            Assert.AreEqual((byte)OtaStatus.InvalidImage, (byte)watch.LastEndStatus);

            // With default responses enabled, the error report is acknowledged with SUCCESS.
            end[0] = (byte)(end[0] & ~ZclHeader.DisableDefaultResponse);
            server.OnZcl(OtaTestKit.ClientAddress, end, 0, end.Length, 0);
            ZclDefaultResponse response = OtaTestKit.DecodeDefaultResponse(sent.Last.Bytes, out ZclHeader _);
            Assert.AreEqual((byte)OtaCommandId.UpgradeEndRequest, response.CommandId);
            Assert.AreEqual((byte)OtaStatus.Success, response.Status);
        }

        [TestMethod]
        public void ImageNotify_BroadcastWithFileVersion_EncodesPayloadType3()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch _, out OtaServerImage image);
            Assert.IsTrue(server.SendImageNotify(HanFrame.Broadcast, image, ImageNotifyPayloadType.QueryJitterManufacturerCodeImageTypeAndFileVersion, 50));
            Assert.AreEqual(HanFrame.Broadcast, sent.Last.Destination);
            ImageNotify notify = (ImageNotify)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader header);
            Assert.IsTrue(header.IsServerToClient);
            Assert.AreEqual((byte)50, notify.QueryJitter);
            Assert.AreEqual(OtaTestKit.NewVersion, notify.FileVersion);
            Assert.AreEqual(OtaTestKit.ImageType, notify.ImageType);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => server.SendImageNotify(HanFrame.Broadcast, image, ImageNotifyPayloadType.QueryJitter, 0));
        }

        [TestMethod]
        public void OnZcl_MalformedOrWrongDirection_RejectedWithoutThrowing()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch _, out OtaServerImage _);
            byte[] request = OtaTestKit.BlockRequestFrame(4, OtaTestKit.NewVersion, 0, 64);
            for (int cut = 0; cut < request.Length; cut++)
            {
                Assert.IsFalse(server.OnZcl(OtaTestKit.ClientAddress, request, 0, cut, 0), "cut " + cut.ToString());
            }

            ZclDefaultResponse malformed = OtaTestKit.DecodeDefaultResponse(sent.Last.Bytes, out ZclHeader _);
            Assert.AreEqual((byte)OtaStatus.MalformedCommand, malformed.Status);

            // A response sent to the server (server-to-client direction) is not the server's business.
            byte[] response = OtaTestKit.BlockResponseFrame(1, OtaTestKit.NewVersion, 0, Image(), 10);
            int before = sent.Count;
            Assert.IsFalse(server.OnZcl(OtaTestKit.ClientAddress, response, 0, response.Length, 0));
            Assert.AreEqual(before, sent.Count);
            Assert.AreEqual(0L, server.BlocksSent);
        }

        [TestMethod]
        public void RemoveImage_DownloadEndsAndNextRequestAborted()
        {
            OtaServer server = NewServer(new OtaServerSettings(), out RecordingSender sent, out ServerWatch _, out OtaServerImage image);
            byte[] request = OtaTestKit.BlockRequestFrame(1, OtaTestKit.NewVersion, 0, 64);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 0);
            Assert.IsTrue(server.RemoveImage(image));
            Assert.AreEqual(0, server.ActiveDownloads);
            Assert.AreEqual(0, server.ImageCount);
            server.OnZcl(OtaTestKit.ClientAddress, request, 0, request.Length, 0);
            Assert.AreEqual((byte)OtaStatus.Abort, (byte)((ImageBlockResponse)OtaTestKit.Decode(sent.Last.Bytes, out ZclHeader _)).Status);
        }

        private static byte[] Q(uint version)
        {
            return OtaTestKit.QueryFrame(version, false, 0);
        }

        private static byte[] Image()
        {
            return OtaTestKit.BuildImage(OtaTestKit.NewVersion, 3000, 0x5EEDUL, out byte[] _);
        }

        private static OtaServer NewServer(OtaServerSettings settings, out RecordingSender sent, out ServerWatch watch, out OtaServerImage image)
        {
            byte[] bytes = Image();
            ArrayImageSource source = new ArrayImageSource();
            source.Add("img", bytes);
            sent = new RecordingSender();
            OtaServer server = new OtaServer(sent, source, settings, 4, 4);
            image = new OtaServerImage("img", OtaTestKit.Manufacturer, OtaTestKit.ImageType, OtaTestKit.NewVersion, (uint)bytes.Length);
            server.AddImage(image);
            watch = new ServerWatch();
            server.Observer = watch;
            return server;
        }
    }
}

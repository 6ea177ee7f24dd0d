using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Transfer
{
    /// <summary>
    /// Issue 16: what the client learns from the Query Next Image exchange before the first page. The query's round trip
    /// (when the answer names the last query sent) sets how long an answer the server gives at once may take (RFC 6298
    /// §2.2): the Upgrade End Response, and the part of the first page's wait beyond a slow server's spacing.
    /// </summary>
    [TestClass]
    public class OtaClientWaitTests
    {
        [TestMethod]
        public void FirstPage_QueryAnswered40msLater_WaitsSlowSpacingPlusRoundTripTimeout()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = Client(sent, out byte[] image);
            client.StartQuery(0);
            Deliver(client, OtaTestKit.QueryResponseFrame((uint)image.Length, 1), 40);

            // Round trip 40 ms, deviation 20: 40 + the larger of 4 x 20 and the 500 ms floor = 540; the first block of a
            // 2,100 ms server is due 2,100 ms after the page request, so the wait is 2,100 + 540 (4,100 before any round trip).
            Assert.AreEqual((byte)OtaClientState.Downloading, (byte)client.State);
            Assert.AreEqual(40L + 2100 + 540, client.NextWakeMs);
        }

        [TestMethod]
        public void FirstPage_AnswerNamesAnEarlierQuery_RoundTripNotLearntWaitsResponseTimeout()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = Client(sent, out byte[] image);
            client.StartQuery(0);
            Assert.AreEqual(2000L, client.NextWakeMs, "the query waits the response timeout");
            client.Tick(2000);
            Assert.AreEqual(2, sent.Count, "the first silence retries at once");

            // The answer carries the first query's sequence number: its round trip is unknown (2,010 or 10 ms).
            Deliver(client, OtaTestKit.QueryResponseFrame((uint)image.Length, 1), 2010);
            Assert.AreEqual((byte)OtaClientState.Downloading, (byte)client.State);
            Assert.AreEqual(2010L + 2100 + 2000, client.NextWakeMs);
        }

        [TestMethod]
        public void UpgradeEnd_AfterTheLastBlock_WaitsTheQueryRoundTripTimeout()
        {
            RecordingSender sent = new RecordingSender();
            OtaClient client = Client(sent, out byte[] image);
            client.StartQuery(0);
            Deliver(client, OtaTestKit.QueryResponseFrame((uint)image.Length, 1), 40);
            long now = 100;
            for (uint offset = 0; offset < image.Length; offset += 100)
            {
                int size = image.Length - (int)offset < 100 ? image.Length - (int)offset : 100;
                Deliver(client, OtaTestKit.BlockResponseFrame(2, OtaTestKit.NewVersion, offset, image, size), now);
                now += 10;
            }

            now -= 10;
            Assert.AreEqual((byte)OtaClientState.EndRequested, (byte)client.State);
            Assert.AreEqual(now + 540, client.NextWakeMs, "the round trip's timeout, not the 2,000 ms response timeout");
            client.Tick(now + 540);
            Assert.AreEqual((byte)OtaCommandId.UpgradeEndRequest, sent.Last.Bytes[2], "the first silence asks again at once");
        }

        private static OtaClient Client(RecordingSender sent, out byte[] image)
        {
            image = OtaTestKit.BuildImage(OtaTestKit.NewVersion, 1000, 0x16EUL, out byte[] _);
            OtaClientSettings settings = new OtaClientSettings();
            settings.MaxDataSize = 100;
            settings.PageSize = 4096;
            settings.ServerAddress = OtaTestKit.ServerAddress;
            settings.OwnAddress = OtaTestKit.ClientAddress;
            settings.ManufacturerCode = OtaTestKit.Manufacturer;
            settings.ImageType = OtaTestKit.ImageType;
            settings.CurrentFileVersion = OtaTestKit.OldVersion;
            return new OtaClient(sent, new MemorySink(), new MemoryProgress(), new OtaImageVerifierCheck(), settings);
        }

        private static void Deliver(OtaClient client, byte[] frame, long nowMs)
        {
            client.OnZcl(OtaTestKit.ServerAddress, frame, 0, frame.Length, nowMs);
        }
    }
}

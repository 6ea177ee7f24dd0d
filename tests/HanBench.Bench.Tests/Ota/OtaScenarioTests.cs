using HanBench.Bench.Devices;
using HanBench.Bench.Ota;
using HanBench.Bench.Radio;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Bench.Tests.Ota;

/// <summary>An OTA server and clients over the medium in virtual time: whole transfers, faults and rate limits.</summary>
[TestClass]
public class OtaScenarioTests
{
    private const int ImageBytes = 40_000;
    private const long Deadline = 3_600_000;

    // What one secured 802.15.4 frame carries (issue 14): 49 data bytes; the page spacing covers a block with its ACKs.
    private static readonly byte Block = OtaTransferLimits.MaxDataSizeFor(RadioModel.ZigBee.MaxFrameBytes);
    private static readonly ushort Spacing = (ushort)((ZigBeeBest.For(RadioModel.ZigBee).BlockUs + 999) / 1000);

    private static readonly OtaBenchImage Image = OtaBenchImage.Build(ImageBytes, 0x5CE4A210UL);

    [TestMethod]
    public void Transfer_PagesOverZigBee_ByteExactVerifiedActivated()
    {
        OtaTransferRig rig = ZigBeeRig(0, pages: true);
        var watch = new ServerWatch();
        rig.ServerRole.Server.Observer = watch;
        Assert.IsTrue(rig.RunUntilSettled(Deadline));
        AssertActivatedExact(rig, 0);
        Assert.AreEqual(0L, rig.ServerRole.Server.BlockRequestsReceived);
        Assert.AreEqual(OtaStatus.Success, watch.LastEnd);
        Assert.AreEqual(ImageBytes, watch.BlockBytes);
        Assert.AreEqual(Image.FileVersion, rig.Settings[0].CurrentFileVersion);
    }

    [TestMethod]
    public void Transfer_PagesVersusBlocks_SameBytesFarFewerRoundTripsAndFaster()
    {
        OtaTransferRig pages = ZigBeeRig(0, pages: true);
        OtaTransferRig blocks = ZigBeeRig(0, pages: false);
        Assert.IsTrue(pages.RunUntilSettled(Deadline));
        Assert.IsTrue(blocks.RunUntilSettled(Deadline));
        AssertActivatedExact(pages, 0);
        AssertActivatedExact(blocks, 0);
        long blockCount = (ImageBytes + Block - 1) / Block;
        Assert.AreEqual(blockCount, blocks.ServerRole.Server.BlockRequestsReceived);
        Assert.IsTrue(pages.ClientRoles[0].Client.RequestsSent * 20 < blocks.ClientRoles[0].Client.RequestsSent, "pages remove the per-block round trip");
        Assert.IsTrue(pages.Scheduler.NowUs < blocks.Scheduler.NowUs, "and finish sooner");
    }

    [TestMethod]
    public void Transfer_OverCompressedUart_ByteExact()
    {
        var rig = new OtaTransferRig(RadioModel.StreamUart(921_600, true), HopKind.Wire, Image, new OtaServerSettings(), 1, (_, s) =>
        {
            s.MaxDataSize = 255;
            s.PageSize = 255 * 64;
        });
        Assert.IsTrue(rig.RunUntilSettled(Deadline));
        AssertActivatedExact(rig, 0);
    }

    [TestMethod]
    [DataRow(0x0A11UL)]
    [DataRow(0x0B22UL)]
    [DataRow(0x0C33UL)]
    [DataRow(0x0D44UL)]
    [DataRow(0x0E55UL)]
    public void Restart_AtSeededRandomOffset_ResumesFromPersistedOffsetByteExact(ulong seed)
    {
        OtaTransferRig rig = ZigBeeRig(0, pages: true, configure: s => s.PersistIntervalBytes = 4096);
        int target = 1 + new BenchRandom(seed).Next(ImageBytes - 2);
        OtaClient before = rig.ClientRoles[0].Client;
        Assert.IsTrue(rig.Scheduler.RunUntil(() => before.BytesReceived >= target, Deadline), $"seed 0x{seed:X}");
        uint heldAtRestart = before.BytesReceived;

        OtaClientRole after = rig.Restart(0);
        Assert.IsTrue(rig.RunUntilSettled(Deadline), $"seed 0x{seed:X}");
        AssertActivatedExact(rig, 0);
        uint resumed = after.Client.ResumedFrom;
        Assert.IsTrue(resumed <= heldAtRestart, $"seed 0x{seed:X}: resumed at {resumed}, held {heldAtRestart}");
        Assert.IsTrue(heldAtRestart - resumed < 4096 + Block, $"seed 0x{seed:X}: lost at most the persist interval ({resumed} of {heldAtRestart})");
        Assert.AreEqual(OtaImageCheckResult.Valid, after.Client.LastCheckResult, $"seed 0x{seed:X}: replayed through the check");
        Assert.IsTrue(rig.Progress[0].Writes <= ImageBytes / 4096 + 6, $"seed 0x{seed:X}: {rig.Progress[0].Writes} record writes");
    }

    [TestMethod]
    public void LinkOutage_MidTransfer_RetriesWithBackoffAndCompletes()
    {
        OtaTransferRig rig = ZigBeeRig(0, pages: true);
        rig.Hops[0].AddOutage(1_000, 16_000);
        Assert.IsTrue(rig.RunUntilSettled(Deadline));
        AssertActivatedExact(rig, 0);
        OtaClient client = rig.ClientRoles[0].Client;
        Assert.IsTrue(client.Timeouts >= 3, $"timeouts {client.Timeouts}");
        Assert.IsTrue(rig.Scheduler.NowMs > 16_000);
        Assert.IsTrue(rig.Hops[0].Statistics.Drops(DropReason.Outage) > 0);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void FivePercentLoss_PagesOrBlocks_CompletesByteExact(bool pages)
    {
        OtaTransferRig rig = ZigBeeRig(0.05, pages);
        Assert.IsTrue(rig.RunUntilSettled(Deadline));
        AssertActivatedExact(rig, 0);
        Assert.IsTrue(rig.Hops[0].Statistics.Drops(DropReason.Loss) > 20, $"losses {rig.Hops[0].Statistics.Drops(DropReason.Loss)}");
    }

    [TestMethod]
    public void InjectedBadResponses_DuplicateStaleOutOfOrderMisaligned_IgnoredByteExact()
    {
        OtaTransferRig rig = ZigBeeRig(0, pages: true);
        MediumNode meddlerNode = rig.Medium.AddNode(0x00DB12000000EE01UL, "meddler");
        rig.Medium.AddHop(meddlerNode, rig.ClientNodes[0], HopKind.ZigBee, RadioModel.ZigBee);
        var meddler = new Meddler(meddlerNode.Port(HopKind.ZigBee), rig);
        meddlerNode.Attach(meddler);
        Assert.IsTrue(rig.RunUntilSettled(Deadline));
        AssertActivatedExact(rig, 0);
        OtaClient client = rig.ClientRoles[0].Client;
        Assert.IsTrue(meddler.Sent > 100, $"injected {meddler.Sent}");
        Assert.IsTrue(client.DuplicatesIgnored > 0, "duplicates");
        Assert.IsTrue(client.StaleIgnored > 0, "stale");
        Assert.IsTrue(client.BlocksHeld + client.OutOfOrderIgnored > 0, "out of order (held beyond the first missing byte, or ignored)");
        Assert.IsTrue(client.MisalignedIgnored > 0, "misaligned");
    }

    [TestMethod]
    public void ServerAbort_MidTransfer_ClientStopsDiscardsActivatesNothing()
    {
        OtaTransferRig rig = ZigBeeRig(0, pages: true);
        OtaClient client = rig.ClientRoles[0].Client;
        Assert.IsTrue(rig.Scheduler.RunUntil(() => client.BytesReceived >= 10_000, Deadline));
        rig.ServerRole.Server.RemoveImage(rig.ServerImage);
        Assert.IsTrue(rig.RunUntilSettled(Deadline));
        Assert.AreEqual(OtaClientState.Idle, client.State);
        Assert.AreEqual(OtaClientError.ServerAborted, client.LastError);
        Assert.AreEqual(0, rig.Activations[0]);
        Assert.IsFalse(rig.Sinks[0].Committed);
        Assert.AreEqual(1, rig.Sinks[0].Discards);
        Assert.IsFalse(rig.Progress[0].HasRecord);
        Assert.IsTrue(rig.ServerRole.Server.AbortsSent >= 1);
    }

    [TestMethod]
    public void DownloadCap_ThreeClientsCapOne_WaitForDataAndNeverTwoAtOnce()
    {
        var server = new OtaServerSettings { MaxBlockSize = Block, MaxConcurrentDownloads = 1, WaitForDataRetrySeconds = 2 };
        var rig = new OtaTransferRig(RadioModel.ZigBee, HopKind.ZigBee, Image, server, 3, (_, s) =>
        {
            s.MaxDataSize = Block;
            s.PageSize = (ushort)(Block * 64);
            s.ResponseSpacingMs = Spacing;
        });
        int maxActive = 0;
        int[] maxPerClient = new int[3];
        bool settled = rig.Scheduler.RunUntil(() =>
        {
            maxActive = Math.Max(maxActive, rig.ServerRole.Server.ActiveDownloads);
            for (int i = 0; i < 3; i++)
            {
                if (!rig.IsSettled(i))
                {
                    return false;
                }
            }

            return true;
        }, Deadline);
        Assert.IsTrue(settled);
        Assert.AreEqual(1, maxActive, "the cap held");
        for (int i = 0; i < 3; i++)
        {
            AssertActivatedExact(rig, i);
        }

        long waits = rig.ClientRoles.Sum(r => r.Client.WaitsReceived);
        Assert.IsTrue(waits >= 2, $"WAIT_FOR_DATA obeyed {waits} times");
        Assert.IsTrue(rig.ServerRole.Server.WaitForDataSent >= 2);
        Assert.AreEqual(0, rig.ClientRoles.Count(r => r.Client.LastError != OtaClientError.None));
    }

    [TestMethod]
    public void HardwareVersionOutsideRange_NoImageNothingSent()
    {
        OtaTransferRig rig = ZigBeeRig(0, pages: true, configure: s =>
        {
            s.HasHardwareVersion = true;
            s.HardwareVersion = 7;
        });
        rig.ServerImage.SetHardwareVersionRange(2, 5);
        var watch = new ServerWatch();
        rig.ServerRole.Server.Observer = watch;
        Assert.IsTrue(rig.RunUntilSettled(Deadline));
        OtaClient client = rig.ClientRoles[0].Client;
        Assert.AreEqual(OtaClientError.NoImageAvailable, client.LastError);
        Assert.AreEqual(OtaQueryOutcome.HardwareVersionMismatch, watch.LastOutcome);
        Assert.AreEqual(0L, rig.ServerRole.Server.BlocksSent);
        Assert.AreEqual(0, rig.Activations[0]);
    }

    [TestMethod]
    public void BadHash_InvalidImageUpgradeEndAndNothingActivated()
    {
        OtaTransferRig rig = ZigBeeRig(0, pages: true);
        rig.Checks[0].ExpectedManufacturerImageHash![31] ^= 0x80;
        var watch = new ServerWatch();
        rig.ServerRole.Server.Observer = watch;
        Assert.IsTrue(rig.RunUntilSettled(Deadline));
        rig.Scheduler.RunUntilMs(rig.Scheduler.NowMs + 1_000);
        OtaClient client = rig.ClientRoles[0].Client;
        Assert.AreEqual(OtaClientError.InvalidImage, client.LastError);
        Assert.AreEqual(OtaImageCheckResult.HashMismatch, client.LastCheckResult);
        Assert.AreEqual(OtaStatus.InvalidImage, watch.LastEnd);
        Assert.AreEqual(0, rig.Activations[0]);
        Assert.IsFalse(rig.Sinks[0].Committed);
        Assert.AreEqual(Image.FileVersion - 1, rig.Settings[0].CurrentFileVersion);
        Assert.AreEqual(0, rig.ServerRole.Server.ActiveDownloads, "the slot is freed by the upgrade end");
    }

    [TestMethod]
    public void Engines_SteadyState_AllocateNothingPerBlock()
    {
        Assert.AreEqual(0.0, OtaBenchmark.MeasureServerAllocationPerBlock());
        Assert.AreEqual(0.0, OtaBenchmark.MeasureClientAllocationPerBlock());
    }

    private static OtaTransferRig ZigBeeRig(double loss, bool pages, Action<OtaClientSettings>? configure = null)
    {
        var server = new OtaServerSettings { MaxBlockSize = Block };
        // Loss reaches the engines only where the stack gives up: with MAC retries and APS ACKs 5 % per frame on air
        // leaves almost nothing, so lossy runs turn both off to test the engines' own recovery.
        RadioModel model = loss == 0 ? RadioModel.ZigBee : RadioModel.ForStack(ZigBeeStack.SmartEnergy with { MacMaxFrameRetries = 0, ApsAcks = false }) with { LossProbability = loss };
        return new OtaTransferRig(model, HopKind.ZigBee, Image, server, 1, (_, s) =>
        {
            s.MaxDataSize = Block;
            s.UsePageRequests = pages;
            s.PageSize = (ushort)(Block * 64);
            s.ResponseSpacingMs = Spacing;
            s.MaxRetries = 12;
            configure?.Invoke(s);
        }, seed: 0x10550000UL);
    }

    private static void AssertActivatedExact(OtaTransferRig rig, int client)
    {
        OtaClient c = rig.ClientRoles[client].Client;
        Assert.AreEqual(OtaClientState.Activated, c.State, $"client {client}: error {c.LastError}");
        Assert.IsTrue(rig.HasExactImage(client), $"client {client}: image differs");
        Assert.AreEqual(1, rig.Activations[client]);
        Assert.AreEqual(OtaImageCheckResult.Valid, c.LastCheckResult);
    }

    private sealed class ServerWatch : IOtaServerObserver
    {
        public OtaQueryOutcome LastOutcome { get; private set; }

        public long BlockBytes { get; private set; }

        public OtaStatus LastEnd { get; private set; } = OtaStatus.Failure;

        public void OnQueryAnswered(ulong client, OtaServerImage? image, OtaQueryOutcome outcome) => LastOutcome = outcome;

        public void OnBlockSent(ulong client, OtaServerImage image, uint offset, int count) => BlockBytes += count;

        public void OnUpgradeEnd(ulong client, OtaServerImage? image, OtaStatus status) => LastEnd = status;

        public void OnDownloadTimedOut(ulong client, OtaServerImage image, uint highestOffset)
        {
        }

        public void OnBlockDeferred(ulong client, OtaServerImage image)
        {
        }
    }

    /// <summary>
    /// A node next to the client that spoofs the server's address and, every 25 ms while the client downloads (longer than its own
    /// secured exchange of about 12 ms, so its frames never queue up behind each other), sends one
    /// bad Image Block Response: a duplicate of the last block, a block two ahead, a block straddling the first missing
    /// byte, or a block at the right offset with garbage data for another file version.
    /// </summary>
    private sealed class Meddler(IFrameLink link, OtaTransferRig rig) : IDeviceRole
    {
        private readonly byte[] _zcl = new byte[OtaTransferLimits.MaxZclFrameLength];
        private readonly byte[] _garbage = Enumerable.Repeat((byte)0xEE, Block).ToArray();
        private readonly HanFrame _frame = new();
        private const long MeddlerPeriodMs = 25;
        private long _next;
        private int _kind;

        public int Sent { get; private set; }

        public long NextWakeMs => _next;

        public void Start(long nowMs) => _next = nowMs + MeddlerPeriodMs;

        public void OnFrame(IFrameLink from, HanFrame frame)
        {
        }

        public void Tick(long nowMs)
        {
            _next = nowMs + MeddlerPeriodMs;
            OtaClient client = rig.ClientRoles[0].Client;
            if (client.State != OtaClientState.Downloading)
            {
                if (client.State == OtaClientState.Activated || client.LastError != OtaClientError.None)
                {
                    _next = WakeTime.Never;
                }

                return;
            }

            uint next = client.BytesReceived;
            byte[] image = rig.Image.Bytes;
            var response = new ImageBlockResponse
            {
                Status = OtaStatus.Success,
                ManufacturerCode = rig.Image.ManufacturerCode,
                ImageType = rig.Image.ImageType,
                FileVersion = rig.Image.FileVersion,
            };
            switch (_kind++ % 4)
            {
                case 0 when next >= Block:
                    response.FileOffset = next - Block;
                    response.SetData(image, (int)next - Block, Block);
                    break;
                case 1 when next + (3 * Block) <= image.Length:
                    response.FileOffset = next + (2u * Block);
                    response.SetData(image, (int)next + (2 * Block), Block);
                    break;
                case 2 when next >= 7 && next + Block - 7 <= image.Length:
                    response.FileOffset = next - 7;
                    response.SetData(image, (int)next - 7, Block);
                    break;
                default:
                    response.FileVersion = rig.Image.FileVersion - 1;
                    response.FileOffset = next;
                    response.SetData(_garbage, 0, Block);
                    break;
            }

            var writer = new ByteWriter(_zcl);
            OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, 0xEE).WriteTo(writer);
            response.WriteTo(writer);
            _frame.Kind = HanFrameKind.Zcl;
            _frame.Source = OtaTransferRig.ServerEui;
            _frame.Destination = rig.ClientNodes[0].Eui64;
            _frame.ClusterId = OtaCluster.ClusterId;
            _frame.SetPayload(_zcl, 0, writer.Written);
            if (link.Send(_frame))
            {
                Sent++;
            }
        }
    }
}

using HanBench.Bench.Topology;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// GBCS general block transfer with lost blocks (GBCS 7.2.11; its retry procedure is HanBench's, docs/PROTOCOL.md §3): the hub
/// relays the host's blocks of an RTDS-sized CS02b (two blocks) to the PPMID, whose link drops a chosen block; the device
/// acknowledges only a whole message, so the host, unacknowledged, sends again and the message arrives whole and is carried
/// out once; with every copy of the block lost the host gives up after its bounded retries, naming why, and the device
/// applied nothing. (A gap the device reports itself, in a longer message: GbcsBlockTransferTests, GbcsBlockSenderTests.)
/// </summary>
public sealed partial class CredentialScenarioTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void Cs02bInBlocks_ABlockLostOnce_SentAgain_CarriedOutExactlyOnce(int lost)
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        using var ca = new TestCa();
        byte[] message = RtdsSizedCs02b(bench, ca);
        DropBlocksToPpmid(bench, number: lost, times: 1);

        bench.Host.SendGbcs(StandardBench.PpmidEui, message);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Gbcs.Any(g => g.Header.Originator == StandardBench.PpmidEui && g.Header.MessageCode == GbcsMessageCode.UpdateCredentialsSupplierBySupplier), 60_000),
            "the device's answer reached the host: " + bench.Ppmid.As<PpmidRole>().LastRefusal);
        bench.RunFor(3 * GbcsBlockSender.AckTimeoutMs);

        var ppmid = bench.Ppmid.As<PpmidRole>();
        GbcsBlockSender blocks = bench.Host.Session.Blocks;
        Assert.AreEqual(1, _droppedBlocks, $"the link dropped block {lost} once");
        Assert.AreEqual(1, ppmid.CredentialCommands, "carried out exactly once: " + ppmid.LastRefusal);
        Assert.AreEqual(1, bench.Host.Gbcs.Count(g => g.Header.Originator == StandardBench.PpmidEui && g.Header.MessageCode == GbcsMessageCode.UpdateCredentialsSupplierBySupplier), "answered once");
        Assert.AreEqual(0x38UL, SupplierKeyId(bench), "the supplier DS anchor replaced");
        Assert.AreEqual((1, 0, 0), (blocks.Delivered, blocks.Failed, blocks.InProgress));
        Assert.AreEqual(1, blocks.Retransmissions, "sent again once, after the acknowledgement time-out");
    }

    [TestMethod]
    public void Cs02bInBlocks_SecondBlockAlwaysLost_HostGivesUpNamingIt_DeviceAppliedNothing()
    {
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        using var ca = new TestCa();
        byte[] message = RtdsSizedCs02b(bench, ca);
        DropBlocksToPpmid(bench, number: 2, times: int.MaxValue);
        string? failure = null;
        bench.Host.Session.Blocks.TransferFailed += (device, reason) => failure = $"{device:X16}: {reason}";

        bench.Host.SendGbcs(StandardBench.PpmidEui, message);
        bench.RunFor((GbcsBlockSender.MaxRetransmissions + 2) * GbcsBlockSender.AckTimeoutMs);

        GbcsBlockSender blocks = bench.Host.Session.Blocks;
        Assert.AreEqual((0, 1, 0), (blocks.Delivered, blocks.Failed, blocks.InProgress));
        Assert.AreEqual(GbcsBlockSender.MaxRetransmissions, blocks.Retransmissions, "bounded");
        Assert.AreEqual(1 + GbcsBlockSender.MaxRetransmissions, _droppedBlocks, "every copy of block 2 was lost");
        Assert.IsNotNull(failure);
        StringAssert.Contains(failure, "failed: blocks 1 to 2 not acknowledged after 3 retransmissions");
        StringAssert.Contains(blocks.LastFailure, StandardBench.PpmidEui.ToString("X16"));
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(0, ppmid.CredentialCommands, "nothing carried out");
        Assert.AreEqual(0UL, SupplierKeyId(bench), "the provisioned supplier anchor stays");
        Assert.IsFalse(bench.Host.Gbcs.Any(g => g.Header.Originator == StandardBench.PpmidEui && g.Header.MessageCode == GbcsMessageCode.UpdateCredentialsSupplierBySupplier), "no answer");
    }

    private readonly GbcsRoutingHeader _routing = new();
    private int _droppedBlocks;

    // The PPMID's node drops the first times copies of GBCS block number reaching it (its link loses them).
    private void DropBlocksToPpmid(StandardBench bench, int number, int times)
    {
        _droppedBlocks = 0;
        bench.Ppmid.Node.Attach(new DroppingInbox(bench.Ppmid.Role, frame =>
        {
            bool chosen = frame.Kind == HanFrameKind.Gbcs && GbcsBlockTransfer.TryReadBlockNumber(frame.Payload, frame.PayloadOffset, frame.PayloadLength, _routing, out int block)
                && block == number && _droppedBlocks < times;
            _droppedBlocks += chosen ? 1 : 0;
            return chosen;
        }));
    }

    private sealed class DroppingInbox(IDeviceRole inner, Func<HanFrame, bool> drop) : IDeviceRole
    {
        public long NextWakeMs => inner.NextWakeMs;

        public void Start(long nowMs)
        {
        }

        public void Tick(long nowMs) => inner.Tick(nowMs);

        public void OnFrame(IFrameLink link, HanFrame frame)
        {
            if (!drop(frame))
            {
                inner.OnFrame(link, frame);
            }
        }
    }
}

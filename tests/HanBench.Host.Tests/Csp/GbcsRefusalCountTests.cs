using System.Text.RegularExpressions;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Tests.Inventory;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using static HanBench.Host.Tests.Csp.CspFrames;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The CSP counts every GBCS response or alert its session refused (issue 8 §3) in the inventory, per device, message
/// and reason, and changes nothing else: no DCC alert, no firmware version, no progress.
/// </summary>
[TestClass]
public sealed class GbcsRefusalCountTests
{
    [TestMethod]
    public void Refused_ForgedAlerts_CountedPerDeviceAndReasonAndNothingElseChanged()
    {
        using InventoryStore store = TestBench.Seeded();
        var link = new RecordingLink();
        var session = new HubSession(link, new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = TestBench.Hub.Value }, null);
        using CspRuntime csp = CspRuntime.Attach(store, session);
        string before = WithoutRefusals(TestBench.Snapshot(store));
        ulong ppmid = TestBench.Ppmid.Value;
        const ulong madeUp = 0x00DB99999999999AUL;

        session.OnFrame(link, Alert(ppmid, signer: null));
        session.OnFrame(link, Alert(ppmid, signer: null));
        session.OnFrame(link, Alert(ppmid, signer: ppmid + 1));
        session.OnFrame(link, Alert(madeUp, signer: madeUp + 1));
        session.OnFrame(link, Alert(madeUp + 2, signer: madeUp + 3));

        IReadOnlyList<GbcsRefusalCount> counts = store.Read(s => s.GbcsRefusals.All());
        Assert.AreEqual(2L, counts.Single(c => c.Originator == TestBench.Ppmid.ToString() && c.Reason == "signature missing").Count);
        Assert.AreEqual(1L, counts.Single(c => c.Originator == TestBench.Ppmid.ToString() && c.Reason == "signature does not verify").Count);
        Assert.AreEqual(2L, counts.Single(c => c.Originator == GbcsRefusalLog.UnknownOriginator).Count, "made-up titles share one row");
        Assert.IsTrue(counts.All(c => c.Message == "0x8F8B alert (CS09)"));
        Assert.AreEqual(5L, store.Read(s => s.GbcsRefusals.Total()));
        Assert.AreEqual(0, store.Read(s => s.Alerts.All()).Count, "no DCC alert");
        Assert.AreEqual(before, WithoutRefusals(TestBench.Snapshot(store)), "nothing else changed");
    }

    [TestMethod]
    public void Alert_GenuineReplayedAfterAHostRestart_RefusedNamingWhy_ActedOnOnce()
    {
        using InventoryStore store = TestBench.Seeded();
        ulong ppmid = TestBench.Ppmid.Value;
        HubSession first = Host(store, out CspRuntime firstCsp);
        first.OnFrame(new RecordingLink(), Alert(ppmid, signer: ppmid, counter: 9));
        firstCsp.Dispose();
        Assert.AreEqual(0, first.Gbcs.Unauthenticated, "the genuine alert is taken");
        Assert.AreEqual(9UL, store.Read(s => new GbcsAlertCounters(s).Last(TestBench.Ppmid)), "its counter is in the inventory");

        // A new host process on the same inventory: nothing of the first one's memory survives.
        HubSession second = Host(store, out CspRuntime secondCsp);
        using (secondCsp)
        {
            string before = WithoutRefusals(TestBench.Snapshot(store));
            second.OnFrame(new RecordingLink(), Alert(ppmid, signer: ppmid, counter: 9));
            second.OnFrame(new RecordingLink(), Alert(ppmid, signer: ppmid, counter: 8));

            Assert.AreEqual(2, second.Gbcs.Unauthenticated);
            StringAssert.Contains(second.Gbcs.LastUnauthenticated, "replayed alert");
            Assert.AreEqual(2L, store.Read(s => s.GbcsRefusals.All()).Single(c => c.Reason.StartsWith("replayed alert", StringComparison.Ordinal)).Count);
            Assert.AreEqual(before, WithoutRefusals(TestBench.Snapshot(store)), "a replay changes nothing but the refusal count");

            second.OnFrame(new RecordingLink(), Alert(ppmid, signer: ppmid, counter: 10));
            Assert.AreEqual(2, second.Gbcs.Unauthenticated, "the device's next alert is taken");
            Assert.AreEqual(10UL, store.Read(s => new GbcsAlertCounters(s).Last(TestBench.Ppmid)));
        }
    }

    [TestMethod]
    public void Alert_ForgedWithAHighCounter_MovesNoStoredCounter()
    {
        using InventoryStore store = TestBench.Seeded();
        ulong ppmid = TestBench.Ppmid.Value;
        HubSession session = Host(store, out CspRuntime csp);
        using (csp)
        {
            session.OnFrame(new RecordingLink(), Alert(ppmid, signer: ppmid + 1, counter: ulong.MaxValue));
            session.OnFrame(new RecordingLink(), Alert(ppmid, signer: ppmid, counter: 9));

            Assert.AreEqual(1, session.Gbcs.Unauthenticated, "only the forgery is refused: it moved no counter (checked after the signature)");
            Assert.AreEqual(9UL, store.Read(s => new GbcsAlertCounters(s).Last(TestBench.Ppmid)));
        }
    }

    private static HubSession Host(InventoryStore store, out CspRuntime csp)
    {
        var session = new HubSession(new RecordingLink(), new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = TestBench.Hub.Value }, null);
        csp = CspRuntime.Attach(store, session);
        return session;
    }

    private static HanBench.Protocol.Han.HanFrame Alert(ulong originator, ulong? signer, ulong counter = 9)
    {
        var alert = new PpmidFirmwareActivationAlert { Time = new GbcsTimestamp(2025, 1, 1, 0, 0, 0), FirmwareVersion = 0x00010105, Result = PpmidFirmwareActivationResult.Success };
        byte[] content = new byte[alert.EncodedLength];
        alert.WriteTo(new ByteWriter(content));
        return CspFrames.Gbcs(originator, GbcsCraFlag.Alert, counter, originator, HubSessionOptions.DefaultAcbSystemTitle, GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert, content, signer);
    }

    private static string WithoutRefusals(string snapshot) => Regex.Replace(snapshot, @"## gbcs_refusals\r?\n(?:(?!## ).*\r?\n)*", string.Empty);
}

using HanBench.Host.Csp;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using static HanBench.Host.Tests.Csp.CspFrames;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The host checks a CS08 response's MAC (device KA ↔ ACB KA, GBCS 6.4.5) before anything acts on it: a refused one
/// completes no call, raises no record, and is counted with its reason.
/// </summary>
[TestClass]
public sealed class GbcsResponseSecurityTests
{
    [TestMethod]
    public void Cs08Response_MacdByTheDevice_CompletesTheCall()
    {
        var (session, call) = Pending();
        session.OnFrame(new RecordingLink(), Cs08Response(DeviceId, 0x5000, 0x00010105));
        Assert.IsTrue(call.IsCompleted);
        Assert.AreEqual(0, session.Gbcs.Unauthenticated);
    }

    [TestMethod]
    public void Cs08Response_WithoutMac_RefusedCountedAndTheCallStillPending()
    {
        var (session, call) = Pending();
        AssertRefused(session, call, Unprotected(0x5000, HubSessionOptions.DefaultAcbSystemTitle), "MAC missing");
    }

    [TestMethod]
    public void Cs08Response_FlippedPayloadOctet_RefusedAsBadMac()
    {
        var (session, call) = Pending();
        HanFrame frame = Cs08Response(DeviceId, 0x5000, 0x00010105);
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength), envelope));
        byte[] forged = frame.Payload[frame.PayloadOffset..(frame.PayloadOffset + frame.PayloadLength)];
        forged[envelope.Layout.ContentOffset - frame.PayloadOffset + envelope.Layout.ContentLength - 1] ^= 0x01;
        AssertRefused(session, call, Frame(HanFrameKind.Gbcs, DeviceId, forged), "MAC does not verify");
    }

    [TestMethod]
    public void Cs08Response_MacdWithAnotherDevicesKey_RefusedAsBadMac()
    {
        var (session, call) = Pending();
        HanFrame forged = Macd(Unprotected(0x5000, HubSessionOptions.DefaultAcbSystemTitle), HubSessionOptions.DefaultKeys.SharedSecretWith(DeviceId + 1));
        AssertRefused(session, call, forged, "MAC does not verify");
    }

    [TestMethod]
    public void Cs08Response_NotForTheAcb_Refused()
    {
        var (session, call) = Pending();
        HanFrame forged = Macd(Unprotected(0x5000, 0x90B3D51F30010000UL), HubSessionOptions.DefaultKeys.SharedSecretWith(DeviceId));
        AssertRefused(session, call, forged, "not addressed to the ACB");
    }

    private static (HubSession Session, GbcsCall Call) Pending()
    {
        HubSession session = NewSession(new RecordingLink(), new ManualClock(), new MemoryOriginatorCounter(0x5000));
        return (session, session.ReadFirmwareVersion(DeviceId));
    }

    private static HanFrame Unprotected(ulong counter, ulong recipient)
    {
        var response = new ReadFirmwareVersionResponse { FirmwareVersion = 0x00010105, ResponseCode = ReadFirmwareVersionResponseCode.Success };
        byte[] content = new byte[response.EncodedLength];
        response.WriteTo(new ByteWriter(content));
        return CspFrames.Gbcs(DeviceId, GbcsCraFlag.Response, counter, DeviceId, recipient, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, content);
    }

    private static void AssertRefused(HubSession session, GbcsCall call, HanFrame frame, string reason)
    {
        int records = 0;
        session.GbcsReceived += _ => records++;
        session.OnFrame(new RecordingLink(), frame);
        Assert.IsFalse(call.IsCompleted, "nothing acted on it");
        Assert.AreEqual(0, records, "no record raised");
        Assert.AreEqual(1, session.Gbcs.Unauthenticated);
        StringAssert.Contains(session.Gbcs.LastUnauthenticated, reason);
        Assert.AreEqual(0, session.Malformed, "well-formed, refused for its origin");
    }
}

/// <summary>
/// The host checks a CCS08 alert's signature (the hub's DS key, GBCS-SECURITY.md §3) before it raises anything: a
/// forged one raises no typed alert (so no N62) and is counted with its reason.
/// </summary>
[TestClass]
public sealed class GbcsAlertSecurityTests
{
    private static readonly GbcsTimestamp Time = new(2025, 1, 1, 0, 0, 0);

    [TestMethod]
    public void TransferAlert_SignedByTheHub_Raised()
    {
        var (session, raised) = Listening();
        session.OnFrame(new RecordingLink(), TransferAlert(DeviceId, 7, 0x00020000, FirmwareTransferResponseCode.Success, Time));
        Assert.AreEqual(1, raised.Count);
        Assert.AreEqual(0, session.Gbcs.Unauthenticated);
    }

    [TestMethod]
    public void TransferAlert_Unsigned_RefusedAndNothingRaised()
    {
        var (session, raised) = Listening();
        AssertRefused(session, raised, Alert(signer: null), "signature missing");
    }

    [TestMethod]
    public void TransferAlert_FlippedPayloadOctet_RefusedAndNothingRaised()
    {
        var (session, raised) = Listening();
        HanFrame frame = TransferAlert(DeviceId, 7, 0x00020000, FirmwareTransferResponseCode.Success, Time);
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength), envelope));
        byte[] forged = frame.Payload[frame.PayloadOffset..(frame.PayloadOffset + frame.PayloadLength)];
        forged[envelope.Layout.ContentOffset - frame.PayloadOffset + 1] ^= 0x01;
        AssertRefused(session, raised, Frame(HanFrameKind.Gbcs, HubId, forged), "signature does not verify");
    }

    [TestMethod]
    public void TransferAlert_SignedByAnotherDevicesKey_Refused()
    {
        var (session, raised) = Listening();
        AssertRefused(session, raised, Alert(signer: DeviceId), "signature does not verify");
    }

    private static HanFrame Alert(ulong? signer)
    {
        var alert = new FirmwareTransferAlert
        {
            AlertCode = GbcsAlertCode.FirmwareTransferSuccess, ExecutionDateTime = Time, Entity = DeviceId, FirmwareVersion = 0x00020000,
            ResponseCode = FirmwareTransferResponseCode.Success,
        };
        byte[] content = new byte[alert.EncodedLength];
        alert.WriteTo(new ByteWriter(content));
        return CspFrames.Gbcs(HubId, GbcsCraFlag.Alert, 7, HubId, HubSessionOptions.DefaultAcbSystemTitle, GbcsMessageCode.FirmwareTransferAlert, content, signer);
    }

    private static (HubSession Session, List<HubTransferAlert> Raised) Listening()
    {
        HubSession session = NewSession(new RecordingLink(), new ManualClock());
        var raised = new List<HubTransferAlert>();
        session.TransferAlertReceived += raised.Add;
        return (session, raised);
    }

    private static void AssertRefused(HubSession session, List<HubTransferAlert> raised, HanFrame frame, string reason)
    {
        int records = 0;
        session.GbcsReceived += _ => records++;
        session.OnFrame(new RecordingLink(), frame);
        Assert.AreEqual(0, raised.Count, "no alert raised: no N62");
        Assert.AreEqual(0, records);
        Assert.AreEqual(1, session.Gbcs.Unauthenticated);
        StringAssert.Contains(session.Gbcs.LastUnauthenticated, reason);
    }
}

using HanBench.Device.Roles;
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
        HanFrame forged = Macd(Unprotected(0x5000, RoleSettings.DefaultSupplierSystemTitle), HubSessionOptions.DefaultKeys.SharedSecretWith(DeviceId));
        AssertRefused(session, call, forged, "not addressed to the ACB");
    }

    [TestMethod]
    public void Cs08Response_SupplementaryRemotePartyCounterNotTheOneSent_RefusedNamingTheEcho()
    {
        var (session, call) = Pending();
        AssertRefused(session, call, Cs08Response(DeviceId, 0x5000, 0x00010105, remotePartyCounter: 2), "supplementary remote party echo 90B3D51F30010000 counter 2 is not the one sent (90B3D51F30010000 counter 1)");
    }

    [TestMethod]
    public void Cs08Response_SupplementaryRemotePartyNotTheOneSent_Refused()
    {
        var (session, call) = Pending();
        AssertRefused(session, call, Cs08Response(DeviceId, 0x5000, 0x00010105, remoteParty: 0x90B3D51F30020000UL), "is not the one sent");
    }

    [TestMethod]
    public void Cs08Response_SupplementaryRemotePartyNotEchoed_Refused()
    {
        var (session, call) = Pending();
        AssertRefused(session, call, Macd(Unprotected(0x5000, HubSessionOptions.DefaultAcbSystemTitle), HubSessionOptions.DefaultKeys.SharedSecretWith(DeviceId)), "supplementary remote party not echoed");
    }

    [TestMethod]
    public void ReadFirmwareVersion_NamesTheDevicesSupplierWithACounterThatGrowsPerDevice()
    {
        var link = new RecordingLink();
        HubSession session = NewSession(link, new ManualClock(), new MemoryOriginatorCounter(0x5000));
        session.ReadFirmwareVersion(DeviceId);
        session.ReadFirmwareVersion(DeviceId);
        session.ReadFirmwareVersion(DeviceId + 1);
        var sent = link.OfKind(HanFrameKind.Gbcs).Select(f =>
        {
            var envelope = new GbcsEnvelope();
            Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(f.Payload, f.PayloadOffset, f.PayloadLength), envelope));
            Assert.AreEqual(HubSessionOptions.DefaultSupplierSystemTitle, envelope.SupplementaryRemotePartyId);
            return (envelope.RecipientSystemTitle, envelope.SupplementaryRemotePartyCounter);
        }).ToList();
        CollectionAssert.AreEqual(new[] { (DeviceId, 1UL), (DeviceId, 2UL), (DeviceId + 1, 1UL) }, sent);
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
/// Every alert and every non-CS08 response is signed by its originating device's DS key (docs/GBCS-SECURITY.md §1, §3),
/// and the host checks the signature before anything acts on it: a forged one raises no typed alert (so no N39, N62 or
/// N64), completes no call, and is counted with a named reason. Responses must answer a waiting command, checked first.
/// </summary>
[TestClass]
public sealed class GbcsAlertSecurityTests
{
    private const ulong CommandCounter = 0x5000;
    private static readonly GbcsTimestamp Time = new(2025, 1, 1, 0, 0, 0);

    /// <summary>Every signed message a device sends the host: 0x8F8B, CCS08 success and failure, 0x8F66, a CS06 response.</summary>
    public static IEnumerable<object[]> Kinds => [["0x8F8B"], ["0x8F8A"], ["0x8F89"], ["0x8F66"], ["CS06"]];

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void Message_SignedByItsDevice_ActedOnExactlyOnce(string kind)
    {
        var probe = new Probe();
        probe.Send(Message(kind, Originator(kind)));
        Assert.AreEqual(1, probe.Acted, kind);
        Assert.AreEqual(0, probe.Session.Gbcs.Unauthenticated);
    }

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void Message_Unsigned_RefusedAsSignatureMissing(string kind) =>
        new Probe().AssertRefused(Message(kind, null), "signature missing");

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void Message_SignedByAnotherDevicesKey_RefusedAsSignatureNotVerifying(string kind) =>
        new Probe().AssertRefused(Message(kind, Originator(kind) + 1), "signature does not verify");

    [TestMethod]
    [DynamicData(nameof(Kinds))]
    public void Message_FlippedSignatureOrPayloadOctet_RefusedAsSignatureNotVerifying(string kind)
    {
        HanFrame genuine = Message(kind, Originator(kind));
        GbcsEnvelope envelope = ReadGbcs(genuine);
        foreach (int at in new[] { envelope.Layout.SignatureOffset + 7, envelope.Layout.ContentOffset + envelope.Layout.ContentLength - 1 })
        {
            byte[] forged = genuine.Payload[genuine.PayloadOffset..(genuine.PayloadOffset + genuine.PayloadLength)];
            forged[at - genuine.PayloadOffset] ^= 0x01;
            new Probe().AssertRefused(Frame(HanFrameKind.Gbcs, genuine.Source, forged), "signature does not verify");
        }
    }

    [TestMethod]
    [DataRow("0x8F8B")]
    [DataRow("0x8F8A")]
    [DataRow("0x8F66")]
    public void Alert_GenuineReplayed_RefusedTheSecondTimeAndActedOnOnce(string kind)
    {
        var probe = new Probe();
        HanFrame genuine = Message(kind, Originator(kind));

        probe.Send(genuine);
        probe.Send(genuine);

        Assert.AreEqual(1, probe.Acted, "a captured genuine alert sent again raises nothing more");
        Assert.AreEqual(1, probe.Session.Gbcs.Unauthenticated);
        StringAssert.Contains(probe.Session.Gbcs.LastUnauthenticated, "replayed alert");
    }

    [TestMethod]
    public void Insecure_UnsolicitedOrMisaddressed_StillRefused()
    {
        // --insecure relaxes a failing MAC or signature only (GbcsRefusal.Relaxable).
        var session = new HubSession(new RecordingLink(), new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = HubId, Insecure = true }, new MemoryOriginatorCounter(0x5000));
        session.OnFrame(new RecordingLink(), Cs08Response(DeviceId, 0x6000, 0x00010105));
        byte[] content = TransferContent(FirmwareTransferResponseCode.Success);
        session.OnFrame(new RecordingLink(), CspFrames.Gbcs(HubId, GbcsCraFlag.Alert, 7, HubId, 0x90B3D51F30099999UL, GbcsMessageCode.FirmwareTransferAlert, content, signer: HubId));

        Assert.AreEqual(2, session.Gbcs.Unauthenticated);
        Assert.AreEqual(0, session.Gbcs.AcceptedInsecurely);
    }

    [TestMethod]
    public void Alert_AddressedToAPartyTheHostDoesNotPlay_Refused()
    {
        byte[] content = TransferContent(FirmwareTransferResponseCode.Success);
        new Probe().AssertRefused(
            CspFrames.Gbcs(HubId, GbcsCraFlag.Alert, 7, HubId, 0x90B3D51F30099999UL, GbcsMessageCode.FirmwareTransferAlert, content, signer: HubId),
            "not addressed to a party this host plays");
    }

    [TestMethod]
    [DataRow(HubSessionOptions.DefaultAcbSystemTitle)]
    [DataRow(0x90B3D51F30000004UL)]
    public void CredentialOutcomeAlert_SignedButNoFutureDatedCs02bWaits_TakenAsAlertButCompletesNothing(ulong recipient)
    {
        // 0x00CB to the ACB or (6.23) the transitional CoS party: authenticated, then matched to a pending CS02b, of which there is none.
        var alert = new UpdateCredentialsAlert { ExecutionDateTime = Time };
        alert.Outcome.SeqNumber = 0x7777;
        var probe = new Probe(sendCs06: false);
        probe.Send(CspFrames.Gbcs(HubId, GbcsCraFlag.Alert, 9, HubId, recipient, GbcsMessageCode.FutureDatedUpdateCredentialsAlert, Encode(alert.EncodedLength, alert.WriteTo), signer: HubId));

        Assert.AreEqual(0, probe.Session.Gbcs.Unauthenticated, probe.Session.Gbcs.LastUnauthenticated);
        StringAssert.Contains(probe.Session.Gbcs.LastUnmatchedAlert, "no future-dated CS02b");
        Assert.AreEqual(0, probe.Session.Credentials.PendingReplacements);
    }

    [TestMethod]
    public void Cs06Response_NoCs06Waiting_RefusedAsUnsolicitedBeforeItsSignatureIsLookedAt()
    {
        var probe = new Probe(sendCs06: false);
        probe.AssertRefused(Message("CS06", HubId), "unsolicited");
    }

    [TestMethod]
    public void Cs02Response_Unsolicited_RefusedWithoutAnyKeyAgreement()
    {
        // A CS02a response is checked with Z (the device's MAC for the ACB): only once a CS02 to that device is awaited.
        var keys = GbcsPartyKeys.ForTestKeys();
        var session = new HubSession(new RecordingLink(), new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = HubId, Keys = keys }, new MemoryOriginatorCounter(0x5000));
        for (ulong made = 0; made < 20; made++)
        {
            session.OnFrame(new RecordingLink(), CspFrames.Gbcs(HubId, GbcsCraFlag.Response, 0x5000, 0x00DB00000000A000UL + made, HubSessionOptions.DefaultAcbSystemTitle,
                GbcsMessageCode.ProvideCredentialsDetails, [0x30, 0x00]));
        }

        Assert.AreEqual(20, session.Gbcs.Unauthenticated);
        StringAssert.Contains(session.Gbcs.LastUnauthenticated, "unsolicited");
        Assert.AreEqual(0, keys.SharedSecretsKept, "no key agreement for a CS02 response nobody waits for");
    }

    [TestMethod]
    public void Cs08Response_Unsolicited_RefusedWithoutAnyKeyAgreement()
    {
        var keys = GbcsPartyKeys.ForTestKeys();
        var session = new HubSession(new RecordingLink(), new ManualClock(), new HubSessionOptions { HostEui = HostId, HubEui = HubId, Keys = keys }, new MemoryOriginatorCounter(0x5000));
        GbcsCall call = session.ReadFirmwareVersion(DeviceId);
        for (ulong made = 0; made < 50; made++)
        {
            // A flood of made-up titles, and the right device with a counter nobody used: each would cost an ECDH and a kept secret.
            session.OnFrame(new RecordingLink(), Cs08Response(0x00DB00000000A000UL + made, 0x5000, 0x00010105));
        }

        session.OnFrame(new RecordingLink(), Cs08Response(DeviceId, 0x6000, 0x00010105));
        Assert.AreEqual(51, session.Gbcs.Unauthenticated);
        StringAssert.Contains(session.Gbcs.LastUnauthenticated, "unsolicited");
        Assert.AreEqual(1, keys.SharedSecretsKept, "only the secret the CS08 itself was MAC'd with: no key agreement for an unsolicited response");
        Assert.IsFalse(call.IsCompleted);

        session.OnFrame(new RecordingLink(), Cs08Response(DeviceId, 0x5000, 0x00010105));
        Assert.IsTrue(call.IsCompleted, "the awaited answer still completes its call");
    }

    private static ulong Originator(string kind) => kind == "0x8F8B" ? DeviceId : HubId;

    private static HanFrame Message(string kind, ulong? signer)
    {
        ulong acb = HubSessionOptions.DefaultAcbSystemTitle;
        ulong supplier = HubSessionOptions.DefaultSupplierSystemTitle;
        switch (kind)
        {
            case "0x8F8B":
                var activation = new PpmidFirmwareActivationAlert { Time = Time, FirmwareVersion = 0x00010105, Result = PpmidFirmwareActivationResult.Success };
                return CspFrames.Gbcs(DeviceId, GbcsCraFlag.Alert, 9, DeviceId, acb, GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert, Encode(activation.EncodedLength, activation.WriteTo), signer);
            case "0x8F8A":
            case "0x8F89":
                byte[] transfer = TransferContent(kind == "0x8F8A" ? FirmwareTransferResponseCode.Success : FirmwareTransferResponseCode.FileTransferFailure);
                return CspFrames.Gbcs(HubId, GbcsCraFlag.Alert, 7, HubId, acb, GbcsMessageCode.FirmwareTransferAlert, transfer, signer);
            case "0x8F66":
                var outcome = new ActivateFirmwareAlert
                {
                    AlertCode = GbcsAlertCode.FutureDatedCommandActioned, ExecutionDateTime = Time, OriginatorCounter = CommandCounter,
                    ResponseCode = ActivateFirmwareResponseCode.Success, FirmwareVersion = 0x00020000,
                };
                return CspFrames.Gbcs(HubId, GbcsCraFlag.Alert, 8, HubId, supplier, GbcsMessageCode.FutureDatedFirmwareActivationAlert, Encode(outcome.EncodedLength, outcome.WriteTo), signer);
            default:
                var response = new ActivateFirmwareResponse { ResponseCode = ActivateFirmwareResponseCode.Success, FirmwareVersion = 0x00020000 };
                return CspFrames.Gbcs(HubId, GbcsCraFlag.Response, CommandCounter, HubId, supplier, GbcsMessageCode.ActivateFirmware, Encode(response.EncodedLength, response.WriteTo), signer);
        }
    }

    private static byte[] TransferContent(FirmwareTransferResponseCode code)
    {
        var alert = new FirmwareTransferAlert
        {
            AlertCode = code == FirmwareTransferResponseCode.Success ? GbcsAlertCode.FirmwareTransferSuccess : GbcsAlertCode.FirmwareTransferFailure,
            ExecutionDateTime = Time, Entity = DeviceId, FirmwareVersion = 0x00020000, ResponseCode = code,
        };
        return Encode(alert.EncodedLength, alert.WriteTo);
    }

    private static byte[] Encode(int length, Action<ByteWriter> write)
    {
        byte[] content = new byte[length];
        write(new ByteWriter(content));
        return content;
    }

    /// <summary>A session with a CS06 to the hub waiting (counter <see cref="CommandCounter"/>), counting everything that acts on a message.</summary>
    private sealed class Probe
    {
        private readonly GbcsCall? _cs06;
        private int _records;

        public Probe(bool sendCs06 = true)
        {
            Session = NewSession(new RecordingLink(), new ManualClock(), new MemoryOriginatorCounter(CommandCounter));
            _cs06 = sendCs06 ? Session.ActivateFirmware(HubId, new byte[32]) : null;
            Session.GbcsReceived += _ => _records++;
            Session.TransferAlertReceived += _ => Typed++;
            Session.ActivationAlertReceived += _ => Typed++;
            Session.ActivationOutcomeReceived += _ => Typed++;
        }

        public HubSession Session { get; }

        public int Typed { get; private set; }

        /// <summary>Typed alerts raised (what N39/N62/N64 come of) plus calls completed with an answer.</summary>
        public int Acted => Typed + (_cs06 is { IsCompleted: true, Reply: not null } ? 1 : 0);

        public void Send(HanFrame frame) => Session.OnFrame(new RecordingLink(), frame);

        public void AssertRefused(HanFrame frame, string reason)
        {
            Send(frame);
            Assert.AreEqual(0, Acted, "nothing acted on it: no N39, N62 or N64");
            Assert.AreEqual(0, _records, "no record raised");
            Assert.AreEqual(1, Session.Gbcs.Unauthenticated);
            StringAssert.Contains(Session.Gbcs.LastUnauthenticated, reason);
            Assert.AreEqual(0, Session.Malformed, "well-formed, refused for its origin");
        }
    }
}

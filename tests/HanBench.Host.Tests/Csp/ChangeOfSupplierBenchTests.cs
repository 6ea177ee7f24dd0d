using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// SRV 6.23 change of supplier end to end on a virtual bench (GBCS 6.23; SECMP0170 requirement 8): the incoming supplier
/// sends its certificates, the host plays the DCC's transitional CoS party (CS02b 0x0107, mode supplierByTransCoS, signed
/// with the CoS party's DS key, then MAC'd as the ACB), the PPMID checks it against its CoS trust anchor and replaces its
/// supplier credentials; the inventory records the new responsible supplier and certificates; from then on the old
/// supplier is refused (DUIS E4, and by the device) and the new one accepted, also after the device restarts.
/// </summary>
[TestClass]
public sealed class ChangeOfSupplierBenchTests
{
    private static readonly Eui64 Ppmid = new(StandardBench.PpmidEui);
    private static readonly Eui64 Incoming = new(0x90B3_D51F_3003_0000);
    private static readonly Lazy<Keystore> Keys = new(() =>
    {
        Keystore store = Keystore.Init(TestFolders.Create("hanbench-cos-keys-"), DateTimeOffset.UtcNow);
        store.Issue(Incoming, PartyRole.Supplier, "Incoming supplier", DateTimeOffset.UtcNow);
        return store;
    });

    private int _request;

    private static byte[] OldSupplierKey()
    {
        var key = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, HubSessionOptions.DefaultSupplierSystemTitle, GbcsTestKeys.DigitalSigning, key, 0);
        return key;
    }

    private static byte[] IncomingKey() => Keys.Value.PrivateKeyFor(Keystore.Sec1(Keys.Value.Primary(Incoming, CredentialUsage.DigitalSigning)!.Certificate)!)!;

    private static (EngineBench Bench, ManageCredentialsHandler Handler) Start(ulong seed)
    {
        // The keystore's CAs issue the incoming supplier's certificates.
        EngineBench bench = EngineBench.ForCredentials(seed, Keys.Value);
        bench.Store.Write(s =>
        {
            var users = new ServiceUserDirectory(s);
            users.Put(new ServiceUser(Keystore.DefaultSupplier, "Outgoing supplier", ServiceUserRole.Supplier, "5.4"));
            users.Put(new ServiceUser(Incoming, "Incoming supplier", ServiceUserRole.Supplier, "5.4"));
            new RequestRights(s).SetResponsibleSupplier(Ppmid, Keystore.DefaultSupplier);
        });
        return (bench, Handler(bench));
    }

    /// <summary>The credential handler on the bench's current host (a restarted host is a new one).</summary>
    private static ManageCredentialsHandler Handler(EngineBench bench) => new(bench.Store, bench.Runtime.Gateway, Keys.Value);

    /// <summary>
    /// The host acts towards the PPMID as <paramref name="supplier"/> signing with <paramref name="key"/>, set through the one
    /// per-device supplier lookup: the supplier DS certificate the device holds names the title.
    /// </summary>
    private static void PlaySupplier(GbcsPartyKeys keys, Eui64 supplier, byte[] key)
    {
        Assert.IsTrue(keys.UseCertificate(Ppmid.Value, DeviceCertificates.SupplierHolder, DeviceCertificates.DigitalSigning, Keys.Value.Primary(supplier, CredentialUsage.DigitalSigning)!.Certificate.RawData));
        keys.UseSupplierSigningKey(Ppmid.Value, key);
    }

    private CredentialResult Run(EngineBench bench, ManageCredentialsHandler handler, CredentialRequest request)
    {
        Task<CredentialResult> task = handler.HandleAsync(request with { RequestId = $"cos-{++_request}" });
        Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 120_000), "the request ends");
        return task.Result;
    }

    private static CredentialRequest ChangeOfSupplier(Eui64 sender, Eui64 certificatesOf) =>
        new("r", ServiceReferenceVariants.UpdateSecurityCredentialsCoS, Ppmid, CredentialUseCase.ReplaceRemoteParty)
        {
            Originator = sender,
            Mode = CredentialReplacementMode.ChangeOfSupplier,
            // The DS certificate only: with the KA one too the command (1,465 octets) outgrows HanBench's 1,024-octet HAN frame
            // payload for now, and the supplier's DS key is what the device checks supplier-signed commands with.
            Replacements = [new ReplacementCertificate(DeviceCertificates.DigitalSigning, Keys.Value.Primary(certificatesOf, CredentialUsage.DigitalSigning)!.Certificate.RawData)],
            CertificationPath = [Keys.Value.IssuingCertificate!.RawData],
        };

    /// <summary>Whether the PPMID answers a supplier-signed CS02e (6.24.2) the host sends as <paramref name="supplier"/> with <paramref name="key"/>.</summary>
    private bool AnswersSupplier(EngineBench bench, ManageCredentialsHandler handler, Eui64 supplier, byte[] key)
    {
        GbcsPartyKeys keys = bench.Session.Options.Keys;
        var keptSupplier = new Eui64(keys.SupplierFor(Ppmid.Value, HubSessionOptions.DefaultSupplierSystemTitle));
        byte[] keptKey = keys.SupplierSigningPrivateKeyFor(Ppmid.Value);
        PlaySupplier(keys, supplier, key);
        try
        {
            var probe = new CredentialRequest("r", ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsDevice, Ppmid, CredentialUseCase.ProvideDeviceCertificate)
            {
                Originator = supplier,
                Usage = DeviceCertificates.DigitalSigning,
            };
            return Run(bench, handler, probe).Reply?.Status == FirmwareVersionReadStatus.Read;
        }
        finally
        {
            PlaySupplier(keys, keptSupplier, keptKey);
        }
    }

    /// <summary>The change of supplier, with the host holding <paramref name="cos"/> as the CoS party's key for it (then the genuine one again).</summary>
    private CredentialResult RunAsCoS(EngineBench bench, ManageCredentialsHandler handler, PartySigningKey? cos)
    {
        GbcsPartyKeys keys = bench.Session.Options.Keys;
        PartySigningKey? genuine = keys.TransitionalCoS;
        keys.TransitionalCoS = cos;
        try
        {
            return Run(bench, handler, ChangeOfSupplier(Incoming, Incoming));
        }
        finally
        {
            keys.TransitionalCoS = genuine;
        }
    }

    private static ServiceResult? DuisRights(EngineBench bench, Eui64 sender, object body, ulong counter) =>
        DuisSecurity.Authorise(new DuisRequestHeader(new DuisRequestId(sender, Ppmid, counter), 1, "11.2", ServiceReferenceVariants.ReadFirmwareVersion), body, bench.Store);

    [TestMethod]
    public void ChangeOfSupplier_6_23_DeviceTakesTheIncomingSupplier_InventoryRecordsIt_OldSupplierRefused_NewAccepted_AlsoAfterRestart()
    {
        var (bench, handler) = Start(623);
        using (bench)
        {
            var ppmid = bench.Bench.Ppmid.As<PpmidRole>();
            Assert.IsTrue(AnswersSupplier(bench, handler, Keystore.DefaultSupplier, OldSupplierKey()), "before: the outgoing supplier is answered");
            long credentialCommands = ppmid.CredentialCommands;

            CredentialResult result = Run(bench, handler, ChangeOfSupplier(Incoming, Incoming));

            Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
            Assert.IsTrue(result.DeviceAccepted, result.Message);
            Assert.AreEqual(credentialCommands + 1, ppmid.CredentialCommands, "the PPMID acted on one CS02b");

            // The command on the air: 0x0107 from the transitional CoS party, and the device's answer for it.
            var envelope = new GbcsEnvelope();
            byte[] answer = result.Reply!.GbcsResponse!;
            Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new Protocol.Bytes.ByteReader(answer, 0, answer.Length), envelope));
            Assert.AreEqual(GbcsMessageCode.UpdateCredentialsSupplierByTransCoS, envelope.MessageCode);
            Assert.AreEqual(RoleSettings.DefaultTransitionalCoSSystemTitle, envelope.RecipientSystemTitle, "the device answers the CoS party");
            TrustAnchorStore anchors = ppmid.CredentialManagement.Anchors;
            Assert.AreEqual(Incoming.Value, anchors.SubjectIdAt(anchors.Find(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0)), "the device's supplier anchor is the incoming supplier's");

            // The inventory: the new responsible supplier and its certificate, the history kept.
            Assert.AreEqual(Incoming, bench.Store.Read(s => new RequestRights(s).ResponsibleSupplier(Ppmid)));
            DeviceCertificateRecord current = bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Single(c => c.Usage == DeviceCertificates.DigitalSigning);
            Assert.AreEqual(("Supplier", Incoming, Keys.Value.Primary(Incoming, CredentialUsage.DigitalSigning)!.Serial), (current.Holder, current.Party, current.Serial));
            StringAssert.Contains(result.Message, Incoming.ToString());

            // The host acts towards the PPMID as the incoming supplier, towards other devices as before.
            GbcsPartyKeys keys = bench.Session.Options.Keys;
            Assert.AreEqual(Incoming.Value, keys.SupplierFor(Ppmid.Value, 0));
            CollectionAssert.AreEqual(IncomingKey(), keys.SupplierSigningPrivateKeyFor(Ppmid.Value));
            CollectionAssert.AreEqual(OldSupplierKey(), keys.SupplierSigningPrivateKeyFor(StandardBench.B1Eui));

            // DUIS rights: the old supplier gets E4 for the device, the new one goes on.
            var read = new ReadFirmwareVersionRequest("r", Ppmid);
            Assert.AreEqual(DuisResponseCodes.NotAuthorisedForDevice, DuisRights(bench, Keystore.DefaultSupplier, read, 10)?.ResponseCode);
            Assert.IsNull(DuisRights(bench, Incoming, read, 10));

            // The device: the old supplier's signed commands refused, the new one's accepted; also after a restart.
            long refused = ppmid.CommandsRefused;
            Assert.IsFalse(AnswersSupplier(bench, handler, Keystore.DefaultSupplier, OldSupplierKey()), "the outgoing supplier is refused");
            Assert.IsTrue(ppmid.CommandsRefused > refused);
            StringAssert.Contains(ppmid.LastRefusal, "trust anchor");
            Assert.IsTrue(AnswersSupplier(bench, handler, Incoming, IncomingKey()), "the incoming supplier is answered");
            Assert.IsFalse(AnswersSupplier(bench, handler, Incoming, OldSupplierKey()), "the incoming supplier's title with the old key is refused too");

            bench.Bench.Ppmid.PowerCycle(500);
            bench.Bench.RunFor(2_000);
            Assert.IsFalse(AnswersSupplier(bench, handler, Keystore.DefaultSupplier, OldSupplierKey()), "after a restart the outgoing supplier is still refused");
            Assert.IsTrue(AnswersSupplier(bench, handler, Incoming, IncomingKey()), "and the incoming one still answered");
        }
    }

    [TestMethod]
    public void ChangeOfSupplier_6_23_ThenHostRestarts_NextSupplierSignedCommandGoesOutAsTheIncomingSupplier_DeviceAnswers()
    {
        var (bench, handler) = Start(626);
        using (bench)
        {
            Assert.IsTrue(Run(bench, handler, ChangeOfSupplier(Incoming, Incoming)).DeviceAccepted);

            bench.CrashHost(500);
            handler = Handler(bench);

            // The restarted host knows the incoming supplier only from the inventory's record of the PPMID's supplier DS certificate.
            GbcsPartyKeys keys = bench.Session.Options.Keys;
            Assert.AreEqual(Incoming.Value, keys.SupplierFor(Ppmid.Value, HubSessionOptions.DefaultSupplierSystemTitle), "taken up from the inventory");
            CollectionAssert.AreEqual(IncomingKey(), keys.SupplierSigningPrivateKeyFor(Ppmid.Value));
            Assert.AreEqual(HubSessionOptions.DefaultSupplierSystemTitle, keys.SupplierFor(StandardBench.B1Eui, HubSessionOptions.DefaultSupplierSystemTitle), "other devices keep theirs");

            var ppmid = bench.Bench.Ppmid.As<PpmidRole>();
            long refused = ppmid.CommandsRefused;
            CredentialResult probe = Run(bench, handler, new CredentialRequest("r", ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsDevice, Ppmid, CredentialUseCase.ProvideDeviceCertificate)
            {
                Originator = Incoming,
                Usage = DeviceCertificates.DigitalSigning,
            });

            Assert.AreEqual(FirmwareVersionReadStatus.Read, probe.Reply?.Status, probe.Message);
            Assert.AreEqual(refused, ppmid.CommandsRefused, "the device refused nothing");
            var envelope = new GbcsEnvelope();
            byte[] answer = probe.Reply!.GbcsResponse!;
            Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new Protocol.Bytes.ByteReader(answer, 0, answer.Length), envelope));
            Assert.AreEqual(Incoming.Value, envelope.RecipientSystemTitle, "the command went out as the incoming supplier, whom the device answers");
        }
    }

    [TestMethod]
    public void ChangeOfSupplier_6_23_ThenAlertAddressedToTheOutgoingSupplier_RefusedNamingWhy_NothingActedOn_IncomingAccepted()
    {
        var (bench, handler) = Start(627);
        using (bench)
        {
            Assert.IsTrue(Run(bench, handler, ChangeOfSupplier(Incoming, Incoming)).DeviceAccepted);
            HubSession session = bench.Session;
            int typed = 0;
            session.ActivationAlertReceived += _ => typed++;
            int unauthenticated = session.Gbcs.Unauthenticated;

            // A 0x8F8B the PPMID signed with its own DS key, addressed once to the outgoing supplier, once to the incoming one.
            session.OnFrame(new RecordingLink(), ActivationAlertTo(Keystore.DefaultSupplier, 0x7000_0000));

            Assert.AreEqual(unauthenticated + 1, session.Gbcs.Unauthenticated, "refused");
            StringAssert.Contains(session.Gbcs.LastUnauthenticated, "not addressed to a party this host plays");
            Assert.AreEqual(0, typed, "no alert raised");

            session.OnFrame(new RecordingLink(), ActivationAlertTo(Incoming, 0x7000_0001));
            Assert.AreEqual(1, typed, "the same alert addressed to the device's supplier now is taken: " + session.Gbcs.LastUnauthenticated);
            Assert.AreEqual(unauthenticated + 1, session.Gbcs.Unauthenticated);
        }
    }

    private static HanFrame ActivationAlertTo(Eui64 recipient, ulong counter)
    {
        var alert = new PpmidFirmwareActivationAlert { Time = new GbcsTimestamp(2026, 1, 1, 0, 0, 0), FirmwareVersion = 0x00010105, Result = PpmidFirmwareActivationResult.Success };
        byte[] content = new byte[alert.EncodedLength];
        alert.WriteTo(new Protocol.Bytes.ByteWriter(content));
        return CspFrames.Gbcs(Ppmid.Value, GbcsCraFlag.Alert, counter, Ppmid.Value, recipient.Value, GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert, content, signer: Ppmid.Value);
    }

    [TestMethod]
    public void ChangeOfSupplier_SignedWithAKeyTheDeviceDoesNotHoldForTheCoSParty_DeviceRefuses_NothingChangesOnEitherSide()
    {
        var (bench, handler) = Start(624);
        using (bench)
        {
            GbcsPartyKeys keys = bench.Session.Options.Keys;
            var forged = new byte[32];
            GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, 0x1234, GbcsTestKeys.DigitalSigning, forged, 0);
            var ppmid = bench.Bench.Ppmid.As<PpmidRole>();
            long refused = ppmid.CommandsRefused;

            CredentialResult result = RunAsCoS(bench, handler, keys.TransitionalCoS! with { PrivateKey = forged });

            Assert.IsFalse(result.DeviceAccepted, result.Message);
            StringAssert.Contains(result.Message, "nothing changed");
            Assert.IsTrue(ppmid.CommandsRefused > refused);
            StringAssert.Contains(ppmid.LastRefusal, "signature does not verify");
            Assert.AreEqual(Keystore.DefaultSupplier, bench.Store.Read(s => new RequestRights(s).ResponsibleSupplier(Ppmid)), "the outgoing supplier stays responsible");
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Ppmid)).Count, "no certificate recorded");
            Assert.AreEqual(HubSessionOptions.DefaultSupplierSystemTitle, keys.SupplierFor(Ppmid.Value, HubSessionOptions.DefaultSupplierSystemTitle));
            Assert.IsTrue(AnswersSupplier(bench, handler, Keystore.DefaultSupplier, OldSupplierKey()), "the device still trusts the outgoing supplier");
        }
    }

    [TestMethod]
    public void ChangeOfSupplier_HostHoldsNoCoSParty_RefusedE20NamingIt_NothingSent()
    {
        var (bench, handler) = Start(625);
        using (bench)
        {
            long commands = bench.Bench.Ppmid.As<PpmidRole>().CredentialCommands;

            CredentialResult result = RunAsCoS(bench, handler, null);

            Assert.AreEqual(DuisResponseCodes.CannotCommunicate, result.ResponseCode, result.Message);
            StringAssert.Contains(result.Message, "no transitional change-of-supplier party");
            Assert.AreEqual(commands, bench.Bench.Ppmid.As<PpmidRole>().CredentialCommands);
            Assert.AreEqual(Keystore.DefaultSupplier, bench.Store.Read(s => new RequestRights(s).ResponsibleSupplier(Ppmid)));
        }
    }
}

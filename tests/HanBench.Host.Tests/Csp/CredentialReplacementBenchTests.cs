using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// SECMP0170 requirement 8 end to end on a virtual bench (issue 8 §4): the credential handler sends CS02 through the
/// host's session to a PPMID; after a replacement the device takes, commands secured with the old credentials are
/// refused and those with the new ones accepted, also after the device restarts; a replacement the device refuses
/// changes nothing on either side.
/// </summary>
[TestClass]
public sealed partial class CredentialReplacementBenchTests
{
    private static readonly Eui64 Ppmid = new(StandardBench.PpmidEui);
    private static readonly Lazy<Keystore> Keys = new(() => Keystore.Init(TestFolders.Create("hanbench-cs02-keys-"), DateTimeOffset.UtcNow));
    private static readonly Lazy<Keystore> OtherCa = new(() => Keystore.Init(TestFolders.Create("hanbench-cs02-other-"), DateTimeOffset.UtcNow));
    private int _request;

    private static byte[] TestSupplierKey()
    {
        var key = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, HubSessionOptions.DefaultSupplierSystemTitle, GbcsTestKeys.DigitalSigning, key, 0);
        return key;
    }

    private static byte[] NewSupplierKey() => Keys.Value.PrivateKeyFor(Keystore.Sec1(Keys.Value.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Certificate)!)!;

    private static (EngineBench Bench, ManageCredentialsHandler Handler) Start(ulong seed, bool alsoOtherCasKeys = false)
    {
        // OtherCa's certificates chain to nothing the boards hold.
        EngineBench bench = EngineBench.ForCredentials(seed, Keys.Value, alsoOtherCasKeys ? point => Keys.Value.PrivateKeyFor(point) ?? OtherCa.Value.PrivateKeyFor(point) : null);
        return (bench, Handler(bench));
    }

    /// <summary>The credential handler on the bench's current host (a restarted host is a new one).</summary>
    private static ManageCredentialsHandler Handler(EngineBench bench) => new(bench.Store, bench.Runtime.Gateway, Keys.Value);

    private CredentialResult Run(EngineBench bench, ManageCredentialsHandler handler, CredentialRequest request)
    {
        Task<CredentialResult> task = handler.HandleAsync(request with { RequestId = $"r-{++_request}" });
        Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 120_000), "the request ends");
        return task.Result;
    }

    private static CredentialRequest ReplaceSupplier(Keystore issuer) => new("r", ServiceReferenceVariants.UpdateSecurityCredentialsKrp, Ppmid, CredentialUseCase.ReplaceRemoteParty)
    {
        Originator = Keystore.DefaultSupplier,
        Mode = CredentialReplacementMode.SupplierBySupplier,
        Replacements = [new ReplacementCertificate(DeviceCertificates.DigitalSigning, issuer.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Certificate.RawData)],
        CertificationPath = [Keys.Value.IssuingCertificate!.RawData],
    };

    /// <summary>A supplier-signed command (CS02e) the device answers only when the signature verifies under its supplier trust anchor.</summary>
    private static CredentialRequest SupplierSignedProbe() => new("r", ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsDevice, Ppmid, CredentialUseCase.ProvideDeviceCertificate)
    {
        Usage = DeviceCertificates.DigitalSigning,
    };

    /// <summary>Whether the PPMID answers a supplier-signed command the host signs with <paramref name="supplierKey"/>.</summary>
    private bool AnswersSignedWith(EngineBench bench, ManageCredentialsHandler handler, byte[] supplierKey, byte[] restore)
    {
        bench.Session.Options.Keys.UseSupplierSigningKey(Ppmid.Value, supplierKey);
        try
        {
            return Run(bench, handler, SupplierSignedProbe()).Reply?.Status == FirmwareVersionReadStatus.Read;
        }
        finally
        {
            bench.Session.Options.Keys.UseSupplierSigningKey(Ppmid.Value, restore);
        }
    }

    [TestMethod]
    public void ReplaceSupplier_6_15_1_DeviceTakesIt_OldSupplierSignatureRefused_NewAccepted_AlsoAfterRestart()
    {
        var (bench, handler) = Start(61);
        using (bench)
        {
            CredentialResult result = Run(bench, handler, ReplaceSupplier(Keys.Value));

            Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
            Assert.IsTrue(result.DeviceAccepted, result.Message);
            CollectionAssert.AreEqual(NewSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value), "the host signs for the PPMID with the new key");
            CollectionAssert.AreEqual(TestSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(StandardBench.B1Eui), "and for other devices with the one they trust");
            DeviceCertificateRecord current = bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Single();
            Assert.AreEqual(("Supplier", "DS", Keys.Value.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Serial), (current.Holder, current.Usage, current.Serial));

            var ppmid = bench.Bench.Ppmid.As<PpmidRole>();
            long refusedBefore = ppmid.CommandsRefused;
            Assert.IsFalse(AnswersSignedWith(bench, handler, TestSupplierKey(), NewSupplierKey()), "the old supplier key is refused");
            Assert.IsTrue(ppmid.CommandsRefused > refusedBefore);
            StringAssert.Contains(ppmid.LastRefusal, "signature");
            Assert.IsTrue(AnswersSignedWith(bench, handler, NewSupplierKey(), NewSupplierKey()), "the new one accepted");

            bench.Bench.Ppmid.PowerCycle(500);
            bench.Bench.RunFor(2_000);
            Assert.IsFalse(AnswersSignedWith(bench, handler, TestSupplierKey(), NewSupplierKey()), "after a restart the old key is still refused");
            Assert.IsTrue(AnswersSignedWith(bench, handler, NewSupplierKey(), NewSupplierKey()), "and the new one still accepted");
        }
    }

    [TestMethod]
    public void ReplaceSupplier_6_15_1_FutureDated_AcceptedIsPendingNotDone_The8F66AlertCompletesIt_KeysTakenUpOnlyThen()
    {
        var (bench, handler) = Start(6151);
        using (bench)
        {
            var ppmid = bench.Bench.Ppmid;
            GbcsTimestamp at = GbcsOutbox.TimeAt(ppmid.Configuration.UtcSecondsAtClockZero, ppmid.Context.Clock.NowMs + 3_600_000);
            var when = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, at.Second, TimeSpan.Zero);
            HubCredentialCalls credentials = bench.Session.Credentials;

            Task<CredentialResult> task = handler.HandleAsync(ReplaceSupplier(Keys.Value) with { RequestId = $"r-{++_request}", ExecutionDateTime = when });
            Assert.IsTrue(bench.Bench.RunUntil(() => credentials.PendingReplacements == 1, 120_000), "the device accepts it: pending");

            Assert.IsFalse(task.IsCompleted, "accepted is not done");
            Assert.IsTrue(ppmid.As<PpmidRole>().CredentialManagement.Replacement.HasPending);
            CollectionAssert.AreEqual(TestSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value), "the host keeps the old key until the alert");
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Count, "nothing recorded yet");

            Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 3_720_000), "the 0x00CB alert completes the request");
            CredentialResult result = task.Result;

            Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
            Assert.IsTrue(result.DeviceAccepted, result.Message);
            StringAssert.Contains(result.Message, "0x8F66");
            Assert.AreEqual(0, credentials.PendingReplacements);
            Assert.AreEqual(0L, bench.Session.Gbcs.Unauthenticated, bench.Session.Gbcs.LastUnauthenticated);
            CollectionAssert.AreEqual(NewSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value), "the new key taken up with the alert");
            Assert.AreEqual(("Supplier", "DS"), bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Select(c => (c.Holder, c.Usage)).Single());
            Assert.IsTrue(AnswersSignedWith(bench, handler, NewSupplierKey(), NewSupplierKey()), "the device answers the new key");
            Assert.IsFalse(AnswersSignedWith(bench, handler, TestSupplierKey(), NewSupplierKey()), "and refuses the old one");
        }
    }

    [TestMethod]
    public void ReplaceSupplier_6_15_1_FutureDated_ThenCancelled_BothRequestsEnd_NothingReplacedOnEitherSide()
    {
        var (bench, handler) = Start(6152);
        using (bench)
        {
            var ppmid = bench.Bench.Ppmid;
            GbcsTimestamp at = GbcsOutbox.TimeAt(ppmid.Configuration.UtcSecondsAtClockZero, ppmid.Context.Clock.NowMs + 3_600_000);
            Task<CredentialResult> dated = handler.HandleAsync(ReplaceSupplier(Keys.Value) with
            {
                RequestId = $"r-{++_request}",
                ExecutionDateTime = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, at.Second, TimeSpan.Zero),
            });
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Session.Credentials.PendingReplacements == 1, 120_000));

            CredentialResult cancel = Run(bench, handler, ReplaceSupplier(Keys.Value) with { ExecutionDateTime = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero) });
            bench.Bench.RunFor(3_700_000);

            StringAssert.Contains(cancel.Message, "cancellation accepted");
            Assert.IsTrue(dated.IsCompleted, "the cancelled request ends");
            Assert.IsFalse(dated.Result.DeviceAccepted, dated.Result.Message);
            StringAssert.Contains(dated.Result.Message, "cancelled");
            Assert.AreEqual(0, bench.Session.Credentials.PendingReplacements);
            Assert.IsFalse(ppmid.As<PpmidRole>().CredentialManagement.Replacement.HasPending);
            CollectionAssert.AreEqual(TestSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value));
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Count);
        }
    }

    [TestMethod]
    public void ReplaceAcb_8_5_DeviceTakesIt_Cs08MacdWithTheNewAcbKeyAnswered_OldKeyRefused_AlsoAfterRestart()
    {
        var (bench, handler) = Start(63);
        using (bench)
        {
            PartyCredential acb = Keys.Value.Primary(Keystore.DefaultAccessControlBroker, CredentialUsage.KeyAgreement)!;
            CredentialResult result = Run(bench, handler, ReplaceAcb());

            Assert.IsTrue(result.DeviceAccepted, result.Message);
            Assert.AreEqual(("ACB", "KA"), bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Select(c => (c.Holder, c.Usage)).Single());
            byte[] newAcb = Keys.Value.PrivateKeyFor(Keystore.Sec1(acb.Certificate)!)!;
            byte[] oldAcb = TestAcbKey();
            Assert.IsTrue(ReadsFirmwareWith(bench, newAcb), "CS08 MAC'd with the new ACB key is answered");
            Assert.IsFalse(ReadsFirmwareWith(bench, oldAcb), "and with the old one refused");
            StringAssert.Contains(bench.Bench.Ppmid.As<PpmidRole>().LastRefusal, "MAC does not verify");

            bench.Bench.Ppmid.PowerCycle(500);
            bench.Bench.RunFor(2_000);
            Assert.IsTrue(ReadsFirmwareWith(bench, newAcb), "after a restart too");
            Assert.IsFalse(ReadsFirmwareWith(bench, oldAcb));
        }
    }

    /// <summary>Whether an 11.2 (CS08, MAC'd between the ACB key given and the PPMID's) is answered.</summary>
    private static bool ReadsFirmwareWith(EngineBench bench, byte[] acbKey)
    {
        bench.Session.Options.Keys.UseAcbKeyAgreementKey(Ppmid.Value, acbKey);
        return ReadsFirmware(bench);
    }

    [TestMethod]
    public void ReplaceSupplier_CertificateNotUnderTheGivenPath_DeviceRefuses_NothingChangesOnEitherSide()
    {
        var (bench, handler) = Start(62);
        using (bench)
        {
            CredentialResult result = Run(bench, handler, ReplaceSupplier(OtherCa.Value));

            Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
            Assert.IsFalse(result.DeviceAccepted, result.Message);
            StringAssert.Contains(result.Message, "nothing changed");
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Ppmid)).Count, "no certificate recorded (only the host's GBCS counter moved)");
            CollectionAssert.AreEqual(TestSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value), "the host keeps its key for the PPMID");
            Assert.IsTrue(AnswersSignedWith(bench, handler, TestSupplierKey(), TestSupplierKey()), "the device still trusts the old supplier key");
        }
    }

    [TestMethod]
    public void ReplaceAcb_8_5_ThenHostRestarts_Cs08WithTheNewAcbKeyRead_OldKeyRefused()
    {
        var (bench, handler) = Start(64);
        using (bench)
        {
            Assert.IsTrue(Run(bench, handler, ReplaceAcb()).DeviceAccepted);

            bench.CrashHost(500);

            Assert.IsTrue(ReadsFirmware(bench), "the restarted host MACs CS08 with the ACB key the inventory says the PPMID holds");
            Assert.IsFalse(ReadsFirmwareWith(bench, TestAcbKey()), "a CS08 MAC'd with the old ACB key is refused");
            StringAssert.Contains(bench.Bench.Ppmid.As<PpmidRole>().LastRefusal, "MAC does not verify");
        }
    }

    [TestMethod]
    public void ReplaceSupplier_6_15_1_ThenHostRestarts_SignsWithTheNewSupplierKey_OldKeyRefused()
    {
        var (bench, handler) = Start(65);
        using (bench)
        {
            Assert.IsTrue(Run(bench, handler, ReplaceSupplier(Keys.Value)).DeviceAccepted);

            bench.CrashHost(500);
            handler = Handler(bench);

            CollectionAssert.AreEqual(NewSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value), "taken up from the inventory");
            Assert.AreEqual(FirmwareVersionReadStatus.Read, Run(bench, handler, SupplierSignedProbe()).Reply?.Status, "a supplier-signed CS02e is answered");
            Assert.IsFalse(AnswersSignedWith(bench, handler, TestSupplierKey(), NewSupplierKey()), "one signed with the old supplier key is refused");
        }
    }

    [TestMethod]
    public void IssueAndInstallNewDeviceKaKey_6_17_6_15_2_ThenHostRestarts_Cs08ReadWithTheDevicesNewKey()
    {
        var (bench, handler) = Start(66);
        using (bench)
        {
            CredentialResult issued = Run(bench, handler, new CredentialRequest("r", ServiceReferenceVariants.IssueSecurityCredentials, Ppmid, CredentialUseCase.IssueDeviceCredentials)
            {
                Usage = DeviceCertificates.KeyAgreement,
            });
            Assert.IsNotNull(issued.Issued, issued.Message);
            CredentialResult installed = Run(bench, handler, new CredentialRequest("r", ServiceReferenceVariants.UpdateSecurityCredentialsDevice, Ppmid, CredentialUseCase.UpdateDeviceCertificate)
            {
                DeviceCertificate = issued.Issued.Der,
            });
            Assert.IsTrue(installed.DeviceAccepted, installed.Message);

            bench.CrashHost(500);

            Assert.IsTrue(ReadsFirmware(bench), "the restarted host's Z is with the PPMID's new KA key");
            bench.Session.Options.Keys.UseDeviceKey(Ppmid.Value, keyAgreement: true, GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, Ppmid.Value, GbcsTestKeys.KeyAgreement)!);
            Assert.IsFalse(ReadsFirmware(bench), "a CS08 MAC'd for its old KA key is refused");
            StringAssert.Contains(bench.Bench.Ppmid.As<PpmidRole>().LastRefusal, "MAC does not verify");
        }
    }

    [TestMethod]
    public void ReplaceSupplier_6_15_1_ResponseLost_ReadBackShowsTheNewKey_HostAndInventoryTakeItUp()
    {
        var (bench, handler) = Start(67);
        using (bench)
        {
            bench.DropToHost = ResponsesTo(GbcsMessageCode.UpdateCredentialsSupplierBySupplier);

            CredentialResult result = Run(bench, handler, ReplaceSupplier(Keys.Value));

            Assert.IsTrue(result.DeviceAccepted, result.Message);
            StringAssert.Contains(result.Message, "read back with CS02a");
            CollectionAssert.AreEqual(NewSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value), "the host signs with the key the device now trusts");
            Assert.AreEqual(("Supplier", "DS"), bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Select(c => (c.Holder, c.Usage)).Single());
            bench.DropToHost = null;
            Assert.AreEqual(FirmwareVersionReadStatus.Read, Run(bench, handler, SupplierSignedProbe()).Reply?.Status, "host and device agree: a supplier-signed command is answered");
        }
    }

    [TestMethod]
    public void ReplaceSupplier_DeviceRefusesAndItsAnswerIsLost_ReadBackShowsTheOldKey_NothingChangesOnEitherSide()
    {
        var (bench, handler) = Start(68);
        using (bench)
        {
            bench.DropToHost = ResponsesTo(GbcsMessageCode.UpdateCredentialsSupplierBySupplier);

            CredentialResult result = Run(bench, handler, ReplaceSupplier(OtherCa.Value));

            Assert.IsFalse(result.DeviceAccepted);
            Assert.AreEqual(DuisResponseCodes.NoResponse, result.ResponseCode, result.Message);
            StringAssert.Contains(result.Message, "still holds the old credentials; nothing changed");
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Ppmid)).Count);
            CollectionAssert.AreEqual(TestSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value));
            bench.DropToHost = null;
            Assert.AreEqual(FirmwareVersionReadStatus.Read, Run(bench, handler, SupplierSignedProbe()).Reply?.Status, "the old key still works");
        }
    }

    [TestMethod]
    public void ReplaceAcb_8_5_ResponseLost_ReadBackAnsweredUnderTheNewAcbKey_HostTakesItUp()
    {
        var (bench, handler) = Start(69);
        using (bench)
        {
            bench.DropToHost = ResponsesTo(GbcsMessageCode.UpdateCredentialsAcbByAcb);

            CredentialResult result = Run(bench, handler, ReplaceAcb());

            Assert.IsTrue(result.DeviceAccepted, result.Message);
            StringAssert.Contains(result.Message, "read back with CS02a");
            Assert.AreEqual(("ACB", "KA"), bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Select(c => (c.Holder, c.Usage)).Single());
            bench.DropToHost = null;
            Assert.IsTrue(ReadsFirmware(bench), "CS08 MAC'd with the ACB key the device now holds is answered");
        }
    }

    [TestMethod]
    public void ReplaceAcb_DeviceRefusesAndItsAnswerIsLost_ReadBackUnderTheNewKeyUnanswered_UnderTheOldShowsNothingChanged()
    {
        // The host holds the refused ACB key too, so its first read-back goes out MAC'd with it and the device refuses it.
        var (bench, handler) = Start(71, alsoOtherCasKeys: true);
        using (bench)
        {
            bench.DropToHost = ResponsesTo(GbcsMessageCode.UpdateCredentialsAcbByAcb);

            CredentialResult result = Run(bench, handler, ReplaceAcb(OtherCa.Value));

            Assert.IsFalse(result.DeviceAccepted);
            StringAssert.Contains(result.Message, "still holds the old credentials; nothing changed");
            StringAssert.Contains(bench.Bench.Ppmid.As<PpmidRole>().LastRefusal, "MAC does not verify", "the read-back MAC'd with the new key was refused");
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Ppmid)).Count);
            bench.DropToHost = null;
            Assert.IsTrue(ReadsFirmware(bench), "the host still MACs with the ACB key the device holds");
        }
    }

    [TestMethod]
    public void UpdateDeviceKaCertificate_6_15_2_ResponseLost_ReadBackUnderTheDevicesNewKey_Cs08StillRead()
    {
        var (bench, handler) = Start(70);
        using (bench)
        {
            CredentialResult issued = Run(bench, handler, new CredentialRequest("r", ServiceReferenceVariants.IssueSecurityCredentials, Ppmid, CredentialUseCase.IssueDeviceCredentials)
            {
                Usage = DeviceCertificates.KeyAgreement,
            });
            Assert.IsNotNull(issued.Issued, issued.Message);
            bench.DropToHost = ResponsesTo(GbcsMessageCode.UpdateDeviceCertificate);

            CredentialResult installed = Run(bench, handler, new CredentialRequest("r", ServiceReferenceVariants.UpdateSecurityCredentialsDevice, Ppmid, CredentialUseCase.UpdateDeviceCertificate)
            {
                DeviceCertificate = issued.Issued.Der,
            });

            Assert.IsTrue(installed.DeviceAccepted, installed.Message);
            StringAssert.Contains(installed.Message, "the device holds the new certificate");
            Assert.IsTrue(bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Any(c => c.Holder == "Device" && c.Usage == "KA" && c.Der.AsSpan().SequenceEqual(issued.Issued.Der)));
            Assert.IsTrue(ReadsFirmware(bench), "the host's Z is with the PPMID's new KA key");
        }
    }

    /// <summary>Every response with message code <paramref name="code"/> on its way to the host is lost.</summary>
    private static Func<HanFrame, bool> ResponsesTo(ushort code) => Lost(GbcsCraFlag.Response, code);

    private static CredentialRequest ReplaceAcb(Keystore? issuer = null) => new("r", ServiceReferenceVariants.ServiceOptOut, Ppmid, CredentialUseCase.ReplaceRemoteParty)
    {
        Originator = Keystore.DefaultSupplier,
        Mode = CredentialReplacementMode.AcbByAcb,
        Replacements = [new ReplacementCertificate(DeviceCertificates.KeyAgreement, (issuer ?? Keys.Value).Primary(Keystore.DefaultAccessControlBroker, CredentialUsage.KeyAgreement)!.Certificate.RawData)],
        CertificationPath = [Keys.Value.IssuingCertificate!.RawData],
    };

    private static byte[] TestAcbKey()
    {
        var key = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, HubSessionOptions.DefaultAcbSystemTitle, GbcsTestKeys.KeyAgreement, key, 0);
        return key;
    }

    /// <summary>Whether an 11.2 (CS08) with the host's keys as they are is answered.</summary>
    private static bool ReadsFirmware(EngineBench bench)
    {
        Task<ReadFirmwareVersionResult> task = bench.Handlers.ReadFirmwareVersion.HandleAsync(new ReadFirmwareVersionRequest($"r-{Guid.NewGuid():N}", Ppmid));
        Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 120_000));
        return task.Result.ResponseCode == DuisResponseCodes.Success;
    }
}

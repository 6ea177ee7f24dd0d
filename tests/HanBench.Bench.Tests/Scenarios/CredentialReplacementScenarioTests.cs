using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// The device side of CS02b/CS02d beyond a plain replacement: certificates must chain to the issuing-authority trust
/// anchors the device was provisioned with, floor sequence numbers feed the replay guard, one supplier key governs
/// commands and images, CS02d is one atomic step across a power cut, and future-dated CS02b runs at its date-time
/// with a 0x00CB alert (RTDS 6.15.1 FUTURE_DATED, CANCELLATION).
/// </summary>
public sealed partial class CredentialScenarioTests
{
    [TestMethod]
    public void Cs02b_CertificateChainingOnlyToItsOwnPath_RefusedAsBadCertificateAndNothingChanges()
    {
        var bench = Joined();
        using var rogue = TestCa.Unprovisioned();
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        // Signed by the path's CA, which is self-signed: before the device held issuing authorities this was taken.
        Send(bench, bench.Host.Session.Seal(Acb, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsAcbByAcb, 0x5000, AcbByAcb(0x5000, rogue.Issue(Acb, newAcb, X509KeyUsageFlags.KeyAgreement, 0x31UL), rogue.Certificate)));

        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, ppmid.CredentialCommands, "answered, with status bad certificate: " + ppmid.LastRefusal);
        Assert.AreEqual(CredentialStatus.BadCertificate, ppmid.CredentialManagement.Replacement.Response.Outcome.Outcomes[0].Status);
        TrustAnchorStore anchors = ppmid.CredentialManagement.Anchors;
        Assert.AreEqual(0UL, anchors.SubjectKeyIdAt(anchors.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0)), "the provisioned anchor stays");
        AssertCs08(bench, TestZ(), 0x5001, answered: true);
        AssertCs08(bench, Z(newAcb), 0x5002, answered: false);
    }

    [TestMethod]
    public void Cs02b_CertificateIssuedThroughAPathCaTheProvisionedRootSigned_Accepted()
    {
        var bench = Joined();
        using var root = TestCa.Root();
        using var issuing = TestCa.IssuedBy(root);
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Send(bench, bench.Host.Session.Seal(Acb, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsAcbByAcb, 0x5000, AcbByAcb(0x5000, issuing.Issue(Acb, newAcb, X509KeyUsageFlags.KeyAgreement, 0x32UL), issuing.Certificate)));

        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(CredentialStatus.Success, ppmid.CredentialManagement.Replacement.Response.Outcome.Outcomes[0].Status, ppmid.LastRefusal);
        AssertCs08(bench, Z(newAcb), 0x5001, answered: true);
    }

    [TestMethod]
    public void Cs02b_FloorSequenceNumber_NewPartysCommandsAtOrBelowItRefused_AlsoAfterRestart()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] command = AcbByAcb(0x5000, ca.Issue(Acb, newAcb, X509KeyUsageFlags.KeyAgreement, 0x33UL), ca.Certificate, floor: 0x9000);
        Send(bench, bench.Host.Session.Seal(Acb, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsAcbByAcb, 0x5000, command));
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, ppmid.CredentialCommands, ppmid.LastRefusal);
        byte[] newZ = Z(newAcb);

        AssertCs08Refused(bench, newZ, 0x5001, "not above the floor sequence number 36864");
        AssertCs08Refused(bench, newZ, 0x9000, "not above the floor sequence number 36864");
        AssertCs08(bench, newZ, 0x9001, answered: true);

        bench.Ppmid.PowerCycle(500);
        bench.RunFor(1_000);
        AssertCs08Refused(bench, newZ, 0x8FFF, "not above the floor");
        AssertCs08(bench, newZ, 0x9002, answered: true);
    }

    [TestMethod]
    public void Cs02bSupplierBySupplier_ImageSignatures_OldSupplierRefused_NewAccepted_AlsoAfterRestart()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] hash = SHA256.HashData("a Manufacturer Image"u8);
        var oldKey = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, Supplier, GbcsTestKeys.DigitalSigning, oldKey, 0);
        var byOld = new byte[64];
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Signer().SignDigest(oldKey, 0, hash, 0, byOld, 0));
        byte[] byNew = newSupplier.SignHash(hash);
        Assert.IsTrue(bench.Ppmid.As<PpmidRole>().GbcsSecurity.Verify(hash, 0, byOld, 0), "the provisioned supplier signs images before");
        Assert.IsFalse(bench.Ppmid.As<PpmidRole>().GbcsSecurity.Verify(hash, 0, byNew, 0));

        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000,
            SupplierBySupplier(0x6000, ca.Issue(Supplier, newSupplier, X509KeyUsageFlags.DigitalSignature, 0x34UL), ca.Certificate), supplierSigned: true));
        Assert.AreEqual(1, bench.Ppmid.As<PpmidRole>().CredentialCommands, bench.Ppmid.As<PpmidRole>().LastRefusal);

        foreach (bool restarted in new[] { false, true })
        {
            if (restarted)
            {
                bench.Ppmid.PowerCycle(500);
                bench.RunFor(1_000);
            }

            GbcsDeviceSecurity security = bench.Ppmid.As<PpmidRole>().GbcsSecurity;
            Assert.IsFalse(security.Verify(hash, 0, byOld, 0), "an image signed by the replaced supplier is refused");
            Assert.IsTrue(security.Verify(hash, 0, byNew, 0), "an image signed by the new supplier is accepted");
        }
    }

    [TestMethod]
    public void Cs02d_CertificateNotIssuedUnderTheProvisionedCa_Code1_KeyStaysPending()
    {
        var bench = Joined();
        var ppmid = bench.Ppmid.As<PpmidRole>();
        byte[] devicePublic = IssuePendingKey(bench, DeviceKeyPairs.KeyAgreement, 0x8000);
        using var rogue = TestCa.Unprovisioned();

        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateDeviceCertificate, 0x8001, rogue.IssueDevice(StandardBench.PpmidEui, devicePublic, X509KeyUsageFlags.KeyAgreement), supplierSigned: true));

        Assert.AreEqual(2, ppmid.CredentialCommands, "answered with code 1: " + ppmid.LastRefusal);
        Assert.IsTrue(ppmid.CredentialManagement.DeviceKeys.TryGetPending(DeviceKeyPairs.KeyAgreement, new byte[32]), "still pending: nothing changed");
        Assert.AreEqual(0, ppmid.CredentialManagement.DeviceKeys.ReadCertificate(DeviceKeyPairs.KeyAgreement, new byte[640]), "no certificate taken");
        AssertCs08(bench, TestZ(), 0x8002, answered: true);
    }

    [TestMethod]
    public void Cs02c_ResponseCannotBeSigned_RefusedAndTheEarlierPendingKeyKept()
    {
        var bench = Joined();
        byte[] earlier = IssuePendingKey(bench, DeviceKeyPairs.KeyAgreement, 0x8000);
        var ppmid = bench.Ppmid.As<PpmidRole>();

        // A DS key that cannot sign (zero is not a P-256 scalar): the second CS02c cannot be answered.
        Array.Clear(ppmid.GbcsSecurity.Provisioned!.SigningPrivateKey);
        var usage = new KeyUsageCommand { KeyUsage = GbcsKeyUsage.KeyAgreement };
        AssertRefused(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.IssueCredentials, 0x8001, Encode(KeyUsageCommand.EncodedLength, usage.WriteTo), supplierSigned: true),
            "not signed");

        var pending = new byte[32];
        Assert.IsTrue(ppmid.CredentialManagement.DeviceKeys.TryGetPending(DeviceKeyPairs.KeyAgreement, pending));
        var pendingPublic = new byte[65];
        Assert.AreEqual(P256Status.Ok, new EcdhP256().DerivePublicKey(pending, 0, pendingPublic, 0, false));
        CollectionAssert.AreEqual(earlier, pendingPublic, "the key pair the supplier was told about stays pending");
    }

    [TestMethod]
    public void Cs02d_PowerCutAtEachWrite_KeyInUseAndCertificateAlwaysAgree()
    {
        bool sawOld = false;
        bool sawNew = false;
        for (int writes = 0; writes <= 3; writes++)
        {
            var bench = Joined();
            byte[] devicePublic = IssuePendingKey(bench, DeviceKeyPairs.KeyAgreement, 0x8000);
            using var ca = new TestCa();
            byte[] certificate = ca.IssueDevice(StandardBench.PpmidEui, devicePublic, X509KeyUsageFlags.KeyAgreement);
            byte[] command = bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateDeviceCertificate, 0x8001, certificate, supplierSigned: true);

            bench.Ppmid.Settings.WritesBeforePowerCut = writes;
            Send(bench, command);
            bench.Ppmid.PowerCycle(500);
            bench.Ppmid.Settings.WritesBeforePowerCut = -1;
            bench.RunFor(1_000);

            DeviceKeyPairs keys = bench.Ppmid.As<PpmidRole>().CredentialManagement.DeviceKeys;
            var active = new byte[32];
            var held = new byte[640];
            int length = keys.ReadCertificate(DeviceKeyPairs.KeyAgreement, held);
            if (keys.TryGetActive(DeviceKeyPairs.KeyAgreement, active))
            {
                sawNew = true;
                Assert.IsTrue(length > 0, $"cut after {writes} writes: the new key is in use without its certificate");
                var activePublic = new byte[65];
                Assert.AreEqual(P256Status.Ok, new EcdhP256().DerivePublicKey(active, 0, activePublic, 0, false));
                using var read = X509CertificateLoader.LoadCertificate(held.AsSpan(0, length));
                CollectionAssert.AreEqual(activePublic, read.PublicKey.EncodedKeyValue.RawData, $"cut after {writes} writes: the certificate is not the key in use's");
                AssertCs08(bench, AcbZ(activePublic), 0x8100, answered: true);
            }
            else
            {
                sawOld = true;
                Assert.AreEqual(0, length, $"cut after {writes} writes: a certificate is held for a key not in use");
                AssertCs08(bench, TestZ(), 0x8100, answered: true);
            }
        }

        Assert.IsTrue(sawOld && sawNew, "the cuts fall both before and after the commit");
    }

    [TestMethod]
    public void Cs02bFutureDated_AcceptedNow_CarriedOutAtItsTimeAfterARestart_With8F66()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        GbcsTimestamp at = DeviceTime(bench, 3_600_000);
        byte[] content = SupplierBySupplier(0x6000, ca.Issue(Supplier, newSupplier, X509KeyUsageFlags.DigitalSignature, 0x35UL), ca.Certificate, at);

        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000, content, supplierSigned: true));
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, ppmid.CredentialCommands, ppmid.LastRefusal);
        Assert.IsFalse(ppmid.CredentialManagement.Replacement.Response.HasOutcome, "command accepted, the outcome comes later");
        Assert.IsTrue(ppmid.CredentialManagement.Replacement.HasPending);
        Assert.AreEqual(0UL, SupplierKeyId(bench), "nothing replaced before its time");

        bench.Ppmid.PowerCycle(500);
        bench.RunFor(1_000);
        Assert.AreEqual(0UL, SupplierKeyId(bench));
        bench.RunFor(3_600_000);

        Assert.AreEqual(0x35UL, SupplierKeyId(bench), bench.Ppmid.As<PpmidRole>().LastRefusal);
        Assert.IsFalse(bench.Ppmid.As<PpmidRole>().CredentialManagement.Replacement.HasPending);
        UpdateCredentialsAlert alert = bench.Ppmid.As<PpmidRole>().CredentialManagement.Replacement.Alert;
        Assert.AreEqual(GbcsAlertCode.FutureDatedCommandActioned, alert.AlertCode);
        Assert.AreEqual(at, alert.ExecutionDateTime);
        Assert.IsTrue(bench.Ppmid.Log.Contains("0x00CB sent to " + Supplier.ToString("X16")), "the alert went to the supplier");
        Assert.IsTrue(bench.Host.Gbcs.Any(g => g.Header.Originator == StandardBench.PpmidEui && g.Header.MessageCode == GbcsMessageCode.FutureDatedUpdateCredentialsAlert && g.Header.Cra == GbcsCraFlag.Alert),
            "the host took the signed 0x00CB alert: " + bench.Host.Session.Gbcs.LastUnauthenticated);
        Assert.AreEqual(0L, bench.Host.Session.Gbcs.Unauthenticated, bench.Host.Session.Gbcs.LastUnauthenticated);
    }

    [TestMethod]
    public void Cs02bFutureDated_ThenImmediateRefusedByTheStore_ThePendingOneRunsAtItsTime()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa pendingSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa refusedSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000,
            SupplierBySupplier(0x6000, ca.Issue(Supplier, pendingSupplier, X509KeyUsageFlags.DigitalSignature, 0x38UL), ca.Certificate, DeviceTime(bench, 60_000)), supplierSigned: true));

        // The immediate one is refused when its trust anchor write fails: it must not take the pending one's place.
        bench.Ppmid.Settings.WritesBeforePowerCut = 0;
        AssertRefused(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6001,
            SupplierBySupplier(0x6001, ca.Issue(Supplier, refusedSupplier, X509KeyUsageFlags.DigitalSignature, 0x39UL), ca.Certificate), supplierSigned: true), "could not be stored");
        bench.Ppmid.Settings.WritesBeforePowerCut = -1;
        Assert.AreEqual(0UL, SupplierKeyId(bench), "nothing replaced by the refused command");

        bench.RunFor(120_000);
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(0x38UL, SupplierKeyId(bench), "the pending replacement ran, not the refused one: " + ppmid.LastRefusal);
        Assert.AreEqual(0x6000UL, ppmid.CredentialManagement.Replacement.Alert.Outcome.SeqNumber, "the 0x00CB alert reports the pending command");
    }

    [TestMethod]
    public void Cs02bFutureDated_DeleteRefusedWhenRun_RetriedSoARestartDoesNotRunItAgain()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000,
            SupplierBySupplier(0x6000, ca.Issue(Supplier, newSupplier, X509KeyUsageFlags.DigitalSignature, 0x3AUL), ca.Certificate, DeviceTime(bench, 60_000)), supplierSigned: true));

        bench.Ppmid.Settings.DeletesRefused = true;
        bench.RunFor(120_000);
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(0x3AUL, SupplierKeyId(bench), ppmid.LastRefusal);
        Assert.IsFalse(ppmid.CredentialManagement.Replacement.HasPending, "done in memory although its record stays");
        Assert.IsTrue(bench.Ppmid.Log.Contains("could not be deleted"), "the failed delete is logged");
        int alerts = Alerts(bench);
        Assert.AreEqual(1, alerts, "the 0x00CB alert of the run");

        bench.Ppmid.Settings.DeletesRefused = false;
        bench.RunFor(5_000);
        Assert.IsFalse(bench.Ppmid.Settings.Contains(RemotePartyReplacement.PendingKey), "the delete was retried");
        bench.Ppmid.PowerCycle(500);
        bench.RunFor(5_000);
        Assert.AreEqual(alerts, Alerts(bench), "not run a second time after the restart");
        Assert.IsFalse(bench.Ppmid.As<PpmidRole>().CredentialManagement.Replacement.HasPending);
    }

    [TestMethod]
    public void Cs02bFutureDated_Cancelled_NothingChangesAtItsTime()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] certificate = ca.Issue(Supplier, newSupplier, X509KeyUsageFlags.DigitalSignature, 0x36UL);
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000,
            SupplierBySupplier(0x6000, certificate, ca.Certificate, DeviceTime(bench, 60_000)), supplierSigned: true));
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6001,
            SupplierBySupplier(0x6001, certificate, ca.Certificate, ActivateFirmwareCommand.CancellationDateTime), supplierSigned: true));

        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(2, ppmid.CredentialCommands, ppmid.LastRefusal);
        Assert.IsFalse(ppmid.CredentialManagement.Replacement.HasPending);
        bench.RunFor(120_000);
        Assert.AreEqual(0UL, SupplierKeyId(bench));
    }

    [TestMethod]
    public void Cs02bFutureDated_DateNotInTheFuture_RefusedNamingItAndNothingChanges()
    {
        var bench = Joined();
        bench.RunFor(10_000);
        using var ca = new TestCa();
        using ECDsa newSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] content = SupplierBySupplier(0x6000, ca.Issue(Supplier, newSupplier, X509KeyUsageFlags.DigitalSignature, 0x37UL), ca.Certificate, DeviceTime(bench, -5_000));

        AssertRefused(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000, content, supplierSigned: true), "is not after the device's clock");
        Assert.IsFalse(bench.Ppmid.As<PpmidRole>().CredentialManagement.Replacement.HasPending);
        Assert.AreEqual(0UL, SupplierKeyId(bench));
    }

    [TestMethod]
    public void Cs02bSupplierBySupplier_RtdsSized_TravelsAsBlocksHostToHubToDevice_AndIsAnswered()
    {
        // The standard bench's own radio model: ZigBee hops carry an 82-octet APS payload, GBCS crosses them fragmented.
        var bench = new StandardBench(Seed);
        bench.JoinAll();
        using var ca = new TestCa();
        byte[] message = RtdsSizedCs02b(bench, ca);

        bench.Host.SendGbcs(StandardBench.PpmidEui, message);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Gbcs.Any(g => g.Header.Originator == StandardBench.PpmidEui && g.Header.MessageCode == GbcsMessageCode.UpdateCredentialsSupplierBySupplier), 60_000),
            "the device's answer reached the host: " + bench.Ppmid.As<PpmidRole>().LastRefusal);
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, ppmid.CredentialCommands, ppmid.LastRefusal);
        Assert.AreEqual(0x38UL, SupplierKeyId(bench), "the supplier DS anchor replaced");
        UpdateCredentialsOutcome outcome = ppmid.CredentialManagement.Replacement.Response.Outcome;
        Assert.AreEqual(3, outcome.OutcomeCount);
        Assert.AreEqual(CredentialStatus.NoTrustAnchor, outcome.Outcomes[1].Status, "the bench provisions no supplier KA anchor to replace");
        Assert.AreEqual((1, 0), (bench.Host.Session.Blocks.Delivered, bench.Host.Session.Blocks.Retransmissions), "the device acknowledged the whole message at once");
    }

    // An RTDS-sized 6.15.1 CS02b (RTDS IMMEDIATE_SUCCESS: certificates of 432, 405 and 406 octets — supplier DS, KA, KA
    // top-up — and a 420-octet certification path certificate), signed and MAC'd for the PPMID at counter 0x6000.
    private static byte[] RtdsSizedCs02b(StandardBench bench, TestCa ca)
    {
        using ECDsa ds = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa ka = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var command = new UpdateCredentialsCommand
        {
            Mode = ReplacementMode.SupplierBySupplier, HasCpvChecks = true, CpvChecks = 1, SeqNumber = 0x6000, HasAuthorising = true, HasFloor = true, FloorSeqNumber = 0,
        };
        command.Authorising.Role = RemotePartyRole.Supplier;
        command.Authorising.KeyUsage = GbcsKeyUsage.DigitalSignature;
        command.HasSpecialistFloors = true;
        command.SpecialistFloors.Count = 1;
        byte[][] certificates =
        [
            Sized(432, padding => ca.Issue(Supplier, ds, X509KeyUsageFlags.DigitalSignature, 0x38UL, padding)),
            Sized(405, padding => ca.Issue(Supplier, ka, X509KeyUsageFlags.KeyAgreement, 0x39UL, padding)),
            Sized(406, padding => ca.Issue(Supplier, ka, X509KeyUsageFlags.KeyAgreement, 0x3AUL, padding)),
        ];
        (byte Usage, byte Cell)[] cells = [(GbcsKeyUsage.DigitalSignature, 0), (GbcsKeyUsage.KeyAgreement, 0), (GbcsKeyUsage.KeyAgreement, TrustAnchorCell.PrepaymentTopUp)];
        for (int i = 0; i < certificates.Length; i++)
        {
            TrustAnchorReplacement replacement = command.Replacements[command.ReplacementCount++];
            replacement.Certificate.Set(certificates[i], 0, certificates[i].Length);
            replacement.Target.Role = RemotePartyRole.Supplier;
            replacement.Target.KeyUsage = cells[i].Usage;
            replacement.Target.CellUsage = cells[i].Cell;
        }

        byte[] path = Sized(420, padding => ca.Issue(Supplier, ds, X509KeyUsageFlags.DigitalSignature, 0x3BUL, padding));
        command.Path[command.PathCount++].Set(path, 0, path.Length);
        byte[] message = bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000, Encode(command.EncodedLength, command.WriteTo), supplierSigned: true);
        Console.WriteLine($"CS02b of {message.Length} octets, {GbcsBlockTransfer.BlockCount(message.Length)} blocks");
        Assert.IsTrue(message.Length >= 1_879, $"as long as the RTDS command: {message.Length}");
        return message;
    }

    // A certificate of exactly size octets: made with a padding extension, adjusted until its DER length matches.
    private static byte[] Sized(int size, Func<int, byte[]> make)
    {
        int bare = make(0).Length;
        int overhead = make(64).Length - bare - 64;
        int padding = size - bare - overhead;
        for (int attempt = 0; attempt < 40; attempt++)
        {
            byte[] certificate = make(padding);
            if (certificate.Length == size)
            {
                return certificate;
            }

            padding += Math.Sign(size - certificate.Length);
        }

        throw new AssertFailedException($"no certificate of {size} octets");
    }

    private static int Alerts(StandardBench bench) =>
        bench.Host.Gbcs.Count(g => g.Header.Originator == StandardBench.PpmidEui && g.Header.MessageCode == GbcsMessageCode.FutureDatedUpdateCredentialsAlert);

    private static ulong SupplierKeyId(StandardBench bench)
    {
        TrustAnchorStore anchors = bench.Ppmid.As<PpmidRole>().CredentialManagement.Anchors;
        return anchors.SubjectKeyIdAt(anchors.Find(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0));
    }

    // The device's clock <paramref name="fromNowMs"/> from now, as a GBCS date-time.
    private static GbcsTimestamp DeviceTime(StandardBench bench, long fromNowMs) =>
        GbcsOutbox.TimeAt(bench.Ppmid.Configuration.UtcSecondsAtClockZero, bench.Ppmid.Context.Clock.NowMs + fromNowMs);

    private static void AssertCs08Refused(StandardBench bench, byte[] z, ulong counter, string reason)
    {
        AssertCs08(bench, z, counter, answered: false, reason);
    }

    // CS02c for the key usage of index: the device's new public key, pending.
    private static byte[] IssuePendingKey(StandardBench bench, int index, ulong counter)
    {
        var usage = new KeyUsageCommand { KeyUsage = index == DeviceKeyPairs.Signing ? GbcsKeyUsage.DigitalSignature : GbcsKeyUsage.KeyAgreement };
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.IssueCredentials, counter, Encode(KeyUsageCommand.EncodedLength, usage.WriteTo), supplierSigned: true));
        var pending = new byte[32];
        Assert.IsTrue(bench.Ppmid.As<PpmidRole>().CredentialManagement.DeviceKeys.TryGetPending(index, pending), "a pending key pair");
        var devicePublic = new byte[65];
        Assert.AreEqual(P256Status.Ok, new EcdhP256().DerivePublicKey(pending, 0, devicePublic, 0, false));
        return devicePublic;
    }
}

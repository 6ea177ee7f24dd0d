using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Bench.Radio;
using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// SMKI credential management on the PPMID of the standard bench (SECMP0170 requirement 8; GBCS CS02a, CS02b 8.5 and
/// 6.15.1, CS02e): after an ACB-by-ACB replacement commands MAC'd with the old ACB key are refused and with the new one
/// accepted, also after a restart; a replacement the device refuses, or a command that is forged, unsigned, signed by
/// the wrong key or replayed, changes nothing. Certificates come from a test CA made with .NET's X.509 API in the SMKI
/// shape the device reads (x500UniqueIdentifier, 8-octet subject key identifier, critical key usage): by default the
/// issuing CA whose key the bench provisions as a trust anchor (HanBench's test keys), or a throw-away one that chains
/// to nothing the device holds.
/// </summary>
[TestClass]
public sealed partial class CredentialScenarioTests
{
    private const ulong Seed = 0x5EC0_C502UL;
    private const ulong Acb = RoleSettings.DefaultAcbSystemTitle;
    private const ulong Supplier = RoleSettings.DefaultSupplierSystemTitle;

    [TestMethod]
    public void Cs02bAcbByAcb_NewKeyAccepted_OldRefused_AlsoAfterRestart()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] certificate = ca.Issue(Acb, newAcb, X509KeyUsageFlags.KeyAgreement, 0x1111222233334444UL);
        byte[] oldZ = TestZ();
        byte[] newZ = Z(newAcb);

        Send(bench, bench.Host.Session.Seal(Acb, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsAcbByAcb, 0x5000, AcbByAcb(0x5000, certificate, ca.Certificate)));
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, ppmid.CredentialCommands, ppmid.LastRefusal);
        TrustAnchorStore anchors = ppmid.CredentialManagement.Anchors;
        int cell = anchors.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0);
        Assert.AreEqual(0x1111222233334444UL, anchors.SubjectKeyIdAt(cell));

        AssertCs08(bench, oldZ, 0x5001, answered: false);
        AssertCs08(bench, newZ, 0x5002, answered: true);

        bench.Ppmid.PowerCycle(500);
        bench.RunFor(1_000);
        AssertCs08(bench, oldZ, 0x5003, answered: false);
        AssertCs08(bench, newZ, 0x5004, answered: true);
    }

    [TestMethod]
    public void Cs02bAcbByAcb_CertificateNotIssuedByThePath_RefusedAndNothingChanges()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using var otherCa = TestCa.Unprovisioned();
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] certificate = otherCa.Issue(Acb, newAcb, X509KeyUsageFlags.KeyAgreement, 0x55UL);

        Send(bench, bench.Host.Session.Seal(Acb, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsAcbByAcb, 0x5000, AcbByAcb(0x5000, certificate, ca.Certificate)));
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, ppmid.CredentialCommands, "answered, with status bad certificate: " + ppmid.LastRefusal);
        TrustAnchorStore anchors = ppmid.CredentialManagement.Anchors;
        Assert.AreEqual(0UL, anchors.SubjectKeyIdAt(anchors.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0)), "the provisioned anchor stays");
        AssertCs08(bench, TestZ(), 0x5001, answered: true);
        AssertCs08(bench, Z(newAcb), 0x5002, answered: false);

        bench.Ppmid.PowerCycle(500);
        bench.RunFor(1_000);
        AssertCs08(bench, TestZ(), 0x5003, answered: true);
    }

    [TestMethod]
    public void Cs02bAcbByAcb_WrongKeyUsageCertificate_RefusedAndNothingChanges()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] certificate = ca.Issue(Acb, newAcb, X509KeyUsageFlags.DigitalSignature, 0x66UL);

        Send(bench, bench.Host.Session.Seal(Acb, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsAcbByAcb, 0x5000, AcbByAcb(0x5000, certificate, ca.Certificate)));
        Assert.AreEqual(1, bench.Ppmid.As<PpmidRole>().CredentialCommands, "answered, with status bad certificate");
        AssertCs08(bench, TestZ(), 0x5001, answered: true);
        AssertCs08(bench, Z(newAcb), 0x5002, answered: false);
    }

    [TestMethod]
    public void Cs02b_FlippedMac_RefusedBeforeAnythingAndTheCounterDoesNotMove()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newAcb = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] command = bench.Host.Session.Seal(Acb, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsAcbByAcb, 0x5000,
            AcbByAcb(0x5000, ca.Issue(Acb, newAcb, X509KeyUsageFlags.KeyAgreement, 0x77UL), ca.Certificate));
        command[^1] ^= 0x01;

        AssertRefused(bench, command, "MAC does not verify");
        AssertCs08(bench, TestZ(), 0x5001, answered: true);
    }

    [TestMethod]
    public void Cs02c_SignedByTheTransitionalCoSParty_RefusedAndNoKeyPending()
    {
        var bench = Joined();
        const ulong cos = RoleSettings.DefaultTransitionalCoSSystemTitle;
        var cosKey = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, cos, GbcsTestKeys.DigitalSigning, cosKey, 0);
        var usage = new KeyUsageCommand { KeyUsage = GbcsKeyUsage.KeyAgreement };

        // The CoS party holds a DS trust anchor, but only the supplier may ask the device for a new key pair.
        byte[] command = bench.Host.Session.Gbcs.Seal(cos, StandardBench.PpmidEui, GbcsMessageCode.IssueCredentials, 0x8000,
            Encode(KeyUsageCommand.EncodedLength, usage.WriteTo), supplierSigned: true, signingKey: cosKey);
        AssertRefused(bench, command, "not the supplier");
        Assert.IsFalse(bench.Ppmid.As<PpmidRole>().CredentialManagement.DeviceKeys.TryGetPending(DeviceKeyPairs.KeyAgreement, new byte[32]), "no key pair made");
    }

    [TestMethod]
    public void Cs02bSupplierBySupplier_Unsigned_OrSignedByAnotherKey_Refused()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] content = SupplierBySupplier(0x6000, ca.Issue(Supplier, newSupplier, X509KeyUsageFlags.DigitalSignature, 0x88UL), ca.Certificate);

        byte[] unsigned = bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000, content);
        AssertRefused(bench, unsigned, "signature missing");

        byte[] signed = bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000, content, supplierSigned: true);
        AssertRefused(bench, Resigned(signed, GbcsTestKeys.DefaultSeed ^ 1), "signature does not verify");
    }

    [TestMethod]
    public void Cs02bSupplierBySupplier_Authentic_ReplacesTheSupplierDsAnchor_AndTheOldKeyIsRefused()
    {
        var bench = Joined();
        using var ca = new TestCa();
        using ECDsa newSupplier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] content = SupplierBySupplier(0x6000, ca.Issue(Supplier, newSupplier, X509KeyUsageFlags.DigitalSignature, 0x99UL), ca.Certificate);
        byte[] command = bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6000, content, supplierSigned: true);

        Send(bench, command);
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(1, ppmid.CredentialCommands, ppmid.LastRefusal);
        TrustAnchorStore anchors = ppmid.CredentialManagement.Anchors;
        Assert.AreEqual(0x99UL, anchors.SubjectKeyIdAt(anchors.Find(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0)));
        Assert.AreEqual(7UL, anchors.SeqNumber(RemotePartyRole.Supplier), "the new floor");

        // The old supplier key no longer signs for the supplier: the same command again, or its next one, is refused.
        AssertRefused(bench, command, "signature does not verify");
        byte[] next = bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateCredentialsSupplierBySupplier, 0x6001, SupplierBySupplier(0x6001, ca.Issue(Supplier, newSupplier, X509KeyUsageFlags.DigitalSignature, 0x9AUL), ca.Certificate), supplierSigned: true);
        AssertRefused(bench, next, "signature does not verify");
    }

    [TestMethod]
    public void Cs02aAndCs02e_Answered_AndAReplayedCs02aRefused()
    {
        var bench = Joined();
        var detailsCommand = new CredentialsDetailsCommand();
        detailsCommand.Authorising.Role = RemotePartyRole.AccessControlBroker;
        detailsCommand.Authorising.KeyUsage = GbcsKeyUsage.KeyAgreement;
        detailsCommand.Roles[0] = RemotePartyRole.AccessControlBroker;
        detailsCommand.Roles[1] = RemotePartyRole.NetworkOperator;
        detailsCommand.RoleCount = 2;
        byte[] details = bench.Host.Session.Seal(Acb, StandardBench.PpmidEui, GbcsMessageCode.ProvideCredentialsDetails, 0x7000, Encode(detailsCommand.EncodedLength, detailsCommand.WriteTo));
        Send(bench, details);
        AssertRefused(bench, details, "replayed");

        var usage = new KeyUsageCommand { KeyUsage = GbcsKeyUsage.DigitalSignature };
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.ProvideDeviceCertificate, 0x7001, Encode(KeyUsageCommand.EncodedLength, usage.WriteTo), supplierSigned: true));
        var ppmid = bench.Ppmid.As<PpmidRole>();
        Assert.AreEqual(2, ppmid.CredentialCommands, ppmid.LastRefusal);
    }

    [TestMethod]
    public void Cs02cThenCs02d_KeyAgreement_NewDeviceKeyInUse_OldRefused_AlsoAfterRestart()
    {
        var bench = Joined();
        var ppmid = bench.Ppmid.As<PpmidRole>();
        var usage = new KeyUsageCommand { KeyUsage = GbcsKeyUsage.KeyAgreement };
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.IssueCredentials, 0x8000, Encode(KeyUsageCommand.EncodedLength, usage.WriteTo), supplierSigned: true));
        Assert.AreEqual(1, ppmid.CredentialCommands, ppmid.LastRefusal);
        var pending = new byte[32];
        Assert.IsTrue(ppmid.CredentialManagement.DeviceKeys.TryGetPending(DeviceKeyPairs.KeyAgreement, pending), "a pending KA key pair");
        var devicePublic = new byte[65];
        Assert.AreEqual(P256Status.Ok, new EcdhP256().DerivePublicKey(pending, 0, devicePublic, 0, false));
        AssertCs08(bench, TestZ(), 0x8001, answered: true);

        using var ca = new TestCa();
        byte[] wrongDevice = ca.IssueDevice(StandardBench.B1Eui, devicePublic, X509KeyUsageFlags.KeyAgreement);
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateDeviceCertificate, 0x8002, wrongDevice, supplierSigned: true));
        Assert.AreEqual(2, ppmid.CredentialCommands, "answered with code 2, wrong device identity");
        Assert.IsTrue(ppmid.CredentialManagement.DeviceKeys.TryGetPending(DeviceKeyPairs.KeyAgreement, pending), "still pending: nothing changed");
        AssertCs08(bench, TestZ(), 0x8003, answered: true);

        byte[] certificate = ca.IssueDevice(StandardBench.PpmidEui, devicePublic, X509KeyUsageFlags.KeyAgreement);
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateDeviceCertificate, 0x8004, certificate, supplierSigned: true));
        Assert.AreEqual(3, ppmid.CredentialCommands, ppmid.LastRefusal);
        Assert.IsFalse(ppmid.CredentialManagement.DeviceKeys.TryGetPending(DeviceKeyPairs.KeyAgreement, pending), "in use now");

        byte[] newZ = AcbZ(devicePublic);
        AssertCs08(bench, TestZ(), 0x8005, answered: false);
        AssertCs08(bench, newZ, 0x8006, answered: true);
        bench.Ppmid.PowerCycle(500);
        bench.RunFor(1_000);
        AssertCs08(bench, TestZ(), 0x8007, answered: false);
        AssertCs08(bench, newZ, 0x8008, answered: true);
    }

    [TestMethod]
    public void Cs02cThenCs02d_DigitalSigning_AnsweredWithTheKeyTheHostKnows_ThenTheNewKeyInUse()
    {
        var bench = Joined();
        var ppmid = bench.Ppmid.As<PpmidRole>();
        var usage = new KeyUsageCommand { KeyUsage = GbcsKeyUsage.DigitalSignature };
        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.IssueCredentials, 0x8000, Encode(KeyUsageCommand.EncodedLength, usage.WriteTo), supplierSigned: true));
        var pending = new byte[32];
        Assert.IsTrue(ppmid.CredentialManagement.DeviceKeys.TryGetPending(DeviceKeyPairs.Signing, pending), "a pending DS key pair");
        var devicePublic = new byte[65];
        Assert.AreEqual(P256Status.Ok, new EcdhP256().DerivePublicKey(pending, 0, devicePublic, 0, false));
        using var ca = new TestCa();
        byte[] certificate = ca.IssueDevice(StandardBench.PpmidEui, devicePublic, X509KeyUsageFlags.DigitalSignature);
        long refused = bench.Host.Session.Gbcs.Unauthenticated;

        Send(bench, bench.Host.Session.Seal(Supplier, StandardBench.PpmidEui, GbcsMessageCode.UpdateDeviceCertificate, 0x8001, certificate, supplierSigned: true));

        Assert.AreEqual(2, ppmid.CredentialCommands, ppmid.LastRefusal);
        Assert.AreEqual(refused, bench.Host.Session.Gbcs.Unauthenticated, $"the host verified the CS02d answer with the DS key it knows: {bench.Host.Session.Gbcs.LastUnauthenticated}");
        var active = new byte[32];
        Assert.IsTrue(ppmid.CredentialManagement.DeviceKeys.TryGetActive(DeviceKeyPairs.Signing, active));
        CollectionAssert.AreEqual(pending, active, "the new DS key is in use once its answer is sent");
    }

    private static void Send(StandardBench bench, byte[] message)
    {
        bench.Host.SendGbcs(StandardBench.PpmidEui, message);
        bench.RunFor(5_000);
    }

    private static void AssertRefused(StandardBench bench, byte[] message, string reason)
    {
        var ppmid = bench.Ppmid.As<PpmidRole>();
        long refused = ppmid.CommandsRefused;
        long done = ppmid.CredentialCommands;
        Send(bench, message);
        Assert.AreEqual(refused + 1, ppmid.CommandsRefused);
        StringAssert.Contains(ppmid.LastRefusal, reason);
        Assert.AreEqual(done, ppmid.CredentialCommands, "nothing carried out");
    }

    // A CS08 MAC'd with Z: answered or refused for reason (by default "MAC does not verify").
    private static void AssertCs08(StandardBench bench, byte[] z, ulong counter, bool answered, string reason = "MAC does not verify")
    {
        var ppmid = bench.Ppmid.As<PpmidRole>();
        long reads = ppmid.FirmwareVersionReads;
        Send(bench, Macd(Cs08Block(counter), z));
        Assert.AreEqual(answered ? reads + 1 : reads, ppmid.FirmwareVersionReads, ppmid.LastRefusal);
        if (!answered)
        {
            StringAssert.Contains(ppmid.LastRefusal, reason);
        }
    }

    private static byte[] AcbByAcb(ulong counter, byte[] certificate, byte[] issuer, ulong floor = 0)
    {
        var command = new UpdateCredentialsCommand { Mode = ReplacementMode.AcbByAcb, SeqNumber = counter, HasFloor = true, FloorSeqNumber = floor };
        TrustAnchorReplacement replacement = command.Replacements[command.ReplacementCount++];
        replacement.Certificate.Set(certificate, 0, certificate.Length);
        replacement.Target.Role = RemotePartyRole.AccessControlBroker;
        replacement.Target.KeyUsage = GbcsKeyUsage.KeyAgreement;
        command.Path[command.PathCount++].Set(issuer, 0, issuer.Length);
        return Encode(command.EncodedLength, command.WriteTo);
    }

    private static byte[] SupplierBySupplier(ulong counter, byte[] certificate, byte[] issuer, GbcsTimestamp? executeAt = null)
    {
        var command = new UpdateCredentialsCommand { Mode = ReplacementMode.SupplierBySupplier, SeqNumber = counter, HasAuthorising = true, HasFloor = true, FloorSeqNumber = 7 };
        command.HasExecutionDateTime = executeAt.HasValue;
        command.ExecutionDateTime = executeAt.GetValueOrDefault();
        command.Authorising.Role = RemotePartyRole.Supplier;
        command.Authorising.KeyUsage = GbcsKeyUsage.DigitalSignature;
        TrustAnchorReplacement replacement = command.Replacements[command.ReplacementCount++];
        replacement.Certificate.Set(certificate, 0, certificate.Length);
        replacement.Target.Role = RemotePartyRole.Supplier;
        replacement.Target.KeyUsage = GbcsKeyUsage.DigitalSignature;
        command.Path[command.PathCount++].Set(issuer, 0, issuer.Length);
        return Encode(command.EncodedLength, command.WriteTo);
    }

    private delegate void Writer(ByteWriter writer);

    private static byte[] Encode(int length, Writer write)
    {
        var bytes = new byte[length];
        var writer = new ByteWriter(bytes);
        write(writer);
        Assert.AreEqual(length, writer.Written);
        return bytes;
    }

    // The MAC'd command re-signed with the test supplier DS key of another seed and MAC'd again (a valid MAC, a bad signature).
    private static byte[] Resigned(byte[] message, ulong seed)
    {
        var security = new GbcsMessageSecurity();
        Assert.AreEqual(GbcsMacStatus.Ok, security.Verify(TestZ(), 0, message, 0, message.Length));
        GbcsLayout layout = security.Envelope.Layout;
        byte[] block = message[layout.GeneralSigningOffset..(layout.GeneralSigningOffset + layout.GeneralSigningLength)];
        var key = new byte[32];
        GbcsTestKeys.DerivePrivateKey(seed, Supplier, GbcsTestKeys.DigitalSigning, key, 0);
        int shift = layout.GeneralSigningOffset;
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Signer().SignMessage(key, 0, block, layout.SignedDataOffset - shift, layout.SignedDataLength, block, layout.SignatureOffset - shift));
        return Macd(block, TestZ());
    }

    private static byte[] Cs08Block(ulong counter)
    {
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = counter,
            OriginatorSystemTitle = Acb,
            RecipientSystemTitle = StandardBench.PpmidEui,
            MessageCode = GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion,

            // The supplier the ACB acts for, its counter growing with the originator counter (RTDS 11.2_CS08).
            HasSupplementaryRemotePartyId = true,
            SupplementaryRemotePartyId = RoleSettings.DefaultSupplierSystemTitle,
            HasSupplementaryRemotePartyCounter = true,
            SupplementaryRemotePartyCounter = counter,
        };
        byte[] content = Encode(ReadFirmwareVersionCommand.EncodedLength, ReadFirmwareVersionCommand.WriteTo);
        envelope.SetContent(content, 0, content.Length);
        return Encode(envelope.EncodedLength, envelope.WriteTo);
    }

    private static byte[] Macd(byte[] block, byte[] z)
    {
        var frame = new byte[block.Length + 40];
        Assert.AreEqual(GbcsMacStatus.Ok, new GbcsMessageSecurity().Protect(z, 0, block, 0, block.Length, frame, 0, frame.Length, out int written));
        return frame[..written];
    }

    private static byte[] TestZ() => GbcsPartyKeys.ForTestKeys().SharedSecretWith(StandardBench.PpmidEui);

    // Z between a new ACB KA key and the PPMID's test KA key.
    private static byte[] Z(ECDsa acb)
    {
        byte[] d = acb.ExportParameters(includePrivateParameters: true).D!;
        byte[] device = GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, StandardBench.PpmidEui, GbcsTestKeys.KeyAgreement);
        var z = new byte[32];
        Assert.AreEqual(P256Status.Ok, new EcdhP256().ComputeSharedSecret(d, 0, device, 0, device.Length, z, 0));
        return z;
    }

    // HanBench's ZigBee model carries one 102-octet frame (no APS fragmentation or GBCS tunnelling yet), which no
    // signed CS02 command fits; these benches give the ZigBee hops a HAN frame's full size instead.
    // Z between the test ACB KA key and a device KA public key.
    private static byte[] AcbZ(byte[] devicePublic)
    {
        var acb = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, Acb, GbcsTestKeys.KeyAgreement, acb, 0);
        var z = new byte[32];
        Assert.AreEqual(P256Status.Ok, new EcdhP256().ComputeSharedSecret(acb, 0, devicePublic, 0, devicePublic.Length, z, 0));
        return z;
    }

    private static StandardBench Joined()
    {
        var bench = new StandardBench(Seed, new StandardBenchOptions { ZigBee = RadioModel.ZigBee with { MaxFrameBytes = HanFrame.MaxEncodedLength } });
        bench.JoinAll();
        return bench;
    }

    /// <summary>An issuing CA making SMKI-shaped certificates: the provisioned test issuing CA, a throw-away one, or one a CA signed.</summary>
    private sealed class TestCa : IDisposable
    {
        private readonly ECDsa _key;
        private readonly X509Certificate2 _certificate;

        /// <summary>The issuing CA whose public key every bench device holds as its issuing-authority trust anchor.</summary>
        public TestCa()
            : this(Derived(ProvisionedCredentials.TestIssuingAuthority), null)
        {
        }

        private TestCa(ECDsa key, TestCa? issuer)
        {
            _key = key;
            var request = new CertificateRequest("CN=HanBench test CA", _key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            _certificate = issuer is null
                ? request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5))
                : request.Create(issuer._certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(issuer._key), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5), [9, 9]);
            Certificate = _certificate.RawData;
        }

        /// <summary>A CA no device trusts (its self-signed certificate proves nothing).</summary>
        public static TestCa Unprovisioned() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

        /// <summary>The provisioned test root CA.</summary>
        public static TestCa Root() => new(Derived(ProvisionedCredentials.TestRootAuthority), null);

        /// <summary>A fresh CA whose certificate <paramref name="issuer"/> signs (a certification path element).</summary>
        public static TestCa IssuedBy(TestCa issuer) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), issuer);

        private static ECDsa Derived(ulong authority)
        {
            var d = new byte[32];
            GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, authority, GbcsTestKeys.DigitalSigning, d, 0);
            byte[] q = GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, authority, GbcsTestKeys.DigitalSigning);
            return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d, Q = new ECPoint { X = q[1..33], Y = q[33..65] } });
        }

        public byte[] Certificate { get; }

        public byte[] Issue(ulong entity, ECDsa subjectKey, X509KeyUsageFlags usage, ulong subjectKeyId, int padding = 0)
        {
            // Subject: x500UniqueIdentifier (2.5.4.45) = BIT STRING 00 ‖ entity id, as the SMKI organisation certificates.
            byte[] id = BitConverter.GetBytes(entity);
            Array.Reverse(id);
            byte[] subject = [0x30, 0x14, 0x31, 0x12, 0x30, 0x10, 0x06, 0x03, 0x55, 0x04, 0x2D, 0x03, 0x09, 0x00, .. id];
            var request = new CertificateRequest(new X500DistinguishedName(subject), subjectKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
            byte[] ski = BitConverter.GetBytes(subjectKeyId);
            Array.Reverse(ski);
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(ski, false));
            if (padding > 0)
            {
                // A private extension of zeros, to give a certificate the size of an RTDS one.
                request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.55555.1", new byte[padding], false));
            }

            using X509Certificate2 issued = request.Create(_certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [1, 2, 3, 4]);
            return issued.RawData;
        }

        // An SMKI Device certificate: empty subject, the EUI-64 in a critical subjectAltName hardwareModuleName.
        public byte[] IssueDevice(ulong eui64, byte[] publicKey, X509KeyUsageFlags usage)
        {
            using ECDsa key = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..65] } });
            var request = new CertificateRequest(new X500DistinguishedName([0x30, 0x00]), new PublicKey(key), HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
            byte[] eui = BitConverter.GetBytes(eui64);
            Array.Reverse(eui);
            byte[] name =
            [
                0x30, 0x29, 0xA0, 0x27, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x04, 0xA0, 0x1B, 0x30, 0x19, 0x06, 0x0D,
                0x2A, 0x86, 0x3A, 0x00, 0x01, 0x84, 0x8F, 0xB9, 0x0F, 0x01, 0x02, 0x02, 0x01, 0x04, 0x08, .. eui,
            ];
            request.CertificateExtensions.Add(new X509Extension("2.5.29.17", name, true));
            using X509Certificate2 issued = request.Create(_certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), [5, 6, 7, 8]);
            return issued.RawData;
        }

        public void Dispose()
        {
            _certificate.Dispose();
            _key.Dispose();
        }
    }
}

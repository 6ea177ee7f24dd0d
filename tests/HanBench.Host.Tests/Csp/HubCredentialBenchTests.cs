using HanBench.Bench.Topology;
using HanBench.Device.Roles.Hub;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// CS02 to the Comms Hub itself on a virtual bench (issue 8 §4: GBCS gives the CHF the same CS02a–e as a PPMID): the
/// credential handler sends it through the host's session, the hub answers over the WAN; 8.5 to the hub is signed with the
/// ACB's DS key as well as MAC'd (GBCS 13.3.3.1), and a replacement the hub refuses changes nothing on either side.
/// </summary>
[TestClass]
public sealed class HubCredentialBenchTests
{
    private static readonly Eui64 Hub = new(StandardBench.HubEui);
    private static readonly Lazy<Keystore> Keys = new(() => Keystore.Init(TestFolders.Create("hanbench-hub-cs02-keys-"), DateTimeOffset.UtcNow));

    // A keystore under the same CAs' names but other keys: its ACB certificates' private keys are not the host's.
    private static readonly Lazy<Keystore> Foreign = new(() => Keystore.Init(TestFolders.Create("hanbench-hub-cs02-foreign-"), DateTimeOffset.UtcNow));
    private int _request;

    private static (EngineBench Bench, ManageCredentialsHandler Handler) Start(ulong seed)
    {
        EngineBench bench = EngineBench.ForCredentials(seed, Keys.Value);
        return (bench, new ManageCredentialsHandler(bench.Store, bench.Runtime.Gateway, Keys.Value));
    }

    private CredentialResult Run(EngineBench bench, ManageCredentialsHandler handler, CredentialRequest request)
    {
        Task<CredentialResult> task = handler.HandleAsync(request with { RequestId = $"hub-{++_request}" });
        Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 120_000), "the request ends");
        return task.Result;
    }

    private static CredentialRequest Details() => new("r", ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp, Hub, CredentialUseCase.ProvideDetails)
    {
        RemotePartyRoles = ["Supplier", "ACB"],
    };

    private static CredentialRequest ReplaceAcb(CredentialUsage usage = CredentialUsage.KeyAgreement, Keystore? issuer = null) =>
        new("r", ServiceReferenceVariants.ServiceOptOut, Hub, CredentialUseCase.ReplaceRemoteParty)
        {
            Originator = Keystore.DefaultSupplier,
            Mode = CredentialReplacementMode.AcbByAcb,
            Replacements = [new ReplacementCertificate(usage == CredentialUsage.KeyAgreement ? DeviceCertificates.KeyAgreement : DeviceCertificates.DigitalSigning,
                (issuer ?? Keys.Value).Primary(Keystore.DefaultAccessControlBroker, usage)!.Certificate.RawData)],
            CertificationPath = [Keys.Value.IssuingCertificate!.RawData],
        };

    private static byte[] NewAcbKey() =>
        Keys.Value.PrivateKeyFor(Keystore.Sec1(Keys.Value.Primary(Keystore.DefaultAccessControlBroker, CredentialUsage.KeyAgreement)!.Certificate)!)!;

    [TestMethod]
    public void ProvideDetails_6_24_1_ToTheHub_AnsweredOverTheWan_NamesItsParties()
    {
        var (bench, handler) = Start(6241);
        using (bench)
        {
            HubCredentials hub = bench.Bench.Hub.As<CommsHubRole>().CredentialManagement;
            long before = hub.CredentialCommands;

            CredentialResult result = Run(bench, handler, Details());

            Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
            Assert.IsTrue(result.DeviceAccepted, result.Message);
            Assert.AreEqual(before + 1, hub.CredentialCommands, "the hub carried out the CS02a itself");
            StringAssert.Contains(result.Reply!.Detail, "Supplier");
            Assert.AreEqual(0, bench.Session.Gbcs.Unauthenticated, bench.Session.Gbcs.LastUnauthenticated);
        }
    }

    [TestMethod]
    public void ReplaceAcb_8_5_ToTheHub_AcbSigned_HubTakesIt_HostMacsWithTheNewKey_InventoryRecordsIt()
    {
        var (bench, handler) = Start(85);
        using (bench)
        {
            HubCredentials hub = bench.Bench.Hub.As<CommsHubRole>().CredentialManagement;
            long refused = hub.CommandsRefused;

            CredentialResult result = Run(bench, handler, ReplaceAcb());

            Assert.AreEqual(DuisResponseCodes.Success, result.ResponseCode, result.Message);
            Assert.IsTrue(result.DeviceAccepted, result.Message);
            Assert.AreEqual(refused, hub.CommandsRefused, hub.LastRefusal);
            Assert.AreEqual(("ACB", "KA"), bench.Store.Read(s => new DeviceCertificates(s).Current(Hub)).Select(c => (c.Holder, c.Usage)).Single());

            // The hub now MACs with the new ACB key, and so does the host: a CS02a (MAC'd both ways) is still answered.
            Assert.IsTrue(Run(bench, handler, Details()).DeviceAccepted, "answered under the new ACB key");
            bench.Session.Options.Keys.UseAcbKeyAgreementKey(Hub.Value, TestAcbKey());
            Assert.IsFalse(Run(bench, handler, Details()).DeviceAccepted, "and refused under the old one");
            StringAssert.Contains(hub.LastRefusal, "MAC");
            bench.Session.Options.Keys.UseAcbKeyAgreementKey(Hub.Value, NewAcbKey());
        }
    }

    [TestMethod]
    public void ReplaceAcb_8_5_ToTheHub_SignedWithAKeyTheHubDoesNotHold_HubRefuses_NothingChangesOnEitherSide()
    {
        var (bench, handler) = Start(851);
        using (bench)
        {
            GbcsPartyKeys keys = bench.Session.Options.Keys;
            var forged = new byte[32];
            GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, 0x1234, GbcsTestKeys.DigitalSigning, forged, 0);
            PartySigningKey genuine = keys.AcbSigning!;
            keys.AcbSigning = genuine with { PrivateKey = forged };
            HubCredentials hub = bench.Bench.Hub.As<CommsHubRole>().CredentialManagement;
            long refused = hub.CommandsRefused;

            CredentialResult result = Run(bench, handler, ReplaceAcb());

            Assert.IsFalse(result.DeviceAccepted, result.Message);
            StringAssert.Contains(result.Message, "nothing changed");
            Assert.IsTrue(hub.CommandsRefused > refused);
            // The CS02b itself is refused for its signature (the read-back that follows it may log other refusals).
            Assert.IsTrue(bench.Bench.Hub.Log.Contains("signature does not verify"), string.Join("\n", bench.Bench.Hub.Log.Lines()));
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Hub)).Count, "no certificate recorded");
            keys.AcbSigning = genuine;
            Assert.IsTrue(Run(bench, handler, Details()).DeviceAccepted, "the hub still answers under the ACB key it had");
        }
    }

    [TestMethod]
    public void ReplaceAcb_8_5_ToTheHub_HostHoldsNoAcbSigningKey_RefusedNamingIt_NothingSent()
    {
        var (bench, handler) = Start(852);
        using (bench)
        {
            bench.Session.Options.Keys.AcbSigning = null;
            HubCredentials hub = bench.Bench.Hub.As<CommsHubRole>().CredentialManagement;
            long carried = hub.CredentialCommands;
            long refused = hub.CommandsRefused;

            CredentialResult result = Run(bench, handler, ReplaceAcb());

            Assert.AreEqual(DuisResponseCodes.CannotCommunicate, result.ResponseCode, result.Message);
            StringAssert.Contains(result.Message, "no ACB DS private key");
            Assert.AreEqual((carried, refused), (hub.CredentialCommands, hub.CommandsRefused), "nothing reached the hub");
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Hub)).Count);
        }
    }

    [TestMethod]
    public void ReplaceAcbDs_8_5_ToTheHub_HostSignsLaterAcbCommandsWithTheNewKey_AlsoAfterARestart_OldKeyRefused()
    {
        var (bench, handler) = Start(853);
        using (bench)
        {
            HubCredentials hub = bench.Bench.Hub.As<CommsHubRole>().CredentialManagement;
            GbcsPartyKeys keys = bench.Session.Options.Keys;

            CredentialResult result = Run(bench, handler, ReplaceAcb(CredentialUsage.DigitalSigning));

            Assert.IsTrue(result.DeviceAccepted, result.Message);
            Assert.AreEqual(("ACB", "DS"), bench.Store.Read(s => new DeviceCertificates(s).Current(Hub)).Select(c => (c.Holder, c.Usage)).Single());
            CollectionAssert.AreEqual(NewAcbSigningKey(), keys.AcbSigningPrivateKeyFor(Hub.Value), "the host signs for the hub with the new ACB DS key");

            // A further 8.5 signed with the old ACB DS key: the hub refuses it (and the read-back shows nothing changed).
            long refused = hub.CommandsRefused;
            keys.UseAcbSigningKey(Hub.Value, TestAcbSigningKey());
            CredentialResult old = Run(bench, handler, ReplaceAcb());
            keys.UseAcbSigningKey(Hub.Value, NewAcbSigningKey());
            Assert.IsFalse(old.DeviceAccepted, old.Message);
            Assert.IsTrue(hub.CommandsRefused > refused);
            Assert.IsTrue(bench.Bench.Hub.Log.Contains("signature does not verify"), string.Join("\n", bench.Bench.Hub.Log.Lines()));
            Assert.AreEqual(1, bench.Store.Read(s => new DeviceCertificates(s).Current(Hub)).Count, "the ACB KA certificate was not taken");

            // Signed as the host now does, with the key the hub trusts (GBCS 13.3.3.1), it is carried out.
            refused = hub.CommandsRefused;
            CredentialResult further = Run(bench, handler, ReplaceAcb());
            Assert.IsTrue(further.DeviceAccepted, further.Message);
            Assert.AreEqual(refused, hub.CommandsRefused, hub.LastRefusal);

            // A restarted host takes the ACB DS key up from what the inventory records on the hub, and signs with it.
            bench.CrashHost(500);
            handler = new ManageCredentialsHandler(bench.Store, bench.Runtime.Gateway, Keys.Value);
            CollectionAssert.AreEqual(NewAcbSigningKey(), bench.Session.Options.Keys.AcbSigningPrivateKeyFor(Hub.Value), "the restarted host too");
            CredentialResult afterRestart = Run(bench, handler, ReplaceAcb(CredentialUsage.DigitalSigning));
            Assert.IsTrue(afterRestart.DeviceAccepted, afterRestart.Message);
            Assert.AreEqual(refused, hub.CommandsRefused, hub.LastRefusal);
        }
    }

    [TestMethod]
    public void ReplaceAcb_8_5_HostHoldsNoPrivateKeyOfTheNewCertificate_RefusedUpFrontNamingIt_NothingSent()
    {
        var (bench, handler) = Start(854);
        using (bench)
        {
            HubCredentials hub = bench.Bench.Hub.As<CommsHubRole>().CredentialManagement;
            long carried = hub.CredentialCommands;
            long refused = hub.CommandsRefused;

            CredentialResult result = Run(bench, handler, ReplaceAcb(CredentialUsage.DigitalSigning, Foreign.Value));

            Assert.AreEqual(DuisResponseCodes.CannotCommunicate, result.ResponseCode, result.Message);
            StringAssert.Contains(result.Message, "does not hold the private key of the new ACB DS certificate");
            Assert.AreEqual((carried, refused), (hub.CredentialCommands, hub.CommandsRefused), "nothing reached the hub");
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Hub)).Count);
            Assert.IsTrue(Run(bench, handler, ReplaceAcb(CredentialUsage.DigitalSigning)).DeviceAccepted, "the ACB key the host holds is still taken");
        }
    }

    private static byte[] NewAcbSigningKey() =>
        Keys.Value.PrivateKeyFor(Keystore.Sec1(Keys.Value.Primary(Keystore.DefaultAccessControlBroker, CredentialUsage.DigitalSigning)!.Certificate)!)!;

    private static byte[] TestAcbSigningKey()
    {
        var key = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, HubSessionOptions.DefaultAcbSystemTitle, GbcsTestKeys.DigitalSigning, key, 0);
        return key;
    }

    private static byte[] TestAcbKey()
    {
        var key = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, HubSessionOptions.DefaultAcbSystemTitle, GbcsTestKeys.KeyAgreement, key, 0);
        return key;
    }
}

using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Host.Tests.Inventory;

namespace HanBench.Host.Tests.ServiceRequests;

/// <summary>
/// SRV 6.23's prechecks and records (GBCS 6.23; SECMP0170 requirement 8), against a device played by the test: the request
/// comes from the incoming supplier with its own supplier certificates; a sender that is not a known supplier, certificates
/// outside the supplier profile or of another party, or a supplier already responsible are refused with a named reason and
/// nothing is sent or changed; an accepted change records the new responsible supplier and keeps the certificate history.
/// </summary>
[TestClass]
public sealed class ChangeOfSupplierRequestTests
{
    private static readonly Eui64 Incoming = new(0x90B3_D51F_3003_0000);
    private static readonly Eui64 NetworkOperator = new(0x90B3_D51F_3002_0000);
    private static readonly Lazy<Keystore> Keys = new(() =>
    {
        Keystore store = Keystore.Init(TestFolders.Create("hanbench-cos-handler-"), DateTimeOffset.UtcNow);
        store.Issue(Incoming, PartyRole.Supplier, "Incoming supplier", DateTimeOffset.UtcNow);
        return store;
    });

    private sealed class Device : IDeviceGateway
    {
        public List<CredentialRequest> Sent { get; } = [];

        public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken) =>
            Task.FromResult(new FirmwareVersionReading(FirmwareVersionReadStatus.Unreachable, null, "not here"));

        public Task<CredentialReply> ManageCredentialsAsync(CredentialRequest request, CancellationToken cancellationToken)
        {
            Sent.Add(request);
            return Task.FromResult(new CredentialReply(FirmwareVersionReadStatus.Read, true, "DS Success") { ReplacedUsages = [.. request.Replacements.Select(r => r.Usage)] });
        }
    }

    private static InventoryStore Inventory()
    {
        InventoryStore store = TestBench.Seeded();
        store.Write(s =>
        {
            var users = new ServiceUserDirectory(s);
            users.Put(new ServiceUser(Keystore.DefaultSupplier, "Outgoing supplier", ServiceUserRole.Supplier, "5.4"));
            users.Put(new ServiceUser(Incoming, "Incoming supplier", ServiceUserRole.Supplier, "5.4"));
            users.Put(new ServiceUser(NetworkOperator, "Network operator", ServiceUserRole.NetworkOperator, "5.4"));
            new RequestRights(s).SetResponsibleSupplier(TestBench.Ppmid, Keystore.DefaultSupplier);
        });
        return store;
    }

    private static CredentialRequest ChangeOfSupplier(string id, Eui64 sender, Eui64 certificatesOf) =>
        new(id, ServiceReferenceVariants.UpdateSecurityCredentialsCoS, TestBench.Ppmid, CredentialUseCase.ReplaceRemoteParty)
        {
            Originator = sender,
            Mode = CredentialReplacementMode.ChangeOfSupplier,
            Replacements =
            [
                new ReplacementCertificate(DeviceCertificates.DigitalSigning, Keys.Value.Primary(certificatesOf, CredentialUsage.DigitalSigning)!.Certificate.RawData),
                new ReplacementCertificate(DeviceCertificates.KeyAgreement, Keys.Value.Primary(certificatesOf, CredentialUsage.KeyAgreement)!.Certificate.RawData),
            ],
            CertificationPath = [Keys.Value.IssuingCertificate!.RawData],
        };

    // The requests are made in the test, not here: test discovery evaluates these rows, and a keystore made then would be
    // left in the temporary folder by a run that does not run this class.
    public static IEnumerable<object[]> Refusals() =>
    [
        ["not registered", DuisResponseCodes.RoleNotPermitted, "is not a known supplier"],
        ["a network operator", DuisResponseCodes.RoleNotPermitted, "is not a known supplier"],
        ["no sender", DuisResponseCodes.RoleNotPermitted, "names no sender"],
        ["ACB certificates", DuisResponseCodes.NotApplicableToDevice, "not an Organisation certificate of the Supplier role (OU 02)"],
        ["CoS party certificates", DuisResponseCodes.NotApplicableToDevice, "not an Organisation certificate of the Supplier role (OU 02)"],
        ["another supplier's", DuisResponseCodes.NotApplicableToDevice, "not " + Incoming + "'s (the sender)"],
        ["already responsible", DuisResponseCodes.NotApplicableToDevice, "already"],
    ];

    private static CredentialRequest Refusal(string what) => what switch
    {
        "not registered" => ChangeOfSupplier("r-1", new Eui64(0x90B3_D51F_3009_0000), Incoming),
        "a network operator" => ChangeOfSupplier("r-2", NetworkOperator, Incoming),
        "no sender" => ChangeOfSupplier("r-3", Incoming, Incoming) with { Originator = null },
        "ACB certificates" => ChangeOfSupplier("r-4", Incoming, Keystore.DefaultAccessControlBroker),
        "CoS party certificates" => ChangeOfSupplier("r-5", Incoming, Keystore.DefaultTransitionalCoS),
        "another supplier's" => ChangeOfSupplier("r-6", Incoming, Keystore.DefaultSupplier),
        "already responsible" => ChangeOfSupplier("r-7", Keystore.DefaultSupplier, Keystore.DefaultSupplier),
        _ => throw new ArgumentOutOfRangeException(nameof(what), what, "no such refusal case"),
    };

    [TestMethod]
    [DynamicData(nameof(Refusals))]
    public async Task ChangeOfSupplier_Refused_NamedReason_NothingSentNothingChanged(string what, string code, string reason)
    {
        using InventoryStore store = Inventory();
        var device = new Device();
        string before = TestBench.Snapshot(store);
        CredentialRequest request = Refusal(what);

        CredentialResult result = await new ManageCredentialsHandler(store, device, Keys.Value).HandleAsync(request);

        Assert.AreEqual(code, result.ResponseCode, $"{what}: {result.Message}");
        StringAssert.Contains(result.Message, reason, what);
        Assert.AreEqual(0, device.Sent.Count, what);
        Assert.AreEqual(Keystore.DefaultSupplier, store.Read(s => new RequestRights(s).ResponsibleSupplier(TestBench.Ppmid)), what);
        Assert.AreEqual(0, store.Read(s => new DeviceCertificates(s).History(TestBench.Ppmid)).Count, what);
        Assert.AreEqual(before, TestBench.Snapshot(store), what);
    }

    [TestMethod]
    public async Task ChangeOfSupplier_TwiceOverBackAndForth_EachIncomingSupplierResponsibleInTurn_HistoryKept()
    {
        using InventoryStore store = Inventory();
        var handler = new ManageCredentialsHandler(store, new Device(), Keys.Value);

        CredentialResult first = await handler.HandleAsync(ChangeOfSupplier("r-1", Incoming, Incoming));
        Eui64? afterFirst = store.Read(s => new RequestRights(s).ResponsibleSupplier(TestBench.Ppmid));
        CredentialResult back = await handler.HandleAsync(ChangeOfSupplier("r-2", Keystore.DefaultSupplier, Keystore.DefaultSupplier));

        Assert.AreEqual(DuisResponseCodes.Success, first.ResponseCode, first.Message);
        Assert.AreEqual(Incoming, afterFirst);
        Assert.AreEqual(DuisResponseCodes.Success, back.ResponseCode, back.Message);
        Assert.AreEqual(Keystore.DefaultSupplier, store.Read(s => new RequestRights(s).ResponsibleSupplier(TestBench.Ppmid)));
        IReadOnlyList<DeviceCertificateRecord> history = store.Read(s => new DeviceCertificates(s).History(TestBench.Ppmid));
        DeviceCertificateRecord[] ds = [.. history.Where(c => c.Usage == DeviceCertificates.DigitalSigning)];
        Assert.AreEqual(2, ds.Length, "both suppliers' DS certificates are in the history");
        Assert.AreEqual("replaced", ds.Single(c => c.Party == Incoming).State);
        Assert.AreEqual("current", ds.Single(c => c.Party == Keystore.DefaultSupplier).State);
        Assert.AreEqual(1, history.Count(c => c.Usage == DeviceCertificates.KeyAgreement && c.IsCurrent));
    }
}

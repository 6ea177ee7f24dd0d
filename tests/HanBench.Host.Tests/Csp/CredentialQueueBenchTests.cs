using System.Xml.Linq;
using HanBench.Bench.Topology;
using HanBench.Host.Alerts;
using HanBench.Host.Csp;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// Issue 8 §4: a credential request the CLI or <c>serve</c> accepted is acknowledged and queued in the inventory
/// (<see cref="CredentialQueue"/>); the CSP composed on the hub's session (<see cref="CspRuntime.Credentials"/>, as
/// <c>csp run</c>, the demo and a bench compose it) carries it out through the hub and records how it ended, a DUIS
/// request's later response going to the outbox for <c>serve</c> to deliver.
/// </summary>
[TestClass]
public sealed class CredentialQueueBenchTests
{
    private static readonly Eui64 Ppmid = new(StandardBench.PpmidEui);
    private static readonly Lazy<Keystore> Keys = new(() => Keystore.Init(TestFolders.Create("hanbench-queue-keys-"), DateTimeOffset.UtcNow));
    private static readonly Lazy<Keystore> OtherCa = new(() => Keystore.Init(TestFolders.Create("hanbench-queue-other-"), DateTimeOffset.UtcNow));

    /// <summary>The handler as the CLI and serve build it: no device link, so accepted requests are queued.</summary>
    private static ManageCredentialsHandler Queueing(EngineBench bench) => new(bench.Store, new NoLink(), Keys.Value, queue: true);

    private static string RequestId(ulong counter) => new DuisRequestId(Keystore.DefaultSupplier, Ppmid, 1_000 + counter).ToString();

    /// <summary>CS02a: the bench's boards hold trust anchors but no Device certificates of their own, so the read is of the details.</summary>
    private static CredentialRequest ReadDetails(ulong counter) => new(RequestId(counter), ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp, Ppmid, CredentialUseCase.ProvideDetails)
    {
        Originator = Keystore.DefaultSupplier,
        RemotePartyRoles = ["Supplier", "ACB"],
    };

    private static CredentialRequest ReplaceSupplier(ulong counter, Keystore issuer) => new(RequestId(counter), ServiceReferenceVariants.UpdateSecurityCredentialsKrp, Ppmid, CredentialUseCase.ReplaceRemoteParty)
    {
        Originator = Keystore.DefaultSupplier,
        Mode = CredentialReplacementMode.SupplierBySupplier,
        Replacements = [new ReplacementCertificate(DeviceCertificates.DigitalSigning, issuer.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Certificate.RawData)],
        CertificationPath = [issuer.IssuingCertificate!.RawData],
    };

    private static CredentialRequestRecord Row(EngineBench bench, CredentialRequest request) => bench.Store.Read(s => s.Credentials.Find(request.RequestId))!;

    private static void RunUntilFinished(EngineBench bench, params CredentialRequest[] requests) =>
        Assert.IsTrue(bench.Bench.RunUntil(() => requests.All(r => Row(bench, r).IsFinished), 300_000), "the CSP carries every queued request out");

    [TestMethod]
    public void QueuedReadThenReplacement_CarriedOutInOrderByTheCsp_DoneWithTheDeviceAnswer_CertificatesRecorded()
    {
        using EngineBench bench = EngineBench.ForCredentials(71, Keys.Value);
        ManageCredentialsHandler handler = Queueing(bench);
        CredentialRequest read = ReadDetails(1);
        CredentialRequest replace = ReplaceSupplier(2, Keys.Value);

        CredentialResult readAck = handler.HandleAsync(read).GetAwaiter().GetResult();
        CredentialResult replaceAck = handler.HandleAsync(replace).GetAwaiter().GetResult();
        Assert.AreEqual(DuisResponseCodes.Acknowledged, readAck.ResponseCode, readAck.Message);
        Assert.AreEqual(DuisResponseCodes.Acknowledged, replaceAck.ResponseCode, replaceAck.Message);
        Assert.AreEqual(CredentialRequestState.Queued, Row(bench, replace).State);
        Assert.IsEmpty(bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)), "nothing recorded before the CSP carries them out");

        bench.Runtime.Credentials.Wake();
        RunUntilFinished(bench, read, replace);

        CredentialRequestRecord readRow = Row(bench, read), replaceRow = Row(bench, replace);
        Assert.AreEqual(CredentialRequestState.Done, readRow.State, readRow.Outcome);
        Assert.AreEqual(DuisResponseCodes.Success, readRow.ResponseCode);
        Assert.IsNotNull(readRow.GbcsResponse, "the device's CS02a response is kept");
        Assert.AreEqual(CredentialRequestState.Done, replaceRow.State, replaceRow.Outcome);
        Assert.IsTrue(readRow.UpdatedUtc <= replaceRow.UpdatedUtc, "one device's requests in the order accepted");
        IReadOnlyList<DeviceCertificateRecord> current = bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid));
        Assert.IsTrue(current.Any(c => c.Holder == DeviceCertificates.SupplierHolder && c.Serial == Keys.Value.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Serial));
        Assert.IsEmpty(bench.Store.Read(s => new DccAlertOutbox(s).List()).Where(a => a.AlertCode == DccAlertCodes.LaterResponse), "CLI requests wait for no DUIS response");
        Assert.IsTrue(bench.Runtime.Credentials.IsIdle);
    }

    [TestMethod]
    public void QueuedReplacementTheDeviceRefuses_Refused_ReasonKept_NothingChanged_DuisSenderGetsTheLaterResponse()
    {
        using EngineBench bench = EngineBench.ForCredentials(72, Keys.Value);
        CredentialRequest refused = ReplaceSupplier(3, OtherCa.Value) with { DuisServiceReference = "6.15" };

        Assert.AreEqual(DuisResponseCodes.Acknowledged, Queueing(bench).HandleAsync(refused).GetAwaiter().GetResult().ResponseCode);
        bench.Runtime.Credentials.Wake();
        RunUntilFinished(bench, refused);

        CredentialRequestRecord row = Row(bench, refused);
        Assert.AreEqual(CredentialRequestState.Refused, row.State);
        StringAssert.Contains(row.Outcome, "refused");
        StringAssert.Contains(row.Outcome, "nothing changed");
        Assert.IsEmpty(bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Where(c => c.Holder == DeviceCertificates.SupplierHolder));
        IssuedDccAlert response = bench.Store.Read(s => new DccAlertOutbox(s).List()).Single(a => a.AlertCode == DccAlertCodes.LaterResponse);
        Assert.AreEqual(Keystore.DefaultSupplier, response.RecipientId);
        Assert.AreEqual(refused.RequestId, response.RequestId);
        XNamespace sr = DuisNames.Sr;
        XElement root = XDocument.Parse(response.Body!).Root!;
        Assert.AreEqual(refused.RequestId, root.Descendants(sr + "RequestID").Single().Value);
        Assert.AreEqual(row.ResponseCode, root.Descendants(sr + "ResponseCode").Single().Value);
        Assert.AreEqual("6.15.1", root.Descendants(sr + "ServiceReferenceVariant").Single().Value);
        Assert.IsNotEmpty(root.Descendants(sr + "GBCSPayload").Single().Value, "the device's answer rides along");
    }

    [TestMethod]
    public void RequestLeftSentByAStoppedCsp_NotSentAgain_RefusedE21SayingWhy()
    {
        using EngineBench bench = EngineBench.ForCredentials(73, Keys.Value);
        CredentialRequest replace = ReplaceSupplier(4, Keys.Value);
        Assert.AreEqual(DuisResponseCodes.Acknowledged, Queueing(bench).HandleAsync(replace).GetAwaiter().GetResult().ResponseCode);
        bench.Store.Write(s => s.Credentials.MarkSent(replace.RequestId));

        bench.Runtime.Credentials.Wake();
        RunUntilFinished(bench, replace);

        CredentialRequestRecord row = Row(bench, replace);
        Assert.AreEqual(CredentialRequestState.Refused, row.State);
        Assert.AreEqual(DuisResponseCodes.NoResponse, row.ResponseCode);
        StringAssert.Contains(row.Outcome, "not sent again");
        Assert.IsEmpty(bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Where(c => c.Holder == DeviceCertificates.SupplierHolder));
    }

    [TestMethod]
    public void Payload_RoundTrip_KeepsEveryField()
    {
        CredentialRequest request = ReplaceSupplier(5, Keys.Value) with
        {
            FloorSeqNumber = 7,
            TopUpFloorSeqNumber = 9,
            ExecutionDateTime = new DateTimeOffset(2031, 1, 2, 3, 4, 5, TimeSpan.Zero),
            DuisServiceReference = "6.15",
            RemotePartyRoles = ["Supplier", "ACB"],
        };

        CredentialRequest back = CredentialRequestPayload.Read(CredentialRequestPayload.Write(request));

        Assert.AreEqual(request.RequestId, back.RequestId);
        Assert.AreEqual(request.Mode, back.Mode);
        Assert.AreEqual(request.Originator, back.Originator);
        CollectionAssert.AreEqual(request.Replacements[0].Der, back.Replacements[0].Der);
        CollectionAssert.AreEqual(request.CertificationPath[0], back.CertificationPath[0]);
        Assert.AreEqual((7UL, 9UL, request.ExecutionDateTime, "6.15"), (back.FloorSeqNumber, back.TopUpFloorSeqNumber, back.ExecutionDateTime, back.DuisServiceReference));
        CollectionAssert.AreEqual(new[] { "Supplier", "ACB" }, back.RemotePartyRoles.ToArray());
        Assert.ThrowsExactly<InvalidOperationException>(() => CredentialRequestPayload.Read("{not json"));
    }

    private sealed class NoLink : IDeviceGateway
    {
        public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken) =>
            throw new AssertFailedException("a queueing handler reaches no device");

        public Task<CredentialReply> ManageCredentialsAsync(CredentialRequest request, CancellationToken cancellationToken) =>
            throw new AssertFailedException("a queueing handler sends no CS02");
    }
}

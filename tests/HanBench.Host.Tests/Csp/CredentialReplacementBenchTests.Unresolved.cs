using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// A device whose credential change no read-back can settle (issue 8 §4): the read-backs back off and stop at a stated
/// bound, the request then fails naming it and the device's work is refused rather than held for ever; an operator
/// settles the change (<see cref="CredentialDoubtSettlement"/>), which releases what was held and makes the keys named the
/// device's; a change that is not in doubt is refused. All on the bench's virtual clock.
/// </summary>
public sealed partial class CredentialReplacementBenchTests
{
    // CredentialIntentRecovery (internal): 6 read-backs, the gaps 5, 10, 20, 40 and 80 minutes.
    private const int ReadBackLimit = 6;
    private static readonly TimeSpan ReadBackGaps = TimeSpan.FromMinutes(5 + 10 + 20 + 40 + 80);

    [TestMethod]
    public void ChangeInDoubt_DeviceNeverAnswers_ReadBacksBackOffAndStopAtTheBound_RequestFailsNamingIt_HeldWorkRefused()
    {
        var (bench, _) = Start(91);
        using (bench)
        {
            CredentialRequest replace = QueuedAcbReplacementTakenUpThenKilled(bench);
            CredentialRequest behind = ReadDetails();
            Assert.AreEqual(DuisResponseCodes.Acknowledged, Queueing(bench).HandleAsync(behind).GetAwaiter().GetResult().ResponseCode);
            BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, 1);
            FirmwareUpdateResult update = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
            Assert.AreEqual(DuisResponseCodes.Acknowledged, update.ResponseCode, update.Message);

            // The PPMID is gone for good (removed, radio dead): no read-back is ever answered.
            long now = bench.Bench.Scheduler.NowMs;
            bench.Bench.Ppmid.Node.AddOutage(now, now + 36_000_000);
            bench.CrashHost(500);
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => s.Credentials.Find(replace.RequestId))!.IsFinished, 5 * 3_600_000), string.Join("\n", bench.Log));

            CredentialRequestRecord row = bench.Store.Read(s => s.Credentials.Find(replace.RequestId))!;
            Assert.AreEqual(CredentialRequestState.Refused, row.State);
            Assert.AreEqual(DuisResponseCodes.NoResponse, row.ResponseCode);
            StringAssert.Contains(row.Outcome, "is unresolved");
            StringAssert.Contains(row.Outcome, $"credentials settle {replace.RequestId} --keys new|old");
            CredentialIntentRecord intent = bench.Store.Read(s => new CredentialIntents(s).Find(replace.RequestId))!;
            Assert.IsNotNull(intent, "the change stays unsettled: not recorded as the old keys");
            Assert.AreEqual(ReadBackLimit, intent.ReadBacks);
            Assert.IsNotNull(intent.Unresolved);
            Assert.IsTrue(intent.Unresolved - intent.DoubtSince >= ReadBackGaps, $"backed off: in doubt {intent.DoubtSince:O}, given up {intent.Unresolved:O}");
            Assert.AreEqual(ReadBackLimit - 1, bench.Log.Count(l => l.Contains("unanswered", StringComparison.Ordinal) && l.Contains("next read-back at", StringComparison.Ordinal)));

            // What waited behind it fails naming why, and a new command is refused at once rather than held.
            CredentialRequestRecord heldRow = bench.Store.Read(s => s.Credentials.Find(behind.RequestId))!;
            Assert.AreEqual(CredentialRequestState.Refused, heldRow.State, heldRow.Outcome);
            Assert.AreEqual(DuisResponseCodes.CannotCommunicate, heldRow.ResponseCode);
            StringAssert.Contains(heldRow.Outcome, "credentials are unresolved");
            FirmwareProgressRecord progress = bench.ProgressOf(update, StandardBench.PpmidEui);
            Assert.AreEqual(FirmwareProgressState.Failed, progress.State);
            StringAssert.Contains(progress.FailureReason, "credentials are unresolved");
            ReadFirmwareVersionResult refused = ReadFirmwareNow(bench);
            Assert.AreNotEqual(DuisResponseCodes.Success, refused.ResponseCode);
            StringAssert.Contains(refused.Message, "unresolved");
            Assert.IsNotEmpty(bench.Runtime.CredentialsInDoubt);
            StringAssert.Contains(CliShow(bench), "unresolved since");

            // A restarted CSP keeps refusing and reads back no more: only an operator ends it.
            bench.CrashHost(500);
            StringAssert.Contains(ReadFirmwareNow(bench).Message, "unresolved");
            bench.Bench.RunFor(3_600_000);
            Assert.AreEqual(ReadBackLimit, bench.Store.Read(s => new CredentialIntents(s).Find(replace.RequestId))!.ReadBacks);
            using (var requests = System.Text.Json.JsonDocument.Parse(CliRunner.Run("credentials", "requests", "--db", bench.Path, "--json").Output))
            {
                System.Text.Json.JsonElement request = requests.RootElement.EnumerateArray().Single(r => r.GetProperty("requestId").GetString() == replace.RequestId);
                Assert.AreEqual(ReadBackLimit, request.GetProperty("unsettledChange").GetProperty("readBacks").GetInt32());
            }

            // The operator, who knows the PPMID is gone, settles it from the CLI: audited, and the CSP lets go of the device.
            CliResult settled = CliRunner.Run("credentials", "settle", replace.RequestId, "--keys", "old", "--operator", "alice", "--db", bench.Path);
            Assert.AreEqual(0, settled.ExitCode, settled.Output + settled.Error);
            bench.Runtime.InventoryChanged();
            bench.Bench.RunFor(1_000);
            Assert.IsEmpty(bench.Runtime.CredentialsInDoubt);
            StringAssert.Contains(bench.Store.Read(s => s.Audit.All()).Last(e => e.RequestId == replace.RequestId).Message, "settled by operator alice with --keys old");
        }
    }

    [TestMethod]
    public void ChangeInDoubt_OperatorSettlesWithTheNewKeys_HeldCs08Released_AnsweredUnderTheNewAcbKey_Audited()
    {
        var (bench, _) = Start(92);
        using (bench)
        {
            (CredentialRequest replace, Task<ReadFirmwareVersionResult> held) = Cs08HeldInDoubt(bench);


            CredentialSettlementResult settled = CredentialDoubtSettlement.Settle(bench.Handlers, replace.RequestId, newKeys: true, "test-operator");
            bench.Runtime.InventoryChanged();
            Assert.IsTrue(settled.Settled, settled.Message);
            Assert.IsTrue(bench.Bench.RunUntil(() => held.IsCompleted, 120_000), "released");

            Assert.AreEqual(DuisResponseCodes.Success, held.Result.ResponseCode, held.Result.Message);
            Assert.IsEmpty(bench.Runtime.CredentialsInDoubt);
            Assert.AreEqual(("ACB", "KA"), bench.Store.Read(s => new DeviceCertificates(s).Current(Ppmid)).Select(c => (c.Holder, c.Usage)).Single(), "the new keys are the device's in the inventory");
            Assert.IsNull(bench.Store.Read(s => new CredentialIntents(s).Find(replace.RequestId)));
            CredentialRequestRecord row = bench.Store.Read(s => s.Credentials.Find(replace.RequestId))!;
            Assert.AreEqual(CredentialRequestState.Done, row.State, row.Outcome);
            AuditEntry audit = bench.Store.Read(s => s.Audit.All()).Last(e => e.RequestId == replace.RequestId);
            StringAssert.Contains(audit.Message, "settled by operator test-operator with --keys new");
            Assert.IsTrue(bench.Log.Any(l => l.Contains("settled outside this CSP", StringComparison.Ordinal)), "the CSP says so");
        }
    }

    [TestMethod]
    public void ChangeInDoubt_OperatorSettlesAndNoInventoryEventComes_TakenUpByThePeriodicLook_HeldCs08Released()
    {
        // Review F9: the file-system event that tells a running CSP of another process's commit may be lost (and an
        // embedder may watch nothing): the settlement is still taken up, by the CSP's own periodic look at the changes it holds.
        var (bench, _) = Start(97);
        using (bench)
        {
            (CredentialRequest replace, Task<ReadFirmwareVersionResult> held) = Cs08HeldInDoubt(bench);

            Assert.IsTrue(CredentialDoubtSettlement.Settle(bench.Handlers, replace.RequestId, newKeys: true, "test-operator").Settled);
            Assert.IsTrue(bench.Bench.RunUntil(() => held.IsCompleted, 120_000), "released without InventoryChanged: " + string.Join("\n", bench.Log));

            Assert.AreEqual(DuisResponseCodes.Success, held.Result.ResponseCode, held.Result.Message);
            Assert.IsEmpty(bench.Runtime.CredentialsInDoubt);
            Assert.IsTrue(bench.Log.Any(l => l.Contains("settled outside this CSP", StringComparison.Ordinal)), "the CSP says so");
        }
    }

    [TestMethod]
    public void ChangeInDoubt_OperatorSettlesWithTheOldKeys_NextCommandUsesThem_TheDeviceThatTookTheNewOneRefusesIt()
    {
        var (bench, _) = Start(93);
        using (bench)
        {
            CredentialRequest replace = ReplaceAcb() with { RequestId = $"r-{++_request}" };
            Assert.IsTrue(AnsweredThenKilledBeforeTheWrite(bench, replace, keepRequestId: true).Accepted);
            bench.DropToHost = ResponsesTo(GbcsMessageCode.ProvideCredentialsDetails);
            bench.CrashHost(500);
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => new CredentialIntents(s).Find(replace.RequestId))!.ReadBacks >= 1, 600_000));

            Assert.IsTrue(CredentialDoubtSettlement.Settle(bench.Handlers, replace.RequestId, newKeys: false, "test-operator").Settled);
            bench.Runtime.InventoryChanged();
            bench.Bench.RunFor(1_000);

            Assert.IsEmpty(bench.Runtime.CredentialsInDoubt);
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Ppmid)).Count, "the old keys stay the device's in the inventory");
            Assert.IsFalse(ReadsFirmware(bench), "the CS08 goes out MAC'd with the old ACB key the operator chose, which this device no longer holds");
            StringAssert.Contains(bench.Bench.Ppmid.As<HanBench.Device.Roles.EndDevice.PpmidRole>().LastRefusal, "MAC does not verify");
        }
    }

    [TestMethod]
    public void ReplaceAcb_8_5_AnswerAndFirstReadBackLost_StaysInDoubtNotSettledForTheOldKey_ALaterReadBackTakesTheNewKeyUp()
    {
        var (bench, handler) = Start(96);
        using (bench)
        {
            Func<HanBench.Protocol.Han.HanFrame, bool> answer = ResponsesTo(GbcsMessageCode.UpdateCredentialsAcbByAcb);
            Func<HanBench.Protocol.Han.HanFrame, bool> readBack = ResponsesTo(GbcsMessageCode.ProvideCredentialsDetails);
            bench.DropToHost = frame => answer(frame) || readBack(frame);
            string id = $"r-{++_request}";
            Task<CredentialResult> task = handler.HandleAsync(ReplaceAcb() with { RequestId = id });
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => new CredentialIntents(s).Find(id))?.ReadBacks >= 1, 600_000), string.Join("\n", bench.Log));

            Assert.IsFalse(task.IsCompleted, "not ended on the old key while which the device holds is unknown");
            Assert.IsNotEmpty(bench.Runtime.CredentialsInDoubt);
            bench.DropToHost = null;
            Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 15 * 60_000), "the next read-back, minutes later, is answered");

            Assert.IsTrue(task.Result.DeviceAccepted, task.Result.Message);
            StringAssert.Contains(task.Result.Message, "read back with CS02a");
            Assert.IsEmpty(bench.Runtime.CredentialsInDoubt);
            Assert.IsNull(bench.Store.Read(s => new CredentialIntents(s).Find(id)));
            Assert.IsTrue(ReadsFirmware(bench), "the host MACs with the ACB key the device holds");
        }
    }

    [TestMethod]
    public void FutureDatedChangeInDoubt_OperatorSettles_TheCallerWaitingOnItIsAnswered_NothingRecordedTwice()
    {
        var (bench, handler) = Start(95);
        using (bench)
        {
            // Its alert and every read-back's answer are lost: after its date-time and grace it stays in doubt.
            Func<HanBench.Protocol.Han.HanFrame, bool> alert = Lost(GbcsCraFlag.Alert, GbcsMessageCode.FutureDatedUpdateCredentialsAlert);
            Func<HanBench.Protocol.Han.HanFrame, bool> readBack = ResponsesTo(GbcsMessageCode.ProvideCredentialsDetails);
            bench.DropToHost = frame => alert(frame) || readBack(frame);
            string id = $"r-{++_request}";
            Task<CredentialResult> caller = handler.HandleAsync(ReplaceSupplier(Keys.Value) with { RequestId = id, ExecutionDateTime = InAnHour(bench) });
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => new CredentialIntents(s).Find(id))?.ReadBacks >= 1, 3 * 3_600_000), string.Join("\n", bench.Log));
            Assert.IsFalse(caller.IsCompleted);

            Assert.IsTrue(CredentialDoubtSettlement.Settle(bench.Handlers, id, newKeys: true, "test-operator").Settled);
            bench.Runtime.InventoryChanged();
            Assert.IsTrue(bench.Bench.RunUntil(() => caller.IsCompleted, 1_000), "the caller is answered");

            Assert.AreEqual(0, bench.Session.Credentials.PendingReplacements);
            Assert.IsEmpty(bench.Runtime.CredentialsInDoubt);
            Assert.AreEqual(1, bench.Store.Read(s => new DeviceCertificates(s).History(Ppmid)).Count, "the supplier's new DS certificate recorded once, by the operator's settlement");
            CollectionAssert.AreEqual(NewSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value), "the host signs with the key chosen");
        }
    }

    [TestMethod]
    public void Settle_RequestNotInDoubt_Refused_NothingChanged_RefusalAudited()
    {
        var (bench, handler) = Start(94);
        using (bench)
        {
            // Unknown, finished, and a future-dated CS02b the device accepted whose date-time has not come.
            Assert.IsFalse(CredentialDoubtSettlement.Settle(bench.Handlers, "no-such", newKeys: true, "op").Settled);
            Assert.AreEqual(DuisResponseCodes.Success, Run(bench, handler, ReadDetails()).ResponseCode);
            CredentialSettlementResult finished = CredentialDoubtSettlement.Settle(bench.Handlers, $"r-{_request}", newKeys: true, "op");
            Assert.IsFalse(finished.Settled);
            StringAssert.Contains(finished.Message, "not in doubt");

            string pending = $"r-{++_request}";
            _ = handler.HandleAsync(ReplaceSupplier(Keys.Value) with { RequestId = pending, ExecutionDateTime = InAnHour(bench) });
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Session.Credentials.PendingReplacements == 1, 120_000));
            CredentialSettlementResult early = CredentialDoubtSettlement.Settle(bench.Handlers, pending, newKeys: true, "op");

            Assert.IsFalse(early.Settled);
            StringAssert.Contains(early.Message, "not in doubt");
            Assert.IsNotNull(bench.Store.Read(s => new CredentialIntents(s).Find(pending)), "still waited on");
            Assert.AreEqual(0, bench.Store.Read(s => new DeviceCertificates(s).History(Ppmid)).Count, "nothing recorded");
            Assert.AreEqual(1, bench.Session.Credentials.PendingReplacements);
            Assert.AreEqual(3, bench.Store.Read(s => s.Audit.All()).Count(e => e.ServiceReferenceVariant == CredentialDoubtSettlement.AuditName));

            CliResult cli = CliRunner.Run("credentials", "settle", pending, "--keys", "old", "--db", bench.Path);
            Assert.AreEqual(1, cli.ExitCode, cli.Output + cli.Error);
            StringAssert.Contains(cli.Error, "not in doubt");

            // A RequestID the inventory has never seen is bad input, as an unknown device is (review F13).
            CliResult unknown = CliRunner.Run("credentials", "settle", "no-such", "--keys", "old", "--db", bench.Path);
            Assert.AreEqual(2, unknown.ExitCode, unknown.Output + unknown.Error);
            StringAssert.Contains(unknown.Error, "no such request");
        }
    }

    /// <summary>
    /// An ACB replacement left unsettled by a killed host whose every read-back's answer is lost on its way (the device
    /// reachable otherwise), so the change stays in doubt; and a CS08 to the device, held for it.
    /// </summary>
    private (CredentialRequest Replace, Task<ReadFirmwareVersionResult> Held) Cs08HeldInDoubt(EngineBench bench)
    {
        CredentialRequest replace = QueuedAcbReplacementTakenUpThenKilled(bench);
        bench.DropToHost = ResponsesTo(GbcsMessageCode.ProvideCredentialsDetails);
        bench.CrashHost(500);
        Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => new CredentialIntents(s).Find(replace.RequestId))!.ReadBacks >= 1, 600_000));
        Task<ReadFirmwareVersionResult> held = bench.Handlers.ReadFirmwareVersion.HandleAsync(new ReadFirmwareVersionRequest($"r-{++_request}", Ppmid));
        bench.Bench.RunFor(60_000);
        Assert.IsFalse(held.IsCompleted, "the CS08 is held while the device is in doubt");
        return (replace, held);
    }

    private CredentialRequest ReadDetails() => new($"q-{++_request}", ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp, Ppmid, CredentialUseCase.ProvideDetails)
    {
        Originator = Keystore.DefaultSupplier,
        RemotePartyRoles = ["ACB"],
    };

    /// <summary>An 11.2 to the PPMID, run until it ends (at once when refused).</summary>
    private static ReadFirmwareVersionResult ReadFirmwareNow(EngineBench bench)
    {
        Task<ReadFirmwareVersionResult> task = bench.Handlers.ReadFirmwareVersion.HandleAsync(new ReadFirmwareVersionRequest($"r-{Guid.NewGuid():N}", Ppmid));
        Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 1_000), "refused at once, not held");
        return task.Result;
    }
}

using HanBench.Bench.Topology;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// A device whose credentials are in doubt gets nothing but the read-back until they are settled, and every way a change
/// settles ends its queue row (issue 8 §4, review findings): recovery before traffic at start, a row left Sent ended with
/// the read-back's outcome, a 0x00CB alert matched only to a counter the change was sent with, a pending CS02b whose wait
/// ends while the device still holds it cancelled on the device, an acceptance whose record fails still waited on.
/// </summary>
public sealed partial class CredentialReplacementBenchTests
{
    [TestMethod]
    public void UnsettledChangeAtStart_QueuedCs02aAndCs08ToThatDevice_HeldUntilTheReadBackSettlesIt_ThenAnsweredUnderTheNewKey()
    {
        var (bench, _) = Start(81);
        using (bench)
        {
            Assert.IsTrue(AnsweredThenKilledBeforeTheWrite(bench, ReplaceAcb()).Accepted);
            // Queued while the host is down: a CS02a, which the device answers only MAC'd with the ACB key it now holds.
            CredentialRequest read = new($"q-{++_request}", ServiceReferenceVariants.RetrieveDeviceSecurityCredentialsKrp, Ppmid, CredentialUseCase.ProvideDetails)
            {
                Originator = Keystore.DefaultSupplier,
                RemotePartyRoles = ["ACB"],
            };
            Assert.AreEqual(DuisResponseCodes.Acknowledged, Queueing(bench).HandleAsync(read).GetAwaiter().GetResult().ResponseCode);

            bench.CrashHost(500);
            int? unsettledWhenSent = null;
            bench.Runtime.Credentials.Sent += _ => unsettledWhenSent = bench.Store.Read(s => new CredentialIntents(s).For(Ppmid).Count);
            Task<ReadFirmwareVersionResult> cs08 = bench.Handlers.ReadFirmwareVersion.HandleAsync(new ReadFirmwareVersionRequest($"r-{++_request}", Ppmid));
            Assert.IsTrue(bench.Bench.RunUntil(() => cs08.IsCompleted && bench.Store.Read(s => s.Credentials.Find(read.RequestId))!.IsFinished, 300_000));

            Assert.AreEqual(0, unsettledWhenSent, "the queued CS02a went out only once the change was settled");
            CredentialRequestRecord row = bench.Store.Read(s => s.Credentials.Find(read.RequestId))!;
            Assert.AreEqual(CredentialRequestState.Done, row.State, row.Outcome);
            Assert.AreEqual(DuisResponseCodes.Success, cs08.Result.ResponseCode, cs08.Result.Message);
            Assert.IsTrue(bench.Log.Any(l => l.Contains("in doubt", StringComparison.Ordinal)), "the log says the device is in doubt");
            Assert.IsTrue(bench.Log.Any(l => l.Contains("held", StringComparison.Ordinal)), "and that its commands are held");
            Assert.IsEmpty(bench.Runtime.CredentialsInDoubt);
        }
    }

    [TestMethod]
    public void UnsettledChangeAtStart_Cs08HeldAndItsCallerCancels_NeverSentOnceTheDoubtClears()
    {
        var (bench, _) = Start(83);
        using (bench)
        {
            Assert.IsTrue(AnsweredThenKilledBeforeTheWrite(bench, ReplaceAcb()).Accepted);
            bench.CrashHost(500);
            int cs08Answers = 0;
            bench.Runtime.Session.GbcsReceived += m => cs08Answers += m.Header.MessageCode == GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion ? 1 : 0;
            using var caller = new CancellationTokenSource();

            Task<FirmwareVersionReading> held = bench.Runtime.Gateway.ReadFirmwareVersionAsync(Ppmid, caller.Token);
            Assert.IsNotEmpty(bench.Runtime.CredentialsInDoubt, "the device is in doubt, so the CS08 is held");
            caller.Cancel();
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Runtime.CredentialsInDoubt.Count == 0, 300_000), "the read-back settles the change");
            bench.Bench.RunUntil(() => cs08Answers > 0, 60_000);

            Assert.IsTrue(held.IsCanceled);
            Assert.AreEqual(0, cs08Answers, "a call its caller gave up while held is not sent when the doubt clears");
        }
    }

    [TestMethod]
    public void UnsettledChangeAtStart_FirmwareUpdateForThatDevice_HeldUntilTheReadBackSettlesIt_ThenCarriedOut()
    {
        var (bench, _) = Start(87);
        using (bench)
        {
            Assert.IsTrue(AnsweredThenKilledBeforeTheWrite(bench, ReplaceAcb()).Accepted);
            BenchImage image = bench.ImageFor(bench.Bench.Ppmid, FirmwareComponentId.Main, 20_000, 0x00010105, 1);
            FirmwareUpdateResult update = bench.Submit(image, FirmwareComponents.Main, StandardBench.PpmidEui);
            Assert.AreEqual(DuisResponseCodes.Acknowledged, update.ResponseCode, update.Message);

            bench.CrashHost(500);
            int? unsettledWhenStarted = null;
            bench.Engine.ProgressChanged += p =>
            {
                if (p.DeviceId == Ppmid && p.State != FirmwareProgressState.Queued)
                {
                    unsettledWhenStarted ??= bench.Store.Read(s => new CredentialIntents(s).For(Ppmid).Count);
                }
            };
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Finished(update, StandardBench.PpmidEui), 3_600_000), string.Join("\n", bench.Log));

            Assert.AreEqual(0, unsettledWhenStarted, "the update started only once the change was settled");
            Assert.AreEqual(FirmwareProgressState.Activated, bench.ProgressOf(update, StandardBench.PpmidEui).State);
            Assert.IsTrue(bench.Log.Any(l => l.Contains($"{update.Request!.RequestId} to", StringComparison.Ordinal) && l.Contains("held", StringComparison.Ordinal)), "the log says it was held");
        }
    }

    [TestMethod]
    public void QueuedChangeLeftSentByAStoppedCsp_ReadBackAtStart_RowEndsWithTheReadBacksOutcome()
    {
        var (bench, _) = Start(82);
        using (bench)
        {
            CredentialRequest replace = QueuedAcbReplacementTakenUpThenKilled(bench);

            RestartAndSettle(bench);

            CredentialRequestRecord row = bench.Store.Read(s => s.Credentials.Find(replace.RequestId))!;
            Assert.AreEqual(CredentialRequestState.Done, row.State, row.Outcome);
            Assert.AreEqual(DuisResponseCodes.Success, row.ResponseCode);
            StringAssert.Contains(row.Outcome, "read back with CS02a");
        }
    }

    [TestMethod]
    public void QueuedFutureDatedChange_CspStopsWhilePending_TheAlertAfterTheRestartEndsTheRowDone()
    {
        var (bench, _) = Start(86);
        using (bench)
        {
            CredentialRequest replace = ReplaceSupplier(Keys.Value) with { RequestId = $"q-{++_request}", ExecutionDateTime = InAnHour(bench) };
            Assert.AreEqual(DuisResponseCodes.Acknowledged, Queueing(bench).HandleAsync(replace).GetAwaiter().GetResult().ResponseCode);
            bench.Runtime.Credentials.Wake();
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Session.Credentials.PendingReplacements == 1, 120_000), "the device accepts it: pending");

            bench.CrashHost(500);
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => s.Credentials.Find(replace.RequestId))!.IsFinished, 3_720_000), "its row ends");

            CredentialRequestRecord row = bench.Store.Read(s => s.Credentials.Find(replace.RequestId))!;
            Assert.AreEqual(CredentialRequestState.Done, row.State, row.Outcome);
            StringAssert.Contains(row.Outcome, "0x8F66");
            Assert.IsNotNull(row.GbcsResponse, "the alert is kept as the device's answer");
        }
    }

    [TestMethod]
    public void FutureDated_AcceptanceRecordFails_StillWaitedOn_AfterARestartItsAlertMatchesTheCounterSent()
    {
        var (bench, handler) = Start(83);
        using (bench)
        {
            DateTimeOffset when = InAnHour(bench);
            string id = $"r-{++_request}";
            FailRecordingAcceptances(bench, true);
            _ = handler.HandleAsync(ReplaceSupplier(Keys.Value) with { RequestId = id, ExecutionDateTime = when });
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Session.Credentials.PendingReplacements == 1, 120_000), "waited on although its record failed");
            CredentialIntentRecord intent = bench.Store.Read(s => new CredentialIntents(s).For(Ppmid)).Single();
            Assert.IsFalse(intent.IsPending, "the acceptance was not recorded");
            Assert.IsNotEmpty(intent.SentCounters, "the counter was recorded before the command went out");
            Assert.IsTrue(bench.Log.Any(l => l.Contains("could not record", StringComparison.Ordinal)), "the failed write is said");
            FailRecordingAcceptances(bench, false);

            bench.CrashHost(500);
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => new CredentialIntents(s).All()).Count == 0, 3_720_000), "its 0x00CB alert completes it");

            StringAssert.Contains(bench.Store.Read(s => s.Audit.All()).Last().Message, "0x8F66");
            CollectionAssert.AreEqual(NewSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value));
        }
    }

    [TestMethod]
    public void FutureDated_AlertNamingNoCounterSentForTheChange_CompletesNothing_CountedAndLogged_SettledByReadBackAtExpiry()
    {
        var (bench, handler) = Start(84);
        using (bench)
        {
            DateTimeOffset when = InAnHour(bench);
            FailRecordingAcceptances(bench, true);
            _ = handler.HandleAsync(ReplaceSupplier(Keys.Value) with { RequestId = $"r-{++_request}", ExecutionDateTime = when });
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Session.Credentials.PendingReplacements == 1, 120_000));
            FailRecordingAcceptances(bench, false);
            // An intent that knows none of the counters its command went out with (as a database from before they were recorded).
            ExecuteSql(bench, "UPDATE credential_intents SET sent_counters = NULL");

            bench.CrashHost(500);
            bench.Bench.RunUntil(() => bench.Session.Gbcs.UnmatchedAlerts > 0, 3_720_000);

            Assert.AreEqual(1, bench.Store.Read(s => new CredentialIntents(s).For(Ppmid)).Count, "the alert completed nothing");
            Assert.AreEqual(1L, bench.Store.Read(s => s.GbcsRefusals.All()).Single(r => r.Message.StartsWith("0x00CB", StringComparison.Ordinal)).Count, "counted");
            Assert.IsTrue(bench.Log.Any(l => l.Contains(HubGbcsCalls.UnmatchedReplacementAlert, StringComparison.Ordinal)), "logged");

            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => new CredentialIntents(s).All()).Count == 0, 3_600_000), "settled at its expiry");
            string outcome = bench.Store.Read(s => s.Audit.All()).Last().Message;
            StringAssert.Contains(outcome, "read back with CS02a");
            CollectionAssert.AreEqual(NewSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value), "the device carried it out: the read-back says so");
        }
    }

    [TestMethod]
    public void FutureDated_HostStopsWaitingWhileTheDeviceStillHoldsIt_CancelledOnTheDevice_HostAndDeviceKeepTheOldKey()
    {
        var (bench, handler) = Start(85);
        using (bench)
        {
            DateTimeOffset when = InAnHour(bench);
            string id = $"r-{++_request}";
            _ = handler.HandleAsync(ReplaceSupplier(Keys.Value) with { RequestId = id, ExecutionDateTime = when });
            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Session.Credentials.PendingReplacements == 1, 120_000));
            // A device clock behind the host's: the host's wait ends 30 minutes before the device carries it out.
            bench.Store.Write(s => new CredentialIntents(s).Extend(id, bench.Time.GetUtcNow() + TimeSpan.FromMinutes(30)));
            bench.CrashHost(500);

            Assert.IsTrue(bench.Bench.RunUntil(() => bench.Store.Read(s => new CredentialIntents(s).All()).Count == 0, 2_400_000), "settled at the host's expiry");
            Assert.IsFalse(bench.Bench.Ppmid.As<PpmidRole>().CredentialManagement.Replacement.HasPending, "cancelled on the device");
            string outcome = bench.Store.Read(s => s.Audit.All()).Last().Message;
            StringAssert.Contains(outcome, "its cancellation was answered");
            StringAssert.Contains(outcome, "still holds the old credentials");

            // Past its date-time: the device carried nothing out, so the host's key is still the one it trusts.
            bench.Bench.RunFor(2_400_000);
            CollectionAssert.AreEqual(TestSupplierKey(), bench.Session.Options.Keys.SupplierSigningPrivateKeyFor(Ppmid.Value));
            Assert.AreEqual(FirmwareVersionReadStatus.Read, Run(bench, Handler(bench), SupplierSignedProbe()).Reply?.Status, "a command signed with it is answered");
        }
    }

    /// <summary>
    /// An 8.5 queued as the CLI queues it, marked Sent by a CSP and taken up by the device, the host killed before the
    /// inventory recorded it: the change a restarted CSP must settle, its row left Sent.
    /// </summary>
    private CredentialRequest QueuedAcbReplacementTakenUpThenKilled(EngineBench bench)
    {
        CredentialRequest replace = ReplaceAcb() with { RequestId = $"q-{++_request}" };
        Assert.AreEqual(DuisResponseCodes.Acknowledged, Queueing(bench).HandleAsync(replace).GetAwaiter().GetResult().ResponseCode);
        bench.Store.Write(s => s.Credentials.MarkSent(replace.RequestId));
        Assert.IsTrue(AnsweredThenKilledBeforeTheWrite(bench, replace, keepRequestId: true).Accepted);
        return replace;
    }

    /// <summary>The handler as the CLI and serve build it: accepted requests are queued, nothing sent.</summary>
    private static ManageCredentialsHandler Queueing(EngineBench bench) => new(bench.Store, bench.Runtime.Gateway, Keys.Value, queue: true);

    /// <summary>While <paramref name="fail"/>, the inventory refuses to record a future-dated CS02b's acceptance (a failed write, as a full disk gives).</summary>
    private static void FailRecordingAcceptances(EngineBench bench, bool fail) => ExecuteSql(bench, fail
        ? "CREATE TRIGGER test_fail_acceptance BEFORE UPDATE OF command_counter ON credential_intents BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        : "DROP TRIGGER test_fail_acceptance");

    private static void ExecuteSql(EngineBench bench, string sql) => bench.Store.Write(s =>
    {
        using Microsoft.Data.Sqlite.SqliteCommand command = s.Command(sql);
        command.ExecuteNonQuery();
    });
}

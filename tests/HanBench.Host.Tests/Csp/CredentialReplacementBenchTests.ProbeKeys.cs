using HanBench.Bench.Topology;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The read-back of a CS02b whose answer was lost is secured with the new credentials first, then the old: those probe
/// keys go with the read-back's call only, so a command sent meanwhile — to the same device or another — is secured with
/// the keys the host uses for that device.
/// </summary>
public sealed partial class CredentialReplacementBenchTests
{
    [TestMethod]
    public void ReadBackUnderTheNewAcbKey_InFlight_HostKeysUnchanged_Cs08ToTheSameDeviceAnsweredAtItsFirstAttempt()
    {
        // The device refuses the replacement (not under its CA) and the answer is lost; the host holds the refused ACB
        // key, so its first read-back goes out MAC'd with it, and the device refuses that read-back.
        var (bench, handler) = Start(72, alsoOtherCasKeys: true);
        using (bench)
        {
            byte[] zBefore = bench.Session.Options.Keys.SharedSecretWith(Ppmid.Value);
            var ppmid = bench.Bench.Ppmid.As<PpmidRole>();
            long refusedBefore = ppmid.CommandsRefused;
            bench.DropToHost = ResponsesTo(GbcsMessageCode.UpdateCredentialsAcbByAcb);
            Task<CredentialResult> task = handler.HandleAsync(ReplaceAcb(OtherCa.Value) with { RequestId = $"r-{++_request}" });

            Assert.IsTrue(bench.Bench.RunUntil(() => ppmid.CommandsRefused > refusedBefore, 120_000), "the read-back under the new ACB key reaches the device");
            Assert.IsFalse(task.IsCompleted, "the read-back is still in flight");
            CollectionAssert.AreEqual(zBefore, bench.Session.Options.Keys.SharedSecretWith(Ppmid.Value), "the host's key set still holds the ACB key the device holds");

            GbcsCall read = bench.Session.ReadFirmwareVersion(Ppmid.Value);
            GbcsCall other = bench.Session.ReadFirmwareVersion(StandardBench.B1Eui);
            Assert.IsTrue(bench.Bench.RunUntil(() => read.IsCompleted && other.IsCompleted, 120_000));

            Assert.IsNotNull(read.Reply, "a CS08 to the PPMID sent during the read-back is answered");
            Assert.AreEqual(1, read.Counters.Count, "at its first attempt: it was not MAC'd with the probe's key");
            Assert.IsNotNull(other.Reply, "and one to another device too");
            Assert.IsTrue(bench.Bench.RunUntil(() => task.IsCompleted, 240_000));
            StringAssert.Contains(task.Result.Message, "still holds the old credentials; nothing changed");
            CollectionAssert.AreEqual(zBefore, bench.Session.Options.Keys.SharedSecretWith(Ppmid.Value));
        }
    }
}

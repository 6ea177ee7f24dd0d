using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Device.Roles.Hub;
using HanBench.Host.Csp;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>
/// What <c>--insecure</c> relaxes, exactly (RoleSettings.Insecure, HubSessionOptions.Insecure): a command or response
/// whose MAC or supplier signature fails is acted on, logged as INSECURE and counted; everything HanBench sends stays
/// MAC'd; malformed messages, other recipients and replayed counters are still refused. Without it (the default) the same
/// messages are refused (GbcsCommandSecurityScenarioTests).
/// </summary>
[TestClass]
public sealed class GbcsInsecureScenarioTests
{
    private const ulong Seed = 0x1A5E_C0DEUL;
    private const ulong Acb = Cs08Commands.Acb;

    [TestMethod]
    public void Cs08_PpmidWithOtherKeys_InsecureBench_BothSidesActAndCountIt_SecureBench_NeitherDoes()
    {
        foreach (bool insecure in new[] { true, false })
        {
            // The PPMID holds keys of another seed: the host's MAC fails at the PPMID, the PPMID's at the host.
            var bench = new StandardBench(Seed, new StandardBenchOptions
            {
                Insecure = insecure,
                Configure = c =>
                {
                    if (c.Eui64 == StandardBench.PpmidEui)
                    {
                        c.Credentials = DeviceCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed ^ 1, c.Eui64, c.AcbSystemTitle, c.SupplierSystemTitle);
                    }
                },
            });
            bench.JoinAll();
            var ppmid = bench.Ppmid.As<PpmidRole>();

            byte[] sent = bench.Host.SendCs08(StandardBench.PpmidEui, counter: 0x3000);
            bench.RunFor(5_000);

            Assert.AreEqual(GbcsMacStatus.Ok, new GbcsMessageSecurity().Verify(GbcsPartyKeys.ForTestKeys().SharedSecretWith(StandardBench.PpmidEui), 0, sent, 0, sent.Length), "the host MACs what it sends either way");
            Assert.AreEqual(1, ppmid.GbcsSecurity.Failures, $"insecure={insecure}: the PPMID's check failed");
            Assert.AreEqual(insecure ? 1 : 0, ppmid.GbcsSecurity.AcceptedInsecurely, $"insecure={insecure}");
            Assert.AreEqual(insecure, bench.Ppmid.Log.Contains("INSECURE: GBCS command from 90B3D51F30000002 acted on despite: MAC does not verify"), $"insecure={insecure}: logged");
            Assert.IsNull(LastCounter(bench), $"insecure={insecure}: only an authenticated command moves the counter, so a forged one acted on under --insecure cannot lock the ACB out");
            Assert.AreEqual(insecure ? 1 : 0, bench.Host.Session.Gbcs.AcceptedInsecurely, $"insecure={insecure}: the host acted on the response that failed its MAC");
            Assert.AreEqual(0, bench.Host.Session.Gbcs.Unauthenticated, "insecure: acted on, not refused; secure: the PPMID sent nothing to refuse");
            Assert.AreEqual(insecure ? 1 : 0, bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count(), $"insecure={insecure}");
        }
    }

    [TestMethod]
    public void Cs08_Insecure_ReplayedCounterMalformedAndOtherRecipient_StillRefused()
    {
        var bench = new StandardBench(Seed, new StandardBenchOptions { Insecure = true });
        bench.JoinAll();
        var ppmid = bench.Ppmid.As<PpmidRole>();
        byte[] genuine = Cs08(bench, StandardBench.PpmidEui, 0x3000);
        bench.Host.SendGbcs(StandardBench.PpmidEui, genuine);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count() == 1, 10_000));

        byte[] replayed = (byte[])genuine.Clone();
        replayed[^1] ^= 0x01;
        bench.Host.SendGbcs(StandardBench.PpmidEui, replayed);
        bench.RunFor(5_000);
        StringAssert.Contains(ppmid.LastRefusal, "replayed originator counter");

        bench.Host.SendGbcs(StandardBench.PpmidEui, genuine[..^20]);
        bench.RunFor(5_000);
        Assert.AreEqual(2, ppmid.CommandsRefused, "a truncated command is never acted on");

        bench.Host.SendGbcs(StandardBench.PpmidEui, Cs08(bench, StandardBench.B1Eui, 0x3001));
        bench.RunFor(5_000);
        StringAssert.Contains(ppmid.LastRefusal, "for another recipient");
        Assert.AreEqual(1, bench.Host.Cs08ResponsesFrom(StandardBench.PpmidEui).Count(), "only the genuine command was answered");
        Assert.AreEqual(1, ppmid.GbcsSecurity.AcceptedInsecurely, "the replay's bad MAC was let through, its counter was not");
    }

    [TestMethod]
    public void Cs06_UnsignedButMacd_InsecureHub_ActedOnAndLogged()
    {
        var bench = new StandardBench(Seed, new StandardBenchOptions { Insecure = true });
        bench.JoinAll();
        var command = new ActivateFirmwareCommand { OriginatorCounter = 0x4000 };
        command.SetManufacturerImageHash(new byte[32], 0);
        var content = new byte[command.EncodedLength];
        command.WriteTo(new ByteWriter(content));
        byte[] unsigned = bench.Host.Session.Seal(RoleSettings.DefaultSupplierSystemTitle, StandardBench.HubEui, GbcsMessageCode.ActivateFirmware, 0x4000, content);

        bench.Host.SendGbcs(StandardBench.HubEui, unsigned);
        Assert.IsTrue(bench.RunUntil(() => bench.Host.Cs06ResponsesFrom(StandardBench.HubEui).Any(), 10_000), "answered (no image held: code 1)");
        var hub = bench.Hub.As<CommsHubRole>();
        Assert.AreEqual(0, hub.Activator.CommandsRefused);
        Assert.AreEqual(1, hub.Activator.GbcsSecurity.AcceptedInsecurely);
        Assert.IsTrue(bench.Hub.Log.Contains("INSECURE: CS06 from 90B3D51F30010000 acted on despite: supplier signature missing"));
    }

    private static byte[] Cs08(StandardBench bench, ulong device, ulong counter) => Cs08Commands.Sealed(bench, device, counter);

    private static ulong? LastCounter(StandardBench bench) => Cs08Commands.LastCounter(bench);
}

using System.Runtime.Versioning;
using HanBench.Bench.Devices;
using HanBench.Cli;
using HanBench.Device.Roles;
using HanBench.Host.Keys;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Security;
using HanBench.Transports;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// Issue 13 §4 replayed against a PPMID running as its own <c>hanbench board</c> process, provisioned from a keystore
/// through its state folder (issue 8 §1, §3): a second process on the PPMID's link, claiming the real hub's EUI-64 and
/// holding keys from its own keystore, cannot hand it an expectation for firmware 0x0BADF00D (the first step of the
/// activation it once got), cannot reboot it from a made-up address and cannot replay a genuine frame; the genuine host's
/// frames still work afterwards, and the board's GBCS answers verify with the keystore's exported keys.
/// </summary>
[TestClass]
[DoNotParallelize]
[SupportedOSPlatform("linux")]
public sealed class ManagementAttackProcessTests
{
    private const ulong Hub = 0x00DB_0000_0000_0001UL;
    private const ulong Ppmid = 0x00DB_0000_0000_0010UL;
    private const ulong Host = 0x00DB_0000_0000_F000UL;
    private const ulong MadeUp = 0x00DB_BAD0_0000_0666UL;

    [TestMethod]
    public async Task RogueHubOnThePpmidsLink_CannotSteerOrRebootIt_GenuineHostStillCan()
    {
        string dir = TestFolders.Create("hanbench-mgmt-attack-");
        string genuineKeys = Path.Combine(dir, "genuine-keys");
        string state = Path.Combine(dir, "ppmid");
        BoardProvisioning genuine = BoardProvisioning.FromKeystore(Keystore.Init(genuineKeys, DateTimeOffset.UtcNow), Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, TimeProvider.System);
        Keystore rogueStore = Keystore.Init(Path.Combine(dir, "rogue-keys"), DateTimeOffset.UtcNow);
        Assert.IsNotNull(BoardProvisioning.ManagementKey(rogueStore, new Host.Inventory.Eui64(Hub), create: true), "the rogue's own hub key");
        BoardProvisioning rogue = BoardProvisioning.FromKeystore(rogueStore, Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, TimeProvider.System);
        await using SocatPair cable = await SocatPair.StartAsync(dir, "han");
        await using BoardProcess ppmid = BoardProcess.Start("PPMID", "--role", "ppmid", "--id", Ppmid.ToString("X16"), "--hub", Hub.ToString("X16"),
            "--keystore", genuineKeys, "--state", state, "--restart-ms", "200", "--link", $"serial:{cable.A}");
        await ppmid.WaitForLineAsync("credentials provisioned from");
        await ppmid.WaitForLineAsync(": connected");
        await using IByteStreamLink link = await LinkFactory.OpenAsync(LinkSpec.ForSerial(cable.B));
        var wire = new Wire(link);

        // The rogue hub: the real hub's EUI-64, its own keystore's keys.
        (ushort suite, byte[] payload) = rogue.ManagementKeys.Seal(Hub, Hub, Ppmid, ManagementFrames.PpmidExpectation(0x0BADF00D));
        Assert.AreEqual(ManagementAuthenticator.SecuritySuite, suite);
        await wire.SendAsync(ManagementFrames.Frame(Hub, Ppmid, suite, payload));
        await ppmid.WaitForLineAsync($"management request 0x08 from {Hub:X16} dropped: MAC does not verify");
        await wire.SendAsync(ManagementFrames.Frame(Hub, Ppmid, 0, ManagementFrames.PpmidExpectation(0x0BADF00D)));
        await ppmid.WaitForLineAsync($"management request 0x08 from {Hub:X16} dropped: unauthenticated (no MAC)");
        await wire.SendAsync(ManagementFrames.Frame(MadeUp, Ppmid, 0, ManagementFrames.Reboot()));
        await ppmid.WaitForLineAsync($"management request 0x03 from {MadeUp:X16} dropped: unauthenticated (no MAC)");
        Assert.IsFalse(Directory.EnumerateFiles(Path.Combine(state, "settings"), "expect.*").Any(), "no expectation stored");
        Assert.IsFalse(ppmid.Output.Contains("restarting", StringComparison.Ordinal), ppmid.Output);

        // The genuine host reboots it once; the same frame played again is refused.
        (suite, payload) = genuine.ManagementKeys.Seal(Host, Hub, Ppmid, ManagementFrames.Reboot());
        HanFrame reboot = ManagementFrames.Frame(Host, Ppmid, suite, payload);
        await wire.SendAsync(reboot);
        await ppmid.WaitForLineAsync("restarting");
        await Task.Delay(1_000);
        await wire.SendAsync(reboot);
        await ppmid.WaitForLineAsync($"management request 0x03 from {Host:X16} dropped: replayed counter");

        // The genuine hub's expectation is taken, and the answer is sealed with the PPMID's key.
        (suite, payload) = genuine.ManagementKeys.Seal(Hub, Hub, Ppmid, ManagementFrames.PpmidExpectation(0x00020000));
        await wire.SendAsync(ManagementFrames.Frame(Hub, Ppmid, suite, payload));
        HanFrame ack = await wire.ReceiveAsync(f => f.Kind == HanFrameKind.Management && f.Source == Ppmid && f.Destination == Hub);
        Assert.AreEqual(ManagementAuthStatus.Ok, genuine.ManagementKeys.Verify(ack.ClusterId, Ppmid, Hub, ack.Destination, ack.Payload, ack.PayloadOffset, ack.PayloadLength, out int length, out _));
        var answer = new ManagementMessage();
        Assert.AreEqual(ManagementDecodeStatus.Ok, answer.TryDecode(new ByteReader(ack.Payload, ack.PayloadOffset, length)));
        Assert.AreEqual((byte)ManagementMessageType.ImageExpectation, answer.Ack.RequestType);
        Assert.AreEqual(ManagementResult.Ok, answer.Ack.Result, ppmid.Output);
        Assert.IsTrue(Directory.EnumerateFiles(Path.Combine(state, "settings"), "expect.*").Any(), "the genuine expectation is stored");

        // Its GBCS keys are the keystore's: a CS08 from the keystore's ACB is answered, and the answer verifies with the exported keys.
        // (The board process issued its keys into the keystore: open it afresh to see them.)
        genuine = BoardProvisioning.FromKeystore(Keystore.Open(genuineKeys), Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, TimeProvider.System);
        byte[] cs08 = Cs08(genuine.NewHostGbcsKeys().SharedSecretWith(Ppmid), 0x4000);
        await wire.SendAsync(GbcsFrame(Host, Ppmid, cs08));
        HanFrame response = await wire.ReceiveAsync(f => f.Kind == HanFrameKind.Gbcs && f.Source == Ppmid);
        string export = Path.Combine(dir, "export");
        Keystore.Open(genuineKeys).Export(export);
        string hex = Convert.ToHexString(response.Payload, response.PayloadOffset, response.PayloadLength);
        var output = new StringWriter();
        Assert.AreEqual(ExitCodes.Ok, HanBenchCli.Run(["gbcs", "verify", hex, "--keystore", export], output, output), output.ToString());

        ppmid.Terminate();
        Assert.AreEqual(BoardProcess.StoppedBySigterm, await ppmid.WaitForExitAsync(), ppmid.Output);
    }

    [TestMethod]
    public async Task BoardWithoutKeys_RefusesManagementAndGbcsNamingWhy()
    {
        string dir = TestFolders.Create("hanbench-mgmt-nokeys-");
        await using SocatPair cable = await SocatPair.StartAsync(dir, "han");
        await using BoardProcess ppmid = BoardProcess.Start("PPMID", "--role", "ppmid", "--id", Ppmid.ToString("X16"), "--hub", Hub.ToString("X16"),
            "--state", Path.Combine(dir, "ppmid"), "--link", $"serial:{cable.A}");
        await ppmid.WaitForLineAsync("credentials: no keys provisioned; management requests and secured GBCS are refused");
        await ppmid.WaitForLineAsync(": connected");
        await using IByteStreamLink link = await LinkFactory.OpenAsync(LinkSpec.ForSerial(cable.B));
        var wire = new Wire(link);

        (ushort suite, byte[] payload) = BoardProvisioning.TestKeys.ManagementKeys.Seal(Host, Hub, Ppmid, ManagementFrames.Reboot());
        await wire.SendAsync(ManagementFrames.Frame(Host, Ppmid, suite, payload));
        await ppmid.WaitForLineAsync($"management request 0x03 from {Host:X16} dropped: no keys provisioned");
        await wire.SendAsync(GbcsFrame(Host, Ppmid, Cs08(BoardProvisioning.TestKeys.NewHostGbcsKeys().SharedSecretWith(Ppmid), 0x4000)));
        await ppmid.WaitForLineAsync("no GBCS keys: no keys provisioned");
        Assert.IsFalse(ppmid.Output.Contains("restarting", StringComparison.Ordinal), "no shared test keys are used instead");

        ppmid.Terminate();
        Assert.AreEqual(BoardProcess.StoppedBySigterm, await ppmid.WaitForExitAsync(), ppmid.Output);
    }

    private static HanFrame GbcsFrame(ulong source, ulong destination, byte[] message)
    {
        var frame = new HanFrame { Kind = HanFrameKind.Gbcs, Source = source, Destination = destination };
        frame.SetPayload(message, 0, message.Length);
        return frame;
    }

    // A CS08 read of the firmware version from the ACB, MAC'd with Z (docs/GBCS-SECURITY.md §1–2).
    private static byte[] Cs08(byte[] z, ulong counter) => Gbcs.Cs08Command.Macd(z, Ppmid, counter);

    // The attacker's (and the genuine host's) end of the PPMID's link: frames out, frames in (bounded).
    private sealed class Wire(IByteStreamLink link)
    {
        private readonly StreamFramer _framer = new();
        private readonly StreamDeframer _deframer = new();
        private readonly byte[] _buffer = new byte[4096];

        public async Task SendAsync(HanFrame frame)
        {
            byte[] bytes = new byte[StreamFramer.MaxEncodedLength];
            int length = _framer.Encode(frame, bytes, 0);
            await link.WriteAsync(bytes.AsMemory(0, length));
        }

        public async Task<HanFrame> ReceiveAsync(Func<HanFrame, bool> wanted)
        {
            using var deadline = new CancellationTokenSource(TestPeer.Patience);
            while (true)
            {
                int count = await link.ReadAsync(_buffer, deadline.Token);
                for (int offset = 0; offset < count;)
                {
                    offset += _deframer.Feed(_buffer, offset, count - offset);
                    if (_deframer.FrameReady && wanted(_deframer.Frame))
                    {
                        HanFrame frame = _deframer.Frame;
                        var copy = new HanFrame { Kind = frame.Kind, Source = frame.Source, Destination = frame.Destination, ClusterId = frame.ClusterId };
                        copy.SetPayload(frame.Payload[frame.PayloadOffset..(frame.PayloadOffset + frame.PayloadLength)], 0, frame.PayloadLength);
                        return copy;
                    }
                }
            }
        }
    }
}

using System.Net.Sockets;
using System.Text.Json;
using HanBench.Device.Roles;
using HanBench.Host.Keys;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;

namespace HanBench.VirtualBoard.Tests.Gbcs;

/// <summary>Issue 8 §3: <c>hanbench board --gbcs-log</c> writes the GBCS messages the board receives and sends, and SIGTERM leaves the file whole.</summary>
[TestClass]
public sealed class BoardGbcsLogProcessTests
{
    private const ulong Ppmid = 0x00DB000000000010UL;
    private const ulong Hub = 0x00DB000000000001UL;

    // A CS08 command (ACB 90B3D51F30000002 → PPMID 00DB000000000010, originator counter 0x1000), MAC'd with HanBench's
    // test keys, which the test provisions the board with.
    private static readonly byte[] Cs08 = Cs08Command.Macd(BoardProvisioning.TestKeys.NewHostGbcsKeys().SharedSecretWith(Ppmid), Ppmid, 0x1000);

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task PpmidBoard_Cs08OverTcp_LogHoldsTheCommandReceivedAndTheResponseSent_SigtermExitsZero()
    {
        string dir = TestFolders.Create("hanbench-board-gbcslog-");
        string log = Path.Combine(dir, "ppmid.jsonl");
        string state = Path.Combine(dir, "state");
        BoardProvisioning.TestKeys.WriteFile(RoleSettings.ForPpmid(Ppmid, Hub), state);
        await using (BoardProcess board = BoardProcess.Start("PPMID", "--role", "ppmid", "--id", $"{Ppmid:X16}", "--link", "listen:0", "--state", state, "--gbcs-log", log))
        {
            string listen = board.Line(await board.WaitForLineAsync("link 0: listen:127.0.0.1:"));
            int port = int.Parse(listen[(listen.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            byte[] payload = Cs08;
            var frame = new HanFrame { Kind = HanFrameKind.Gbcs, Source = Hub, Destination = Ppmid, Sequence = 1 };
            frame.SetPayload(payload, 0, payload.Length);
            byte[] wire = new byte[StreamFramer.MaxEncodedLength];
            int length = new StreamFramer().Encode(frame, wire, 0);
            await client.GetStream().WriteAsync(wire.AsMemory(0, length));

            // The answer comes back on the link: the response is in the log once a GBCS frame arrives here.
            var deframer = new StreamDeframer();
            byte[] buffer = new byte[4096];
            using var patience = new CancellationTokenSource(TestPeer.Patience);
            bool answered = false;
            while (!answered)
            {
                int count = await client.GetStream().ReadAsync(buffer, patience.Token);
                Assert.AreNotEqual(0, count, "the board hung up before answering\n" + board.Output);
                for (int at = 0; at < count && !answered;)
                {
                    at += deframer.Feed(buffer, at, count - at);
                    answered = deframer.FrameReady && deframer.Frame.Kind == HanFrameKind.Gbcs;
                }
            }

            board.Terminate();
            Assert.AreEqual(BoardProcess.StoppedBySigterm, await board.WaitForExitAsync(), board.Output);
        }

        JsonElement[] lines = [.. File.ReadLines(log).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        Assert.AreEqual(2, lines.Length, string.Join('\n', File.ReadLines(log)));
        Assert.AreEqual("received", lines[0].GetProperty("direction").GetString());
        Assert.AreEqual(Convert.ToHexString(Cs08), lines[0].GetProperty("hex").GetString());
        Assert.AreEqual($"{Hub:X16}", lines[0].GetProperty("from").GetString());
        Assert.AreEqual("sent", lines[1].GetProperty("direction").GetString());
        Assert.AreEqual("0129", lines[1].GetProperty("messageCode").GetString());
        Assert.AreEqual("Response", lines[1].GetProperty("cra").GetString());
        Assert.AreEqual($"{Ppmid:X16}", lines[1].GetProperty("from").GetString());
    }
}

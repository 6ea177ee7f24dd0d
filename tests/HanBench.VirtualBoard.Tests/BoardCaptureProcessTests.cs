using System.Buffers.Binary;

namespace HanBench.VirtualBoard.Tests;

/// <summary>Issue 12: <c>hanbench board --capture</c> records what the board process sends and receives on its link.</summary>
[TestClass]
public sealed class BoardCaptureProcessTests
{
    private const ulong IdA = 0x00DB00000000000AUL;
    private const ulong IdB = 0x00DB00000000000BUL;

    [TestMethod]
    public async Task EchoBoardWithCapture_PeerOverTcp_CaptureHoldsFramesBothWaysOnItsLink()
    {
        string dir = Directory.CreateTempSubdirectory("hanbench-board-capture-").FullName;
        string file = Path.Combine(dir, "a.pcapng");
        try
        {
            await using (BoardProcess a = BoardProcess.Start("A", "--role", "echo", "--id", $"{IdA:X16}", "--link", "listen:0", "--state", Path.Combine(dir, "a"), "--capture", file))
            {
                string listen = a.Line(await a.WaitForLineAsync("link 0: listen:127.0.0.1:"));
                int port = int.Parse(listen[(listen.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                await using BoardProcess b = BoardProcess.Start("B", "--role", "echo", "--id", $"{IdB:X16}", "--link", $"tcp:127.0.0.1:{port}", "--state", Path.Combine(dir, "b"));
                await a.WaitForLineAsync("echo reply from 00-DB-00-00-00-00-00-0B on link 0");
                a.Terminate();
                Assert.AreEqual(BoardProcess.StoppedBySigterm, await a.WaitForExitAsync(), a.Output);
            }

            // The file's packets: DLT_USER0 HAN frames (kind, sequence, source, destination big-endian, …).
            byte[] capture = await File.ReadAllBytesAsync(file);
            var directions = new HashSet<(ulong, ulong)>();
            int interfaces = 0;
            for (int at = 0; at < capture.Length;)
            {
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(at));
                int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(at + 4));
                if (type == 1)
                {
                    interfaces++;
                    Assert.AreEqual(147, BinaryPrimitives.ReadUInt16LittleEndian(capture.AsSpan(at + 8)), "a board's link is in HanBench framing");
                }
                else if (type == 6)
                {
                    int packet = at + 28;
                    directions.Add((BinaryPrimitives.ReadUInt64BigEndian(capture.AsSpan(packet + 2)), BinaryPrimitives.ReadUInt64BigEndian(capture.AsSpan(packet + 10))));
                }

                at += length;
            }

            Assert.AreEqual(1, interfaces, "one interface for the board's one link");
            Assert.IsTrue(directions.Contains((IdA, IdB)) || directions.Contains((IdA, ulong.MaxValue)), "what A sent");
            Assert.IsTrue(directions.Contains((IdB, IdA)) || directions.Contains((IdB, ulong.MaxValue)), "what A received");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

namespace HanBench.Host.Tests.Capture;

/// <summary>Issue 12: a capture of a run killed midway (SIGKILL, no chance to close the file) stays readable up to its last frame.</summary>
[TestClass]
public sealed class KilledRunCaptureTests
{
    /// <summary>Bytes of capture to wait for before the kill: well past the interfaces, into the OTA transfers.</summary>
    private const long KillAfterBytes = 256 * 1024;

    [TestMethod]
    [TestCategory("Capture")]
    public void DemoCapture_ProcessKilledMidRun_TsharkReadsEveryFrameWritten()
    {
        Tshark.RequireInstalled();
        string dir = Directory.CreateTempSubdirectory("hanbench-killed-").FullName;
        string file = Path.Combine(dir, "killed.pcapng");
        try
        {
            KilledDemo.RunAndKill(["--real-time", "--scale", "50", "--capture", file], () => File.Exists(file) && new FileInfo(file).Length >= KillAfterBytes, "the demo wrote too little capture");

            long length = new FileInfo(file).Length;
            (List<string[]> rows, int exit, string errors) = Tshark.Fields(file, "frame.interface_id", "_ws.malformed");
            Assert.AreEqual(0, exit, $"a killed run's capture ({length} bytes) reads cleanly: {errors}");
            int written = CompletePackets(File.ReadAllBytes(file));
            Assert.IsTrue(written > 100, $"{written} packets written before the kill");
            Assert.AreEqual(written, rows.Count, $"tshark reads every complete packet block of the {length} bytes");
            Assert.IsTrue(rows.All(r => r[1].Length == 0), "no malformed frame");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Enhanced Packet Blocks (type 6) that are whole in <paramref name="file"/>, walking the pcapng blocks by their
    /// little-endian total lengths (the writer is little-endian); a block the kill cut short is not counted.
    /// </summary>
    private static int CompletePackets(byte[] file)
    {
        int packets = 0;
        int at = 0;
        while (at + 12 <= file.Length)
        {
            uint type = BitConverter.ToUInt32(file, at);
            int length = BitConverter.ToInt32(file, at + 4);
            if (length < 12 || at + length > file.Length)
            {
                break;
            }

            packets += type == 6 ? 1 : 0;
            at += length;
        }

        return packets;
    }
}

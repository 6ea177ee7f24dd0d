using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using HanBench.Cli;

namespace HanBench.VirtualBoard.Tests;

/// <summary>
/// The README's "A bench of boards by hand" section, run as a user runs it: every command is its own <c>hanbench</c>
/// process started in the bench folder, the boards (a Comms Hub, a PPMID, Alt HAN bridge B1 with a gas meter behind it)
/// talk over socat pty pairs, and the commands are the README's own lines read from it, so the README cannot say
/// something the CLI does not do. Outcomes only: what the two <c>csp run</c> say and their exit codes, and that every
/// line of the second one's <c>--gbcs-log</c> verifies with <c>hanbench gbcs verify</c> and the keys <c>keys export</c> wrote.
/// </summary>
[TestClass]
[DoNotParallelize]
[SupportedOSPlatform("linux")]
public sealed class ReadmeBoardFlowTests
{
    private const string Section = "### A bench of boards by hand";
    private const string Hub = "00-DB-00-00-00-00-00-01";
    private const string Ppmid = "00-DB-00-00-00-00-00-10";
    private const string B1 = "00-DB-00-00-00-00-00-11";
    private const string Meter = "00-DB-00-00-00-00-00-12";

    private static readonly TimeSpan LongPatience = TimeSpan.FromMinutes(5);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ReadmeBoardFlow_HubPpmidAndB1WithMeterOverPtys_CommissionsDistributesActivatesAndReadsBack()
    {
        string dir = TestFolders.Create("hanbench-readme-flow-");
        string block = ReadmeBlock();
        var cables = new List<SocatPair>();
        var boards = new List<BoardProcess>();
        var cspOutputs = new List<string>();
        try
        {
            foreach (string cable in new[] { "wan", "ppmid", "b1", "gas" })
            {
                StringAssert.Contains(block, $"socat pty,raw,echo=0,link={cable}-a pty,raw,echo=0,link={cable}-b &");
                cables.Add(await SocatPair.StartAsync(dir, cable));
            }

            File.WriteAllBytes(Path.Combine(dir, "ppmid-fw.bin"), Payload(3_000, 1));
            File.WriteAllBytes(Path.Combine(dir, "b1-fw.bin"), Payload(5_000, 2));
            List<string[]> commands = Commands(block);
            Assert.IsTrue(commands.Count > 10, $"the README section lists the flow's commands ({commands.Count} found)");
            foreach (string[] command in commands)
            {
                string label = string.Join(' ', command.Take(3));
                if (command[0] == "board")
                {
                    BoardProcess board = BoardProcess.StartCommand(label, command, dir);
                    boards.Add(board);
                    await board.WaitForLineAsync("running; Ctrl+C or SIGTERM stops");
                    continue;
                }

                await using BoardProcess step = BoardProcess.StartCommand(label, command, dir);
                int exit = await step.WaitForExitAsync(LongPatience);
                TestContext.WriteLine(step.Output);
                Assert.AreEqual(0, exit, $"{string.Join(' ', command)}\n{step.Output}\n{string.Join("\n", boards.Select(b => b.Output))}");
                if (command[0] == "csp")
                {
                    cspOutputs.Add(step.Output);
                }
            }

            // The first csp run joined the devices (the PPMID and the meter became Commissioned through it, a command a user
            // has, once each answered through the hub: whitelisting alone is not joining, audit N5); the second distributed, saw each device activate (N39) and read the versions back with CS08.
            Assert.AreEqual(2, cspOutputs.Count, "the README runs csp run twice");
            StringAssert.Contains(cspOutputs[0], $"join: {Ppmid} answered through Comms Hub {Hub}: it is on the HAN; Commissioned");
            StringAssert.Contains(cspOutputs[0], $"join: {B1} is on Comms Hub {Hub}'s HAN");
            StringAssert.Contains(cspOutputs[0], $"join: {Meter} answered through Comms Hub {Hub}: it is on the HAN; Commissioned");
            string second = cspOutputs[1];
            StringAssert.Contains(second, $"progress {Ppmid} main 00020000 Activated");
            StringAssert.Contains(second, $"progress {B1} silabs 00020000 Activated");
            StringAssert.Contains(second, $"alert N39 device {Ppmid}");
            StringAssert.Contains(second, $"alert N39 device {B1}");
            StringAssert.Contains(second, $"11.2 {Ppmid} 00020000 I0");
            StringAssert.Contains(second, $"11.2 {B1} 00020000 I0");
            Assert.IsFalse(second.Contains("failed ", StringComparison.Ordinal), second);
            VerifyGbcsLog(dir, block);
        }
        finally
        {
            foreach (BoardProcess board in boards)
            {
                TestContext.WriteLine(board.Output);
                await board.DisposeAsync();
            }

            foreach (SocatPair cable in cables)
            {
                await cable.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Issue 8 §3: every message the second <c>csp run</c> wrote to its <c>--gbcs-log</c>, commands sent to the devices and
    /// their responses and alerts received, verifies (exit 0) with <c>hanbench gbcs verify</c> and the exported keys.
    /// </summary>
    private void VerifyGbcsLog(string dir, string block)
    {
        StringAssert.Contains(block, "--read-versions --gbcs-log gbcs.jsonl");
        StringAssert.Contains(block, "hanbench keys export --keystore keys --dir keys-export");
        string exported = Path.Combine(dir, "keys-export");
        string[] lines = File.ReadAllLines(Path.Combine(dir, "gbcs.jsonl"));
        var directions = new SortedSet<string>(StringComparer.Ordinal);
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            string hex = entry.RootElement.GetProperty("hex").GetString()!;
            directions.Add(entry.RootElement.GetProperty("direction").GetString()!);
            kinds.Add($"{entry.RootElement.GetProperty("messageCode").GetString()} {entry.RootElement.GetProperty("cra").GetString()}");
            var output = new StringWriter(CultureInfo.InvariantCulture);
            var error = new StringWriter(CultureInfo.InvariantCulture);
            int exit = HanBenchCli.Run(["gbcs", "verify", hex, "--keystore", exported], output, error);
            Assert.AreEqual(ExitCodes.Ok, exit, $"{line}\n{output}{error}");
        }

        TestContext.WriteLine($"{lines.Length} GBCS messages verified: {string.Join(", ", kinds)}");
        CollectionAssert.AreEquivalent(new[] { "received", "sent" }, directions.ToArray(), "the log holds what the host sent and what it received");
    }

    /// <summary>The README section's shell block.</summary>
    private static string ReadmeBlock()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, $"README.md has a section '{Section}'");
        int block = readme.IndexOf("```sh\n", start, StringComparison.Ordinal) + "```sh\n".Length;
        return readme[block..readme.IndexOf("```", block, StringComparison.Ordinal)];
    }

    /// <summary>The block's <c>hanbench …</c> lines in order, split into arguments; a trailing <c>&amp;</c> (left running) and comments dropped.</summary>
    private static List<string[]> Commands(string block) =>
        [.. block.Split('\n')
            .Select(raw => raw.Split(" #")[0].Trim().TrimEnd('&').Trim())
            .Where(line => line.StartsWith("hanbench ", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..])];

    private static byte[] Payload(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "HanBench.slnf")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new AssertFailedException("the repository root (HanBench.slnf) is above the test's folder");
    }
}

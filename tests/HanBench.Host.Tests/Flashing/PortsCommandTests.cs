using System.CommandLine;
using System.Text.Json.Nodes;
using HanBench.Cli;
using HanBench.Cli.Commands;
using HanBench.Tooling.Boards;
using HanBench.Transports.Serial;

namespace HanBench.Host.Tests.Flashing;

[TestClass]
public sealed class PortsCommandTests
{
    [TestMethod]
    public void Enumerator_FakeDevFolder_ListsUsbAndAcmWithByIdNames_SkipsUartsThatDoNotAnswer()
    {
        string dev = Directory.CreateTempSubdirectory("hanbench-dev-").FullName;
        try
        {
            foreach (string name in new[] { "ttyUSB10", "ttyUSB2", "ttyACM0", "ttyS0", "tty0", "null" })
            {
                File.WriteAllText(Path.Combine(dev, name), string.Empty);
            }

            string byId = Path.Combine(dev, "serial", "by-id");
            Directory.CreateDirectory(byId);
            File.CreateSymbolicLink(Path.Combine(byId, "usb-Silicon_Labs_CP2102_0001-if00-port0"), "../../ttyUSB2");
            File.CreateSymbolicLink(Path.Combine(byId, "usb-Espressif_USB_JTAG_serial_debug_unit-if00"), "../../ttyACM0");

            IReadOnlyList<SerialPortInfo> ports = SerialPortEnumerator.List(dev);
            CollectionAssert.AreEqual(
                new[] { $"{dev}/ttyUSB2", $"{dev}/ttyUSB10", $"{dev}/ttyACM0" },
                ports.Select(p => p.Path).ToArray(),
                "ttyS0 here is a plain file that does not answer as a tty, so it is left out");
            Assert.AreEqual("usb-serial", ports[0].Kind);
            Assert.AreEqual("usb-acm", ports[2].Kind);
            CollectionAssert.AreEqual(new[] { $"{byId}/usb-Silicon_Labs_CP2102_0001-if00-port0" }, ports[0].StableNames.ToArray());
            Assert.AreEqual(0, ports[1].StableNames.Count);
            Assert.AreEqual("not a tty", ports[0].Status);
        }
        finally
        {
            Directory.Delete(dev, recursive: true);
        }
    }

    [TestMethod]
    public void Ports_Json_ListsEachPortWithItsProbeResult()
    {
        string dev = Directory.CreateTempSubdirectory("hanbench-dev-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dev, "ttyUSB0"), string.Empty);
            CliResult plain = RunPorts(new NoBoardProber(), dev, "--json");
            Assert.AreEqual(ExitCodes.Ok, plain.ExitCode, plain.Error);
            JsonArray rows = JsonNode.Parse(plain.Output)!.AsArray();
            Assert.AreEqual(1, rows.Count);
            Assert.AreEqual($"{dev}/ttyUSB0", (string?)rows[0]!["path"]);
            Assert.AreEqual(false, (bool?)rows[0]!["probed"]);
            Assert.IsNull(rows[0]!["board"]);

            CliResult table = RunPorts(new NoBoardProber(), dev);
            StringAssert.Contains(table.Output, "ttyUSB0");
            StringAssert.Contains(table.Output, "not probed");
        }
        finally
        {
            Directory.Delete(dev, recursive: true);
        }
    }

    [TestMethod]
    public void Ports_RealMachine_RunsAndPrintsJson()
    {
        CliResult result = CliRunner.Run("ports", "--json");
        Assert.AreEqual(ExitCodes.Ok, result.ExitCode, result.Error);
        Assert.IsNotNull(JsonNode.Parse(result.Output)!.AsArray());
    }

    private static CliResult RunPorts(IBoardProber prober, string dev, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand { PortsCommand.Create(new CliConsole(output, error), prober, dev) };
        int exit = root.Parse(["ports", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

using HanBench.Bench.Capture;
using HanBench.Bench.Radio;
using HanBench.Bench.Topology;
using HanBench.Device.Hal;
using HanBench.Host.Csp;
using HanBench.Tooling.Demo;
using HanBench.Host.Tests.Demo;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Host.Tests.Capture;

/// <summary>
/// Issue 12: a demo run's capture read back with Wireshark's own dissectors (tshark) and HanBench's Lua dissector must
/// show exactly the OTA commands HanBench sent, with their file offsets and sizes, and the GBCS headers HanBench logged.
/// One demo run, one tshark run.
/// </summary>
[TestClass]
public sealed class DemoCaptureTests
{
    private const string ToServer = "zbee_zcl_general.ota.cmd.srv_rx.id";
    private const string ToClient = "zbee_zcl_general.ota.cmd.srv_tx.id";

    private static readonly string[] Fields =
    [
        "frame.interface_id", "frame.comment", "wpan.src16", "zbee_nwk.src64", "zbee_nwk.dst64", ToServer, ToClient,
        "zbee_zcl_general.ota.file.offset", "zbee_zcl_general.ota.max_data_size", "zbee_zcl_general.ota.data_size",
        "_ws.malformed", "_ws.expert.severity", "hanbench.gbcs.cra", "hanbench.gbcs.message_code", "hanbench.gbcs.counter",
        "hanbench.gbcs.originator", "hanbench.gbcs.recipient", "hanbench.gbcs.alert_code", "hanbench.dst",
    ];

    [TestMethod]
    [TestCategory("Capture")]
    public void DemoCapture_ReadByTshark_ShowsEveryOtaCommandSentAndTheGbcsHeadersLogged()
    {
        Tshark.RequireInstalled();
        string dir = Directory.CreateTempSubdirectory("hanbench-capture-").FullName;
        try
        {
            string file = Path.Combine(dir, "demo.pcapng");
            var sent = new List<OtaSent>();
            var bench = new StandardBench(new DemoOptions().Seed, new StandardBenchOptions { WrapLink = link => new OtaSendLog(link, sent) });
            DemoReport report;
            long packets;
            var interfacesOf = new Dictionary<ulong, HashSet<string>>();
            using (HanCapture capture = HanCapture.Create(file))
            using (var recording = new MediumCapture(bench.Medium, capture))
            {
                report = new DemoRunner(new StandardDemoBench(bench), new DemoOptions(), new RecordingDemoObserver()).Run();
                packets = capture.Writer.PacketsWritten;
                foreach (MediumHop hop in bench.Medium.Hops)
                {
                    CaptureHop itf = recording.InterfacesOf(hop);
                    foreach (MediumNode end in new[] { hop.A, hop.B })
                    {
                        HashSet<string> ids = interfacesOf.TryGetValue(end.Eui64, out HashSet<string>? known) ? known : interfacesOf[end.Eui64] = [];
                        ids.Add(itf.ZigBeeInterface.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        ids.Add(itf.HanBenchInterface.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }

            Assert.IsTrue(report.Succeeded, string.Join(Environment.NewLine, report.Failures));
            (List<string[]> rows, int exit, string errors) = Tshark.Fields(file, Fields);
            Assert.AreEqual(0, exit, errors);
            Assert.AreEqual(packets, rows.Count, "tshark reads every packet written");
            Dictionary<string, int> at = Fields.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i);
            string[] faulty = rows.Where(r => r[at["_ws.malformed"]].Length > 0 || r[at["_ws.expert.severity"]].Length > 0).Select(r => string.Join(" | ", r)).Take(3).ToArray();
            Assert.AreEqual(0, faulty.Length, "no malformed packet, no expert info: " + string.Join(Environment.NewLine, faulty));

            // What each OTA party put on air: the frames on one of its own hops whose MAC source is their NWK source.
            List<OtaSent> captured = [];
            foreach (string[] r in rows)
            {
                string toServer = r[at[ToServer]];
                string toClient = r[at[ToClient]];
                if (toServer.Length == 0 && toClient.Length == 0)
                {
                    continue;
                }

                ulong source = Tshark.Eui(r[at["zbee_nwk.src64"]])!.Value;
                if (Tshark.Number(r[at["wpan.src16"]]) != ZigBeeDataFrame.ShortAddress(source) || !interfacesOf[source].Contains(r[at["frame.interface_id"]]))
                {
                    continue;
                }

                bool fromServer = toClient.Length > 0;
                ulong? size = Tshark.Number(r[at[fromServer ? "zbee_zcl_general.ota.data_size" : "zbee_zcl_general.ota.max_data_size"]]);
                captured.Add(new OtaSent(source, Tshark.Eui(r[at["zbee_nwk.dst64"]]) ?? HanFrame.Broadcast, fromServer,
                    (byte)Tshark.Number(fromServer ? toClient : toServer)!.Value, (long?)Tshark.Number(r[at["zbee_zcl_general.ota.file.offset"]]) ?? -1, (long?)size ?? -1));
            }

            // Image Notify may be a broadcast heard on several hops; every other command is compared one for one.
            List<OtaSent> expected = [.. sent.Where(s => s.Command != (byte)OtaCommandId.ImageNotify)];
            List<OtaSent> seen = [.. captured.Where(s => s.Command != (byte)OtaCommandId.ImageNotify && s.Source != StandardBench.HostEui)];
            Assert.IsTrue(expected.Count > 1000, $"the demo moved {expected.Count} OTA commands");
            CollectionAssert.AreEquivalent(Summarise(expected), Summarise(seen), "every OTA command sent appears once on its first hop with its offset and size:\n" + string.Join("\n", Summarise(expected).Except(Summarise(seen))) + "\nbut:\n" + string.Join("\n", Summarise(seen).Except(Summarise(expected))));
            Assert.IsTrue(expected.Order().SequenceEqual(seen.Order()), "and with the same file offsets and data sizes");

            // Per device, the requests it sent and the responses sent to it match HanBench's own counts, and each transfer
            // starts with one Query Next Image and ends with one Upgrade End.
            foreach (DemoDeviceReport device in report.Devices)
            {
                ulong eui = Convert.ToUInt64(device.Eui64.Replace("-", string.Empty, StringComparison.Ordinal), 16);
                // The hub downloads every image the CSP delivers to it (N59), its own included, from the host.
                int transfers = eui == StandardBench.HubEui ? bench.Host.Delivered.Count : device.Components.Count(c => c.Target is not null);
                Assert.AreEqual(transfers, seen.Count(s => s.Source == eui && s.Command == (byte)OtaCommandId.QueryNextImageRequest), $"{device.Name}: one Query Next Image per transfer");
                Assert.AreEqual(transfers, seen.Count(s => s.Source == eui && s.Command == (byte)OtaCommandId.UpgradeEndRequest), $"{device.Name}: one Upgrade End per transfer");
                Assert.IsTrue(captured.Count(s => s.Destination == eui && s.Command == (byte)OtaCommandId.ImageBlockResponse) > 100, $"{device.Name}: received its blocks");
            }

            // The hub's own image came from the host's OTA server over the WAN: the server's counters are what was captured.
            OtaServer host = bench.Host.Ota;
            List<OtaSent> fromHost = [.. captured.Where(s => s.Source == StandardBench.HostEui)];
            List<OtaSent> toHost = [.. captured.Where(s => s.Destination == StandardBench.HostEui)];
            Assert.AreEqual(host.BlocksSent, fromHost.Count(s => s.Command == (byte)OtaCommandId.ImageBlockResponse));
            Assert.AreEqual(host.PageRequestsReceived, toHost.Count(s => s.Command == (byte)OtaCommandId.ImagePageRequest));
            Assert.AreEqual(host.BlockRequestsReceived, toHost.Count(s => s.Command == (byte)OtaCommandId.ImageBlockRequest));

            // GBCS on the WAN, decoded by hanbench.lua: the 0x8F8B alerts and CS08 responses the host logged, field for field.
            List<GbcsHeader> logged = [.. bench.Host.Gbcs.Select(g => g.Header).Where(g => g.MessageCode is GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert or GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion)];
            List<string> decoded = [];
            int commands = 0;
            foreach (string[] r in rows.Where(r => r[at["frame.interface_id"]] == "0" && r[at["hanbench.gbcs.cra"]].Length > 0))
            {
                var cra = (GbcsCraFlag)Tshark.Number(r[at["hanbench.gbcs.cra"]])!.Value;
                var code = (ushort)Tshark.Number(r[at["hanbench.gbcs.message_code"]])!.Value;
                ulong originator = Tshark.Eui(r[at["hanbench.gbcs.originator"]])!.Value;
                ulong recipient = Tshark.Eui(r[at["hanbench.gbcs.recipient"]])!.Value;
                if (code == GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion && cra == GbcsCraFlag.Command)
                {
                    commands++;
                    Assert.IsTrue(report.Devices.Any(d => Convert.ToUInt64(d.Eui64.Replace("-", string.Empty, StringComparison.Ordinal), 16) == recipient), $"CS08 to {recipient:X16}");
                }

                if (Tshark.Eui(r[at["hanbench.dst"]]) == StandardBench.HostEui && code is GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert or GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion)
                {
                    decoded.Add($"{cra} {code:X4} {Tshark.Number(r[at["hanbench.gbcs.counter"]])} {originator:X16} {recipient:X16}");
                    if (code == GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert)
                    {
                        Assert.AreEqual((ulong)GbcsAlertCode.PpmidHcalcsFirmwareActivation, Tshark.Number(r[at["hanbench.gbcs.alert_code"]]), "the alert code inside the 0x8F8B alert");
                    }
                }
            }

            Assert.IsTrue(logged.Count(g => g.MessageCode == GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert) >= 5, "every device raised 0x8F8B");
            CollectionAssert.AreEquivalent(logged.Select(g => $"{g.Cra} {g.MessageCode:X4} {g.OriginatorCounter} {g.Originator:X16} {g.Recipient:X16}").ToList(), decoded);
            Assert.IsTrue(commands >= logged.Count(g => g.Cra == GbcsCraFlag.Response), "each CS08 response answers a CS08 command seen on the WAN");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<string> Summarise(IEnumerable<OtaSent> commands) =>
        [.. commands.GroupBy(c => (c.Source, c.Destination, c.FromServer, c.Command)).Select(g => $"{g.Key.Source:X16}->{g.Key.Destination:X16} {(g.Key.FromServer ? "rsp" : "req")} 0x{g.Key.Command:X2} ×{g.Count()}")];

    /// <summary>An OTA command put on air: who to whom, which, and its file offset and data size (-1 when it has none).</summary>
    private sealed record OtaSent(ulong Source, ulong Destination, bool FromServer, byte Command, long Offset, long Size) : IComparable<OtaSent>
    {
        public int CompareTo(OtaSent? other) => other is null ? 1 : string.CompareOrdinal(ToString(), other.ToString());
    }

    /// <summary>A device's link that logs each OTA command the device sends on it and the link accepts.</summary>
    private sealed class OtaSendLog(IFrameLink inner, List<OtaSent> sent) : IFrameLink
    {
        public int MaxFrameLength => inner.MaxFrameLength;

        public bool Send(HanFrame frame)
        {
            bool accepted = inner.Send(frame);
            // A bridge relays others' frames: log only what the device itself originates.
            bool own = inner is not MediumPort port || port.Node.Eui64 == frame.Source;
            if (accepted && own && frame.Kind == HanFrameKind.Zcl && frame.ClusterId == OtaCluster.ClusterId)
            {
                var reader = new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
                if (OtaCommandDecoder.TryDecode(reader, out ZclHeader header, out IOtaCommand? command) != ZclDecodeStatus.Ok)
                {
                    // A ZCL global command (a Default Response): not an OTA cluster command.
                    return accepted;
                }

                (long offset, long size) = command switch
                {
                    ImageBlockRequest b => (b.FileOffset, b.MaximumDataSize),
                    ImagePageRequest p => (p.FileOffset, p.MaximumDataSize),
                    ImageBlockResponse { Status: OtaStatus.Success } r => (r.FileOffset, r.DataSize),
                    _ => (-1L, -1L),
                };
                sent.Add(new OtaSent(frame.Source, frame.Destination, header.IsServerToClient, header.CommandId, offset, size));
            }

            return accepted;
        }
    }
}

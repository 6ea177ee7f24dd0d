using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Configuration
{
    [TestClass]
    public class RoleConfigMappingTests
    {
        private const ulong SuppliedEui = 0x00DB000000000077UL;

        private const string HubLinks = "\"links\":[{\"name\":\"wan\",\"port\":\"COM2\",\"tx\":17,\"rx\":18,\"baudRate\":115200},"
            + "{\"name\":\"han\",\"port\":\"COM3\",\"tx\":4,\"rx\":5,\"baudRate\":115200}]";

        private const string BridgeLinks = "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":25,\"rx\":26,\"baudRate\":115200},"
            + "{\"name\":\"althan\",\"port\":\"COM3\",\"tx\":32,\"rx\":33,\"baudRate\":115200}]";

        private const string StorageWhole = "\"storage\":{\"kind\":\"whole-image\",\"drive\":\"I:\",\"sdCard\":null}";

        [TestMethod]
        public void TryMap_ReadmeBridgeExample_BridgeB1WithSiLabsAndBroadcomAndTheBenchHub()
        {
            RoleConfigFile file = ParseOk(RoleConfigSamples.BridgeIndented);

            RoleSettings? mapped = RoleConfigMapping.TryMap(file, 0, new RoleAddressing(), out string problem);

            Assert.IsNotNull(mapped, problem);
            Assert.AreEqual((byte)DeviceRoleKind.Bridge, (byte)mapped!.Role);
            Assert.AreEqual((byte)AltHanVariant.B1, (byte)mapped.Variant);
            Assert.AreEqual(0x000D6F000ABCDEF1UL, mapped.Eui64);
            Assert.AreEqual(RoleAddressing.DefaultHubEui, mapped.HubEui);
            Assert.AreEqual(2, mapped.Components.Length);
            Assert.AreEqual((ushort)(RoleSettings.SiLabsImageTypeBase + 1), mapped.FindComponent(FirmwareComponentId.SiLabs)!.ImageType);
            Assert.AreEqual(RoleSettings.BroadcomImageType, mapped.FindComponent(FirmwareComponentId.Broadcom)!.ImageType);
            Assert.AreEqual(0, mapped.RelayedEuis.Length);
            Assert.AreEqual(RoleSettings.DefaultRestartTimeMs, mapped.RestartTimeMs);
            Assert.AreEqual(string.Empty, problem);
        }

        [TestMethod]
        public void TryMap_B4_SiLabsOnly()
        {
            RoleConfigFile file = ParseOk(RoleConfigSamples.Object(new string[]
            {
                RoleConfigSamples.Format, "\"board\":\"esp32-devkitc\"", "\"role\":\"bridge\"", "\"eui64\":\"00DB000000000024\"", "\"variant\":\"B4\"",
                BridgeLinks, RoleConfigSamples.LedRgb, RoleConfigSamples.Button, RoleConfigSamples.StorageDigest,
            }));

            RoleSettings? mapped = RoleConfigMapping.TryMap(file, 0, new RoleAddressing(), out string problem);

            Assert.IsNotNull(mapped, problem);
            Assert.AreEqual((byte)AltHanVariant.B4, (byte)mapped!.Variant);
            Assert.AreEqual(1, mapped.Components.Length);
            Assert.AreEqual((ushort)(RoleSettings.SiLabsImageTypeBase + 4), mapped.Components[0].ImageType);
        }

        [TestMethod]
        public void TryMap_Eui64NullAndNoneSupplied_RefusedNamingTheEui64()
        {
            RoleConfigFile file = ParseOk(RoleConfigSamples.Ppmid());

            RoleSettings? mapped = RoleConfigMapping.TryMap(file, 0, new RoleAddressing(), out string problem);

            Assert.IsNull(mapped);
            Assert.Contains("EUI-64", problem);
        }

        [TestMethod]
        public void TryMap_Eui64NullAndOneSupplied_PpmidAtTheSuppliedEui()
        {
            RoleConfigFile file = ParseOk(RoleConfigSamples.Ppmid());

            RoleSettings? mapped = RoleConfigMapping.TryMap(file, SuppliedEui, new RoleAddressing(), out string problem);

            Assert.IsNotNull(mapped, problem);
            Assert.AreEqual((byte)DeviceRoleKind.Ppmid, (byte)mapped!.Role);
            Assert.AreEqual(SuppliedEui, mapped.Eui64);
            Assert.AreEqual(RoleSettings.PpmidImageType, mapped.Components[0].ImageType);
        }

        [TestMethod]
        public void TryMap_SuppliedEui_OverridesTheFile()
        {
            RoleConfigFile file = ParseOk(RoleConfigSamples.BridgeIndented);

            RoleSettings? mapped = RoleConfigMapping.TryMap(file, SuppliedEui, new RoleAddressing(), out string problem);

            Assert.AreEqual(SuppliedEui, mapped!.Eui64, problem);
        }

        [TestMethod]
        public void TryMap_HubWithAddressing_HostRestartPeerAndRelaysApplied()
        {
            RoleConfigFile hubFile = ParseOk(RoleConfigSamples.Object(new string[]
            {
                RoleConfigSamples.Format, "\"board\":\"esp32-s3-devkitc-1-n8r8\"", "\"role\":\"hub\"", "\"eui64\":\"00DB000000000001\"",
                RoleConfigSamples.VariantNull, HubLinks, RoleConfigSamples.LedRgb, RoleConfigSamples.Button, StorageWhole,
            }));
            RoleAddressing addressing = new RoleAddressing();
            addressing.HostEui = 0x00DB00000000F0AAUL;
            addressing.RestartTimeMs = 250;

            RoleSettings? hub = RoleConfigMapping.TryMap(hubFile, 0, addressing, out string problem);

            Assert.IsNotNull(hub, problem);
            Assert.AreEqual((byte)DeviceRoleKind.Hub, (byte)hub!.Role);
            Assert.AreEqual(0x00DB00000000F0AAUL, hub.UpstreamEui);
            Assert.AreEqual(0x00DB000000000001UL, hub.HubEui);
            Assert.AreEqual(250L, hub.RestartTimeMs);

            addressing.PeerEui = 0x22;
            addressing.RelayedEuis = new ulong[] { 0x22, 0x31 };
            RoleSettings? bridge = RoleConfigMapping.TryMap(ParseOk(RoleConfigSamples.BridgeIndented), 0, addressing, out problem);
            Assert.AreEqual(0x22UL, bridge!.PeerEui, problem);
            Assert.AreEqual(2, bridge.RelayedEuis.Length);
            Assert.AreEqual(0x31UL, bridge.RelayedEuis[1]);
        }

        [TestMethod]
        public void TryMap_HubEuiEqualToItsHost_RefusedByValidation()
        {
            RoleAddressing addressing = new RoleAddressing();
            addressing.HubEui = 0;

            RoleSettings? mapped = RoleConfigMapping.TryMap(ParseOk(RoleConfigSamples.Ppmid()), SuppliedEui, addressing, out string problem);

            Assert.IsNull(mapped);
            Assert.Contains("hub", problem);
        }

        [TestMethod]
        public void TryMap_FlagsLikeTheFile_SameConfiguration()
        {
            RoleSettings? fromFile = RoleConfigMapping.TryMap(ParseOk(RoleConfigSamples.BridgeIndented), 0, new RoleAddressing(), out string problem);
            RoleSettings? fromFlags = RoleConfigMapping.TryMap(RoleConfigMapping.ParseRole("bridge"), "B1", 0x000D6F000ABCDEF1UL, new RoleAddressing(), out problem);

            Assert.IsNotNull(fromFlags, problem);
            Assert.AreEqual((byte)fromFile!.Role, (byte)fromFlags!.Role);
            Assert.AreEqual((byte)fromFile.Variant, (byte)fromFlags.Variant);
            Assert.AreEqual(fromFile.Eui64, fromFlags.Eui64);
            Assert.AreEqual(fromFile.HubEui, fromFlags.HubEui);
            Assert.AreEqual(fromFile.Components.Length, fromFlags.Components.Length);
        }

        [TestMethod]
        public void TryMap_VariantOnAPpmid_Refused()
        {
            RoleSettings? mapped = RoleConfigMapping.TryMap(ConfiguredRole.Ppmid, "B1", SuppliedEui, new RoleAddressing(), out string problem);

            Assert.IsNull(mapped);
            Assert.Contains("variant", problem);
        }

        [TestMethod]
        [DataRow("hub", (byte)1)]
        [DataRow("meter", (byte)4)]
        [DataRow("Hub", (byte)0)]
        [DataRow("echo", (byte)0)]
        public void ParseRole_Name_Role(string name, byte expected)
        {
            Assert.AreEqual(expected, (byte)RoleConfigMapping.ParseRole(name));
        }

        [TestMethod]
        [DataRow("B1", (byte)1)]
        [DataRow("B4", (byte)4)]
        [DataRow("B5", (byte)0)]
        [DataRow("b1", (byte)0)]
        [DataRow("B", (byte)0)]
        public void ParseVariant_Text_Variant(string text, byte expected)
        {
            Assert.AreEqual(expected, (byte)RoleConfigMapping.ParseVariant(text));
        }

        [TestMethod]
        public void BoardRoleBuilder_BridgeWithOneLink_RefusedNamingTheCount()
        {
            RoleSettings bridge = RoleSettings.ForBridge(0x21, AltHanVariant.B1, 0x01, 0x22, new ulong[0]);

            IDeviceRole? role = BoardRoleBuilder.TryCreate(bridge, NewContext(), new IFrameLink[] { new SentFrames() }, out string problem);

            Assert.IsNull(role);
            Assert.Contains("2 link(s)", problem);
        }

        [TestMethod]
        public void BoardRoleBuilder_BroadcastPing_AnsweredWithIdentityOnTheSameLink()
        {
            RoleSettings ppmid = RoleSettings.ForPpmid(SuppliedEui, RoleAddressing.DefaultHubEui);
            SentFrames han = new SentFrames();
            IDeviceRole? role = BoardRoleBuilder.TryCreate(ppmid, NewContext(), new IFrameLink[] { han }, out string problem);
            Assert.IsNotNull(role, problem);
            role!.Start(0);

            role.OnFrame(han, Ping(HanFrame.Broadcast, 0x5A));

            Assert.AreEqual(1, han.Count);
            Assert.AreEqual((byte)HanFrameKind.Management, (byte)han.Kind);
            Assert.AreEqual(SuppliedEui, han.Source);
            Assert.AreEqual(0x00DB00000000F0F0UL, han.Destination);
            ManagementMessage answer = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)answer.TryDecode(new ByteReader(han.Payload, 0, han.PayloadLength)));
            Assert.AreEqual((byte)ManagementMessageType.Identity, (byte)answer.Header.Type);
            Assert.AreEqual((byte)0x5A, answer.Header.Token);
            Assert.AreEqual(SuppliedEui, answer.Identity.Eui64);
            Assert.AreEqual((byte)DeviceRoleKind.Ppmid, (byte)answer.Identity.Role);
            Assert.AreEqual(1, ((ProbeAnsweringRole)role).ProbesAnswered);
        }

        [TestMethod]
        public void ProbeAnsweringRole_PingToAnotherDevice_PassedUnchangedAndNotAnswered()
        {
            RoleSettings ppmid = RoleSettings.ForPpmid(SuppliedEui, RoleAddressing.DefaultHubEui);
            SentFrames han = new SentFrames();
            IDeviceRole? role = BoardRoleBuilder.TryCreate(ppmid, NewContext(), new IFrameLink[] { han }, out string problem);
            role!.Start(0);
            HanFrame ping = Ping(0x00DB0000000000EEUL, 1);

            role.OnFrame(han, ping);

            Assert.AreEqual(0, han.Count, problem);
            Assert.AreEqual(0x00DB0000000000EEUL, ping.Destination);
            Assert.AreEqual(0, ((ProbeAnsweringRole)role).ProbesAnswered);
        }

        private static HanFrame Ping(ulong destination, byte token)
        {
            byte[] payload = new byte[ManagementHeader.Length];
            ManagementMessage request = new ManagementMessage();
            request.Header = new ManagementHeader(ManagementMessageType.Ping, token);
            ByteWriter writer = new ByteWriter(payload);
            request.WriteTo(writer);
            HanFrame frame = new HanFrame();
            frame.Kind = HanFrameKind.Management;
            frame.Source = 0x00DB00000000F0F0UL;
            frame.Destination = destination;
            frame.SetPayload(payload, 0, writer.Written);
            return frame;
        }

        private static DeviceContext NewContext()
        {
            return new DeviceContext(new ManualClock(0), new MemoryImageStore(4096), new MemorySettingsStore(), new MemoryIndicator(), new MemoryLog(16, LogLevel.Info));
        }

        private static RoleConfigFile ParseOk(string text)
        {
            RoleConfigFile config = new RoleConfigFile();
            RoleConfigStatus status = RoleConfigSamples.Parse(text, config, out RoleConfigParser parser);
            Assert.AreEqual((byte)RoleConfigStatus.Ok, (byte)status, parser.ErrorField);
            return config;
        }

        /// <summary>A link that keeps a copy of the last frame sent and counts them.</summary>
        private sealed class SentFrames : IFrameLink
        {
            public int Count;
            public HanFrameKind Kind;
            public ulong Source;
            public ulong Destination;
            public byte[] Payload = new byte[HanFrame.MaxPayloadLength];
            public int PayloadLength;

            public int MaxFrameLength => HanFrame.MaxEncodedLength;

            public bool Send(HanFrame frame)
            {
                Count++;
                Kind = frame.Kind;
                Source = frame.Source;
                Destination = frame.Destination;
                PayloadLength = frame.PayloadLength;
                System.Array.Copy(frame.Payload, frame.PayloadOffset, Payload, 0, frame.PayloadLength);
                return true;
            }
        }
    }
}

using HanBench.Device.Configuration;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Configuration
{
    [TestClass]
    public class RoleConfigParserTests
    {
        private const ulong RandomSeed = 0x5EED0C0F1EUL;

        [TestMethod]
        public void Parse_ReadmeBridgeExample_ReadsEveryField()
        {
            RoleConfigFile config = new RoleConfigFile();
            RoleConfigStatus status = RoleConfigSamples.Parse(RoleConfigSamples.BridgeIndented, config, out RoleConfigParser parser);

            Assert.AreEqual((int)RoleConfigStatus.Ok, (int)status, parser.ErrorField);
            Assert.AreEqual(RoleConfigFile.CurrentFormat, config.Format);
            Assert.AreEqual("esp32-devkitc", config.Board);
            Assert.AreEqual((int)ConfiguredRole.Bridge, (int)config.Role);
            Assert.AreEqual("bridge", config.RoleName);
            Assert.IsTrue(config.HasEui64);
            Assert.AreEqual(0x000D6F000ABCDEF1UL, config.Eui64);
            Assert.AreEqual("B1", config.Variant);
            Assert.AreEqual(2, config.LinkCount);
            AssertLink(config.GetLink(0), "han", "COM2", 25, 26, 115200);
            AssertLink(config.GetLink(1), "althan", "COM3", 32, 33, 115200);
            Assert.AreSame(config.GetLink(1), config.FindLink("althan"));
            Assert.IsNull(config.FindLink("wan"));
            Assert.AreEqual(23, config.LedGpio);
            Assert.AreEqual((int)LedKind.Gpio, (int)config.LedKind);
            Assert.IsTrue(config.LedActiveHigh);
            Assert.AreEqual(0, config.ButtonGpio);
            Assert.IsTrue(config.ButtonActiveLow);
            Assert.AreEqual((int)ImageStorageKind.DigestOnly, (int)config.StorageKind);
            Assert.AreEqual("I:", config.Drive);
            Assert.IsFalse(config.HasSdCard);
            Assert.AreEqual(-1, parser.ErrorOffset);
        }

        [TestMethod]
        public void Parse_MinifiedPpmid_ReadsNullsAndAddressableLed()
        {
            RoleConfigFile config = new RoleConfigFile();
            RoleConfigStatus status = RoleConfigSamples.Parse(RoleConfigSamples.Ppmid(), config, out RoleConfigParser parser);

            Assert.AreEqual((int)RoleConfigStatus.Ok, (int)status, parser.ErrorField);
            Assert.AreEqual((int)ConfiguredRole.Ppmid, (int)config.Role);
            Assert.IsFalse(config.HasEui64);
            Assert.IsNull(config.Variant);
            Assert.AreEqual(1, config.LinkCount);
            AssertLink(config.GetLink(0), "han", "COM2", 4, 5, 115200);
            Assert.AreEqual((int)LedKind.AddressableRgb, (int)config.LedKind);
            Assert.AreEqual(8, config.LedGpio);
            Assert.AreEqual(9, config.ButtonGpio);
        }

        [TestMethod]
        public void Parse_HubWithSdCard_ReadsPinsInEitherCase()
        {
            string text = RoleConfigSamples.Object(new string[]
            {
                "\"storage\":{\"sdCard\":{\"Cs\":5,\"sck\":18,\"MOSI\":19,\"miso\":21},\"drive\":\"D:\",\"kind\":\"whole-image\"}",
                RoleConfigSamples.Format,
                "\"board\":\"custom\"",
                "\"role\":\"hub\"",
                "\"eui64\":\"00112233445566ff\"",
                RoleConfigSamples.VariantNull,
                "\"links\":[{\"name\":\"wan\",\"port\":\"COM2\",\"tx\":25,\"rx\":26,\"baudRate\":921600},{\"name\":\"han\",\"port\":\"COM3\",\"tx\":32,\"rx\":33,\"baudRate\":9600}]",
                "\"led\":{\"gpio\":2,\"kind\":\"gpio\",\"activeHigh\":false}",
                "\"button\":{\"gpio\":0,\"activeLow\":false}",
            });
            RoleConfigFile config = new RoleConfigFile();

            RoleConfigStatus status = RoleConfigSamples.Parse(text, config, out RoleConfigParser parser);

            Assert.AreEqual((int)RoleConfigStatus.Ok, (int)status, parser.ErrorField);
            Assert.AreEqual((int)ConfiguredRole.Hub, (int)config.Role);
            Assert.AreEqual(0x00112233445566FFUL, config.Eui64);
            Assert.IsTrue(config.HasSdCard);
            Assert.AreEqual(5, config.SdCardCs);
            Assert.AreEqual(18, config.SdCardSck);
            Assert.AreEqual(19, config.SdCardMosi);
            Assert.AreEqual(21, config.SdCardMiso);
            Assert.AreEqual("D:", config.Drive);
            Assert.AreEqual((int)ImageStorageKind.WholeImage, (int)config.StorageKind);
            Assert.AreEqual(921600, config.GetLink(0).BaudRate);
            Assert.IsFalse(config.LedActiveHigh);
            Assert.IsFalse(config.ButtonActiveLow);
        }

        [TestMethod]
        public void Parse_UnknownMembersAndEscapes_SkipsAndUnescapes()
        {
            string text = "\uFEFF" + RoleConfigSamples.Object(new string[]
            {
                "\"comment\":{\"nested\":[1,-2.5e+3,true,false,null,\"x\\\"y\\u00e9\",{\"a\":[]}]}",
                RoleConfigSamples.Format,
                "\"board\":\"esp32\\u002dc3\"",
                "\"role\":\"bridge\"",
                RoleConfigSamples.Eui64Null,
                "\"variant\":\"\\u0042\\u0034\"",
                "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":115200,\"future\":[0]},{\"name\":\"althan\",\"port\":\"COM3\",\"tx\":6,\"rx\":7,\"baudRate\":115200}]",
                RoleConfigSamples.LedRgb,
                RoleConfigSamples.Button,
                RoleConfigSamples.StorageDigest,
            });
            RoleConfigFile config = new RoleConfigFile();

            RoleConfigStatus status = RoleConfigSamples.Parse(text, config, out RoleConfigParser parser);

            Assert.AreEqual((int)RoleConfigStatus.Ok, (int)status, parser.ErrorField);
            Assert.AreEqual("esp32-c3", config.Board);
            Assert.AreEqual("B4", config.Variant);
        }

        [TestMethod]
        public void Parse_WindowInsideLargerBuffer_ReadsOnlyTheWindowAndReportsRelativeOffsets()
        {
            byte[] good = RoleConfigSamples.Bytes(RoleConfigSamples.Ppmid());
            byte[] buffer = new byte[good.Length + 10];
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = (byte)'x';
            }

            System.Array.Copy(good, 0, buffer, 5, good.Length);
            RoleConfigParser parser = new RoleConfigParser();
            RoleConfigFile config = new RoleConfigFile();

            Assert.AreEqual((int)RoleConfigStatus.Ok, (int)parser.Parse(buffer, 5, good.Length, config), parser.ErrorField);
            Assert.AreEqual((int)RoleConfigStatus.Syntax, (int)parser.Parse(buffer, 5, good.Length + 1, config));
            Assert.AreEqual(good.Length, parser.ErrorOffset);
        }

        [TestMethod]
        public void Parse_BadPort_NamesTheFieldAndTheOffset()
        {
            string links = "\"links\":[{\"name\":\"han\",\"port\":\"COM1\",\"tx\":4,\"rx\":5,\"baudRate\":115200}]";
            string text = RoleConfigSamples.PpmidWith(5, links);
            RoleConfigFile config = new RoleConfigFile();

            RoleConfigStatus status = RoleConfigSamples.Parse(text, config, out RoleConfigParser parser);

            Assert.AreEqual((int)RoleConfigStatus.BadValue, (int)status);
            Assert.AreEqual("links[0].port", parser.ErrorField);
            Assert.AreEqual(text.IndexOf("\"COM1\""), parser.ErrorOffset);
            Assert.AreEqual((int)ConfiguredRole.None, (int)config.Role, "a refused file leaves the config cleared");
            Assert.AreEqual(0, config.LinkCount);
        }

        [TestMethod]
        [DataRow(0, "\"format\":\"hanbench-role/2\"", (byte)RoleConfigStatus.UnknownFormat, "format")]
        [DataRow(0, "\"format\":1", (byte)RoleConfigStatus.WrongType, "format")]
        [DataRow(1, "\"board\":\"\"", (byte)RoleConfigStatus.BadValue, "board")]
        [DataRow(2, "\"role\":\"Hub\"", (byte)RoleConfigStatus.BadValue, "role")]
        [DataRow(2, "\"role\":null", (byte)RoleConfigStatus.WrongType, "role")]
        [DataRow(3, "\"eui64\":\"000D6F000ABCDEF\"", (byte)RoleConfigStatus.BadValue, "eui64")]
        [DataRow(3, "\"eui64\":\"000D6F000ABCDEFG\"", (byte)RoleConfigStatus.BadValue, "eui64")]
        [DataRow(3, "\"eui64\":1234", (byte)RoleConfigStatus.WrongType, "eui64")]
        [DataRow(4, "\"variant\":\"B5\"", (byte)RoleConfigStatus.BadValue, "variant")]
        [DataRow(4, "\"variant\":\"B1\"", (byte)RoleConfigStatus.Inconsistent, "variant")]
        [DataRow(5, "\"links\":{}", (byte)RoleConfigStatus.WrongType, "links")]
        [DataRow(5, "\"links\":[]", (byte)RoleConfigStatus.Inconsistent, "links")]
        [DataRow(5, "\"links\":[{\"name\":\"wan\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":115200}]", (byte)RoleConfigStatus.Inconsistent, "links[0].name")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":115200},{\"name\":\"x\",\"port\":\"COM3\",\"tx\":6,\"rx\":7,\"baudRate\":1}]", (byte)RoleConfigStatus.Inconsistent, "links")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":\"4\",\"rx\":5,\"baudRate\":115200}]", (byte)RoleConfigStatus.WrongType, "links[0].tx")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4.5,\"rx\":5,\"baudRate\":115200}]", (byte)RoleConfigStatus.BadValue, "links[0].tx")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":49,\"rx\":5,\"baudRate\":115200}]", (byte)RoleConfigStatus.BadValue, "links[0].tx")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":-1,\"rx\":5,\"baudRate\":115200}]", (byte)RoleConfigStatus.BadValue, "links[0].tx")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":5,\"rx\":5,\"baudRate\":115200}]", (byte)RoleConfigStatus.BadValue, "links[0].rx")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":0}]", (byte)RoleConfigStatus.BadValue, "links[0].baudRate")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":99999999999}]", (byte)RoleConfigStatus.BadValue, "links[0].baudRate")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5}]", (byte)RoleConfigStatus.MissingField, "links[0].baudRate")]
        [DataRow(5, "\"links\":[{\"name\":\"han\",\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":1}]", (byte)RoleConfigStatus.DuplicateField, "links[0].name")]
        [DataRow(6, "\"led\":{\"gpio\":8,\"kind\":\"neopixel\",\"activeHigh\":true}", (byte)RoleConfigStatus.BadValue, "led.kind")]
        [DataRow(6, "\"led\":{\"gpio\":8,\"kind\":\"gpio\",\"activeHigh\":1}", (byte)RoleConfigStatus.WrongType, "led.activeHigh")]
        [DataRow(7, "\"button\":{\"gpio\":9}", (byte)RoleConfigStatus.MissingField, "button.activeLow")]
        [DataRow(8, "\"storage\":{\"kind\":\"digest-only\",\"drive\":\"C:\",\"sdCard\":null}", (byte)RoleConfigStatus.BadValue, "storage.drive")]
        [DataRow(8, "\"storage\":{\"kind\":\"digest-only\",\"drive\":\"D:\",\"sdCard\":null}", (byte)RoleConfigStatus.Inconsistent, "storage.drive")]
        [DataRow(8, "\"storage\":{\"kind\":\"digest-only\",\"drive\":\"I:\",\"sdCard\":{\"cs\":1}}", (byte)RoleConfigStatus.MissingField, "storage.sdCard.sck")]
        [DataRow(8, "\"storage\":{\"kind\":\"whole\",\"drive\":\"I:\",\"sdCard\":null}", (byte)RoleConfigStatus.BadValue, "storage.kind")]
        [DataRow(8, "\"role\":\"ppmid\"", (byte)RoleConfigStatus.DuplicateField, "role")]
        [DataRow(8, "\"x\":[[[[[[[[[]]]]]]]]]", (byte)RoleConfigStatus.TooDeep, "")]
        public void Parse_OneBadMember_NamesStatusAndField(int index, string member, byte expected, string field)
        {
            string text = RoleConfigSamples.PpmidWith(index, member);
            RoleConfigFile config = new RoleConfigFile();

            RoleConfigStatus status = RoleConfigSamples.Parse(text, config, out RoleConfigParser parser);

            Assert.AreEqual((int)expected, (int)status, text + " -> " + parser.ErrorField);
            Assert.AreEqual(field, parser.ErrorField, text);
            Assert.IsTrue(parser.ErrorOffset >= 0 && parser.ErrorOffset <= text.Length, "offset " + parser.ErrorOffset.ToString());
        }

        [TestMethod]
        public void Parse_ButtonMemberMissing_NamesMissingFieldButton()
        {
            // Not a DataRow: nanoFramework's metadata processor fails on a null attribute argument (docs/PLATFORM.md).
            string text = RoleConfigSamples.PpmidWith(7, null);
            RoleConfigFile config = new RoleConfigFile();

            RoleConfigStatus status = RoleConfigSamples.Parse(text, config, out RoleConfigParser parser);

            Assert.AreEqual((int)RoleConfigStatus.MissingField, (int)status, text + " -> " + parser.ErrorField);
            Assert.AreEqual("button", parser.ErrorField, text);
        }

        [TestMethod]
        public void Parse_HubWithDigestOnlyStore_IsInconsistent()
        {
            string text = RoleConfigSamples.Object(new string[]
            {
                RoleConfigSamples.Format, RoleConfigSamples.Board, "\"role\":\"hub\"", RoleConfigSamples.Eui64Null, RoleConfigSamples.VariantNull,
                "\"links\":[{\"name\":\"wan\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":1},{\"name\":\"han\",\"port\":\"COM3\",\"tx\":6,\"rx\":7,\"baudRate\":1}]",
                RoleConfigSamples.LedRgb, RoleConfigSamples.Button, RoleConfigSamples.StorageDigest,
            });
            RoleConfigFile config = new RoleConfigFile();

            RoleConfigStatus status = RoleConfigSamples.Parse(text, config, out RoleConfigParser parser);

            Assert.AreEqual((int)RoleConfigStatus.Inconsistent, (int)status);
            Assert.AreEqual("storage.kind", parser.ErrorField);
        }

        [TestMethod]
        public void Parse_TwoLinksSharingAPortOrPin_IsInconsistent()
        {
            string samePort = "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":1},{\"name\":\"althan\",\"port\":\"COM2\",\"tx\":6,\"rx\":7,\"baudRate\":1}]";
            string samePin = "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":1},{\"name\":\"althan\",\"port\":\"COM3\",\"tx\":5,\"rx\":7,\"baudRate\":1}]";
            RoleConfigFile config = new RoleConfigFile();

            RoleConfigStatus portStatus = RoleConfigSamples.Parse(Bridge(samePort), config, out RoleConfigParser portParser);
            RoleConfigStatus pinStatus = RoleConfigSamples.Parse(Bridge(samePin), config, out RoleConfigParser pinParser);

            Assert.AreEqual((int)RoleConfigStatus.Inconsistent, (int)portStatus);
            Assert.AreEqual("links[1].port", portParser.ErrorField);
            Assert.AreEqual((int)RoleConfigStatus.Inconsistent, (int)pinStatus);
            Assert.AreEqual("links[1]", pinParser.ErrorField);
        }

        [TestMethod]
        [DataRow("")]
        [DataRow(" \r\n\t ")]
        public void Parse_NothingButWhitespace_IsEmpty(string text)
        {
            RoleConfigFile config = new RoleConfigFile();

            Assert.AreEqual((int)RoleConfigStatus.Empty, (int)RoleConfigSamples.Parse(text, config, out RoleConfigParser parser));
        }

        [TestMethod]
        [DataRow("[]")]
        [DataRow("{")]
        [DataRow("{\"format\" \"hanbench-role/1\"}")]
        [DataRow("{\"format\":\"hanbench-role/1\",}")]
        [DataRow("{\"format\":\"hanbench-role/1\"\"board\":\"b\"}")]
        [DataRow("{\"x\":nul}")]
        [DataRow("{\"x\":nullx}")]
        [DataRow("{\"x\":025}")]
        [DataRow("{\"x\":1.}")]
        [DataRow("{\"x\":1e}")]
        [DataRow("{\"x\":-}")]
        [DataRow("{\"x\":\"\\q\"}")]
        [DataRow("{\"x\":\"\\u12G4\"}")]
        [DataRow("{\"x\":\"a\tb\"}")]
        [DataRow("{\"x\":[1 2]}")]
        [DataRow("{\"x\":@}")]
        [DataRow("{x:1}")]
        public void Parse_NotJson_IsSyntax(string text)
        {
            RoleConfigFile config = new RoleConfigFile();

            Assert.AreEqual((int)RoleConfigStatus.Syntax, (int)RoleConfigSamples.Parse(text, config, out RoleConfigParser parser), text);
        }

        [TestMethod]
        public void Parse_GoodFileThenGarbage_IsSyntaxAtTheGarbage()
        {
            string good = RoleConfigSamples.Ppmid();
            RoleConfigFile config = new RoleConfigFile();

            RoleConfigStatus status = RoleConfigSamples.Parse(good + " x", config, out RoleConfigParser parser);

            Assert.AreEqual((int)RoleConfigStatus.Syntax, (int)status);
            Assert.AreEqual(good.Length + 1, parser.ErrorOffset);
        }

        [TestMethod]
        public void Parse_EveryTruncation_RefusedWithoutThrowing()
        {
            byte[] full = RoleConfigSamples.Bytes(RoleConfigSamples.BridgeIndented);
            RoleConfigParser parser = new RoleConfigParser();
            RoleConfigFile config = new RoleConfigFile();

            for (int length = 0; length < full.Length; length++)
            {
                RoleConfigStatus status = parser.Parse(full, 0, length, config);
                Assert.AreNotEqual((int)RoleConfigStatus.Ok, (int)status, "prefix of " + length.ToString() + " bytes");
                Assert.IsTrue(parser.ErrorOffset >= 0 && parser.ErrorOffset <= length, "offset " + parser.ErrorOffset.ToString() + " for length " + length.ToString());
            }

            Assert.AreEqual((int)RoleConfigStatus.Ok, (int)parser.Parse(full, 0, full.Length, config));
        }

        [TestMethod]
        public void Parse_SeededRandomMutations_NeverThrowAndOkOnlyWithAValidConfig()
        {
            byte[] original = RoleConfigSamples.Bytes(RoleConfigSamples.BridgeIndented);
            byte[] mutated = new byte[original.Length];
            byte[] alphabet = RoleConfigSamples.Bytes("{}[]:,\"\\ 0123456789-.eE+tfnulrsaB\u00e9");
            FirmwareTestRandom random = new FirmwareTestRandom(RandomSeed);
            RoleConfigParser parser = new RoleConfigParser();
            RoleConfigFile config = new RoleConfigFile();
            int accepted = 0;

            for (int round = 0; round < 10000; round++)
            {
                System.Array.Copy(original, mutated, original.Length);
                int edits = 1 + random.Next(4);
                for (int e = 0; e < edits; e++)
                {
                    int at = random.Next(mutated.Length);
                    mutated[at] = random.Next(2) == 0 ? alphabet[random.Next(alphabet.Length)] : (byte)random.Next(256);
                }

                int length = random.Next(8) == 0 ? random.Next(mutated.Length + 1) : mutated.Length;
                RoleConfigStatus status = parser.Parse(mutated, 0, length, config);
                string context = "seed 0x" + RandomSeed.ToString("X") + " round " + round.ToString();
                if (status == RoleConfigStatus.Ok)
                {
                    accepted++;
                    Assert.AreEqual(2, config.LinkCount, context);
                    Assert.AreEqual(RoleConfigFile.CurrentFormat, config.Format, context);
                    Assert.AreEqual(-1, parser.ErrorOffset, context);
                }
                else
                {
                    Assert.IsTrue(parser.ErrorOffset >= 0 && parser.ErrorOffset <= length, context);
                    Assert.AreEqual(0, config.LinkCount, context);
                }
            }

            OutputHelper.WriteLine("mutations accepted as valid: " + accepted.ToString() + " of 10000");
        }

        private static string Bridge(string links)
        {
            return RoleConfigSamples.Object(new string[]
            {
                RoleConfigSamples.Format, RoleConfigSamples.Board, "\"role\":\"bridge\"", RoleConfigSamples.Eui64Null, "\"variant\":\"B2\"",
                links, RoleConfigSamples.LedRgb, RoleConfigSamples.Button, RoleConfigSamples.StorageDigest,
            });
        }

        private static void AssertLink(LinkConfig link, string name, string port, int tx, int rx, int baudRate)
        {
            Assert.AreEqual(name, link.Name);
            Assert.AreEqual(port, link.Port);
            Assert.AreEqual(tx, link.TxPin);
            Assert.AreEqual(rx, link.RxPin);
            Assert.AreEqual(baudRate, link.BaudRate);
        }
    }
}

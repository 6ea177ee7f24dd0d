using System.Text;
using HanBench.Device.Configuration;

namespace HanBench.Firmware.Tests.Configuration
{
    /// <summary>Role configuration files of our own, built from parts so each test changes exactly one member.</summary>
    public static class RoleConfigSamples
    {
        /// <summary>The bridge example of boards/README.md, indented as System.Text.Json writes it (host RoleConfigJson.ToJson).</summary>
        public const string BridgeIndented =
            "{\n"
            + "  \"format\": \"hanbench-role/1\",\n"
            + "  \"board\": \"esp32-devkitc\",\n"
            + "  \"role\": \"bridge\",\n"
            + "  \"eui64\": \"000D6F000ABCDEF1\",\n"
            + "  \"variant\": \"B1\",\n"
            + "  \"links\": [\n"
            + "    {\n"
            + "      \"name\": \"han\",\n"
            + "      \"port\": \"COM2\",\n"
            + "      \"tx\": 25,\n"
            + "      \"rx\": 26,\n"
            + "      \"baudRate\": 115200\n"
            + "    },\n"
            + "    {\n"
            + "      \"name\": \"althan\",\n"
            + "      \"port\": \"COM3\",\n"
            + "      \"tx\": 32,\n"
            + "      \"rx\": 33,\n"
            + "      \"baudRate\": 115200\n"
            + "    }\n"
            + "  ],\n"
            + "  \"led\": {\n"
            + "    \"gpio\": 23,\n"
            + "    \"kind\": \"gpio\",\n"
            + "    \"activeHigh\": true\n"
            + "  },\n"
            + "  \"button\": {\n"
            + "    \"gpio\": 0,\n"
            + "    \"activeLow\": true\n"
            + "  },\n"
            + "  \"storage\": {\n"
            + "    \"kind\": \"digest-only\",\n"
            + "    \"drive\": \"I:\",\n"
            + "    \"sdCard\": null\n"
            + "  }\n"
            + "}";

        /// <summary>Default parts of a minified PPMID file on an ESP32-C3 (one link, addressable LED, EUI-64 from the MAC).</summary>
        public const string Format = "\"format\":\"hanbench-role/1\"";

        /// <summary>Board member.</summary>
        public const string Board = "\"board\":\"esp32-c3-devkitm-1\"";

        /// <summary>Role member.</summary>
        public const string RolePpmid = "\"role\":\"ppmid\"";

        /// <summary>EUI-64 member: derive from the MAC.</summary>
        public const string Eui64Null = "\"eui64\":null";

        /// <summary>Variant member: none.</summary>
        public const string VariantNull = "\"variant\":null";

        /// <summary>One han link on COM2.</summary>
        public const string LinksOne = "\"links\":[{\"name\":\"han\",\"port\":\"COM2\",\"tx\":4,\"rx\":5,\"baudRate\":115200}]";

        /// <summary>Addressable RGB LED.</summary>
        public const string LedRgb = "\"led\":{\"gpio\":8,\"kind\":\"addressable-rgb\",\"activeHigh\":true}";

        /// <summary>BOOT button.</summary>
        public const string Button = "\"button\":{\"gpio\":9,\"activeLow\":true}";

        /// <summary>Digest-only storage on I:.</summary>
        public const string StorageDigest = "\"storage\":{\"kind\":\"digest-only\",\"drive\":\"I:\",\"sdCard\":null}";

        /// <summary>A minified file from members (each a "name":value text), in the order given.</summary>
        public static string Object(string[] members)
        {
            StringBuilder text = new StringBuilder();
            text.Append('{');
            for (int i = 0; i < members.Length; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(members[i]);
            }

            text.Append('}');
            return text.ToString();
        }

        /// <summary>The default PPMID file with member <paramref name="index"/> (0 format … 8 storage) replaced by <paramref name="member"/> (null: left out).</summary>
        public static string PpmidWith(int index, string? member)
        {
            string[] parts = new string[] { Format, Board, RolePpmid, Eui64Null, VariantNull, LinksOne, LedRgb, Button, StorageDigest };
            int count = member == null ? parts.Length - 1 : parts.Length;
            string[] members = new string[count];
            int at = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                if (i == index)
                {
                    if (member == null)
                    {
                        continue;
                    }

                    members[at] = member;
                }
                else
                {
                    members[at] = parts[i];
                }

                at++;
            }

            return Object(members);
        }

        /// <summary>The default PPMID file.</summary>
        public static string Ppmid()
        {
            return PpmidWith(-1, string.Empty);
        }

        /// <summary>UTF-8 bytes of <paramref name="text"/>.</summary>
        public static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        /// <summary>Parses <paramref name="text"/> with a fresh parser.</summary>
        public static RoleConfigStatus Parse(string text, RoleConfigFile config, out RoleConfigParser parser)
        {
            parser = new RoleConfigParser();
            byte[] bytes = Bytes(text);
            return parser.Parse(bytes, 0, bytes.Length, config);
        }
    }
}

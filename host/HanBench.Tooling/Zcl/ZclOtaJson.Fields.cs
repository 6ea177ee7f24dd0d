using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Tooling.Zcl;

/// <summary>
/// The JSON object's fields as <see cref="Parse"/> reads them: each once, typed and bounded, with what is left over
/// named.
/// </summary>
public static partial class ZclOtaJson
{
    /// <summary>The JSON object's properties, read once each, so that any left unread can be reported.</summary>
    private sealed class Fields(JsonObject root)
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        /// <summary>What decided which fields the command carries, for the "unexpected field" message.</summary>
        public string? Context { get; set; }

        public string? OptionalString(string name)
        {
            JsonNode? node = Take(name);
            if (node is null)
            {
                return null;
            }

            if (node is JsonValue value && value.TryGetValue(out string? text))
            {
                return text;
            }

            throw new ZclJsonException($"field '{name}' must be a string");
        }

        public ulong? OptionalInteger(string name, ulong max)
        {
            JsonNode? node = Take(name);
            return node is null ? null : ToInteger(name, node, max);
        }

        public ulong RequireInteger(string name, ulong max) =>
            OptionalInteger(name, max) ?? throw Missing(name);

        // The field's whole width is its range: a value that does not fit the field is refused, never truncated.
        public byte RequireByte(string name) => (byte)RequireInteger(name, byte.MaxValue);

        public ushort RequireUInt16(string name) => (ushort)RequireInteger(name, ushort.MaxValue);

        public uint RequireUInt32(string name) => (uint)RequireInteger(name, uint.MaxValue);

        public ulong RequireUInt64(string name) => RequireInteger(name, ulong.MaxValue);

        public byte[] RequireHex(string name)
        {
            string text = OptionalString(name) ?? throw Missing(name);
            if (!Hex.TryDecode(text, out byte[] bytes))
            {
                throw new ZclJsonException($"field '{name}' is not hex: '{text}'");
            }

            return bytes;
        }

        public OtaStatus RequireStatus()
        {
            JsonNode node = Take("status") ?? throw Missing("status");
            if (node is JsonValue value && value.TryGetValue(out string? text) && !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return OtaStatusNames.TryParse(text, out OtaStatus named)
                    ? named
                    : throw new ZclJsonException($"unknown status '{text}' (use a ZCL name such as SUCCESS or WAIT_FOR_DATA, or a number)");
            }

            return (OtaStatus)ToInteger("status", node, 0xFF);
        }

        public void EnsureAllUsed(string command)
        {
            foreach (KeyValuePair<string, JsonNode?> property in root)
            {
                if (!_used.Contains(property.Key))
                {
                    string context = Context is null ? string.Empty : $" with {Context}";
                    throw new ZclJsonException($"unexpected field '{property.Key}' for {command}{context}");
                }
            }
        }

        private static ZclJsonException Missing(string name) => new($"missing field '{name}'");

        private JsonNode? Take(string name)
        {
            if (!root.TryGetPropertyValue(name, out JsonNode? node))
            {
                return null;
            }

            _used.Add(name);
            return node ?? throw new ZclJsonException($"field '{name}' is null");
        }

        private static ulong ToInteger(string name, JsonNode node, ulong max)
        {
            ulong value;
            if (node is JsonValue json && json.TryGetValue(out string? text))
            {
                if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                    || !ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
                {
                    throw new ZclJsonException($"field '{name}' must be a number or a \"0x…\" hex string, not '{text}'");
                }
            }
            else if (node is JsonValue number && number.GetValueKind() == JsonValueKind.Number && ulong.TryParse(number.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                // Parsed from the literal text so that 1.5, -1 and 1e3 are refused rather than rounded.
            }
            else
            {
                throw new ZclJsonException($"field '{name}' must be a non-negative integer or a \"0x…\" hex string");
            }

            if (value > max)
            {
                throw new ZclJsonException($"field '{name}' is out of range: {value} (0x{value:X}) > 0x{max:X}");
            }

            return value;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace HanBench.Host.Json;

/// <summary>
/// Compares a JSON Schema (draft 2020-12, the subset HanBench's schemas use: <c>properties</c>, <c>required</c>,
/// <c>additionalProperties</c>, <c>items</c>, <c>oneOf</c>, <c>$ref</c> into <c>$defs</c>, <c>type</c>, <c>enum</c>,
/// <c>const</c>) with the records <see cref="StrictJson"/> reads, so that a member added to one and not the other fails a
/// test: every object closed to unknown members, the same member names, the same required members, and compatible types.
/// </summary>
public static class JsonSchemaContract
{
    /// <summary>Every disagreement between <paramref name="schemaNode"/> (inside <paramref name="schemaRoot"/>) and <paramref name="type"/>.</summary>
    public static IReadOnlyList<string> Compare(JsonNode schemaRoot, JsonNode schemaNode, Type type, JsonSerializerOptions options)
    {
        var mismatches = new List<string>();
        Compare(schemaRoot, schemaNode, type, options, "$", mismatches);
        return mismatches;
    }

    private static void Compare(JsonNode root, JsonNode node, Type type, JsonSerializerOptions options, string path, List<string> mismatches)
    {
        node = Resolve(root, node);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(JsonElement))
        {
            return;
        }

        JsonTypeInfo info = options.GetTypeInfo(type);
        string? expected = info.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "object",
            JsonTypeInfoKind.Enumerable => "array",
            _ when type == typeof(string) => "string",
            _ when type == typeof(bool) => "boolean",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(ulong) => "integer",
            _ => null,
        };
        // A oneOf of types (null or an object, say); a oneOf beside properties constrains members, not the type.
        if (node["oneOf"] is JsonArray alternatives && node["type"] is null && node["properties"] is null)
        {
            JsonNode? match = alternatives.Select(a => Resolve(root, a!)).FirstOrDefault(a => TypeOf(a) == expected);
            if (match is null)
            {
                mismatches.Add($"{path}: no alternative of the schema's oneOf is {expected}, as {type.Name} is");
                return;
            }

            node = match;
        }

        string? declared = TypeOf(node);
        if (declared is not null && declared != expected)
        {
            mismatches.Add($"{path}: the schema says {declared}, {type.Name} reads {expected ?? "something else"}");
            return;
        }

        if (info.Kind == JsonTypeInfoKind.Enumerable && node["items"] is JsonNode items)
        {
            Compare(root, items, info.ElementType!, options, path + "[]", mismatches);
        }
        else if (info.Kind == JsonTypeInfoKind.Object)
        {
            CompareObject(root, node, info, options, path, mismatches);
        }
    }

    private static void CompareObject(JsonNode root, JsonNode node, JsonTypeInfo info, JsonSerializerOptions options, string path, List<string> mismatches)
    {
        if (node["additionalProperties"]?.GetValueKind() != JsonValueKind.False)
        {
            mismatches.Add($"{path}: the schema lets unknown members through; {info.Type.Name} refuses them (additionalProperties: false)");
        }

        JsonObject properties = node["properties"]?.AsObject() ?? [];
        var members = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach ((string name, JsonNode? _) in properties)
        {
            if (!members.ContainsKey(name))
            {
                mismatches.Add($"{path}.{name}: in the schema, not in {info.Type.Name}");
            }
        }

        var required = (node["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (JsonPropertyInfo member in info.Properties)
        {
            string at = $"{path}.{member.Name}";
            if (properties[member.Name] is not JsonNode property)
            {
                mismatches.Add($"{at}: in {info.Type.Name}, not in the schema");
                continue;
            }

            if (member.IsRequired != required.Contains(member.Name))
            {
                mismatches.Add($"{at}: {(member.IsRequired ? "required" : "optional")} in {info.Type.Name}, {(member.IsRequired ? "optional" : "required")} in the schema");
            }

            Compare(root, property, member.PropertyType, options, at, mismatches);
        }
    }

    private static JsonNode Resolve(JsonNode root, JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            const string local = "#/$defs/";
            if (!reference.StartsWith(local, StringComparison.Ordinal) || root["$defs"]?[reference[local.Length..]] is not JsonNode target)
            {
                throw new InvalidOperationException($"unsupported or dangling $ref {reference}");
            }

            node = target;
        }

        return node;
    }

    /// <summary>The JSON type a schema node allows: its <c>type</c>, or the type of its <c>enum</c>/<c>const</c> values.</summary>
    private static string? TypeOf(JsonNode node)
    {
        if (node["type"]?.GetValue<string>() is { } type)
        {
            return type;
        }

        JsonNode? sample = node["const"] ?? (node["enum"] as JsonArray)?.FirstOrDefault();
        return sample?.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "integer",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Null => "null",
            _ => null,
        };
    }
}

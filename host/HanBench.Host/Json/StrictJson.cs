using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace HanBench.Host.Json;

/// <summary>One defect of a JSON document: where (a JSON path such as <c>$.uarts[1].rx</c>) and what is wrong there.</summary>
public sealed record JsonProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// Reads the hand-edited JSON files (board profiles, bench files) into typed records with System.Text.Json: camelCase
/// member names, unknown members refused (<see cref="JsonUnmappedMemberHandling.Disallow"/>), required members and
/// nullable annotations respected, no duplicate members, no trailing commas.
/// <para>
/// System.Text.Json stops at the first defect and words it for a programmer; a person editing a board file wants every
/// defect at once, each with its JSON path, in the file's terms. So <see cref="Read{T}"/> first walks the document
/// against the same contracts (<see cref="JsonTypeInfo"/>: the member names, which are required, each member's type) and
/// lists every problem, building what it could read so that the format's own rules can still check those parts; only a
/// document without problems is then deserialized by System.Text.Json itself, which stays the authority.
/// </para>
/// </summary>
public static class StrictJson
{
    /// <summary>Options of every strict reader: <paramref name="comments"/> says whether <c>//</c> and <c>/* */</c> comments are skipped.</summary>
    public static JsonSerializerOptions Options(JsonCommentHandling comments)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowDuplicateProperties = false,
            AllowTrailingCommas = false,
            ReadCommentHandling = comments,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Reads <paramref name="root"/> as a <typeparamref name="T"/>, adding every problem to <paramref name="problems"/>.
    /// Without problems the answer is System.Text.Json's own; with problems it is what could be read (members with
    /// problems left at their defaults), or null when the root itself is not an object. <paramref name="path"/> is the
    /// JSON path of <paramref name="root"/> in its document, for the problems' paths.
    /// </summary>
    public static T? Read<T>(JsonElement root, JsonSerializerOptions options, List<JsonProblem> problems, string path = "$")
        where T : class
    {
        int before = problems.Count;
        object? partial = new Walker(options, problems).Value(root, typeof(T), path, nullable: false);
        if (problems.Count > before)
        {
            return partial as T;
        }

        try
        {
            return root.Deserialize<T>(options);
        }
        catch (JsonException ex)
        {
            // The walk mirrors System.Text.Json's contracts, so this is not expected; say what it said if it happens.
            problems.Add(new JsonProblem(path + (ex.Path ?? "$")[1..], ex.Message));
            return partial as T;
        }
    }

    /// <summary>The value of <paramref name="element"/> in words: <c>the string "x"</c>, <c>the number 7</c>, <c>an array</c>, …</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private sealed class Walker(JsonSerializerOptions options, List<JsonProblem> problems)
    {
        public object? Value(JsonElement element, Type type, string path, bool nullable)
        {
            Type? underlying = Nullable.GetUnderlyingType(type);
            if (element.ValueKind == JsonValueKind.Null && type != typeof(JsonElement))
            {
                return nullable || underlying is not null ? null : Problem(path, type, element);
            }

            type = underlying ?? type;
            if (type == typeof(JsonElement))
            {
                return element.Clone();
            }

            if (type == typeof(string))
            {
                return element.ValueKind == JsonValueKind.String ? element.GetString() : Problem(path, type, element);
            }

            if (type == typeof(bool))
            {
                return element.ValueKind is JsonValueKind.True or JsonValueKind.False ? element.GetBoolean() : Problem(path, type, element);
            }

            if (type == typeof(int) || type == typeof(long) || type == typeof(ulong))
            {
                return Integer(element, type, path);
            }

            JsonTypeInfo info = options.GetTypeInfo(type);
            return info.Kind switch
            {
                JsonTypeInfoKind.Enumerable => Array(element, info, path),
                JsonTypeInfoKind.Dictionary => Dictionary(element, info, path),
                JsonTypeInfoKind.Object => Object(element, info, path),
                _ => throw new NotSupportedException($"{type} has no strict JSON reading"),
            };
        }

        private object? Integer(JsonElement element, Type type, string path)
        {
            if (element.ValueKind == JsonValueKind.Number)
            {
                if (type == typeof(int) && element.TryGetInt32(out int i))
                {
                    return i;
                }

                if (type == typeof(long) && element.TryGetInt64(out long l))
                {
                    return l;
                }

                if (type == typeof(ulong) && element.TryGetUInt64(out ulong u))
                {
                    return u;
                }

                return Add(path, $"must be {What(type)}, not {element.GetRawText()}");
            }

            return Problem(path, type, element);
        }

        private object? Array(JsonElement element, JsonTypeInfo info, string path)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                return Problem(path, info.Type, element);
            }

            Type itemType = info.ElementType!;
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
            int index = 0;
            foreach (JsonElement item in element.EnumerateArray())
            {
                object? value = Value(item, itemType, $"{path}[{index}]", nullable: false);
                if (value is not null)
                {
                    list.Add(value);
                }

                index++;
            }

            return list;
        }

        private object? Dictionary(JsonElement element, JsonTypeInfo info, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return Problem(path, info.Type, element);
            }

            Type valueType = info.ElementType!;
            var map = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(info.KeyType!, valueType), StringComparer.Ordinal)!;
            foreach (JsonProperty member in element.EnumerateObject())
            {
                string at = $"{path}.{member.Name}";
                if (map.Contains(member.Name))
                {
                    Add(at, "member given twice");
                    continue;
                }

                object? value = Value(member.Value, valueType, at, nullable: false);
                if (value is not null)
                {
                    map[member.Name] = value;
                }
            }

            return map;
        }

        private object? Object(JsonElement element, JsonTypeInfo info, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return Problem(path, info.Type, element);
            }

            var byName = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
            var present = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty member in element.EnumerateObject())
            {
                string at = $"{path}.{member.Name}";
                if (!byName.ContainsKey(member.Name))
                {
                    Add(at, $"unknown member (allowed here: {string.Join(", ", info.Properties.Select(p => p.Name))})");
                }
                else if (!present.TryAdd(member.Name, member.Value))
                {
                    Add(at, "member given twice");
                }
            }

            foreach (JsonPropertyInfo property in info.Properties)
            {
                if (property.IsRequired && !present.ContainsKey(property.Name))
                {
                    Add($"{path}.{property.Name}", "is required");
                }
            }

            var values = new Dictionary<JsonPropertyInfo, object?>();
            foreach (JsonPropertyInfo property in info.Properties)
            {
                if (present.TryGetValue(property.Name, out JsonElement value))
                {
                    values[property] = Value(value, property.PropertyType, $"{path}.{property.Name}", property.IsSetNullable);
                }
            }

            return Build(info, values);
        }

        /// <summary>Makes the object from what was read, through its parameterless constructor or its one public constructor (a positional record).</summary>
        private static object Build(JsonTypeInfo info, Dictionary<JsonPropertyInfo, object?> values)
        {
            if (info.CreateObject is { } create)
            {
                object made = create();
                foreach ((JsonPropertyInfo property, object? value) in values)
                {
                    if (value is not null)
                    {
                        property.Set!(made, value);
                    }
                }

                return made;
            }

            ConstructorInfo constructor = info.Type.GetConstructors().Single(c => c.GetParameters().Length > 0);
            ParameterInfo[] parameters = constructor.GetParameters();
            object?[] arguments = new object?[parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                Type p = parameters[i].ParameterType;
                arguments[i] = parameters[i].HasDefaultValue ? parameters[i].DefaultValue : p.IsValueType ? Activator.CreateInstance(p) : null;
            }

            foreach ((JsonPropertyInfo property, object? value) in values)
            {
                if (value is not null && property.AssociatedParameter is { } parameter)
                {
                    arguments[parameter.Position] = value;
                }
            }

            return constructor.Invoke(arguments);
        }

        private object? Problem(string path, Type type, JsonElement element) => Add(path, $"must be {What(type)}, not {Describe(element)}");

        private object? Add(string path, string message)
        {
            problems.Add(new JsonProblem(path, message));
            return null;
        }

        private string What(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(string))
            {
                return "a string";
            }

            if (type == typeof(bool))
            {
                return "true or false";
            }

            if (type == typeof(ulong))
            {
                return "a non-negative integer";
            }

            if (type == typeof(int) || type == typeof(long))
            {
                return "an integer";
            }

            return options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable ? "an array" : "an object";
        }
    }
}

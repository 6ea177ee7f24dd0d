using System.CommandLine;
using System.CommandLine.Parsing;

namespace HanBench.Cli;

/// <summary>
/// Turns System.CommandLine's parse errors into what a user can act on: one line for a mistyped command with the
/// nearest command suggested, likewise for a mistyped option (not one error per token it left over: audit B5), and option
/// values described by what they should be ("a number", "one of csv, json") on one line naming the option, not by a .NET
/// type name.
/// </summary>
internal static class ParseErrorMessages
{
    /// <summary>The lines to print (each becomes <c>hanbench: error: …</c>) for a parse that failed.</summary>
    public static IReadOnlyList<string> Describe(ParseResult parsed)
    {
        if (parsed.UnmatchedTokens.FirstOrDefault(t => !LooksLikeOption(t)) is { } unknown && parsed.CommandResult.Command.Subcommands.Count > 0)
        {
            return [UnknownCommand(parsed.CommandResult.Command, unknown)];
        }

        if (parsed.UnmatchedTokens.FirstOrDefault(LooksLikeOption) is { } unknownOption)
        {
            return [UnknownOption(parsed.CommandResult, unknownOption)];
        }

        if (parsed.UnmatchedTokens.FirstOrDefault() is { } extra)
        {
            return [ArgumentTooMany(parsed.CommandResult, extra)];
        }

        return parsed.Errors.Select(Describe).Distinct().ToList();
    }

    /// <summary>
    /// Whether a token the parser left over was meant as an option: a dash and a name. A lone <c>-</c> (standard input to
    /// many tools) and a negative number are arguments (review F13: both were called unknown options, "did you mean '-h'?").
    /// </summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static string ArgumentTooMany(CommandResult where, string token)
    {
        string path = CommandPath(where);
        string[] arguments = [.. where.Command.Arguments.Where(a => !a.Hidden).Select(a => a.Name.ToUpperInvariant())];
        string takes = arguments.Length == 0 ? "takes no arguments" : $"takes only {string.Join(' ', arguments)}";
        return $"'{token}' is one argument too many: {path} {takes} (see '{path} --help')";
    }

    private static string UnknownCommand(Command parent, string typed)
    {
        string where = parent is RootCommand ? "hanbench" : $"hanbench {parent.Name}";
        string? nearest = Nearest(typed, parent.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name)));
        string commands = string.Join(", ", parent.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        return nearest is null
            ? $"'{typed}' is not a {where} command (commands: {commands})"
            : $"'{typed}' is not a {where} command; did you mean '{nearest}'?";
    }

    private static string UnknownOption(CommandResult where, string token)
    {
        string typed = token.Split('=', 2)[0];
        var names = new List<string>();
        for (SymbolResult? result = where; result is CommandResult command; result = command.Parent)
        {
            // The command's own options, and what its parents give every subcommand (--help).
            names.AddRange(command.Command.Options.Where(o => !o.Hidden && (command == where || o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name)));
        }

        string path = CommandPath(where);
        string? nearest = Nearest(typed, names);
        return nearest is null
            ? $"'{typed}' is not an option of {path} (see '{path} --help')"
            : $"'{typed}' is not an option of {path}; did you mean '{nearest}'?";
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is CommandResult c; result = c.Parent)
        {
            names.Insert(0, c.Command is RootCommand ? "hanbench" : c.Command.Name);
        }

        return string.Join(' ', names);
    }

    /// <summary>The candidate nearest <paramref name="typed"/> (a few edits away, or one it begins), or null.</summary>
    private static string? Nearest(string typed, IEnumerable<string> candidates) => candidates
        .Select(name => (Name: name, Distance: EditDistance(typed.ToLowerInvariant(), name)))
        .Where(c => c.Distance <= Math.Max(2, typed.Length / 3) || c.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
        .OrderBy(c => c.Distance)
        .Select(c => c.Name)
        .FirstOrDefault();

    private static string Describe(ParseError error)
    {
        // AcceptOnlyFromAmong: "Argument 'xml' not recognized. Must be one of:" and the values a line each; one line naming the option.
        if (error.Message.Contains("Must be one of", StringComparison.Ordinal))
        {
            string[] quoted = [.. System.Text.RegularExpressions.Regex.Matches(error.Message, "'([^']*)'").Select(m => m.Groups[1].Value)];
            string? name = error.SymbolResult switch
            {
                OptionResult o => o.Option.Name,
                ArgumentResult { Parent: OptionResult o } => o.Option.Name,
                ArgumentResult a => a.Argument.Name,
                _ => null,
            };
            if (name is not null && quoted.Length >= 2)
            {
                return $"{name}: '{quoted[0]}' is not one of {string.Join(", ", quoted.Skip(1))}";
            }
        }

        if (error.SymbolResult is OptionResult { Option: var option } result && error.Message.Contains("expected type", StringComparison.Ordinal))
        {
            string given = string.Join(' ', result.Tokens.Select(t => t.Value));
            return $"{option.Name}: '{given}' is not {Expected(option.ValueType)}";
        }

        if (error.SymbolResult is ArgumentResult { Argument: var argument } argumentResult && error.Message.Contains("expected type", StringComparison.Ordinal))
        {
            string given = string.Join(' ', argumentResult.Tokens.Select(t => t.Value));
            return $"{argument.Name}: '{given}' is not {Expected(argument.ValueType)}";
        }

        return error.Message.TrimEnd('.');
    }

    private static string Expected(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return "a number (e.g. 2 or 0.5)";
        }

        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte))
        {
            return "a whole number";
        }

        if (t == typeof(uint) || t == typeof(ulong) || t == typeof(ushort))
        {
            return "a whole number from 0 up";
        }

        if (t.IsEnum)
        {
            return $"one of {string.Join(", ", Enum.GetNames(t))}";
        }

        return $"a valid {t.Name} value";
    }

    /// <summary>
    /// Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment), so "lsit" is
    /// nearer "list" than "init"; case-insensitive on the candidate.
    /// </summary>
    private static int EditDistance(string a, string b)
    {
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(d[i - 1, j - 1] + cost, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

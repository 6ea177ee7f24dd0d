namespace HanBench.NanoCompat.Tests;

/// <summary>
/// The checked-in list of nanoFramework 1.x API that portable code may touch (nanoframework-1x-api.txt).
/// <para>Format, one entry a line; <c>#</c> at the start of a line or after a space starts a comment:</para>
/// <list type="bullet">
/// <item><c>T:System.Text.Encoding</c> — the type exists: it may be named (declarations, casts, typeof, base lists).
/// Its members are NOT implied.</item>
/// <item><c>M:System.Text.Encoding.GetString(System.Byte[],System.Int32,System.Int32)</c> (also <c>P:</c>, <c>F:</c>,
/// <c>E:</c>) — that exact member exists on nanoFramework. IDs are C# documentation comment IDs, as Roslyn's
/// <c>ISymbol.GetDocumentationCommentId()</c> prints them for the symbol .NET binds.</item>
/// <item><c>M:A =&gt; M:B</c> — .NET binds the source to overload A, which nanoFramework lacks, but the same source
/// compiles on nanoFramework to B, which it has (e.g. a params overload). A is allowed.</item>
/// <item><c>T:System.AttributeTargets.*</c> — the type and every member of it; only where nanoFramework really has the
/// whole surface .NET has.</item>
/// </list>
/// <para>With <see cref="WithRealMscorlib"/>, everything the restored nanoFramework mscorlib declares is allowed too, so
/// the file lists only the packages NuGet does not serve, overload mappings, and under <c>## denied</c> what the real
/// mscorlib has but docs/PLATFORM.md rules out for portable code (an ID there refuses the type or member and, for a
/// type, all its members, unless an allowlist — the ESP32 app's hardware list — names them itself).</para>
/// </summary>
public sealed class NanoApiAllowlist
{
    /// <summary>Repository-relative path of the allowlist file.</summary>
    public const string RelativePath = "tests/HanBench.NanoCompat.Tests/nanoframework-1x-api.txt";

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _wholeTypes = new(StringComparer.Ordinal);
    private readonly List<AllowlistEntry> _entries = new();
    private readonly Dictionary<string, string> _packages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _denied = new(StringComparer.Ordinal);
    private IReadOnlySet<string> _mscorlib = new HashSet<string>();

    private NanoApiAllowlist()
    {
    }

    /// <summary>Every entry in file order (for validation tests).</summary>
    public IReadOnlyList<AllowlistEntry> Entries => _entries;

    /// <summary>Parses allowlist text; throws <see cref="FormatException"/> naming the line of a malformed entry.</summary>
    public static NanoApiAllowlist Parse(string text)
    {
        var allowlist = new NanoApiAllowlist();
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        string? package = null;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(SectionPrefix, StringComparison.Ordinal))
            {
                package = PackageOfSection(lines[i]);
            }

            string line = StripComment(lines[i]);

            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string id = line;
            string? nanoId = null;
            int arrow = line.IndexOf("=>", StringComparison.Ordinal);
            if (arrow >= 0)
            {
                id = line[..arrow].Trim();
                nanoId = line[(arrow + 2)..].Trim();
                if (!IsWellFormed(nanoId) || nanoId.EndsWith(".*", StringComparison.Ordinal))
                {
                    throw new FormatException($"{RelativePath}:{i + 1}: '{nanoId}' is not a documentation ID (T:, M:, P:, F:, E:)");
                }
            }

            bool namespaceDenial = package == DeniedSection && id.StartsWith("N:", StringComparison.Ordinal) && id.Length > 2;
            if ((!IsWellFormed(id) && !namespaceDenial) || id.Contains(' ', StringComparison.Ordinal))
            {
                throw new FormatException($"{RelativePath}:{i + 1}: '{line}' is not a documentation ID (T:, M:, P:, F:, E:)");
            }

            if (package == DeniedSection)
            {
                if (nanoId != null || id.EndsWith(".*", StringComparison.Ordinal))
                {
                    throw new FormatException($"{RelativePath}:{i + 1}: a denied entry is one plain documentation ID (N:Namespace for a whole namespace)");
                }

                allowlist._denied.Add(id);
            }
            else if (id.EndsWith(".*", StringComparison.Ordinal))
            {
                if (!id.StartsWith("T:", StringComparison.Ordinal))
                {
                    throw new FormatException($"{RelativePath}:{i + 1}: a whole-type entry is written T:Namespace.Type.*");
                }

                string typeName = id[2..^2];
                allowlist._wholeTypes.Add(typeName);
                allowlist._ids.Add("T:" + typeName);
                allowlist.SetPackage("T:" + typeName, package);
            }
            else
            {
                allowlist._ids.Add(id);
                allowlist.SetPackage(id, package);
            }

            allowlist._entries.Add(new AllowlistEntry(id, nanoId, i + 1, package));
        }

        return allowlist;
    }

    /// <summary>Loads the checked-in allowlist from the repository, with the real mscorlib's surface.</summary>
    public static NanoApiAllowlist Load(string repositoryRoot)
    {
        return Parse(File.ReadAllText(Path.Combine(repositoryRoot, RelativePath))).WithRealMscorlib();
    }

    /// <summary>The IDs listed under <c>## denied</c>.</summary>
    public IReadOnlyCollection<string> Denied => _denied;

    /// <summary>Also allows every type and member the restored nanoFramework mscorlib declares (<see cref="NanoMscorlib.Surface"/>), unless denied.</summary>
    public NanoApiAllowlist WithRealMscorlib()
    {
        _mscorlib = NanoMscorlib.Surface;
        return this;
    }

    /// <summary>Whether the type with documentation ID <paramref name="typeId"/> (<c>T:…</c>) may be named.</summary>
    public bool AllowsType(string typeId) => _ids.Contains(typeId) || (!IsDenied(typeId) && _mscorlib.Contains(typeId));

    /// <summary>
    /// Whether the member with documentation ID <paramref name="memberId"/> is allowed, either listed itself, through a
    /// whole-type entry of <paramref name="containingTypeId"/>, or declared by the real mscorlib and not denied.
    /// </summary>
    public bool AllowsMember(string memberId, string containingTypeId)
    {
        if (_ids.Contains(memberId) || _wholeTypes.Contains(containingTypeId[2..]))
        {
            return true;
        }

        return !_denied.Contains(memberId) && !IsDenied(containingTypeId) && _mscorlib.Contains(memberId);
    }

    /// <summary>
    /// The nanoFramework package an allowed type or member comes from: the section it is listed under
    /// (<c>## nanoFramework.System.Text 1.3.x</c>; <c>## mscorlib</c> is nanoFramework.CoreLibrary), or null.
    /// </summary>
    public string? PackageOf(string memberId, string containingTypeId)
    {
        if (_packages.TryGetValue(memberId, out string? package))
        {
            return package;
        }

        if (_mscorlib.Contains(memberId))
        {
            return CoreLibraryPackage;
        }

        return _wholeTypes.Contains(containingTypeId[2..]) && _packages.TryGetValue(containingTypeId, out package) ? package : null;
    }

    /// <summary>The package of the section header <paramref name="line"/> (<c>## Id …</c>).</summary>
    public static string PackageOfSection(string line)
    {
        string id = line[SectionPrefix.Length..].Trim().Split(' ')[0];
        return id == "mscorlib" ? CoreLibraryPackage : id;
    }

    /// <summary>The package that holds mscorlib.</summary>
    public const string CoreLibraryPackage = "nanoFramework.CoreLibrary";

    private const string SectionPrefix = "## ";

    /// <summary>The section of IDs refused although the real mscorlib has them.</summary>
    private const string DeniedSection = "denied";

    /// <summary>Whether a type is denied itself or through its namespace (<c>N:System.Reflection</c>).</summary>
    private bool IsDenied(string typeId)
    {
        if (_denied.Contains(typeId))
        {
            return true;
        }

        string name = typeId[2..];
        for (int dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
        {
            if (_denied.Contains("N:" + name[..dot]))
            {
                return true;
            }
        }

        return false;
    }

    private void SetPackage(string id, string? package)
    {
        if (package != null)
        {
            _packages.TryAdd(id, package);
        }
    }

    /// <summary><c>M:System.String.Concat(System.String,System.String)</c> → <c>T:System.String</c>.</summary>
    public static string ContainingTypeId(string memberId)
    {
        string body = memberId[2..];
        int paren = body.IndexOf('(');
        if (paren >= 0)
        {
            body = body[..paren];
        }

        return "T:" + body[..body.LastIndexOf('.')];
    }

    /// <summary>A comment starts with '#' at the line start or after whitespace (IDs contain #ctor, never spaces).</summary>
    private static string StripComment(string line)
    {
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i];
            }
        }

        return line;
    }

    private static bool IsWellFormed(string id)
    {
        return id.Length > 2
            && id[1] == ':'
            && (id[0] == 'T' || id[0] == 'M' || id[0] == 'P' || id[0] == 'F' || id[0] == 'E');
    }
}

/// <summary>One allowlist line: the .NET documentation ID allowed (or denied) and, for overload mappings, the nanoFramework one; the package of its section.</summary>
public sealed record AllowlistEntry(string Id, string? NanoId, int Line, string? Package);

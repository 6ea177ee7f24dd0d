namespace HanBench.NanoCompat.Tests;

/// <summary>Rule names reported by <see cref="NanoCompatChecker"/> and <see cref="PortableProjects"/>.</summary>
public static class NanoCompatRules
{
    /// <summary>A BCL (or test framework) type or member that is not in nanoframework-1x-api.txt.</summary>
    public const string Api = "api";

    /// <summary>A generic type or method, declared or used (stable nanoFramework 1.x does not run generics).</summary>
    public const string Generic = "generic";

    /// <summary>async/await, Task, ValueTask.</summary>
    public const string Async = "async";

    /// <summary>A LINQ query expression or a System.Linq method.</summary>
    public const string Linq = "linq";

    /// <summary>A record declaration (needs IEquatable&lt;T&gt;).</summary>
    public const string Record = "record";

    /// <summary>A tuple type or tuple literal (ValueTuple).</summary>
    public const string Tuple = "tuple";

    /// <summary>A nullable value type (<c>int?</c>, Nullable&lt;T&gt;); nullable reference annotations are fine.</summary>
    public const string NullableValueType = "nullable-value-type";

    /// <summary>An <c>init</c> accessor (needs IsExternalInit).</summary>
    public const string Init = "init";

    /// <summary>Span, ReadOnlySpan, Memory, ReadOnlyMemory.</summary>
    public const string Span = "span";

    /// <summary>A stackalloc expression.</summary>
    public const string StackAlloc = "stackalloc";

    /// <summary>The dynamic type.</summary>
    public const string Dynamic = "dynamic";

    /// <summary>A multidimensional (rectangular) array; jagged arrays are fine.</summary>
    public const string MultidimensionalArray = "multidim-array";

    /// <summary>
    /// A null attribute argument (e.g. <c>[DataRow(7, null)]</c>): nanoFramework's metadata processor fails on it with
    /// <c>ArgumentNullException (key)</c> (docs/PLATFORM.md, "Two limits of nanoFramework's metadata processor").
    /// </summary>
    public const string AttributeNull = "attribute-null";

    /// <summary>A nanoFramework package a .nfproj uses but does not declare (project and packages.config), or a version mismatch.</summary>
    public const string Package = "package";

    /// <summary>A .cs file missing from its .projitems, or a .projitems item that cannot be checked.</summary>
    public const string Projitems = "projitems";

    /// <summary>A portable project that references a non-portable one.</summary>
    public const string Reference = "reference";

    /// <summary>The source does not compile against net10.0, so it cannot be bound and checked.</summary>
    public const string Compile = "compile";
}

/// <summary>One finding: where, which rule, which symbol, and what to do about it.</summary>
/// <param name="File">Repository-relative path with forward slashes.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Rule">One of <see cref="NanoCompatRules"/>.</param>
/// <param name="Symbol">Documentation ID of the symbol (e.g. <c>M:System.Text.Encoding.GetString(System.Byte[])</c>) or the construct.</param>
/// <param name="Message">Why it fails on nanoFramework 1.x and how to fix it.</param>
public sealed record NanoCompatViolation(string File, int Line, string Rule, string Symbol, string Message)
{
    /// <summary><c>path:line: rule: symbol — message</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Rule}: {Symbol} — {Message}";

    /// <summary>All violations, one a line, for a failure message.</summary>
    public static string Format(IEnumerable<NanoCompatViolation> violations)
    {
        return string.Join(Environment.NewLine, violations.Select(v => v.ToString()));
    }
}

/// <summary>A source file to check or to compile alongside.</summary>
/// <param name="Path">Repository-relative path used in violations (forward slashes).</param>
/// <param name="Text">The C# source.</param>
public sealed record PortableSource(string Path, string Text);

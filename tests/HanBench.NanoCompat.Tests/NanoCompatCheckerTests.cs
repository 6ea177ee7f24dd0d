using System.Text.RegularExpressions;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// Proves the checker can fail: small snippets, each bad line marked <c>// expect: rule[=symbol], …</c>. Every
/// expectation must be reported on its line, and nothing may be reported on an unmarked line.
/// </summary>
[TestClass]
public sealed partial class NanoCompatCheckerTests
{
    private const string BadSnippet = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using System.Threading.Tasks;

        namespace Bad
        {
            public class Violations
            {
                public void Lists()
                {
                    List<int> list = new List<int>(); // expect: generic=T:System.Collections.Generic.List`1
                    list.Add(1); // expect: generic=T:System.Collections.Generic.List`1
                }

                public static T Echo<T>(T value) // expect: generic=Echo
                {
                    return value;
                }

                public static int UseEcho()
                {
                    return Echo(3); // expect: generic=M:Bad.Violations.Echo``1(``0)
                }

                public async Task WaitAsync() // expect: async=async WaitAsync, async=T:System.Threading.Tasks.Task
                {
                    await Task.Delay(1); // expect: async=await
                }

                public int Query(int[] items)
                {
                    int[] big = (from i in items where i > 1 select i).ToArray(); // expect: linq=query expression
                    return items.Where(i => i > 2).Count() + big.Length; // expect: linq=M:System.Linq.Enumerable.Where``1(System.Collections.Generic.IEnumerable{``0},System.Func{``0,System.Boolean})
                }

                public (int, int) Pair() // expect: tuple
                {
                    return (1, 2); // expect: tuple
                }

                public int? Maybe() // expect: nullable-value-type=int?
                {
                    return null; // expect: nullable-value-type
                }

                public string Name { get; init; } = ""; // expect: init

                public byte First()
                {
                    Span<byte> scratch = stackalloc byte[4]; // expect: span=T:System.Span`1, stackalloc
                    return scratch[0]; // expect: span
                }

                public void Late()
                {
                    dynamic d = 1; // expect: dynamic
                    d.Poke(); // expect: dynamic
                }

                public int[,] Grid() // expect: multidim-array=int[*,*]
                {
                    return new int[2, 2]; // expect: multidim-array
                }

                public void Copy(byte[] source, byte[] destination)
                {
                    Buffer.BlockCopy(source, 0, destination, 0, 1); // expect: api=T:System.Buffer
                }

                public void Print()
                {
                    Console.WriteLine("hello"); // expect: api=T:System.Console
                }

                public string Shout(string text)
                {
                    return text.ToUpperInvariant(); // expect: api=M:System.String.ToUpperInvariant
                }

                public string Decode(byte[] bytes)
                {
                    return Encoding.UTF8.GetString(bytes); // expect: api=M:System.Text.Encoding.GetString(System.Byte[])
                }

                public void Wait(System.Threading.AutoResetEvent signal) // expect: api=T:System.Threading.AutoResetEvent
                {
                }
            }

            public record Point(int X, int Y); // expect: record=record Point
        }
        """;

    private const string GoodSnippet = """
        using System;
        using System.Collections;
        using System.Diagnostics;
        using System.Text;

        namespace Good
        {
            /// <summary>Uses only allowlisted nanoFramework 1.x API, including the implicit uses.</summary>
            public sealed class Allowed : IDisposable
            {
                private readonly object _sync = new object();
                private readonly ArrayList _items = new ArrayList();
                private readonly Hashtable _byName = new Hashtable();
                private readonly Queue _pending = new Queue();
                private bool _disposed;

                public event Action? Changed;

                public string Describe(byte[] buffer, int count)
                {
                    if (buffer == null)
                    {
                        throw new ArgumentNullException(nameof(buffer));
                    }

                    if (count < 0 || count > buffer.Length)
                    {
                        throw new ArgumentOutOfRangeException(nameof(count), "count outside the buffer");
                    }

                    byte[] copy = new byte[count];
                    Array.Copy(buffer, 0, copy, 0, count);
                    string text = Encoding.UTF8.GetString(copy, 0, copy.Length);
                    string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
                    var builder = new StringBuilder();
                    builder.Append("n=").Append(count).Append(' ').Append(base64);
                    foreach (byte b in copy)
                    {
                        builder.Append(b.ToString("X2"));
                    }

                    foreach (char c in text)
                    {
                        builder.Append(c);
                    }

                    lock (_sync)
                    {
                        _items.Add(text);
                        _pending.Enqueue(count);
                        _byName[text] = base64;
                    }

                    foreach (object item in _items)
                    {
                        Debug.WriteLine("item " + item);
                    }

                    foreach (DictionaryEntry entry in _byName)
                    {
                        Debug.WriteLine((string)entry.Key);
                    }

                    string[] parts = text.Split(',');
                    object kind = typeof(Allowed);
                    string summary = $"{count} bytes: {text}" + count.ToString() + string.Format("{0}/{1}", count, buffer.Length);
                    summary += parts.Length;
                    if (summary == "x" || kind == null || !int.TryParse("12", out int parsed) || parsed != Sum(1, 2, 3))
                    {
                        throw new InvalidOperationException("unreachable");
                    }

                    Changed?.Invoke();
                    Action done = Dispose;
                    done();
                    return builder.ToString() + summary + _pending.Count;
                }

                public static int Sum(params int[] values)
                {
                    int total = 0;
                    for (int i = 0; i < values.Length; i++)
                    {
                        total += values[i];
                    }

                    return total;
                }

                public static string Safely(Allowed allowed)
                {
                    try
                    {
                        using (var scope = new Allowed())
                        {
                            return allowed.Describe(new byte[] { 0x41, 0x42 }, 2);
                        }
                    }
                    catch (ArgumentException e)
                    {
                        return e.Message;
                    }
                }

                public void Dispose()
                {
                    _disposed = true;
                }

                public override string ToString()
                {
                    return _disposed ? "disposed" : "open";
                }
            }

            public enum Mode : byte
            {
                Idle = 0x01,
            }

            public struct Window
            {
                public int Offset;
                public int Count;
            }
        }
        """;

    private static readonly NanoCompatChecker Checker = new(NanoApiAllowlist.Load(PortableProjects.FindRepositoryRoot()));

    [TestMethod]
    public void Check_BadSnippet_ReportsEveryViolationOnItsLine()
    {
        IReadOnlyList<NanoCompatViolation> violations = Checker.Check(new[] { new PortableSource("portable/Bad.cs", BadSnippet) });

        AssertMatchesExpectations(BadSnippet, violations);
    }

    [TestMethod]
    public void Check_GoodSnippet_ReportsNothing()
    {
        IReadOnlyList<NanoCompatViolation> violations = Checker.Check(new[] { new PortableSource("portable/Good.cs", GoodSnippet) });

        Assert.IsEmpty(violations, NanoCompatViolation.Format(violations));
    }

    [TestMethod]
    public void Check_SharedTestWithNanoFrameworkNames_ReportsNothing()
    {
        const string test = """
            using nanoFramework.TestFramework;

            namespace Good.Tests
            {
                [TestClass]
                public class SampleTests
                {
                    [TestMethod]
                    [DataRow(1, "1")]
                    public void Parse_Digit_Matches(int expected, string text)
                    {
                        Assert.IsTrue(int.TryParse(text, out int value), "seed 42: " + text);
                        Assert.AreEqual(expected, value);
                        Assert.ThrowsException(typeof(System.ArgumentNullException), () => throw new System.ArgumentNullException(nameof(text)));
                        CollectionAssert.AreEqual(new byte[] { 1 }, new byte[] { 1 });
                        OutputHelper.WriteLine("done");
                    }
                }
            }
            """;

        IReadOnlyList<NanoCompatViolation> violations = Checker.Check(
            new[] { new PortableSource("tests/Sample.cs", test) }, extraReferences: TestFrameworkReferences.All);

        Assert.IsEmpty(violations, NanoCompatViolation.Format(violations));
    }

    [TestMethod]
    public void Check_NullAttributeArgument_ReportedWithFileAndLine()
    {
        const string test = """
            using nanoFramework.TestFramework;

            namespace Bad.Tests
            {
                [TestClass]
                public class SampleTests
                {
                    [TestMethod]
                    [DataRow(1, "1")]
                    [DataRow(7, null)] // expect: attribute-null=null
                    [DataRow(8, default(string))] // expect: attribute-null=default(string)
                    [DataRow(9, (string)null)] // expect: attribute-null=(string)null
                    public void Parse_Digit_Matches(int expected, string text)
                    {
                        Assert.IsTrue(expected > 0, text);
                    }
                }
            }
            """;

        IReadOnlyList<NanoCompatViolation> violations = Checker.Check(
            new[] { new PortableSource("tests/Sample.cs", test) }, extraReferences: TestFrameworkReferences.All);

        AssertMatchesExpectations(test, violations);
        StringAssert.StartsWith(violations[0].ToString(), "tests/Sample.cs:10: attribute-null: null");
    }

    [TestMethod]
    public void Check_SharedTestWithMsTestName_ReportsIt()
    {
        const string test = """
            using nanoFramework.TestFramework;
            using Ms = Microsoft.VisualStudio.TestTools.UnitTesting;

            namespace Bad.Tests
            {
                [TestClass]
                public class SampleTests
                {
                    [TestMethod]
                    public void Something_Always_Passes()
                    {
                        Ms.Assert.Inconclusive("not on the board"); // expect: api=T:Microsoft.VisualStudio.TestTools.UnitTesting.Assert
                    }
                }
            }
            """;

        IReadOnlyList<NanoCompatViolation> violations = Checker.Check(
            new[] { new PortableSource("tests/Sample.cs", test) }, extraReferences: TestFrameworkReferences.All);

        AssertMatchesExpectations(test, violations);
        StringAssert.Contains(violations[0].Message, "MSTest name");
    }

    [TestMethod]
    public void Check_NonAllowlistedMember_MessageTellsHowToVerifyAndExtend()
    {
        IReadOnlyList<NanoCompatViolation> violations = Checker.Check(new[]
        {
            new PortableSource("portable/Trim.cs", "namespace P { public static class T { public static string F(string s) { return s.TrimStart(); } } }"),
        });

        NanoCompatViolation only = violations.Single();
        Assert.AreEqual("portable/Trim.cs:1: api: M:System.String.TrimStart — ", only.ToString()[..(only.ToString().IndexOf('—') + 2)]);
        StringAssert.Contains(only.Message, NanoApiAllowlist.RelativePath);
        StringAssert.Contains(only.Message, "Verify that nanoFramework 1.x has exactly this");
        StringAssert.Contains(only.Message, "add 'M:System.String.TrimStart'");
        StringAssert.Contains(only.Message, "citing the source");
    }

    [TestMethod]
    public void Check_UsingOnBclTypeNotDisposableOnNano_Reported()
    {
        // docs/PLATFORM.md: WaitHandle is not IDisposable on nanoFramework, so `using` on an event fails there.
        const string code = """
            namespace P
            {
                public static class Waits
                {
                    public static void Run()
                    {
                        using (var signal = new System.Threading.ManualResetEvent(false)) // expect: api=T:System.Threading.ManualResetEvent
                        {
                        }
                    }
                }
            }
            """;

        IReadOnlyList<NanoCompatViolation> violations = Checker.Check(new[] { new PortableSource("portable/Waits.cs", code) });

        AssertMatchesExpectations(code, violations);
    }

    [TestMethod]
    public void Check_ImplicitUses_NeedTheirMembersInTheAllowlist()
    {
        // An allowlist without String.Concat/Format, Monitor and Object..ctor: the implicit uses must then be reported.
        var bare = new NanoCompatChecker(NanoApiAllowlist.Parse("T:System.Object\nT:System.String\nT:System.Int32\n"));
        const string code = """
            namespace P
            {
                public class Implicit // expect: api=M:System.Object.#ctor
                {
                    private readonly object _sync = new object(); // expect: api=M:System.Object.#ctor

                    public string Run(string a, int b)
                    {
                        lock (_sync) // expect: api=M:System.Threading.Monitor.Enter(System.Object), api=M:System.Threading.Monitor.Exit(System.Object)
                        {
                            a += "x"; // expect: api=M:System.String.Concat(System.String,System.String)
                        }

                        return $"{a}{b}" + b; // expect: api=M:System.String.Format(System.String,System.Object[]), api=M:System.String.Concat(System.String,System.String), api=M:System.Object.ToString
                    }

                    public override string ToString() // expect: api=M:System.Object.ToString
                    {
                        return "implicit";
                    }
                }
            }
            """;

        IReadOnlyList<NanoCompatViolation> violations = bare.Check(new[] { new PortableSource("portable/Implicit.cs", code) });

        AssertMatchesExpectations(code, violations);
    }

    [TestMethod]
    public void Check_CodeThatDoesNotCompile_ReportsCompileError()
    {
        IReadOnlyList<NanoCompatViolation> violations = Checker.Check(new[]
        {
            new PortableSource("portable/Broken.cs", "namespace P\n{\n    public class B { public int F() { return Missing(); } }\n}\n"),
        });

        Assert.IsTrue(violations.Any(v => v.Rule == NanoCompatRules.Compile && v.Line == 3 && v.Symbol == "CS0103"), NanoCompatViolation.Format(violations));
    }

    /// <summary>
    /// Every <c>// expect: rule[=symbol]</c> of <paramref name="code"/> must be reported on its line (with that symbol
    /// when given), and no violation may be reported on a line without a marker.
    /// </summary>
    private static void AssertMatchesExpectations(string code, IReadOnlyList<NanoCompatViolation> violations)
    {
        string[] lines = code.Replace("\r\n", "\n").Split('\n');
        var expectedLines = new HashSet<int>();
        var missing = new List<string>();
        for (int i = 0; i < lines.Length; i++)
        {
            Match match = ExpectMarker().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            int line = i + 1;
            expectedLines.Add(line);
            foreach (string expectation in match.Groups[1].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = expectation.Trim().Split('=', 2);
                string rule = parts[0];
                string? symbol = parts.Length == 2 ? parts[1] : null;
                bool found = violations.Any(v => v.Line == line && v.Rule == rule && (symbol == null || v.Symbol == symbol));
                if (!found)
                {
                    missing.Add($"line {line}: {expectation}    | {lines[i].Trim()}");
                }
            }
        }

        List<NanoCompatViolation> unexpected = violations.Where(v => !expectedLines.Contains(v.Line)).ToList();
        Assert.IsTrue(missing.Count == 0 && unexpected.Count == 0,
            $"missing:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}{Environment.NewLine}"
            + $"unexpected:{Environment.NewLine}{NanoCompatViolation.Format(unexpected)}{Environment.NewLine}"
            + $"all reported:{Environment.NewLine}{NanoCompatViolation.Format(violations)}");
    }

    [GeneratedRegex(@"//\s*expect:\s*(.+)$")]
    private static partial Regex ExpectMarker();
}

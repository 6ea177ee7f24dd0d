using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// Binds portable sources against net10.0 with Roslyn (C# 10, nullable on) and reports every construct or API that
/// stable nanoFramework 1.x does not have. Symbols of the portable code itself (the sources checked plus the context
/// sources compiled with them) are always allowed; every other type or member must be in the
/// <see cref="NanoApiAllowlist"/>. Implicit uses count too: the base constructor a class calls, members it overrides
/// or implements, the enumerator pattern of <c>foreach</c>, <c>lock</c> (Monitor), <c>using</c> (IDisposable),
/// string concatenation (String.Concat) and interpolation (String.Format), user-defined conversions, and the type
/// of every expression.
/// </summary>
public sealed class NanoCompatChecker
{
    /// <summary>C# 10, as every portable project is built (docs/PLATFORM.md: C# 11+ breaks the metadata processor).</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp10);

    // String concatenation and interpolation lower to these on nanoFramework (no interpolated string handler there).
    private const string ConcatId = "M:System.String.Concat(System.String,System.String)";
    private const string FormatId = "M:System.String.Format(System.String,System.Object[])";
    private const string ObjectToStringId = "M:System.Object.ToString";

    private static readonly Lazy<IReadOnlyList<MetadataReference>> s_net10 = new(LoadNet10References);

    private readonly NanoApiAllowlist _allowlist;

    /// <summary>Creates a checker against <paramref name="allowlist"/>.</summary>
    public NanoCompatChecker(NanoApiAllowlist allowlist)
    {
        _allowlist = allowlist;
    }

    /// <summary>The net10.0 framework assemblies of the running runtime (its trusted platform assemblies).</summary>
    public static IReadOnlyList<MetadataReference> Net10References => s_net10.Value;

    /// <summary>
    /// Checks <paramref name="sources"/>; <paramref name="context"/> sources (other portable code they build with)
    /// are compiled alongside but not checked; <paramref name="extraReferences"/> are added to net10.0 (e.g. the
    /// test framework shim). Returns the violations sorted by file and line.
    /// </summary>
    public IReadOnlyList<NanoCompatViolation> Check(
        IEnumerable<PortableSource> sources,
        IEnumerable<PortableSource>? context = null,
        IEnumerable<MetadataReference>? extraReferences = null,
        IDictionary<string, string>? usedPackages = null)
    {
        List<SyntaxTree> checkedTrees = sources.Select(Parse).ToList();
        List<SyntaxTree> contextTrees = (context ?? Array.Empty<PortableSource>()).Select(Parse).ToList();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "HanBench.NanoCompat.Portable",
            checkedTrees.Concat(contextTrees),
            Net10References.Concat(extraReferences ?? Array.Empty<MetadataReference>()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var sink = new ViolationSink();
        var checkedSet = new HashSet<SyntaxTree>(checkedTrees);
        foreach (Diagnostic diagnostic in compilation.GetDiagnostics())
        {
            if (diagnostic.Severity != DiagnosticSeverity.Error)
            {
                continue;
            }

            SyntaxTree? tree = diagnostic.Location.SourceTree;
            if (tree != null && !checkedSet.Contains(tree))
            {
                continue;
            }

            FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
            sink.Add(new NanoCompatViolation(
                tree?.FilePath ?? "(compilation)",
                span.StartLinePosition.Line + 1,
                NanoCompatRules.Compile,
                diagnostic.Id,
                diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)
                    + " — portable code must compile for net10.0 with C# 10 before it can be checked"));
        }

        foreach (SyntaxTree tree in checkedTrees)
        {
            new FileChecker(compilation, compilation.GetSemanticModel(tree), _allowlist, sink).Run(tree.GetRoot());
        }

        foreach (KeyValuePair<string, string> used in sink.Packages)
        {
            usedPackages?.TryAdd(used.Key, used.Value);
        }

        return sink.Sorted();
    }

    private static SyntaxTree Parse(PortableSource source)
    {
        return CSharpSyntaxTree.ParseText(source.Text, ParseOptions, source.Path);
    }

    private static IReadOnlyList<MetadataReference> LoadNet10References()
    {
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string tpa = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return tpa.Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                && string.Equals(Path.GetDirectoryName(p), runtimeDirectory, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }

    /// <summary>Collects violations once per file, line, rule and symbol.</summary>
    private sealed class ViolationSink
    {
        private readonly Dictionary<(string, int, string, string), NanoCompatViolation> _items = new();

        /// <summary>The nanoFramework package of every allowed API the checked sources use → the first such use.</summary>
        public SortedDictionary<string, string> Packages { get; } = new(StringComparer.Ordinal);

        public void Use(string? package, string id, SyntaxNodeOrToken at)
        {
            if (package != null && !Packages.ContainsKey(package))
            {
                FileLinePositionSpan span = at.GetLocation()!.GetLineSpan();
                Packages[package] = $"{id} at {span.Path}:{span.StartLinePosition.Line + 1}";
            }
        }

        public void Add(NanoCompatViolation violation)
        {
            _items.TryAdd((violation.File, violation.Line, violation.Rule, violation.Symbol), violation);
        }

        public IReadOnlyList<NanoCompatViolation> Sorted()
        {
            return _items.Values
                .OrderBy(v => v.File, StringComparer.Ordinal)
                .ThenBy(v => v.Line)
                .ThenBy(v => v.Rule, StringComparer.Ordinal)
                .ThenBy(v => v.Symbol, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Walks one file.</summary>
    private sealed class FileChecker
    {
        private readonly Compilation _compilation;
        private readonly SemanticModel _model;
        private readonly NanoApiAllowlist _allowlist;
        private readonly ViolationSink _sink;

        public FileChecker(Compilation compilation, SemanticModel model, NanoApiAllowlist allowlist, ViolationSink sink)
        {
            _compilation = compilation;
            _model = model;
            _allowlist = allowlist;
            _sink = sink;
        }

        public void Run(SyntaxNode root)
        {
            // Trivia (doc comments, crefs, disabled #if branches) is not compiled for the board: not walked.
            foreach (SyntaxNode node in root.DescendantNodes())
            {
                CheckConstruct(node);
                CheckBinding(node);
                if (node is ExpressionSyntax expression)
                {
                    CheckExpression(expression);
                }

                if (node is TypeDeclarationSyntax typeDeclaration)
                {
                    CheckTypeDeclaration(typeDeclaration);
                }

                if (node is MemberDeclarationSyntax member)
                {
                    CheckOverride(member);
                }
            }
        }

        // ---- language constructs --------------------------------------------------------------------------

        private void CheckConstruct(SyntaxNode node)
        {
            switch (node)
            {
                case TypeParameterListSyntax list:
                    Report(list, NanoCompatRules.Generic, DeclaredName(list.Parent),
                        "generic type or method declared; stable nanoFramework 1.x runs no generics (docs/PLATFORM.md): write it for a concrete type, object, ArrayList or Hashtable");
                    break;
                case RecordDeclarationSyntax record:
                    Report(record, NanoCompatRules.Record, "record " + record.Identifier.Text,
                        "records need IEquatable<T>, absent on nanoFramework 1.x: write a sealed class");
                    break;
                case AccessorDeclarationSyntax accessor when accessor.IsKind(SyntaxKind.InitAccessorDeclaration):
                    Report(accessor, NanoCompatRules.Init, "init accessor of " + DeclaredName(accessor.Parent?.Parent),
                        "init accessors need IsExternalInit, absent on nanoFramework 1.x: use a constructor parameter or a private set");
                    break;
                case QueryExpressionSyntax query:
                    Report(query, NanoCompatRules.Linq, "query expression",
                        "LINQ does not exist on nanoFramework 1.x: write the loop");
                    break;
                case TupleTypeSyntax or TupleExpressionSyntax:
                    Report(node, NanoCompatRules.Tuple, "tuple",
                        "tuples are ValueTuple<…>, a generic type absent on nanoFramework 1.x: use out parameters or a small class");
                    break;
                case NullableTypeSyntax nullable when _model.GetTypeInfo(nullable).Type is { IsValueType: true } valueType:
                    Report(nullable, NanoCompatRules.NullableValueType, valueType.ToDisplayString(),
                        "Nullable<T> is generic and absent on nanoFramework 1.x: use a sentinel value plus a bool, or a status enum (nullable reference annotations are fine)");
                    break;
                case StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                    Report(node, NanoCompatRules.StackAlloc, "stackalloc",
                        "stackalloc needs Span<T>, absent on nanoFramework 1.x: use a reused byte[] field");
                    break;
                case AwaitExpressionSyntax:
                    Report(node, NanoCompatRules.Async, "await",
                        "async/await and Task do not exist on nanoFramework 1.x: use a Thread, a Timer or a state machine taking nowMs");
                    break;
                case MethodDeclarationSyntax method when method.Modifiers.Any(SyntaxKind.AsyncKeyword):
                    Report(method, NanoCompatRules.Async, "async " + method.Identifier.Text,
                        "async/await and Task do not exist on nanoFramework 1.x: use a Thread, a Timer or a state machine taking nowMs");
                    break;
                case LocalFunctionStatementSyntax local when local.Modifiers.Any(SyntaxKind.AsyncKeyword):
                    Report(local, NanoCompatRules.Async, "async " + local.Identifier.Text,
                        "async/await and Task do not exist on nanoFramework 1.x");
                    break;
                case AnonymousFunctionExpressionSyntax lambda when lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword):
                    Report(lambda, NanoCompatRules.Async, "async lambda",
                        "async/await and Task do not exist on nanoFramework 1.x");
                    break;
                case CommonForEachStatementSyntax forEach:
                    if (forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                    {
                        Report(forEach, NanoCompatRules.Async, "await foreach", "async streams do not exist on nanoFramework 1.x");
                    }

                    CheckForEach(forEach);
                    break;
                case LockStatementSyntax lockStatement:
                    // C# lowers lock to Monitor.Enter(object, ref bool) where it exists, else Monitor.Enter(object).
                    RequireImplicit(lockStatement, "M:System.Threading.Monitor.Enter(System.Object)", "lock");
                    RequireImplicit(lockStatement, "M:System.Threading.Monitor.Exit(System.Object)", "lock");
                    break;
                case UsingStatementSyntax usingStatement:
                    if (usingStatement.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                    {
                        Report(usingStatement, NanoCompatRules.Async, "await using", "IAsyncDisposable does not exist on nanoFramework 1.x");
                    }

                    CheckUsing(usingStatement, usingStatement.Declaration?.Type ?? (SyntaxNode?)usingStatement.Expression);
                    break;
                case LocalDeclarationStatementSyntax local when local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword):
                    CheckUsing(local, local.Declaration.Type);
                    break;
                case AttributeArgumentSyntax argument:
                    CheckAttributeArgument(argument);
                    break;
                case InterpolatedStringExpressionSyntax interpolated:
                    // .NET lowers $"" to DefaultInterpolatedStringHandler; nanoFramework has none, so Roslyn emits
                    // String.Format(string, params object[]) (or Concat) there.
                    RequireImplicit(interpolated, FormatId, "string interpolation");
                    break;
            }
        }

        private void CheckAttributeArgument(AttributeArgumentSyntax argument)
        {
            // The argument itself, or an element of an array it builds (params object[] of DataRow).
            foreach (ExpressionSyntax value in argument.Expression.DescendantNodesAndSelf().OfType<ExpressionSyntax>())
            {
                bool isValue = value.Parent == argument || value.Parent is InitializerExpressionSyntax;
                if (!isValue)
                {
                    continue;
                }

                Optional<object?> constant = _model.GetConstantValue(value);
                if (constant.HasValue && constant.Value == null)
                {
                    Report(value, NanoCompatRules.AttributeNull, value.ToString(),
                        "null attribute argument: nanoFramework's metadata processor fails on it with ArgumentNullException (key) (docs/PLATFORM.md); "
                        + "pass a non-null sentinel or write the case as its own test method");
                }
            }
        }

        private void CheckForEach(CommonForEachStatementSyntax forEach)
        {
            ITypeSymbol? collection = _model.GetTypeInfo(forEach.Expression).Type;
            if (collection is IArrayTypeSymbol)
            {
                // Lowered to an index loop over Length: no API involved.
                return;
            }

            if (collection?.SpecialType == SpecialType.System_String)
            {
                // Lowered to the indexer and Length (nanoFramework's String.GetEnumerator throws NotSupportedException).
                RequireImplicit(forEach, "P:System.String.Chars(System.Int32)", "foreach over a string");
                RequireImplicit(forEach, "P:System.String.Length", "foreach over a string");
                return;
            }

            ForEachStatementInfo info = _model.GetForEachStatementInfo(forEach);
            CheckSymbol(info.GetEnumeratorMethod, forEach.Expression);
            CheckSymbol(info.MoveNextMethod, forEach.Expression);
            CheckSymbol(info.CurrentProperty, forEach.Expression);
            CheckSymbol(info.DisposeMethod, forEach.Expression);
        }

        private void CheckUsing(SyntaxNode statement, SyntaxNode? resource)
        {
            RequireImplicit(statement, "M:System.IDisposable.Dispose", "using");
            ITypeSymbol? type = resource switch
            {
                TypeSyntax typeSyntax => _model.GetTypeInfo(typeSyntax).Type,
                ExpressionSyntax expression => _model.GetTypeInfo(expression).Type,
                _ => null,
            };
            if (type == null || type.TypeKind == TypeKind.Interface || IsPortable(type))
            {
                return;
            }

            // A BCL type used in `using` must be IDisposable on nanoFramework too (WaitHandle is not): the member
            // that implements Dispose on .NET has to be in the allowlist.
            INamedTypeSymbol disposable = _compilation.GetSpecialType(SpecialType.System_IDisposable);
            ISymbol? dispose = disposable.GetMembers("Dispose").FirstOrDefault();
            ISymbol? implementation = dispose == null ? null : type.FindImplementationForInterfaceMember(dispose);
            if (implementation != null && !IsPortable(implementation))
            {
                CheckMember(implementation, statement);
            }
        }

        // ---- symbols bound by syntax ------------------------------------------------------------------------

        private void CheckBinding(SyntaxNode node)
        {
            bool binds = node is SimpleNameSyntax
                or PredefinedTypeSyntax
                or BaseObjectCreationExpressionSyntax
                or ElementAccessExpressionSyntax
                or ElementBindingExpressionSyntax
                or InvocationExpressionSyntax
                or BinaryExpressionSyntax
                or AssignmentExpressionSyntax
                or PrefixUnaryExpressionSyntax
                or PostfixUnaryExpressionSyntax
                or ConstructorInitializerSyntax
                or AttributeSyntax;
            if (!binds)
            {
                return;
            }

            SymbolInfo info = _model.GetSymbolInfo(node);
            ISymbol? symbol = info.Symbol ?? (info.CandidateSymbols.Length == 1 ? info.CandidateSymbols[0] : null);
            CheckSymbol(symbol, node);
        }

        private void CheckExpression(ExpressionSyntax expression)
        {
            TypeInfo typeInfo = _model.GetTypeInfo(expression);
            if (typeInfo.Type != null)
            {
                CheckType(typeInfo.Type, expression);
            }

            if (typeInfo.ConvertedType != null && !SymbolEqualityComparer.Default.Equals(typeInfo.ConvertedType, typeInfo.Type))
            {
                CheckType(typeInfo.ConvertedType, expression);
            }

            Conversion conversion = _model.GetConversion(expression);
            if (conversion.IsUserDefined && conversion.MethodSymbol != null)
            {
                CheckSymbol(conversion.MethodSymbol, expression);
            }
        }

        private void CheckTypeDeclaration(TypeDeclarationSyntax declaration)
        {
            if (_model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol type)
            {
                return;
            }

            // Interface members the portable type implements must exist on nanoFramework (IDisposable.Dispose, …).
            foreach (INamedTypeSymbol implemented in type.Interfaces)
            {
                if (IsPortable(implemented) || !CheckType(implemented, declaration.Identifier))
                {
                    continue;
                }

                foreach (ISymbol member in implemented.GetMembers())
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove })
                    {
                        continue;
                    }

                    CheckMember(member, declaration.Identifier);
                }
            }

            // Every constructor calls a base constructor; without an initializer it is the parameterless one.
            if (type.TypeKind != TypeKind.Class || type.IsStatic || type.BaseType == null || IsPortable(type.BaseType))
            {
                return;
            }

            IMethodSymbol? baseDefault = type.BaseType.InstanceConstructors
                .FirstOrDefault(c => c.Parameters.All(p => p.IsOptional || p.IsParams));
            foreach (IMethodSymbol constructor in type.InstanceConstructors)
            {
                SyntaxReference? reference = constructor.DeclaringSyntaxReferences.FirstOrDefault();
                SyntaxNode? at = reference?.GetSyntax();
                if (constructor.IsImplicitlyDeclared)
                {
                    if (!declaration.Span.Contains(type.Locations[0].SourceSpan))
                    {
                        continue;
                    }

                    at = null;
                }
                else if (at is not ConstructorDeclarationSyntax syntax || syntax.Initializer != null || !declaration.Span.Contains(syntax.Span))
                {
                    continue;
                }

                if (baseDefault != null)
                {
                    SyntaxNodeOrToken where = at != null ? at : declaration.Identifier;
                    CheckMember(baseDefault, where);
                }
            }
        }

        private void CheckOverride(MemberDeclarationSyntax member)
        {
            ISymbol? declared = _model.GetDeclaredSymbol(member);
            ISymbol? overridden = declared switch
            {
                IMethodSymbol m => m.OverriddenMethod,
                IPropertySymbol p => p.OverriddenProperty,
                IEventSymbol e => e.OverriddenEvent,
                _ => null,
            };
            while (overridden != null && IsPortable(overridden))
            {
                overridden = overridden switch
                {
                    IMethodSymbol m => m.OverriddenMethod,
                    IPropertySymbol p => p.OverriddenProperty,
                    IEventSymbol e => e.OverriddenEvent,
                    _ => null,
                };
            }

            if (overridden != null)
            {
                CheckMember(overridden, member);
            }
        }

        private void CheckSymbol(ISymbol? symbol, SyntaxNodeOrToken at)
        {
            switch (symbol)
            {
                case null:
                    return;
                case IAliasSymbol alias:
                    CheckSymbol(alias.Target, at);
                    return;
                case ITypeSymbol type:
                    CheckType(type, at);
                    return;
                case IMethodSymbol method:
                    CheckMethod(method, at);
                    return;
                case IPropertySymbol or IFieldSymbol or IEventSymbol:
                    CheckMember(symbol, at);
                    return;
                default:
                    // Namespaces, locals, parameters, labels, range variables, discards: nothing to check.
                    return;
            }
        }

        private void CheckMethod(IMethodSymbol method, SyntaxNodeOrToken at)
        {
            if (method.MethodKind == MethodKind.BuiltinOperator)
            {
                if (method.ContainingType?.SpecialType == SpecialType.System_String && method.Name == "op_Addition")
                {
                    // Lowered to String.Concat; non-string operands are turned into strings with ToString().
                    RequireImplicit(at, ConcatId, "string concatenation");
                    if (method.Parameters.Any(p => p.Type.SpecialType != SpecialType.System_String))
                    {
                        RequireImplicit(at, ObjectToStringId, "string concatenation of a non-string");
                    }
                }

                return;
            }

            if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction)
            {
                return;
            }

            CheckMember(method.ReducedFrom ?? method, at);
        }

        private void CheckMember(ISymbol member, SyntaxNodeOrToken at)
        {
            if (IsInNamespace(member.ContainingType, "System.Linq"))
            {
                Report(at, NanoCompatRules.Linq, Id(member.OriginalDefinition), "LINQ does not exist on nanoFramework 1.x: write the loop");
                return;
            }

            if (member.ContainingType != null && !CheckType(member.ContainingType, at))
            {
                return;
            }

            IMethodSymbol? method = member as IMethodSymbol;
            if (method != null && method.IsGenericMethod)
            {
                bool linq = IsInNamespace(method.ContainingType, "System.Linq");
                Report(at, linq ? NanoCompatRules.Linq : NanoCompatRules.Generic, Id(method.OriginalDefinition),
                    linq
                        ? "LINQ does not exist on nanoFramework 1.x: write the loop"
                        : "generic method used; stable nanoFramework 1.x runs no generics (docs/PLATFORM.md)");
                return;
            }

            if (IsPortable(member))
            {
                return;
            }

            if (method?.MethodKind == MethodKind.DelegateInvoke)
            {
                // Invoking a delegate needs only the delegate type, checked above.
                return;
            }

            string id = Id(member.OriginalDefinition);
            string typeId = Id(member.ContainingType!.OriginalDefinition);
            if (_allowlist.AllowsMember(id, typeId))
            {
                _sink.Use(_allowlist.PackageOf(id, typeId), id, at);
                return;
            }

            // Roslyn reports the most derived override (ArgumentException.Message, StringBuilder.ToString); the call
            // is emitted against the virtual member it overrides, so that one existing on nanoFramework is enough.
            ISymbol root = OverriddenRoot(member);
            if (!SymbolEqualityComparer.Default.Equals(root, member)
                && _allowlist.AllowsMember(Id(root.OriginalDefinition), Id(root.ContainingType!.OriginalDefinition)))
            {
                _sink.Use(_allowlist.PackageOf(Id(root.OriginalDefinition), Id(root.ContainingType!.OriginalDefinition)), id, at);
                return;
            }

            ReportApi(at, id, KindOf(member));
        }

        private static ISymbol OverriddenRoot(ISymbol member)
        {
            ISymbol current = member;
            while (true)
            {
                ISymbol? next = current switch
                {
                    IMethodSymbol m => m.OverriddenMethod,
                    IPropertySymbol p => p.OverriddenProperty,
                    IEventSymbol e => e.OverriddenEvent,
                    _ => null,
                };
                if (next == null)
                {
                    return current;
                }

                current = next;
            }
        }

        /// <summary>Checks a type; returns false when a violation was reported for it.</summary>
        private bool CheckType(ITypeSymbol type, SyntaxNodeOrToken at)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    bool elementOk = CheckType(array.ElementType, at);
                    if (array.Rank > 1)
                    {
                        Report(at, NanoCompatRules.MultidimensionalArray, array.ToDisplayString(),
                            "multidimensional arrays do not exist on nanoFramework 1.x: use a jagged array or compute the index");
                        return false;
                    }

                    return elementOk;
                case IPointerTypeSymbol pointer:
                    return CheckType(pointer.PointedAtType, at);
                case IDynamicTypeSymbol:
                    Report(at, NanoCompatRules.Dynamic, "dynamic", "dynamic does not exist on nanoFramework 1.x");
                    return false;
                case ITypeParameterSymbol:
                case IErrorTypeSymbol:
                    return true;
                case INamedTypeSymbol named:
                    return CheckNamedType(named, at);
                default:
                    return true;
            }
        }

        private bool CheckNamedType(INamedTypeSymbol named, SyntaxNodeOrToken at)
        {
            if (named.SpecialType == SpecialType.System_Void)
            {
                return true;
            }

            if (named.IsTupleType)
            {
                Report(at, NanoCompatRules.Tuple, named.ToDisplayString(),
                    "tuples are ValueTuple<…>, a generic type absent on nanoFramework 1.x: use out parameters or a small class");
                return false;
            }

            INamedTypeSymbol definition = named.OriginalDefinition;
            string id = Id(definition);
            if (definition.SpecialType == SpecialType.System_Nullable_T)
            {
                Report(at, NanoCompatRules.NullableValueType, named.ToDisplayString(),
                    "Nullable<T> is generic and absent on nanoFramework 1.x: use a sentinel value plus a bool, or a status enum");
                return false;
            }

            if (IsInNamespace(definition, "System")
                && definition.Name is "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory")
            {
                Report(at, NanoCompatRules.Span, id,
                    "spans do not exist on nanoFramework 1.x (SpanByte disappears in 2.0): pass byte[] + offset + count");
                return false;
            }

            if (IsInNamespace(definition, "System.Linq"))
            {
                Report(at, NanoCompatRules.Linq, id, "LINQ does not exist on nanoFramework 1.x: write the loop");
                return false;
            }

            if (IsInNamespace(definition, "System.Threading.Tasks"))
            {
                Report(at, NanoCompatRules.Async, id, "Task does not exist on nanoFramework 1.x: use a Thread, a Timer or a state machine taking nowMs");
                return false;
            }

            if (named.IsGenericType)
            {
                Report(at, NanoCompatRules.Generic, id,
                    "generic type; stable nanoFramework 1.x runs no generics (docs/PLATFORM.md): use ArrayList, Hashtable, Queue, arrays or a concrete type");
                return false;
            }

            if (named.ContainingType != null && !CheckType(named.ContainingType, at))
            {
                return false;
            }

            if (IsPortable(named))
            {
                return true;
            }

            if (!_allowlist.AllowsType(id))
            {
                ReportApi(at, id, "type");
                return false;
            }

            _sink.Use(_allowlist.PackageOf(id, id), id, at);

            return true;
        }

        // ---- helpers --------------------------------------------------------------------------------------------

        private void RequireImplicit(SyntaxNodeOrToken at, string memberId, string construct)
        {
            _sink.Use(_allowlist.PackageOf(memberId, NanoApiAllowlist.ContainingTypeId(memberId)), memberId, at);
            if (!_allowlist.AllowsMember(memberId, NanoApiAllowlist.ContainingTypeId(memberId)))
            {
                Report(at, NanoCompatRules.Api, memberId,
                    $"{construct} compiles to {memberId} on nanoFramework, which is not in {NanoApiAllowlist.RelativePath}: verify it on nanoFramework 1.x and add it with a citation, or avoid the construct");
            }
        }

        private void ReportApi(SyntaxNodeOrToken at, string id, string kind)
        {
            string message;
            if (id.Contains("Microsoft.VisualStudio.TestTools", StringComparison.Ordinal))
            {
                message = "MSTest name: shared tests may use only nanoFramework.TestFramework names (docs/PLATFORM.md, last section); put desktop-only tests in tests/HanBench.Protocol.Tests";
            }
            else
            {
                message = $"{kind} not in {NanoApiAllowlist.RelativePath}. Verify that nanoFramework 1.x has exactly this {kind} "
                    + "(nanoframework/CoreLibrary, System.Collections, System.Text … sources at the versions docs/PLATFORM.md pins); "
                    + $"if it does, add '{id}' under its package with a comment citing the source file, otherwise rewrite with what docs/PLATFORM.md lists. "
                    + $"If .NET bound an overload nanoFramework lacks but the same call compiles there to one it has, add '{id} => <nanoFramework ID>'.";
            }

            Report(at, NanoCompatRules.Api, id, message);
        }

        private void Report(SyntaxNodeOrToken at, string rule, string symbol, string message)
        {
            FileLinePositionSpan span = at.GetLocation()!.GetLineSpan();
            _sink.Add(new NanoCompatViolation(span.Path, span.StartLinePosition.Line + 1, rule, symbol, message));
        }

        private bool IsPortable(ISymbol symbol)
        {
            return SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _compilation.Assembly);
        }

        private static bool IsInNamespace(ISymbol? symbol, string ns)
        {
            return symbol?.ContainingNamespace?.ToDisplayString() == ns;
        }

        private static string Id(ISymbol symbol)
        {
            return symbol.GetDocumentationCommentId() ?? symbol.ToDisplayString();
        }

        private static string KindOf(ISymbol member)
        {
            return member switch
            {
                IMethodSymbol { MethodKind: MethodKind.Constructor } => "constructor",
                IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion } => "operator",
                IMethodSymbol => "method (with these parameter types)",
                IPropertySymbol => "property",
                IFieldSymbol => "field",
                IEventSymbol => "event",
                _ => "member",
            };
        }

        private static string DeclaredName(SyntaxNode? node)
        {
            return node switch
            {
                BaseTypeDeclarationSyntax type => type.Identifier.Text,
                DelegateDeclarationSyntax d => d.Identifier.Text,
                MethodDeclarationSyntax m => m.Identifier.Text,
                LocalFunctionStatementSyntax l => l.Identifier.Text,
                PropertyDeclarationSyntax p => p.Identifier.Text,
                _ => node?.Kind().ToString() ?? "?",
            };
        }
    }
}

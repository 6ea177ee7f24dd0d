using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.CodeAnalysis;

namespace HanBench.NanoCompat.Tests;

/// <summary>
/// Estimates the string table of the .pe nanoFramework's metadata processor makes of one assembly. Its table
/// (nanoStringTable.cs in nanoframework/metadata-processor) holds each distinct string once, UTF-8 with a 0 terminator,
/// addressed by a 16-bit offset, so it overflows past 64 KiB ("String table overflow"); it takes the names of assembly
/// and type references, member references, type definitions (namespace and name), their fields and methods, and the
/// string literals the code loads. The estimate reads those from the assembly Roslyn emits for exactly the project's
/// sources (compiler-generated names included) and adds string arguments of custom attributes (DataRow). It does not
/// subtract the strings the processor takes from its built-in constant table, so it errs high.
/// </summary>
public static class StringTableEstimate
{
    /// <summary>The processor's hard limit: 16-bit offsets.</summary>
    public const int Limit = 65_536;

    /// <summary>Emits <paramref name="compilation"/> and measures it; throws with the errors when it does not compile.</summary>
    public static int Measure(Compilation compilation)
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{compilation.AssemblyName} does not compile: "
                + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        }

        image.Position = 0;
        using var pe = new PEReader(image);
        return Measure(pe.GetMetadataReader(), AttributeStrings(compilation.Assembly));
    }

    /// <summary>Bytes of the distinct strings of <paramref name="reader"/> plus <paramref name="extra"/>.</summary>
    public static int Measure(MetadataReader reader, IEnumerable<string> extra)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal) { string.Empty };
        foreach (AssemblyReferenceHandle handle in reader.AssemblyReferences)
        {
            strings.Add(reader.GetString(reader.GetAssemblyReference(handle).Name));
        }

        foreach (TypeReferenceHandle handle in reader.TypeReferences)
        {
            TypeReference type = reader.GetTypeReference(handle);
            strings.Add(reader.GetString(type.Namespace));
            strings.Add(reader.GetString(type.Name));
        }

        foreach (MemberReferenceHandle handle in reader.MemberReferences)
        {
            strings.Add(reader.GetString(reader.GetMemberReference(handle).Name));
        }

        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            strings.Add(reader.GetString(type.Namespace));
            strings.Add(reader.GetString(type.Name));
            foreach (FieldDefinitionHandle field in type.GetFields())
            {
                strings.Add(reader.GetString(reader.GetFieldDefinition(field).Name));
            }

            foreach (MethodDefinitionHandle method in type.GetMethods())
            {
                strings.Add(reader.GetString(reader.GetMethodDefinition(method).Name));
            }
        }

        int heapSize = reader.GetHeapSize(HeapIndex.UserString);
        for (UserStringHandle literal = MetadataTokens.UserStringHandle(1);
            !literal.IsNil && MetadataTokens.GetHeapOffset(literal) < heapSize;
            literal = reader.GetNextHandle(literal))
        {
            strings.Add(reader.GetUserString(literal));
        }

        foreach (string value in extra)
        {
            strings.Add(value);
        }

        return strings.Sum(s => Encoding.UTF8.GetByteCount(s) + 1);
    }

    /// <summary>String constants passed to attributes anywhere in <paramref name="assembly"/>.</summary>
    public static IEnumerable<string> AttributeStrings(IAssemblySymbol assembly)
    {
        var found = new List<string>();
        void FromAttributes(ImmutableArray<AttributeData> attributes)
        {
            foreach (AttributeData attribute in attributes)
            {
                foreach (TypedConstant argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.Value)))
                {
                    Collect(argument, found);
                }
            }
        }

        void Walk(INamespaceOrTypeSymbol container)
        {
            foreach (ISymbol member in container.GetMembers())
            {
                FromAttributes(member.GetAttributes());
                if (member is INamespaceOrTypeSymbol nested)
                {
                    Walk(nested);
                }
            }
        }

        FromAttributes(assembly.GetAttributes());
        Walk(assembly.GlobalNamespace);
        return found;
    }

    private static void Collect(TypedConstant constant, List<string> found)
    {
        if (constant.Kind == TypedConstantKind.Array)
        {
            if (!constant.IsNull)
            {
                foreach (TypedConstant element in constant.Values)
                {
                    Collect(element, found);
                }
            }

            return;
        }

        if (constant.Value is string text)
        {
            found.Add(text);
        }
    }
}

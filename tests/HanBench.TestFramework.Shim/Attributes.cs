using Ms = Microsoft.VisualStudio.TestTools.UnitTesting;

namespace nanoFramework.TestFramework;

/// <summary>nanoFramework's <c>[TestClass]</c>, seen by MSTest as its own.</summary>
[System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = false)]
public sealed class TestClassAttribute : Ms.TestClassAttribute
{
}

/// <summary>nanoFramework's <c>[TestMethod]</c>, seen by MSTest as its own.</summary>
[System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = false)]
public sealed class TestMethodAttribute : Ms.TestMethodAttribute
{
    /// <summary>Records the caller's file and line, as MSTest 4 expects of test method attributes.</summary>
    public TestMethodAttribute([System.Runtime.CompilerServices.CallerFilePath] string callerFilePath = "", [System.Runtime.CompilerServices.CallerLineNumber] int callerLineNumber = -1)
        : base(callerFilePath, callerLineNumber)
    {
    }
}

/// <summary>nanoFramework's <c>[DataRow(...)]</c>.</summary>
[System.AttributeUsage(System.AttributeTargets.Method, AllowMultiple = true)]
public sealed class DataRowAttribute : System.Attribute, Ms.ITestDataSource
{
    private readonly object?[] _data;

    /// <summary>One row of arguments for a data-driven test.</summary>
    public DataRowAttribute(params object?[] data)
    {
        _data = data;
    }

    /// <inheritdoc/>
    public System.Collections.Generic.IEnumerable<object?[]> GetData(System.Reflection.MethodInfo methodInfo)
    {
        yield return _data;
    }

    /// <inheritdoc/>
    public string? GetDisplayName(System.Reflection.MethodInfo methodInfo, object?[]? data)
    {
        return methodInfo.Name + "(" + string.Join(", ", data ?? System.Array.Empty<object?>()) + ")";
    }
}

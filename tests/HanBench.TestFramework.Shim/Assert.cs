using System;
using System.Collections;
using Ms = Microsoft.VisualStudio.TestTools.UnitTesting;

namespace nanoFramework.TestFramework;

/// <summary>
/// The assertions of nanoFramework.TestFramework 3.x, forwarded to MSTest. Only the names that exist on
/// nanoFramework are offered, so a shared test that compiles here also compiles for the board.
/// </summary>
public static class Assert
{
    public static void AreEqual(bool expected, bool actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(byte expected, byte actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(sbyte expected, sbyte actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(char expected, char actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(short expected, short actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(ushort expected, ushort actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(int expected, int actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(uint expected, uint actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(long expected, long actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(ulong expected, ulong actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(double expected, double actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(string? expected, string? actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreEqual(object? expected, object? actual, string message = "") => Ms.Assert.AreEqual(expected, actual, message);

    public static void AreNotEqual(int notExpected, int actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);

    public static void AreNotEqual(long notExpected, long actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);

    public static void AreNotEqual(string? notExpected, string? actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);

    public static void AreNotEqual(object? notExpected, object? actual, string message = "") => Ms.Assert.AreNotEqual(notExpected, actual, message);

    public static void AreSame(object? expected, object? actual, string message = "") => Ms.Assert.AreSame(expected, actual, message);

    public static void IsTrue(bool condition, string message = "") => Ms.Assert.IsTrue(condition, message);

    public static void IsFalse(bool condition, string message = "") => Ms.Assert.IsFalse(condition, message);

    public static void IsNull(object? value, string message = "") => Ms.Assert.IsNull(value, message);

    public static void IsNotNull(object? value, string message = "") => Ms.Assert.IsNotNull(value, message);

    public static void IsInstanceOfType(object? value, Type expectedType, string message = "") => Ms.Assert.IsInstanceOfType(value, expectedType, message);

    public static void Contains(string expected, string actual, string message = "") => Ms.Assert.Contains(expected, actual, message);

    public static void StartsWith(string expected, string actual, string message = "") => Ms.Assert.StartsWith(expected, actual, message);

    public static void EndsWith(string expected, string actual, string message = "") => Ms.Assert.EndsWith(expected, actual, message);

    /// <summary>nanoFramework checks the exact exception type, not a derived one; so does this.</summary>
    public static void ThrowsException(Type exceptionType, Action action, string message = "")
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            if (ex.GetType() != exceptionType)
            {
                throw new Ms.AssertFailedException($"ThrowsException: expected {exceptionType.Name}, got {ex.GetType().Name}: {ex.Message}. {message}");
            }

            return;
        }

        throw new Ms.AssertFailedException($"ThrowsException: expected {exceptionType.Name}, nothing was thrown. {message}");
    }

    /// <summary>nanoFramework's skip; MSTest reports it as inconclusive (skipped).</summary>
    public static void SkipTest(string message = "") => Ms.Assert.Inconclusive(message);
}

/// <summary>nanoFramework's <c>CollectionAssert</c>.</summary>
public static class CollectionAssert
{
    public static void AreEqual(ICollection? expected, ICollection? actual, string message = "") => Ms.CollectionAssert.AreEqual(expected, actual, message);

    public static void AreNotEqual(ICollection? notExpected, ICollection? actual, string message = "") => Ms.CollectionAssert.AreNotEqual(notExpected, actual, message);
}

/// <summary>nanoFramework's test output; MSTest captures console output per test.</summary>
public static class OutputHelper
{
    public static void WriteLine(string message) => Console.WriteLine(message);
}

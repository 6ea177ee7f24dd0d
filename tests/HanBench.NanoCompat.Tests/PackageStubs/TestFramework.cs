// nanoFramework.TestFramework 3.x: source/TestFrameworkShared/TestClassAttribute.cs, TestMethodAttribute.cs,
// DataRowAttribute.cs, Assert.cs, CollectionAssert.cs, OutputHelper.cs (entries and citations: nanoframework-1x-api.txt,
// section nanoFramework.TestFramework). Messages are optional parameters there, as here.
namespace nanoFramework.TestFramework
{
    using System;
    using System.Collections;

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class TestClassAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class TestMethodAttribute : Attribute
    {
    }

    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class DataRowAttribute : Attribute
    {
        public DataRowAttribute(params object[] methodParameters)
        {
        }
    }

    public static class Assert
    {
        public static void AreEqual(bool expected, bool actual, string message = "") { }
        public static void AreEqual(byte expected, byte actual, string message = "") { }
        public static void AreEqual(sbyte expected, sbyte actual, string message = "") { }
        public static void AreEqual(char expected, char actual, string message = "") { }
        public static void AreEqual(short expected, short actual, string message = "") { }
        public static void AreEqual(ushort expected, ushort actual, string message = "") { }
        public static void AreEqual(int expected, int actual, string message = "") { }
        public static void AreEqual(uint expected, uint actual, string message = "") { }
        public static void AreEqual(long expected, long actual, string message = "") { }
        public static void AreEqual(ulong expected, ulong actual, string message = "") { }
        public static void AreEqual(double expected, double actual, string message = "") { }
        public static void AreEqual(string expected, string actual, string message = "") { }
        public static void AreEqual(object expected, object actual, string message = "") { }
        public static void AreNotEqual(int notExpected, int actual, string message = "") { }
        public static void AreNotEqual(long notExpected, long actual, string message = "") { }
        public static void AreNotEqual(string notExpected, string actual, string message = "") { }
        public static void AreNotEqual(object notExpected, object actual, string message = "") { }
        public static void AreSame(object expected, object actual, string message = "") { }
        public static void IsTrue(bool condition, string message = "") { }
        public static void IsFalse(bool condition, string message = "") { }
        public static void IsNull(object value, string message = "") { }
        public static void IsNotNull(object value, string message = "") { }
        public static void IsInstanceOfType(object value, Type expectedType, string message = "") { }
        public static void Contains(string expected, string actual, string message = "") { }
        public static void StartsWith(string expected, string actual, string message = "") { }
        public static void EndsWith(string expected, string actual, string message = "") { }
        public static void ThrowsException(Type exceptionType, Action action, string message = "") { }
        public static void SkipTest(string message = "") { }
    }

    public static class CollectionAssert
    {
        public static void AreEqual(ICollection expected, ICollection actual, string message = "") { }
        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "") { }
    }

    public static class OutputHelper
    {
        public static void WriteLine(string message) { }
    }
}

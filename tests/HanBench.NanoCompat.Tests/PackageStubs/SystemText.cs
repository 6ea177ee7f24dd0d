// nanoFramework.System.Text 1.3.x: nanoFramework.System.Text/Text/Encoding.cs, UTF8Encoding.cs, StringBuilder.cs
// (entries and citations: nanoframework-1x-api.txt, section nanoFramework.System.Text).
namespace System.Text
{
    public abstract class Encoding
    {
        public static Encoding UTF8 => null!;

        public virtual byte[] GetBytes(string s) => null!;

        public virtual int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) => 0;

        public virtual string GetString(byte[] bytes, int index, int count) => null!;

        public virtual char[] GetChars(byte[] bytes) => null!;

        public virtual char[] GetChars(byte[] bytes, int byteIndex, int byteCount) => null!;
    }

    public sealed class StringBuilder
    {
        public StringBuilder()
        {
        }

        public StringBuilder(int capacity)
        {
        }

        public StringBuilder(string value)
        {
        }

        public StringBuilder(string value, int capacity)
        {
        }

        public StringBuilder(int capacity, int maxCapacity)
        {
        }

        public int Length { get => 0; set { } }

        public int Capacity { get => 0; set { } }

        public char this[int index] { get => '\0'; set { } }

        public StringBuilder Clear() => this;

        public StringBuilder Append(bool value) => this;

        public StringBuilder Append(byte value) => this;

        public StringBuilder Append(char value) => this;

        public StringBuilder Append(char[] value) => this;

        public StringBuilder Append(double value) => this;

        public StringBuilder Append(short value) => this;

        public StringBuilder Append(int value) => this;

        public StringBuilder Append(long value) => this;

        public StringBuilder Append(object value) => this;

        public StringBuilder Append(string value) => this;

        public override string ToString() => null!;
    }
}

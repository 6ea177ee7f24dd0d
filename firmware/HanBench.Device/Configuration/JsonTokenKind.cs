namespace HanBench.Device.Configuration
{
    /// <summary>
    /// The kind of the next JSON token as <see cref="JsonScanner.Peek"/> sees it from its first byte (RFC 8259 §2–§7): the
    /// token itself is checked when it is read.
    /// </summary>
    public enum JsonTokenKind : byte
    {
        /// <summary>The window ends here (only whitespace left).</summary>
        End = 0,

        /// <summary><c>{</c></summary>
        BeginObject = 1,

        /// <summary><c>}</c></summary>
        EndObject = 2,

        /// <summary><c>[</c></summary>
        BeginArray = 3,

        /// <summary><c>]</c></summary>
        EndArray = 4,

        /// <summary><c>:</c></summary>
        NameSeparator = 5,

        /// <summary><c>,</c></summary>
        ValueSeparator = 6,

        /// <summary>A string (starts with a quotation mark).</summary>
        String = 7,

        /// <summary>A number (starts with <c>-</c> or a digit).</summary>
        Number = 8,

        /// <summary>Starts like <c>true</c>.</summary>
        True = 9,

        /// <summary>Starts like <c>false</c>.</summary>
        False = 10,

        /// <summary>Starts like <c>null</c>.</summary>
        Null = 11,

        /// <summary>A byte no JSON token starts with.</summary>
        Invalid = 12,
    }
}

namespace HanBench.Device.Configuration
{
    /// <summary>
    /// A small JSON scanner (RFC 8259 grammar) over a window of UTF-8 bytes, for readers of one known format: the caller
    /// asks for the value it expects next (an object's next member, an array's next item, a string, an integer, a
    /// boolean) or skips a value it does not know. It never throws on bad input: the first defect is kept
    /// (<see cref="Status"/>, <see cref="ErrorField"/>, <see cref="ErrorOffset"/>) and every later call is a no-op that
    /// answers a failure. Bounded: nesting to the depth and kept strings to the length given at construction; the one
    /// character buffer is allocated then, so scanning allocates only the strings it hands over.
    /// </summary>
    public sealed partial class JsonScanner
    {
        /// <summary><see cref="NextMember"/>, <see cref="NextItem"/>: the object or array ended (its closing bracket consumed).</summary>
        public const int NextEnd = 0;

        /// <summary><see cref="NextMember"/>, <see cref="NextItem"/>: a value follows, the cursor is at it.</summary>
        public const int NextValue = 1;

        /// <summary><see cref="NextMember"/>, <see cref="NextItem"/>: a defect was found (or had been).</summary>
        public const int NextError = 2;

        /// <summary><see cref="NextMember"/>'s member index for a name not in the list.</summary>
        public const int NoMatch = -1;

        private const byte Quote = 0x22;
        private const byte Backslash = 0x5C;
        private const byte ByteOrderMark0 = 0xEF;
        private const byte ByteOrderMark1 = 0xBB;
        private const byte ByteOrderMark2 = 0xBF;

        private static readonly string[] NoNames = new string[0];

        private readonly int _maxDepth;
        private readonly int _maxStringLength;
        private readonly char[] _chars;
        private byte[] _data = new byte[0];
        private int _pos;
        private int _end;

        /// <summary>
        /// A scanner that accepts objects and arrays nested <paramref name="maxDepth"/> deep and hands over strings of at most
        /// <paramref name="maxStringLength"/> ASCII characters.
        /// </summary>
        public JsonScanner(int maxDepth, int maxStringLength)
        {
            if (maxDepth < 1 || maxStringLength < 1)
            {
                throw new System.ArgumentOutOfRangeException(nameof(maxDepth));
            }

            _maxDepth = maxDepth;
            _maxStringLength = maxStringLength;
            _chars = new char[maxStringLength];
        }

        /// <summary>The first defect, or <see cref="JsonScanStatus.Ok"/>.</summary>
        public JsonScanStatus Status { get; private set; }

        /// <summary>Where the first defect is, as the caller named it (a JSON path such as <c>links[0].port</c>); empty when none.</summary>
        public string ErrorField { get; private set; } = string.Empty;

        /// <summary>Index in the scanned array of the first defect, or -1.</summary>
        public int ErrorOffset { get; private set; } = -1;

        /// <summary>True while no defect was found.</summary>
        public bool IsOk
        {
            get { return Status == JsonScanStatus.Ok; }
        }

        /// <summary>Index in the scanned array of the cursor.</summary>
        public int Position
        {
            get { return _pos; }
        }

        /// <summary>Index in the scanned array just past the window.</summary>
        public int End
        {
            get { return _end; }
        }

        /// <summary>
        /// Starts scanning <paramref name="count"/> bytes of <paramref name="utf8"/> from <paramref name="offset"/>, past a
        /// UTF-8 byte order mark if there is one, with no defect recorded. Throws only for a null array or an invalid window.
        /// </summary>
        public void Begin(byte[] utf8, int offset, int count)
        {
            if (utf8 == null)
            {
                throw new System.ArgumentNullException(nameof(utf8));
            }

            if (offset < 0 || count < 0 || offset > utf8.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            _data = utf8;
            _pos = offset;
            _end = offset + count;
            Status = JsonScanStatus.Ok;
            ErrorField = string.Empty;
            ErrorOffset = -1;
            if (count >= 3 && utf8[offset] == ByteOrderMark0 && utf8[offset + 1] == ByteOrderMark1 && utf8[offset + 2] == ByteOrderMark2)
            {
                _pos += 3;
            }
        }

        /// <summary>Lets go of the scanned array (the scanner keeps nothing of the caller's buffer).</summary>
        public void Release()
        {
            _data = new byte[0];
            _pos = 0;
            _end = 0;
        }

        /// <summary>Skips whitespace; true when nothing else is left in the window.</summary>
        public bool AtEnd()
        {
            SkipWhitespace();
            return _pos == _end;
        }

        /// <summary>Consumes the punctuation <paramref name="expected"/> after whitespace; anything else is a syntax error.</summary>
        public bool Expect(byte expected, string field)
        {
            SkipWhitespace();
            if (IsAt(expected))
            {
                _pos++;
                return true;
            }

            Fail(JsonScanStatus.Syntax, field);
            return false;
        }

        /// <summary>Consumes the opening brace of an object; another value is <see cref="JsonScanStatus.WrongType"/>.</summary>
        public bool BeginObject(string field)
        {
            return Begin((byte)'{', field);
        }

        /// <summary>Consumes the opening bracket of an array; another value is <see cref="JsonScanStatus.WrongType"/>.</summary>
        public bool BeginArray(string field)
        {
            return Begin((byte)'[', field);
        }

        /// <summary>
        /// Moves to the next member of the object whose brace was consumed: answers <see cref="NextValue"/> with
        /// <paramref name="member"/> the index of its name in <paramref name="names"/> (<see cref="NoMatch"/> for another
        /// name) and the cursor at its value, <see cref="NextEnd"/> after the closing brace, <see cref="NextError"/> after a
        /// defect. Names are compared after unescaping; with <paramref name="ignoreCase"/>, the input's ASCII letters match
        /// in either case (<paramref name="names"/> are lower case then); an over-long or non-ASCII name matches none.
        /// </summary>
        public int NextMember(ref bool first, string[] names, bool ignoreCase, out int member, string field)
        {
            member = NoMatch;
            int next = Next(ref first, (byte)'}', field);
            if (next != NextValue)
            {
                return next;
            }

            SkipWhitespace();
            if (!IsAt(Quote))
            {
                Fail(JsonScanStatus.Syntax, field);
                return NextError;
            }

            int length = ReadStringBody(true);
            if (length < 0)
            {
                return NextError;
            }

            member = Match(names, ignoreCase, length);
            return Expect((byte)':', field) ? NextValue : NextError;
        }

        /// <summary>
        /// Moves to the next item of the array whose bracket was consumed: <see cref="NextValue"/> with the cursor at it,
        /// <see cref="NextEnd"/> after the closing bracket, <see cref="NextError"/> after a defect.
        /// </summary>
        public int NextItem(ref bool first, string field)
        {
            return Next(ref first, (byte)']', field);
        }

        /// <summary>
        /// Skips one value of any type, nested at most to the scanner's depth bound counting from <paramref name="depth"/>
        /// (the depth of the value itself: 1 for the document).
        /// </summary>
        public void SkipValue(int depth, string field)
        {
            if (depth > _maxDepth)
            {
                Fail(JsonScanStatus.TooDeep, field);
                return;
            }

            SkipWhitespace();
            if (_pos == _end)
            {
                Fail(JsonScanStatus.Syntax, field);
                return;
            }

            byte b = _data[_pos];
            if (b == Quote)
            {
                ReadStringBody(false);
            }
            else if (b == (byte)'{')
            {
                _pos++;
                bool first = true;
                while (NextMember(ref first, NoNames, false, out int unused, field) == NextValue)
                {
                    SkipValue(depth + 1, field);
                }
            }
            else if (b == (byte)'[')
            {
                SkipArray(depth, field);
            }
            else if (b == (byte)'-' || IsDigit(b))
            {
                ReadNumberToken(field);
            }
            else if (!TryReadLiteral("true") && IsOk && !TryReadLiteral("false") && IsOk && !TryReadLiteral("null") && IsOk)
            {
                Fail(JsonScanStatus.Syntax, field);
            }
        }

        /// <summary>Records that the caller refuses a well-formed value at <paramref name="at"/> (unless a defect came first).</summary>
        public void Reject(string field, int at)
        {
            FailAt(JsonScanStatus.Rejected, field, at);
        }

        /// <summary>Records a defect at the cursor (unless one came first).</summary>
        public void Fail(JsonScanStatus status, string field)
        {
            FailAt(status, field, _pos);
        }

        /// <summary>Records a defect at <paramref name="at"/>; the first defect wins, later ones are its consequences.</summary>
        public void FailAt(JsonScanStatus status, string field, int at)
        {
            if (Status != JsonScanStatus.Ok)
            {
                return;
            }

            Status = status;
            ErrorField = field;
            ErrorOffset = at;
        }

        private bool Begin(byte bracket, string field)
        {
            SkipWhitespace();
            if (!IsAt(bracket))
            {
                FailType(field);
                return false;
            }

            _pos++;
            return true;
        }

        private int Next(ref bool first, byte close, string field)
        {
            if (!IsOk)
            {
                return NextError;
            }

            SkipWhitespace();
            if (_pos == _end)
            {
                Fail(JsonScanStatus.Syntax, field);
                return NextError;
            }

            if (_data[_pos] == close)
            {
                _pos++;
                return NextEnd;
            }

            if (!first && !Expect((byte)',', field))
            {
                return NextError;
            }

            first = false;
            return NextValue;
        }

        private void SkipArray(int depth, string field)
        {
            _pos++;
            bool first = true;
            while (IsOk)
            {
                SkipWhitespace();
                if (IsAt((byte)']'))
                {
                    _pos++;
                    return;
                }

                if (!first && !Expect((byte)',', field))
                {
                    return;
                }

                first = false;
                SkipValue(depth + 1, field);
            }
        }

        private int Match(string[] names, bool ignoreCase, int length)
        {
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (name.Length != length)
                {
                    continue;
                }

                bool same = true;
                for (int c = 0; c < length; c++)
                {
                    char a = _chars[c];
                    char b = name[c];
                    if (a != b && !(ignoreCase && ToLowerAscii(a) == b))
                    {
                        same = false;
                        break;
                    }
                }

                if (same)
                {
                    return i;
                }
            }

            return NoMatch;
        }

        private bool IsAt(byte expected)
        {
            return _pos < _end && _data[_pos] == expected;
        }

        private void SkipWhitespace()
        {
            // RFC 8259 §2: ws = space, horizontal tab, line feed, carriage return.
            while (_pos < _end)
            {
                byte b = _data[_pos];
                if (b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D)
                {
                    return;
                }

                _pos++;
            }
        }

        private void FailType(string field)
        {
            // A value of another JSON type is WrongType; something that is no JSON value at all is a syntax error.
            Fail(_pos < _end && IsValueStart(_data[_pos]) ? JsonScanStatus.WrongType : JsonScanStatus.Syntax, field);
        }

        private static bool IsValueStart(byte b)
        {
            return b == Quote || b == (byte)'{' || b == (byte)'[' || b == (byte)'-' || IsDigit(b) || b == (byte)'t' || b == (byte)'f' || b == (byte)'n';
        }

        private static bool IsDelimiter(byte b)
        {
            return b == (byte)',' || b == (byte)'}' || b == (byte)']' || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D;
        }

        private static bool IsDigit(byte b)
        {
            return b >= (byte)'0' && b <= (byte)'9';
        }

        private static char ToLowerAscii(char c)
        {
            return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Device.Configuration
{
    /// <summary>The scanner's tokens and values: strings, integers, literals (RFC 8259 §2, §3, §6, §7).</summary>
    public sealed partial class JsonScanner
    {
        /// <summary>Skips whitespace and tells what the next token is, from its first byte, without consuming it.</summary>
        public JsonTokenKind Peek()
        {
            SkipWhitespace();
            if (_pos == _end)
            {
                return JsonTokenKind.End;
            }

            byte b = _data[_pos];
            switch (b)
            {
                case (byte)'{':
                    return JsonTokenKind.BeginObject;
                case (byte)'}':
                    return JsonTokenKind.EndObject;
                case (byte)'[':
                    return JsonTokenKind.BeginArray;
                case (byte)']':
                    return JsonTokenKind.EndArray;
                case (byte)':':
                    return JsonTokenKind.NameSeparator;
                case (byte)',':
                    return JsonTokenKind.ValueSeparator;
                case Quote:
                    return JsonTokenKind.String;
                case (byte)'t':
                    return JsonTokenKind.True;
                case (byte)'f':
                    return JsonTokenKind.False;
                case (byte)'n':
                    return JsonTokenKind.Null;
                default:
                    return b == (byte)'-' || IsDigit(b) ? JsonTokenKind.Number : JsonTokenKind.Invalid;
            }
        }

        /// <summary>
        /// Reads a string value: null when it failed or (if <paramref name="nullable"/>) the value is <c>null</c>. A string
        /// longer than the scanner's bound or not ASCII is <see cref="JsonScanStatus.OutOfRange"/>, at its opening quote.
        /// </summary>
        public string? ReadString(string field, bool nullable)
        {
            SkipWhitespace();
            if (nullable && TryReadLiteral("null"))
            {
                return null;
            }

            if (!IsOk)
            {
                return null;
            }

            if (!IsAt(Quote))
            {
                FailType(field);
                return null;
            }

            int at = _pos;
            int length = ReadStringBody(true);
            if (length < 0)
            {
                return null;
            }

            if (length > _maxStringLength)
            {
                FailAt(JsonScanStatus.OutOfRange, field, at);
                return null;
            }

            return new string(_chars, 0, length);
        }

        /// <summary>
        /// Reads an integer in <paramref name="min"/>..<paramref name="max"/>; 0 when it failed. A number with a fraction or
        /// exponent, or outside the range, is <see cref="JsonScanStatus.OutOfRange"/> at its first character.
        /// </summary>
        public int ReadInt(string field, int min, int max)
        {
            SkipWhitespace();
            int at = _pos;
            if (_pos == _end || !(_data[_pos] == (byte)'-' || IsDigit(_data[_pos])))
            {
                FailType(field);
                return 0;
            }

            bool negative = false;
            if (_data[_pos] == (byte)'-')
            {
                negative = true;
                _pos++;
            }

            // RFC 8259 §6: int = zero / ( digit1-9 *DIGIT ).
            if (_pos == _end || !IsDigit(_data[_pos]) || (_data[_pos] == (byte)'0' && _pos + 1 < _end && IsDigit(_data[_pos + 1])))
            {
                FailAt(JsonScanStatus.Syntax, field, at);
                return 0;
            }

            long value = 0;
            bool overflow = false;
            while (_pos < _end && IsDigit(_data[_pos]))
            {
                if (value > int.MaxValue)
                {
                    overflow = true;
                }
                else
                {
                    value = (value * 10) + (_data[_pos] - (byte)'0');
                }

                _pos++;
            }

            bool fraction = false;
            if (_pos < _end && (_data[_pos] == (byte)'.' || _data[_pos] == (byte)'e' || _data[_pos] == (byte)'E'))
            {
                if (!SkipFractionAndExponent())
                {
                    FailAt(JsonScanStatus.Syntax, field, at);
                    return 0;
                }

                fraction = true;
            }

            if (_pos < _end && !IsDelimiter(_data[_pos]))
            {
                FailAt(JsonScanStatus.Syntax, field, at);
                return 0;
            }

            if (negative)
            {
                value = -value;
            }

            if (fraction || overflow || value < min || value > max)
            {
                FailAt(JsonScanStatus.OutOfRange, field, at);
                return 0;
            }

            return (int)value;
        }

        /// <summary>Reads <c>true</c> or <c>false</c>; false when it failed.</summary>
        public bool ReadBool(string field)
        {
            SkipWhitespace();
            if (TryReadLiteral("true"))
            {
                return true;
            }

            if (IsOk && !TryReadLiteral("false") && IsOk)
            {
                FailType(field);
            }

            return false;
        }

        /// <summary>Consumes <c>null</c> when it comes next (after whitespace); a word that starts like it but is not it is a syntax error.</summary>
        public bool TryReadNull()
        {
            SkipWhitespace();
            return TryReadLiteral("null");
        }

        /// <summary>
        /// Consumes a string from its opening quote. When <paramref name="keep"/>, unescapes printable ASCII into
        /// <c>_chars</c> and returns its length, or the length bound + 1 when longer or not ASCII (the string is still
        /// consumed); returns -1 on a syntax error (status set).
        /// </summary>
        private int ReadStringBody(bool keep)
        {
            _pos++;
            int length = 0;
            bool tooLong = false;
            while (true)
            {
                if (_pos == _end)
                {
                    Fail(JsonScanStatus.Syntax, string.Empty);
                    return -1;
                }

                byte b = _data[_pos];
                _pos++;
                if (b == Quote)
                {
                    break;
                }

                // RFC 8259 §7: control characters must be escaped.
                if (b < 0x20)
                {
                    FailAt(JsonScanStatus.Syntax, string.Empty, _pos - 1);
                    return -1;
                }

                int c = b;
                if (b == Backslash)
                {
                    c = ReadEscape();
                    if (c < 0)
                    {
                        return -1;
                    }
                }

                if (!keep)
                {
                    continue;
                }

                if (c >= 0x80 || length == _maxStringLength)
                {
                    tooLong = true;
                    continue;
                }

                _chars[length] = (char)c;
                length++;
            }

            return tooLong ? _maxStringLength + 1 : length;
        }

        /// <summary>After a backslash: the escaped character's code (a UTF-16 unit for \u), or -1 on a syntax error.</summary>
        private int ReadEscape()
        {
            if (_pos == _end)
            {
                Fail(JsonScanStatus.Syntax, string.Empty);
                return -1;
            }

            byte e = _data[_pos];
            _pos++;
            switch (e)
            {
                case (byte)'"':
                    return '"';
                case Backslash:
                    return '\\';
                case (byte)'/':
                    return '/';
                case (byte)'b':
                    return 0x08;
                case (byte)'f':
                    return 0x0C;
                case (byte)'n':
                    return 0x0A;
                case (byte)'r':
                    return 0x0D;
                case (byte)'t':
                    return 0x09;
                case (byte)'u':
                    int value = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        int digit = _pos < _end ? Hex.DigitValue((char)_data[_pos]) : -1;
                        if (digit < 0)
                        {
                            FailAt(JsonScanStatus.Syntax, string.Empty, _pos);
                            return -1;
                        }

                        value = (value << 4) | digit;
                        _pos++;
                    }

                    return value;
                default:
                    FailAt(JsonScanStatus.Syntax, string.Empty, _pos - 1);
                    return -1;
            }
        }

        /// <summary>
        /// Consumes <paramref name="literal"/> (true, false, null) when the input has it, followed by a delimiter; a word
        /// that starts like it but is not it is a syntax error.
        /// </summary>
        private bool TryReadLiteral(string literal)
        {
            if (_pos == _end || _data[_pos] != (byte)literal[0])
            {
                return false;
            }

            int i = 0;
            while (i < literal.Length && _pos + i < _end && _data[_pos + i] == (byte)literal[i])
            {
                i++;
            }

            if (i != literal.Length || (_pos + i < _end && !IsDelimiter(_data[_pos + i])))
            {
                FailAt(JsonScanStatus.Syntax, string.Empty, _pos);
                return false;
            }

            _pos += i;
            return true;
        }

        private void ReadNumberToken(string field)
        {
            int at = _pos;
            if (_data[_pos] == (byte)'-')
            {
                _pos++;
            }

            if (_pos == _end || !IsDigit(_data[_pos]) || (_data[_pos] == (byte)'0' && _pos + 1 < _end && IsDigit(_data[_pos + 1])))
            {
                FailAt(JsonScanStatus.Syntax, field, at);
                return;
            }

            while (_pos < _end && IsDigit(_data[_pos]))
            {
                _pos++;
            }

            if (_pos < _end && (_data[_pos] == (byte)'.' || _data[_pos] == (byte)'e' || _data[_pos] == (byte)'E') && !SkipFractionAndExponent())
            {
                FailAt(JsonScanStatus.Syntax, field, at);
                return;
            }

            if (_pos < _end && !IsDelimiter(_data[_pos]))
            {
                FailAt(JsonScanStatus.Syntax, field, at);
            }
        }

        /// <summary>RFC 8259 §6: frac = "." 1*DIGIT, exp = ("e"/"E") ["-"/"+"] 1*DIGIT.</summary>
        private bool SkipFractionAndExponent()
        {
            if (_data[_pos] == (byte)'.')
            {
                _pos++;
                if (_pos == _end || !IsDigit(_data[_pos]))
                {
                    return false;
                }

                while (_pos < _end && IsDigit(_data[_pos]))
                {
                    _pos++;
                }
            }

            if (_pos < _end && (_data[_pos] == (byte)'e' || _data[_pos] == (byte)'E'))
            {
                _pos++;
                if (_pos < _end && (_data[_pos] == (byte)'+' || _data[_pos] == (byte)'-'))
                {
                    _pos++;
                }

                if (_pos == _end || !IsDigit(_data[_pos]))
                {
                    return false;
                }

                while (_pos < _end && IsDigit(_data[_pos]))
                {
                    _pos++;
                }
            }

            return true;
        }
    }
}

namespace HanBench.Protocol.Bytes
{
    /// <summary>
    /// Hexadecimal text for logs, tools and golden vectors. <c>Convert.ToHexString</c> does not exist on
    /// nanoFramework 1.x, so this is written out by hand.
    /// </summary>
    public static class Hex
    {
        private const string Digits = "0123456789ABCDEF";

        /// <summary>Upper-case hex of <paramref name="count"/> bytes, no separators.</summary>
        public static string Encode(byte[] buffer, int offset, int count)
        {
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                byte b = buffer[offset + i];
                chars[2 * i] = Digits[b >> 4];
                chars[(2 * i) + 1] = Digits[b & 0x0F];
            }

            return new string(chars);
        }

        /// <summary>Upper-case hex of the whole array.</summary>
        public static string Encode(byte[] buffer)
        {
            return Encode(buffer, 0, buffer.Length);
        }

        /// <summary>
        /// Parses hex text. Spaces, tabs, line breaks, ':' and '-' between byte pairs are ignored, as is a
        /// leading "0x". Returns <c>false</c> on an odd digit count or any other character.
        /// </summary>
        public static bool TryDecode(string text, out byte[] bytes)
        {
            bytes = new byte[0];
            if (text == null)
            {
                return false;
            }

            int start = 0;
            if (text.Length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
            {
                start = 2;
            }

            int digits = 0;
            for (int i = start; i < text.Length; i++)
            {
                char c = text[i];
                if (DigitValue(c) >= 0)
                {
                    digits++;
                }
                else if (!IsSeparator(c))
                {
                    return false;
                }
            }

            if ((digits & 1) != 0)
            {
                return false;
            }

            byte[] result = new byte[digits / 2];
            int nibbles = 0;
            for (int i = start; i < text.Length; i++)
            {
                int value = DigitValue(text[i]);
                if (value < 0)
                {
                    if ((nibbles & 1) != 0)
                    {
                        // A separator may stand only between whole bytes.
                        return false;
                    }

                    continue;
                }

                if ((nibbles & 1) == 0)
                {
                    result[nibbles / 2] = (byte)(value << 4);
                }
                else
                {
                    result[nibbles / 2] |= (byte)value;
                }

                nibbles++;
            }

            bytes = result;
            return true;
        }

        private static bool IsSeparator(char c)
        {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':' || c == '-';
        }

        /// <summary>The value of hex digit <paramref name="c"/> (either case), or -1.</summary>
        public static int DigitValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}

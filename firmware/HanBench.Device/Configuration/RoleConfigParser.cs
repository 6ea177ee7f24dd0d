namespace HanBench.Device.Configuration
{
    /// <summary>
    /// Reads the role configuration file (boards/README.md, "Role configuration file") from its UTF-8 bytes into a
    /// <see cref="RoleConfig"/>. A small JSON reader (RFC 8259 grammar) that knows this one format: it never throws on bad
    /// input, it names the first defect (<see cref="RoleConfigStatus"/>, <see cref="ErrorField"/> such as
    /// <c>links[1].tx</c>, <see cref="ErrorOffset"/>), and it holds nothing of the file after <see cref="Parse"/> returns.
    /// <para>
    /// HanBench choices: members may come in any order and unknown members are skipped (so an older firmware reads a
    /// newer host's file with extra members, as long as <c>format</c> is unchanged); every documented member is required
    /// (the host always writes them all, with <c>null</c> where the README allows it); kept strings are ASCII, at most
    /// <see cref="MaxStringLength"/> characters; a UTF-8 byte order mark is tolerated although the host writes none.
    /// </para>
    /// </summary>
    public sealed class RoleConfigParser
    {
        /// <summary>Deepest nesting of objects and arrays accepted (the format itself needs 3).</summary>
        public const int MaxDepth = 8;

        /// <summary>Longest string value kept (board ids are the longest: 25 characters today).</summary>
        public const int MaxStringLength = 64;

        /// <summary>
        /// Highest GPIO number accepted: ESP32-S3 pins go up to GPIO48 (HanBench's board profiles; the host's
        /// BoardProfileLoader checks each pin against its chip).
        /// </summary>
        public const int MaxGpio = 48;

        /// <summary>Highest baud rate accepted (ESP32 UARTs run up to 5 Mbit/s; HanBench choice of bound).</summary>
        public const int MaxBaudRate = 5000000;

        private const byte Quote = 0x22;
        private const byte Backslash = 0x5C;
        private const byte ByteOrderMark0 = 0xEF;
        private const byte ByteOrderMark1 = 0xBB;
        private const byte ByteOrderMark2 = 0xBF;
        private const int MemberMissing = -1;
        private const int NextEnd = 0;
        private const int NextMember = 1;
        private const int NextError = 2;

        // Top-level members, one bit each, to find duplicates and absentees.
        private const int SeenFormat = 0x001;
        private const int SeenBoard = 0x002;
        private const int SeenRole = 0x004;
        private const int SeenEui64 = 0x008;
        private const int SeenVariant = 0x010;
        private const int SeenLinks = 0x020;
        private const int SeenLed = 0x040;
        private const int SeenButton = 0x080;
        private const int SeenStorage = 0x100;

        private static readonly string[] TopLevelNames = new string[] { "format", "board", "role", "eui64", "variant", "links", "led", "button", "storage" };
        private static readonly string[] LinkNames = new string[] { "name", "port", "tx", "rx", "baudRate" };
        private static readonly string[] LedNames = new string[] { "gpio", "kind", "activeHigh" };
        private static readonly string[] ButtonNames = new string[] { "gpio", "activeLow" };
        private static readonly string[] StorageNames = new string[] { "kind", "drive", "sdCard" };
        private static readonly string[] SdCardNames = new string[] { "cs", "sck", "mosi", "miso" };

        private readonly char[] _chars = new char[MaxStringLength];
        private byte[] _data = new byte[0];
        private int _pos;
        private int _end;
        private RoleConfigStatus _status;

        // The link being read (ReadLink): LinkConfig is immutable, so its members are gathered here first.
        private string _linkName = string.Empty;
        private string _linkPort = string.Empty;
        private int _linkTx;
        private int _linkRx;
        private int _linkBaud;

        /// <summary>Where the first defect is, as a JSON path (<c>links[0].port</c>); empty when none or not tied to a member.</summary>
        public string ErrorField { get; private set; } = string.Empty;

        /// <summary>Byte offset (from the start of the window given to <see cref="Parse"/>) of the first defect, or -1.</summary>
        public int ErrorOffset { get; private set; } = -1;

        /// <summary>
        /// Parses <paramref name="count"/> bytes of <paramref name="utf8"/> from <paramref name="offset"/> into
        /// <paramref name="config"/>, which is cleared first and is meaningful only when the answer is
        /// <see cref="RoleConfigStatus.Ok"/>. Throws only for a null argument or an invalid window (programmer errors).
        /// </summary>
        public RoleConfigStatus Parse(byte[] utf8, int offset, int count, RoleConfig config)
        {
            if (utf8 == null)
            {
                throw new System.ArgumentNullException(nameof(utf8));
            }

            if (config == null)
            {
                throw new System.ArgumentNullException(nameof(config));
            }

            if (offset < 0 || count < 0 || offset > utf8.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            _data = utf8;
            _pos = offset;
            _end = offset + count;
            _status = RoleConfigStatus.Ok;
            ErrorField = string.Empty;
            ErrorOffset = -1;
            config.Clear();
            int start = offset;

            if (count >= 3 && utf8[offset] == ByteOrderMark0 && utf8[offset + 1] == ByteOrderMark1 && utf8[offset + 2] == ByteOrderMark2)
            {
                _pos += 3;
            }

            SkipWhitespace();
            if (_pos == _end)
            {
                Fail(RoleConfigStatus.Empty, string.Empty);
            }
            else
            {
                ReadTopLevel(config);
                if (_status == RoleConfigStatus.Ok)
                {
                    SkipWhitespace();
                    if (_pos != _end)
                    {
                        Fail(RoleConfigStatus.Syntax, string.Empty);
                    }
                }

                if (_status == RoleConfigStatus.Ok)
                {
                    CheckConsistency(config);
                }
            }

            if (_status != RoleConfigStatus.Ok)
            {
                ErrorOffset -= start;
                config.Clear();
            }

            // Hold nothing of the caller's buffer.
            _data = new byte[0];
            return _status;
        }

        // ---- the format ---------------------------------------------------------------------------------------

        private void ReadTopLevel(RoleConfig config)
        {
            if (Expect((byte)'{', string.Empty))
            {
                ReadMembers(TopLevelNames, string.Empty, 2, config);
            }
        }

        /// <summary>
        /// Reads the members of the object whose opening brace was just consumed, up to its closing brace: each known one once
        /// (<see cref="ReadMember"/>), unknown ones skipped as values at <paramref name="depth"/>, and then every name in
        /// <paramref name="names"/> required. The one loop for every object of the format; false after a failure.
        /// </summary>
        private bool ReadMembers(string[] names, string field, int depth, RoleConfig config)
        {
            int seen = 0;
            bool first = true;
            while (NextMemberOf(ref first, names, out int member, field) == NextMember)
            {
                if (member == MemberMissing)
                {
                    SkipValue(depth, field);
                }
                else
                {
                    string memberField = Child(field, names[member]);
                    int bit = 1 << member;
                    if ((seen & bit) != 0)
                    {
                        Fail(RoleConfigStatus.DuplicateField, memberField);
                        return false;
                    }

                    seen |= bit;
                    ReadMember(names, member, memberField, config);
                }

                if (_status != RoleConfigStatus.Ok)
                {
                    return false;
                }
            }

            return _status == RoleConfigStatus.Ok && RequireAll(seen, names, field);
        }

        /// <summary>Reads the value of member <paramref name="member"/> of the object <paramref name="names"/> describes.</summary>
        private void ReadMember(string[] names, int member, string field, RoleConfig config)
        {
            if (names == TopLevelNames)
            {
                ReadTopLevelMember(member, field, config);
            }
            else if (names == LinkNames)
            {
                ReadLinkMember(member, field);
            }
            else if (names == LedNames)
            {
                ReadLedMember(member, field, config);
            }
            else if (names == ButtonNames)
            {
                ReadButtonMember(member, field, config);
            }
            else if (names == StorageNames)
            {
                ReadStorageMember(member, field, config);
            }
            else
            {
                ReadSdCardMember(member, field, config);
            }
        }

        private void ReadTopLevelMember(int member, string field, RoleConfig config)
        {
            switch (1 << member)
            {
                case SeenFormat:
                    string? format = ReadString(field, false);
                    if (format != null && format != RoleConfig.CurrentFormat)
                    {
                        Fail(RoleConfigStatus.UnknownFormat, field);
                    }
                    else if (format != null)
                    {
                        config.Format = format;
                    }

                    break;
                case SeenBoard:
                    string? board = ReadString(field, false);
                    if (board != null && board.Length == 0)
                    {
                        Fail(RoleConfigStatus.BadValue, field);
                    }
                    else if (board != null)
                    {
                        config.Board = board;
                    }

                    break;
                case SeenRole:
                    ReadRole(config, field);
                    break;
                case SeenEui64:
                    ReadEui64(config, field);
                    break;
                case SeenVariant:
                    string? variant = ReadString(field, true);
                    if (_status == RoleConfigStatus.Ok && variant != null)
                    {
                        if (variant.Length != 2 || variant[0] != 'B' || variant[1] < '1' || variant[1] > '4')
                        {
                            Fail(RoleConfigStatus.BadValue, field);
                        }
                        else
                        {
                            config.Variant = variant;
                        }
                    }

                    break;
                case SeenLinks:
                    ReadLinks(config);
                    break;
                case SeenLed:
                    ReadLed(config);
                    break;
                case SeenButton:
                    ReadButton(config);
                    break;
                default:
                    ReadStorage(config);
                    break;
            }
        }

        private void ReadRole(RoleConfig config, string field)
        {
            string? role = ReadString(field, false);
            if (role == null)
            {
                return;
            }

            ConfiguredRole kind = ConfiguredRole.None;
            if (role == "hub")
            {
                kind = ConfiguredRole.Hub;
            }
            else if (role == "ppmid")
            {
                kind = ConfiguredRole.Ppmid;
            }
            else if (role == "bridge")
            {
                kind = ConfiguredRole.Bridge;
            }
            else if (role == "meter")
            {
                kind = ConfiguredRole.Meter;
            }

            if (kind == ConfiguredRole.None)
            {
                Fail(RoleConfigStatus.BadValue, field);
                return;
            }

            config.Role = kind;
            config.RoleName = role;
        }

        private void ReadEui64(RoleConfig config, string field)
        {
            int at = _pos;
            string? text = ReadString(field, true);
            if (text == null)
            {
                return;
            }

            // boards/README.md: 16 hex digits, most significant octet first.
            if (text.Length != 16)
            {
                FailAt(RoleConfigStatus.BadValue, field, at);
                return;
            }

            ulong value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int digit = HexValue(text[i]);
                if (digit < 0)
                {
                    FailAt(RoleConfigStatus.BadValue, field, at);
                    return;
                }

                value = (value << 4) | (uint)digit;
            }

            config.HasEui64 = true;
            config.Eui64 = value;
        }

        private void ReadLinks(RoleConfig config)
        {
            const string field = "links";
            SkipWhitespace();
            if (!IsAt((byte)'['))
            {
                FailType(field);
                return;
            }

            _pos++;
            int count = 0;
            bool first = true;
            while (true)
            {
                SkipWhitespace();
                if (_pos == _end)
                {
                    Fail(RoleConfigStatus.Syntax, field);
                    return;
                }

                if (_data[_pos] == (byte)']')
                {
                    _pos++;
                    break;
                }

                if (!first && !Expect((byte)',', field))
                {
                    return;
                }

                first = false;
                string itemField = field + "[" + count.ToString() + "]";
                if (count == RoleConfig.MaxLinks)
                {
                    Fail(RoleConfigStatus.Inconsistent, itemField);
                    return;
                }

                LinkConfig? link = ReadLink(itemField, config);
                if (link == null)
                {
                    return;
                }

                config.SetLink(count, link);
                count++;
                config.LinkCount = count;
            }
        }

        private LinkConfig? ReadLink(string field, RoleConfig config)
        {
            _linkName = string.Empty;
            _linkPort = string.Empty;
            _linkTx = 0;
            _linkRx = 0;
            _linkBaud = 0;
            if (!BeginObject(field) || !ReadMembers(LinkNames, field, 4, config))
            {
                return null;
            }

            if (_linkTx == _linkRx)
            {
                Fail(RoleConfigStatus.BadValue, field + ".rx");
                return null;
            }

            return new LinkConfig(_linkName, _linkPort, _linkTx, _linkRx, _linkBaud);
        }

        private void ReadLinkMember(int member, string field)
        {
            switch (member)
            {
                case 0:
                    string? n = ReadString(field, false);
                    if (n != null && n.Length == 0)
                    {
                        Fail(RoleConfigStatus.BadValue, field);
                    }

                    _linkName = n ?? string.Empty;
                    break;
                case 1:
                    int at = _pos;
                    string? p = ReadString(field, false);
                    if (p != null && p != "COM2" && p != "COM3")
                    {
                        // docs/PLATFORM.md: COM1 carries the debugger on ESP32; links use COM2/COM3.
                        FailAt(RoleConfigStatus.BadValue, field, at);
                    }

                    _linkPort = p ?? string.Empty;
                    break;
                case 2:
                    _linkTx = ReadInt(field, 0, MaxGpio);
                    break;
                case 3:
                    _linkRx = ReadInt(field, 0, MaxGpio);
                    break;
                default:
                    _linkBaud = ReadInt(field, 1, MaxBaudRate);
                    break;
            }
        }

        private void ReadLed(RoleConfig config)
        {
            if (BeginObject("led"))
            {
                ReadMembers(LedNames, "led", 3, config);
            }
        }

        private void ReadLedMember(int member, string field, RoleConfig config)
        {
            switch (member)
            {
                case 0:
                    config.LedGpio = ReadInt(field, 0, MaxGpio);
                    break;
                case 1:
                    int at = _pos;
                    string? kind = ReadString(field, false);
                    if (kind == "gpio")
                    {
                        config.LedKind = LedKind.Gpio;
                    }
                    else if (kind == "addressable-rgb")
                    {
                        config.LedKind = LedKind.AddressableRgb;
                    }
                    else if (kind != null)
                    {
                        FailAt(RoleConfigStatus.BadValue, field, at);
                    }

                    break;
                default:
                    config.LedActiveHigh = ReadBool(field);
                    break;
            }
        }

        private void ReadButton(RoleConfig config)
        {
            if (BeginObject("button"))
            {
                ReadMembers(ButtonNames, "button", 3, config);
            }
        }

        private void ReadButtonMember(int member, string field, RoleConfig config)
        {
            if (member == 0)
            {
                config.ButtonGpio = ReadInt(field, 0, MaxGpio);
            }
            else
            {
                config.ButtonActiveLow = ReadBool(field);
            }
        }

        private void ReadStorage(RoleConfig config)
        {
            if (BeginObject("storage"))
            {
                ReadMembers(StorageNames, "storage", 3, config);
            }
        }

        private void ReadStorageMember(int member, string field, RoleConfig config)
        {
            int at = _pos;
            switch (member)
            {
                case 0:
                    string? kind = ReadString(field, false);
                    if (kind == "whole-image")
                    {
                        config.StorageKind = ImageStorageKind.WholeImage;
                    }
                    else if (kind == "digest-only")
                    {
                        config.StorageKind = ImageStorageKind.DigestOnly;
                    }
                    else if (kind != null)
                    {
                        FailAt(RoleConfigStatus.BadValue, field, at);
                    }

                    break;
                case 1:
                    string? drive = ReadString(field, false);
                    if (drive != null && drive != "I:" && drive != "D:")
                    {
                        FailAt(RoleConfigStatus.BadValue, field, at);
                    }

                    config.Drive = drive ?? string.Empty;
                    break;
                default:
                    ReadSdCard(config, field);
                    break;
            }
        }

        private void ReadSdCard(RoleConfig config, string field)
        {
            SkipWhitespace();
            if (TryReadLiteral("null"))
            {
                config.HasSdCard = false;
                return;
            }

            if (_status == RoleConfigStatus.Ok && BeginObject(field) && ReadMembers(SdCardNames, field, 4, config))
            {
                config.HasSdCard = true;
            }
        }

        private void ReadSdCardMember(int member, string field, RoleConfig config)
        {
            int gpio = ReadInt(field, 0, MaxGpio);
            switch (member)
            {
                case 0:
                    config.SdCardCs = gpio;
                    break;
                case 1:
                    config.SdCardSck = gpio;
                    break;
                case 2:
                    config.SdCardMosi = gpio;
                    break;
                default:
                    config.SdCardMiso = gpio;
                    break;
            }
        }

        private void CheckConsistency(RoleConfig config)
        {
            // Offsets of these defects are not tied to one token: report the end of the file.
            string[] expected = RoleConfig.ExpectedLinks(config.Role);
            if (config.LinkCount != expected.Length)
            {
                FailAt(RoleConfigStatus.Inconsistent, "links", _end);
                return;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                LinkConfig link = config.GetLink(i);
                string item = "links[" + i.ToString() + "]";
                if (link.Name != expected[i])
                {
                    FailAt(RoleConfigStatus.Inconsistent, item + ".name", _end);
                    return;
                }

                for (int j = 0; j < i; j++)
                {
                    LinkConfig earlier = config.GetLink(j);
                    if (earlier.Port == link.Port)
                    {
                        FailAt(RoleConfigStatus.Inconsistent, item + ".port", _end);
                        return;
                    }

                    if (earlier.TxPin == link.TxPin || earlier.TxPin == link.RxPin || earlier.RxPin == link.TxPin || earlier.RxPin == link.RxPin)
                    {
                        FailAt(RoleConfigStatus.Inconsistent, item, _end);
                        return;
                    }
                }
            }

            bool bridge = config.Role == ConfiguredRole.Bridge;
            if (bridge != (config.Variant != null))
            {
                FailAt(RoleConfigStatus.Inconsistent, "variant", _end);
                return;
            }

            if (config.Role == ConfiguredRole.Hub && config.StorageKind != ImageStorageKind.WholeImage)
            {
                // docs/ARCHITECTURE.md: the Comms Hub stores whole images.
                FailAt(RoleConfigStatus.Inconsistent, "storage.kind", _end);
                return;
            }

            if (config.Drive == "D:" && !config.HasSdCard)
            {
                FailAt(RoleConfigStatus.Inconsistent, "storage.drive", _end);
            }
        }

        // ---- JSON -----------------------------------------------------------------------------------------------

        /// <summary>
        /// Moves to the next member of the object being read: answers NextMember with <paramref name="member"/> set to the
        /// index of its name in <paramref name="names"/> (or MemberMissing for an unknown name) and the cursor at its value,
        /// NextEnd after the closing brace, NextError after a failure.
        /// </summary>
        private int NextMemberOf(ref bool first, string[] names, out int member, string field)
        {
            member = MemberMissing;
            if (_status != RoleConfigStatus.Ok)
            {
                return NextError;
            }

            SkipWhitespace();
            if (_pos == _end)
            {
                Fail(RoleConfigStatus.Syntax, field);
                return NextError;
            }

            if (_data[_pos] == (byte)'}')
            {
                _pos++;
                return NextEnd;
            }

            if (!first && !Expect((byte)',', field))
            {
                return NextError;
            }

            first = false;
            SkipWhitespace();
            if (!IsAt(Quote))
            {
                Fail(RoleConfigStatus.Syntax, field);
                return NextError;
            }

            // Names are compared after unescaping; an over-long or non-ASCII name is simply not one of ours.
            int length = ReadStringBody(true);
            if (length < 0)
            {
                return NextError;
            }

            member = Match(names, length);
            return Expect((byte)':', field) ? NextMember : NextError;
        }

        private int Match(string[] names, int length)
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
                    // HanBench choice: SD card pin names match in any ASCII case (System.Text.Json writes the host's
                    // SdCardPins record as Cs/Sck/Mosi/Miso, the board schema spells them cs/sck/mosi/miso).
                    if (a != b && !(names == SdCardNames && ToLowerAscii(a) == b))
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

            return MemberMissing;
        }

        /// <summary>The JSON path of member <paramref name="name"/> of the object at <paramref name="field"/> (empty at the top).</summary>
        private static string Child(string field, string name)
        {
            return field.Length == 0 ? name : field + "." + name;
        }

        private bool RequireAll(int seen, string[] names, string field)
        {
            for (int i = 0; i < names.Length; i++)
            {
                if ((seen & (1 << i)) == 0)
                {
                    FailAt(RoleConfigStatus.MissingField, Child(field, names[i]), _pos);
                    return false;
                }
            }

            return true;
        }

        private bool BeginObject(string field)
        {
            SkipWhitespace();
            if (!IsAt((byte)'{'))
            {
                FailType(field);
                return false;
            }

            _pos++;
            return true;
        }

        /// <summary>Reads a string value; null when it failed or (if <paramref name="nullable"/>) the value is <c>null</c>.</summary>
        private string? ReadString(string field, bool nullable)
        {
            SkipWhitespace();
            if (nullable && TryReadLiteral("null"))
            {
                return null;
            }

            if (_status != RoleConfigStatus.Ok)
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
                if (_status == RoleConfigStatus.Ok)
                {
                    FailAt(RoleConfigStatus.BadValue, field, at);
                }

                return null;
            }

            if (length > MaxStringLength)
            {
                FailAt(RoleConfigStatus.BadValue, field, at);
                return null;
            }

            return new string(_chars, 0, length);
        }

        /// <summary>
        /// Consumes a string from its opening quote. When <paramref name="keep"/>, unescapes printable ASCII into
        /// <c>_chars</c> and returns its length, or MaxStringLength + 1 when longer or not ASCII (the string is still
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
                    Fail(RoleConfigStatus.Syntax, string.Empty);
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
                    FailAt(RoleConfigStatus.Syntax, string.Empty, _pos - 1);
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

                if (c >= 0x80 || length == MaxStringLength)
                {
                    tooLong = true;
                    continue;
                }

                _chars[length] = (char)c;
                length++;
            }

            return tooLong ? MaxStringLength + 1 : length;
        }

        /// <summary>After a backslash: the escaped character's code (a UTF-16 unit for \u), or -1 on a syntax error.</summary>
        private int ReadEscape()
        {
            if (_pos == _end)
            {
                Fail(RoleConfigStatus.Syntax, string.Empty);
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
                        int digit = _pos < _end ? HexValue((char)_data[_pos]) : -1;
                        if (digit < 0)
                        {
                            FailAt(RoleConfigStatus.Syntax, string.Empty, _pos);
                            return -1;
                        }

                        value = (value << 4) | digit;
                        _pos++;
                    }

                    return value;
                default:
                    FailAt(RoleConfigStatus.Syntax, string.Empty, _pos - 1);
                    return -1;
            }
        }

        private int ReadInt(string field, int min, int max)
        {
            SkipWhitespace();
            int at = _pos;
            if (_pos == _end || !(_data[_pos] == (byte)'-' || IsDigit(_data[_pos])))
            {
                if (_pos < _end && IsValueStart(_data[_pos]))
                {
                    FailType(field);
                }
                else
                {
                    Fail(RoleConfigStatus.Syntax, field);
                }

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
                FailAt(RoleConfigStatus.Syntax, field, at);
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
                    FailAt(RoleConfigStatus.Syntax, field, at);
                    return 0;
                }

                fraction = true;
            }

            if (_pos < _end && !IsDelimiter(_data[_pos]))
            {
                FailAt(RoleConfigStatus.Syntax, field, at);
                return 0;
            }

            if (negative)
            {
                value = -value;
            }

            if (fraction || overflow || value < min || value > max)
            {
                FailAt(RoleConfigStatus.BadValue, field, at);
                return 0;
            }

            return (int)value;
        }

        private bool ReadBool(string field)
        {
            SkipWhitespace();
            if (TryReadLiteral("true"))
            {
                return true;
            }

            if (_status == RoleConfigStatus.Ok && !TryReadLiteral("false") && _status == RoleConfigStatus.Ok)
            {
                if (_pos < _end && IsValueStart(_data[_pos]))
                {
                    FailType(field);
                }
                else
                {
                    Fail(RoleConfigStatus.Syntax, field);
                }
            }

            return false;
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
                FailAt(RoleConfigStatus.Syntax, string.Empty, _pos);
                return false;
            }

            _pos += i;
            return true;
        }

        private void SkipValue(int depth, string field)
        {
            if (depth > MaxDepth)
            {
                Fail(RoleConfigStatus.TooDeep, field);
                return;
            }

            SkipWhitespace();
            if (_pos == _end)
            {
                Fail(RoleConfigStatus.Syntax, field);
                return;
            }

            byte b = _data[_pos];
            if (b == Quote)
            {
                ReadStringBody(false);
                return;
            }

            if (b == (byte)'{')
            {
                _pos++;
                bool first = true;
                while (NextMemberOf(ref first, new string[0], out int unused, field) == NextMember)
                {
                    SkipValue(depth + 1, field);
                }

                return;
            }

            if (b == (byte)'[')
            {
                _pos++;
                bool first = true;
                while (_status == RoleConfigStatus.Ok)
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

                return;
            }

            if (b == (byte)'-' || IsDigit(b))
            {
                ReadNumberToken(field);
                return;
            }

            if (!TryReadLiteral("true") && _status == RoleConfigStatus.Ok && !TryReadLiteral("false") && _status == RoleConfigStatus.Ok
                && !TryReadLiteral("null") && _status == RoleConfigStatus.Ok)
            {
                Fail(RoleConfigStatus.Syntax, field);
            }
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
                FailAt(RoleConfigStatus.Syntax, field, at);
                return;
            }

            while (_pos < _end && IsDigit(_data[_pos]))
            {
                _pos++;
            }

            if (_pos < _end && (_data[_pos] == (byte)'.' || _data[_pos] == (byte)'e' || _data[_pos] == (byte)'E') && !SkipFractionAndExponent())
            {
                FailAt(RoleConfigStatus.Syntax, field, at);
                return;
            }

            if (_pos < _end && !IsDelimiter(_data[_pos]))
            {
                FailAt(RoleConfigStatus.Syntax, field, at);
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

        private bool Expect(byte expected, string field)
        {
            SkipWhitespace();
            if (IsAt(expected))
            {
                _pos++;
                return true;
            }

            Fail(RoleConfigStatus.Syntax, field);
            return false;
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
            if (_pos < _end && IsValueStart(_data[_pos]))
            {
                Fail(RoleConfigStatus.WrongType, field);
            }
            else
            {
                Fail(RoleConfigStatus.Syntax, field);
            }
        }

        private void Fail(RoleConfigStatus status, string field)
        {
            FailAt(status, field, _pos);
        }

        private void FailAt(RoleConfigStatus status, string field, int at)
        {
            // The first defect wins: later ones are consequences.
            if (_status != RoleConfigStatus.Ok)
            {
                return;
            }

            _status = status;
            ErrorField = field;
            ErrorOffset = at;
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

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }
    }
}

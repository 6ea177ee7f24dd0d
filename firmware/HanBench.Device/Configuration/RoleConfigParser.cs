using HanBench.Protocol.Bytes;

namespace HanBench.Device.Configuration
{
    /// <summary>
    /// Reads the role configuration file (boards/README.md, "Role configuration file") from its UTF-8 bytes into a
    /// <see cref="RoleConfigFile"/>: the format's rules over a <see cref="JsonScanner"/> (the JSON grammar, bounds and error
    /// positions live there). It never throws on bad input, it names the first defect (<see cref="RoleConfigStatus"/>,
    /// <see cref="ErrorField"/> such as <c>links[1].tx</c>, <see cref="ErrorOffset"/>), and it holds nothing of the file
    /// after <see cref="Parse"/> returns.
    /// <para>
    /// HanBench choices: members may come in any order and unknown members are skipped (so an older firmware reads a
    /// newer host's file with extra members, as long as <c>format</c> is unchanged); every documented member is required
    /// (the host always writes them all, with <c>null</c> where the README allows it); kept strings are ASCII, at most
    /// <see cref="MaxStringLength"/> characters; a UTF-8 byte order mark is tolerated although the host writes none.
    /// </para>
    /// </summary>
    public sealed partial class RoleConfigParser
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

        // Top-level members, one bit each, to find duplicates and absentees.
        private const int SeenFormat = 0x001;
        private const int SeenBoard = 0x002;
        private const int SeenRole = 0x004;
        private const int SeenEui64 = 0x008;
        private const int SeenVariant = 0x010;
        private const int SeenLinks = 0x020;
        private const int SeenLed = 0x040;
        private const int SeenButton = 0x080;

        private static readonly string[] TopLevelNames = new string[] { "format", "board", "role", "eui64", "variant", "links", "led", "button", "storage" };
        private static readonly string[] LinkNames = new string[] { "name", "port", "tx", "rx", "baudRate" };
        private static readonly string[] LedNames = new string[] { "gpio", "kind", "activeHigh" };
        private static readonly string[] ButtonNames = new string[] { "gpio", "activeLow" };
        private static readonly string[] StorageNames = new string[] { "kind", "drive", "sdCard" };
        private static readonly string[] SdCardNames = new string[] { "cs", "sck", "mosi", "miso" };

        private readonly JsonScanner _json = new JsonScanner(MaxDepth, MaxStringLength);

        // Why the format's rules refused a value the scanner read well (the scanner then says Rejected).
        private RoleConfigStatus _rejection;

        /// <summary>Where the first defect is, as a JSON path (<c>links[0].port</c>); empty when none or not tied to a member.</summary>
        public string ErrorField { get; private set; } = string.Empty;

        /// <summary>Byte offset (from the start of the window given to <see cref="Parse"/>) of the first defect, or -1.</summary>
        public int ErrorOffset { get; private set; } = -1;

        /// <summary>
        /// Parses <paramref name="count"/> bytes of <paramref name="utf8"/> from <paramref name="offset"/> into
        /// <paramref name="config"/>, which is cleared first and is meaningful only when the answer is
        /// <see cref="RoleConfigStatus.Ok"/>. Throws only for a null argument or an invalid window (programmer errors).
        /// </summary>
        public RoleConfigStatus Parse(byte[] utf8, int offset, int count, RoleConfigFile config)
        {
            if (utf8 == null)
            {
                throw new System.ArgumentNullException(nameof(utf8));
            }

            if (config == null)
            {
                throw new System.ArgumentNullException(nameof(config));
            }

            _json.Begin(utf8, offset, count);
            _rejection = RoleConfigStatus.Ok;
            config.Clear();
            if (_json.AtEnd())
            {
                Reject(RoleConfigStatus.Empty, string.Empty, _json.Position);
            }
            else
            {
                if (_json.Expect((byte)'{', string.Empty))
                {
                    ReadMembers(TopLevelNames, string.Empty, 2, config);
                }

                if (_json.IsOk && !_json.AtEnd())
                {
                    _json.Fail(JsonScanStatus.Syntax, string.Empty);
                }

                if (_json.IsOk)
                {
                    CheckConsistency(config);
                }
            }

            RoleConfigStatus status = StatusOf(_json.Status);
            ErrorField = _json.ErrorField;
            ErrorOffset = status == RoleConfigStatus.Ok ? -1 : _json.ErrorOffset - offset;
            if (status != RoleConfigStatus.Ok)
            {
                config.Clear();
            }

            // Hold nothing of the caller's buffer.
            _json.Release();
            return status;
        }

        private RoleConfigStatus StatusOf(JsonScanStatus scan)
        {
            switch (scan)
            {
                case JsonScanStatus.Ok:
                    return RoleConfigStatus.Ok;
                case JsonScanStatus.Syntax:
                    return RoleConfigStatus.Syntax;
                case JsonScanStatus.TooDeep:
                    return RoleConfigStatus.TooDeep;
                case JsonScanStatus.WrongType:
                    return RoleConfigStatus.WrongType;
                case JsonScanStatus.OutOfRange:
                    return RoleConfigStatus.BadValue;
                default:
                    return _rejection;
            }
        }

        /// <summary>Records that the format refuses a value at <paramref name="at"/> for <paramref name="status"/> (unless a defect came first).</summary>
        private void Reject(RoleConfigStatus status, string field, int at)
        {
            if (_json.IsOk)
            {
                _rejection = status;
                _json.Reject(field, at);
            }
        }

        /// <summary>
        /// Reads the members of the object whose opening brace was just consumed, up to its closing brace: each known one once
        /// (<see cref="ReadMember"/>), unknown ones skipped as values at <paramref name="depth"/>, and then every name in
        /// <paramref name="names"/> required. The one loop for every object of the format; false after a failure.
        /// </summary>
        private bool ReadMembers(string[] names, string field, int depth, RoleConfigFile config)
        {
            int seen = 0;
            bool first = true;

            // HanBench choice: SD card pin names match in any ASCII case (System.Text.Json writes the host's SdCardPins
            // record as Cs/Sck/Mosi/Miso, the board schema spells them cs/sck/mosi/miso).
            bool ignoreCase = names == SdCardNames;
            while (_json.NextMember(ref first, names, ignoreCase, out int member, field) == JsonScanner.NextValue)
            {
                if (member == JsonScanner.NoMatch)
                {
                    _json.SkipValue(depth, field);
                }
                else
                {
                    string memberField = Child(field, names[member]);
                    int bit = 1 << member;
                    if ((seen & bit) != 0)
                    {
                        Reject(RoleConfigStatus.DuplicateField, memberField, _json.Position);
                        return false;
                    }

                    seen |= bit;
                    ReadMember(names, member, memberField, config);
                }

                if (!_json.IsOk)
                {
                    return false;
                }
            }

            return _json.IsOk && RequireAll(seen, names, field);
        }

        /// <summary>Reads the value of member <paramref name="member"/> of the object <paramref name="names"/> describes.</summary>
        private void ReadMember(string[] names, int member, string field, RoleConfigFile config)
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

        private void ReadTopLevelMember(int member, string field, RoleConfigFile config)
        {
            switch (1 << member)
            {
                case SeenFormat:
                    string? format = _json.ReadString(field, false);
                    if (format != null && format != RoleConfigFile.CurrentFormat)
                    {
                        Reject(RoleConfigStatus.UnknownFormat, field, _json.Position);
                    }
                    else if (format != null)
                    {
                        config.Format = format;
                    }

                    break;
                case SeenBoard:
                    string? board = _json.ReadString(field, false);
                    if (board != null && board.Length == 0)
                    {
                        Reject(RoleConfigStatus.BadValue, field, _json.Position);
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
                    string? variant = _json.ReadString(field, true);
                    if (_json.IsOk && variant != null)
                    {
                        if (variant.Length != 2 || variant[0] != 'B' || variant[1] < '1' || variant[1] > '4')
                        {
                            Reject(RoleConfigStatus.BadValue, field, _json.Position);
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

        private void ReadRole(RoleConfigFile config, string field)
        {
            string? role = _json.ReadString(field, false);
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
                Reject(RoleConfigStatus.BadValue, field, _json.Position);
                return;
            }

            config.Role = kind;
            config.RoleName = role;
        }

        private void ReadEui64(RoleConfigFile config, string field)
        {
            int at = _json.Position;
            string? text = _json.ReadString(field, true);
            if (text == null)
            {
                return;
            }

            // boards/README.md: 16 hex digits, most significant octet first.
            if (text.Length != 16)
            {
                Reject(RoleConfigStatus.BadValue, field, at);
                return;
            }

            ulong value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                int digit = Hex.DigitValue(text[i]);
                if (digit < 0)
                {
                    Reject(RoleConfigStatus.BadValue, field, at);
                    return;
                }

                value = (value << 4) | (uint)digit;
            }

            config.HasEui64 = true;
            config.Eui64 = value;
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
                    Reject(RoleConfigStatus.MissingField, Child(field, names[i]), _json.Position);
                    return false;
                }
            }

            return true;
        }
    }
}

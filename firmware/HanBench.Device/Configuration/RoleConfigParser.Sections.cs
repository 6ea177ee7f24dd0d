namespace HanBench.Device.Configuration
{
    /// <summary>The format's sections (links, LED, button, storage) and the rules between members.</summary>
    public sealed partial class RoleConfigParser
    {
        // The link being read (ReadLink): LinkConfig is immutable, so its members are gathered here first.
        private string _linkName = string.Empty;
        private string _linkPort = string.Empty;
        private int _linkTx;
        private int _linkRx;
        private int _linkBaud;

        private void ReadLinks(RoleConfigFile config)
        {
            const string field = "links";
            if (!_json.BeginArray(field))
            {
                return;
            }

            int count = 0;
            bool first = true;
            while (_json.NextItem(ref first, field) == JsonScanner.NextValue)
            {
                string itemField = field + "[" + count.ToString() + "]";
                if (count == RoleConfigFile.MaxLinks)
                {
                    Reject(RoleConfigStatus.Inconsistent, itemField, _json.Position);
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

        private LinkConfig? ReadLink(string field, RoleConfigFile config)
        {
            _linkName = string.Empty;
            _linkPort = string.Empty;
            _linkTx = 0;
            _linkRx = 0;
            _linkBaud = 0;
            if (!_json.BeginObject(field) || !ReadMembers(LinkNames, field, 4, config))
            {
                return null;
            }

            if (_linkTx == _linkRx)
            {
                Reject(RoleConfigStatus.BadValue, field + ".rx", _json.Position);
                return null;
            }

            return new LinkConfig(_linkName, _linkPort, _linkTx, _linkRx, _linkBaud);
        }

        private void ReadLinkMember(int member, string field)
        {
            switch (member)
            {
                case 0:
                    string? n = _json.ReadString(field, false);
                    if (n != null && n.Length == 0)
                    {
                        Reject(RoleConfigStatus.BadValue, field, _json.Position);
                    }

                    _linkName = n ?? string.Empty;
                    break;
                case 1:
                    int at = _json.Position;
                    string? p = _json.ReadString(field, false);
                    if (p != null && p != "COM2" && p != "COM3")
                    {
                        // docs/PLATFORM.md: COM1 carries the debugger on ESP32; links use COM2/COM3.
                        Reject(RoleConfigStatus.BadValue, field, at);
                    }

                    _linkPort = p ?? string.Empty;
                    break;
                case 2:
                    _linkTx = _json.ReadInt(field, 0, MaxGpio);
                    break;
                case 3:
                    _linkRx = _json.ReadInt(field, 0, MaxGpio);
                    break;
                default:
                    _linkBaud = _json.ReadInt(field, 1, MaxBaudRate);
                    break;
            }
        }

        private void ReadLed(RoleConfigFile config)
        {
            if (_json.BeginObject("led"))
            {
                ReadMembers(LedNames, "led", 3, config);
            }
        }

        private void ReadLedMember(int member, string field, RoleConfigFile config)
        {
            switch (member)
            {
                case 0:
                    config.LedGpio = _json.ReadInt(field, 0, MaxGpio);
                    break;
                case 1:
                    int at = _json.Position;
                    string? kind = _json.ReadString(field, false);
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
                        Reject(RoleConfigStatus.BadValue, field, at);
                    }

                    break;
                default:
                    config.LedActiveHigh = _json.ReadBool(field);
                    break;
            }
        }

        private void ReadButton(RoleConfigFile config)
        {
            if (_json.BeginObject("button"))
            {
                ReadMembers(ButtonNames, "button", 3, config);
            }
        }

        private void ReadButtonMember(int member, string field, RoleConfigFile config)
        {
            if (member == 0)
            {
                config.ButtonGpio = _json.ReadInt(field, 0, MaxGpio);
            }
            else
            {
                config.ButtonActiveLow = _json.ReadBool(field);
            }
        }

        private void ReadStorage(RoleConfigFile config)
        {
            if (_json.BeginObject("storage"))
            {
                ReadMembers(StorageNames, "storage", 3, config);
            }
        }

        private void ReadStorageMember(int member, string field, RoleConfigFile config)
        {
            int at = _json.Position;
            switch (member)
            {
                case 0:
                    string? kind = _json.ReadString(field, false);
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
                        Reject(RoleConfigStatus.BadValue, field, at);
                    }

                    break;
                case 1:
                    string? drive = _json.ReadString(field, false);
                    if (drive != null && drive != "I:" && drive != "D:")
                    {
                        Reject(RoleConfigStatus.BadValue, field, at);
                    }

                    config.Drive = drive ?? string.Empty;
                    break;
                default:
                    ReadSdCard(config, field);
                    break;
            }
        }

        private void ReadSdCard(RoleConfigFile config, string field)
        {
            if (_json.TryReadNull())
            {
                config.HasSdCard = false;
                return;
            }

            if (_json.IsOk && _json.BeginObject(field) && ReadMembers(SdCardNames, field, 4, config))
            {
                config.HasSdCard = true;
            }
        }

        private void ReadSdCardMember(int member, string field, RoleConfigFile config)
        {
            int gpio = _json.ReadInt(field, 0, MaxGpio);
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

        private void CheckConsistency(RoleConfigFile config)
        {
            // Offsets of these defects are not tied to one token: report the end of the file.
            int end = _json.End;
            string[] expected = RoleConfigFile.ExpectedLinks(config.Role);
            if (config.LinkCount != expected.Length)
            {
                Reject(RoleConfigStatus.Inconsistent, "links", end);
                return;
            }

            for (int i = 0; i < expected.Length; i++)
            {
                LinkConfig link = config.GetLink(i);
                string item = "links[" + i.ToString() + "]";
                if (link.Name != expected[i])
                {
                    Reject(RoleConfigStatus.Inconsistent, item + ".name", end);
                    return;
                }

                for (int j = 0; j < i; j++)
                {
                    LinkConfig earlier = config.GetLink(j);
                    if (earlier.Port == link.Port)
                    {
                        Reject(RoleConfigStatus.Inconsistent, item + ".port", end);
                        return;
                    }

                    if (earlier.TxPin == link.TxPin || earlier.TxPin == link.RxPin || earlier.RxPin == link.TxPin || earlier.RxPin == link.RxPin)
                    {
                        Reject(RoleConfigStatus.Inconsistent, item, end);
                        return;
                    }
                }
            }

            bool bridge = config.Role == ConfiguredRole.Bridge;
            if (bridge != (config.Variant != null))
            {
                Reject(RoleConfigStatus.Inconsistent, "variant", end);
                return;
            }

            if (config.Role == ConfiguredRole.Hub && config.StorageKind != ImageStorageKind.WholeImage)
            {
                // docs/ARCHITECTURE.md: the Comms Hub stores whole images.
                Reject(RoleConfigStatus.Inconsistent, "storage.kind", end);
                return;
            }

            if (config.Drive == "D:" && !config.HasSdCard)
            {
                Reject(RoleConfigStatus.Inconsistent, "storage.drive", end);
            }
        }
    }
}

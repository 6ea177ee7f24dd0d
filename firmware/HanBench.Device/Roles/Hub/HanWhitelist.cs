using HanBench.Device.Hal;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// The Comms Hub's HAN whitelist (device log): which devices may talk through it. At most
    /// <see cref="MaxType1Devices"/> Type 1 devices — PPMID, HCALCS, and every Alt HAN bridge, joined as a PPMID
    /// (SECMP0170 §4.2) — within <see cref="Capacity"/> entries of every type. Kept in the settings store under
    /// <see cref="SettingsKey"/> (<c>count (1) · count × (EUI-64 (8) · type (1))</c>), so a restart keeps it.
    /// Also tracks, per meter, which report numbers arrived (a 32-wide window), so a resent report is counted once.
    /// </summary>
    public sealed class HanWhitelist
    {
        /// <summary>SECMP0170 §4.2: "Comms Hub allows up to six Type 1 Devices (PPMID or HCALCS)".</summary>
        public const int MaxType1Devices = 6;

        /// <summary>Entries of every type (HanBench choice, and the size of a distribution request's device list).</summary>
        public const int Capacity = DeviceEuiList.MaxDevices;

        /// <summary>Settings key of the persisted list.</summary>
        public const string SettingsKey = "hub.whitelist";

        private const int EntryLength = 9;

        private readonly ulong[] _euis = new ulong[Capacity];
        private readonly HanDeviceType[] _types = new HanDeviceType[Capacity];
        private readonly bool[] _heard = new bool[Capacity];
        private readonly uint[] _highest = new uint[Capacity];
        private readonly uint[] _window = new uint[Capacity];
        private readonly byte[] _state = new byte[1 + (Capacity * EntryLength)];
        private int _count;

        /// <summary>Devices on the list.</summary>
        public int Count => _count;

        /// <summary>Type 1 devices on the list.</summary>
        public int Type1Count
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _count; i++)
                {
                    if (ManagementValues.IsType1(_types[i]))
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>The EUI-64 at <paramref name="index"/>.</summary>
        public ulong GetEui(int index)
        {
            return _euis[index];
        }

        /// <summary>The device type at <paramref name="index"/>.</summary>
        public HanDeviceType GetDeviceType(int index)
        {
            return _types[index];
        }

        /// <summary>True when <paramref name="eui64"/> is on the list.</summary>
        public bool Contains(ulong eui64)
        {
            return IndexOf(eui64) >= 0;
        }

        /// <summary>Index of <paramref name="eui64"/>, or −1.</summary>
        public int IndexOf(ulong eui64)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_euis[i] == eui64)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Admits a device, or says why not; the caller persists with <see cref="Save"/> on <see cref="JoinStatus.Joined"/>.</summary>
        public JoinStatus Join(ulong eui64, HanDeviceType type, ulong hubEui)
        {
            if (eui64 == 0 || eui64 == 0xFFFFFFFFFFFFFFFFUL || eui64 == hubEui || !ManagementValues.IsDeviceType((byte)type))
            {
                return JoinStatus.InvalidDevice;
            }

            if (IndexOf(eui64) >= 0)
            {
                return JoinStatus.AlreadyJoined;
            }

            if (ManagementValues.IsType1(type) && Type1Count >= MaxType1Devices)
            {
                return JoinStatus.Type1LimitReached;
            }

            if (_count >= Capacity)
            {
                return JoinStatus.WhitelistFull;
            }

            _euis[_count] = eui64;
            _types[_count] = type;
            _heard[_count] = false;
            _count++;
            return JoinStatus.Joined;
        }

        /// <summary>Removes a device; <see cref="JoinStatus.Removed"/> or <see cref="JoinStatus.NotJoined"/>.</summary>
        public JoinStatus Remove(ulong eui64)
        {
            int index = IndexOf(eui64);
            if (index < 0)
            {
                return JoinStatus.NotJoined;
            }

            for (int i = index + 1; i < _count; i++)
            {
                _euis[i - 1] = _euis[i];
                _types[i - 1] = _types[i];
                _heard[i - 1] = _heard[i];
                _highest[i - 1] = _highest[i];
                _window[i - 1] = _window[i];
            }

            _count--;
            return JoinStatus.Removed;
        }

        /// <summary>
        /// Records meter report <paramref name="number"/> from the device at <paramref name="index"/>; false when it was
        /// seen already (or is too old to tell, more than 31 behind the newest).
        /// </summary>
        public bool RecordReport(int index, uint number)
        {
            if (!_heard[index])
            {
                _heard[index] = true;
                _highest[index] = number;
                _window[index] = 1;
                return true;
            }

            uint highest = _highest[index];
            if (number > highest)
            {
                uint shift = number - highest;
                _window[index] = shift >= 32 ? 1u : (_window[index] << (int)shift) | 1u;
                _highest[index] = number;
                return true;
            }

            uint back = highest - number;
            if (back >= 32)
            {
                return false;
            }

            uint bit = 1u << (int)back;
            if ((_window[index] & bit) != 0)
            {
                return false;
            }

            _window[index] |= bit;
            return true;
        }

        /// <summary>Writes the list to <paramref name="settings"/>.</summary>
        public StoreStatus Save(ISettingsStore settings)
        {
            _state[0] = (byte)_count;
            int at = 1;
            for (int i = 0; i < _count; i++)
            {
                ulong eui = _euis[i];
                for (int b = 7; b >= 0; b--)
                {
                    _state[at + b] = (byte)eui;
                    eui >>= 8;
                }

                _state[at + 8] = (byte)_types[i];
                at += EntryLength;
            }

            return settings.Write(SettingsKey, _state, 0, at);
        }

        /// <summary>Reads the list from <paramref name="settings"/>; an absent or malformed value leaves it empty.</summary>
        public void Load(ISettingsStore settings)
        {
            _count = 0;
            if (settings.TryRead(SettingsKey, _state, 0, out int length) != StoreStatus.Ok || length < 1)
            {
                return;
            }

            int count = _state[0];
            if (count > Capacity || length != 1 + (count * EntryLength))
            {
                return;
            }

            int at = 1;
            for (int i = 0; i < count; i++)
            {
                ulong eui = 0;
                for (int b = 0; b < 8; b++)
                {
                    eui = (eui << 8) | _state[at + b];
                }

                byte type = _state[at + 8];
                if (!ManagementValues.IsDeviceType(type))
                {
                    _count = 0;
                    return;
                }

                _euis[i] = eui;
                _types[i] = (HanDeviceType)type;
                _heard[i] = false;
                at += EntryLength;
            }

            _count = count;
        }
    }
}

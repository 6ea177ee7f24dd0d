using HanBench.Device.Hal;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Small integers in the settings store, big-endian, through a caller's scratch buffer so nothing is allocated.
    /// A value of the wrong length reads as absent (a foreign or half-written value must not become a version).
    /// </summary>
    public static class SettingsValues
    {
        /// <summary>Reads a 4-octet value.</summary>
        public static bool TryReadUInt32(ISettingsStore settings, string key, byte[] scratch, out uint value)
        {
            value = 0;
            if (settings.TryRead(key, scratch, 0, out int length) != StoreStatus.Ok || length != 4)
            {
                return false;
            }

            value = ((uint)scratch[0] << 24) | ((uint)scratch[1] << 16) | ((uint)scratch[2] << 8) | scratch[3];
            return true;
        }

        /// <summary>Writes a 4-octet value.</summary>
        public static StoreStatus WriteUInt32(ISettingsStore settings, string key, byte[] scratch, uint value)
        {
            scratch[0] = (byte)(value >> 24);
            scratch[1] = (byte)(value >> 16);
            scratch[2] = (byte)(value >> 8);
            scratch[3] = (byte)value;
            return settings.Write(key, scratch, 0, 4);
        }

        /// <summary>Reads an 8-octet value.</summary>
        public static bool TryReadUInt64(ISettingsStore settings, string key, byte[] scratch, out ulong value)
        {
            value = 0;
            if (settings.TryRead(key, scratch, 0, out int length) != StoreStatus.Ok || length != 8)
            {
                return false;
            }

            for (int i = 0; i < 8; i++)
            {
                value = (value << 8) | scratch[i];
            }

            return true;
        }

        /// <summary>Writes an 8-octet value.</summary>
        public static StoreStatus WriteUInt64(ISettingsStore settings, string key, byte[] scratch, ulong value)
        {
            for (int i = 7; i >= 0; i--)
            {
                scratch[i] = (byte)value;
                value >>= 8;
            }

            return settings.Write(key, scratch, 0, 8);
        }
    }
}

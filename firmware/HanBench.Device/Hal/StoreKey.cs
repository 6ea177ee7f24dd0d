namespace HanBench.Device.Hal
{
    /// <summary>
    /// Rules for image and settings keys, the same on every store so a key is also a valid file name on a board's
    /// LittleFS drive and on a PC: 1 to <see cref="MaxLength"/> characters from A–Z, a–z, 0–9, '.', '_' and '-', not
    /// starting with '.'. (HanBench choice.)
    /// </summary>
    public static class StoreKey
    {
        /// <summary>Longest key.</summary>
        public const int MaxLength = 48;

        /// <summary>
        /// Longest settings value: settings hold versions, counters, resume offsets, role configuration and credentials,
        /// never images. (HanBench choice: the largest value is the provisioned credentials record, 584 octets with the CA
        /// and transitional CoS anchors — Roles/ProvisionedCredentials.cs — and a whitelist of six devices with install
        /// codes fits with room to spare.)
        /// </summary>
        public const int MaxValueLength = 640;

        /// <summary>True when <paramref name="key"/> obeys the rules.</summary>
        public static bool IsValid(string? key)
        {
            if (key == null || key.Length == 0 || key.Length > MaxLength || key[0] == '.')
            {
                return false;
            }

            for (int i = 0; i < key.Length; i++)
            {
                char c = key[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}

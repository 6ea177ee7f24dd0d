using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// The device's own key pairs as CS02c and CS02d change them (GBCS 6.17, 6.15.2): per key usage (DS, KA) the key pair
    /// a CS02c made and no certificate has confirmed yet (pending), and the private key a CS02d put in use (replacing
    /// the provisioned one of <see cref="DeviceCredentials"/>). One record under <see cref="SettingsKey"/>, written whole,
    /// so a change survives a restart and one that cannot be stored changes nothing. Allocated once; not thread-safe.
    /// </summary>
    public sealed class DeviceKeyPairs
    {
        /// <summary>Settings key of the record.</summary>
        public const string SettingsKey = "gbcs.keys";

        /// <summary>Index of the DS key pair.</summary>
        public const int Signing = 0;

        /// <summary>Index of the KA key pair.</summary>
        public const int KeyAgreement = 1;

        private const int KeyLength = 32;
        private const int Slot = 1 + KeyLength;

        // [usage][active, pending]: a flag octet then the private key.
        private readonly byte[] _record = new byte[4 * Slot];
        private readonly ISettingsStore _settings;

        /// <summary>Key pairs kept in <paramref name="settings"/>; call <see cref="Load"/> at boot.</summary>
        public DeviceKeyPairs(ISettingsStore settings)
        {
            _settings = settings;
        }

        /// <summary>The index for a GBCS key usage octet, or -1.</summary>
        public static int IndexOf(byte keyUsage)
        {
            return keyUsage == GbcsKeyUsage.DigitalSignature ? Signing : keyUsage == GbcsKeyUsage.KeyAgreement ? KeyAgreement : -1;
        }

        /// <summary>Reads the record (none: nothing pending, the provisioned keys in use).</summary>
        public void Load()
        {
            if (_settings.TryRead(SettingsKey, _record, 0, out int length) != StoreStatus.Ok || length != _record.Length)
            {
                System.Array.Clear(_record, 0, _record.Length);
            }
        }

        /// <summary>Copies the private key in use for <paramref name="index"/> into <paramref name="into"/> when a CS02d replaced the provisioned one.</summary>
        public bool TryGetActive(int index, byte[] into)
        {
            return TryCopy(index * 2 * Slot, into);
        }

        /// <summary>Copies the pending private key for <paramref name="index"/> into <paramref name="into"/>, if there is one.</summary>
        public bool TryGetPending(int index, byte[] into)
        {
            return TryCopy((index * 2 * Slot) + Slot, into);
        }

        /// <summary>Stores <paramref name="privateKey"/> as the pending key pair for <paramref name="index"/> (replacing an older pending one).</summary>
        public bool TrySetPending(int index, byte[] privateKey)
        {
            int at = (index * 2 * Slot) + Slot;
            _record[at] = 1;
            System.Array.Copy(privateKey, 0, _record, at + 1, KeyLength);
            return Save();
        }

        /// <summary>Puts the pending key pair for <paramref name="index"/> in use; false (nothing changed) when none is pending or it cannot be stored.</summary>
        public bool TryActivate(int index)
        {
            int active = index * 2 * Slot;
            int pending = active + Slot;
            if (_record[pending] != 1)
            {
                return false;
            }

            System.Array.Copy(_record, pending, _record, active, Slot);
            System.Array.Clear(_record, pending, Slot);
            return Save();
        }

        private bool TryCopy(int at, byte[] into)
        {
            if (_record[at] != 1)
            {
                return false;
            }

            System.Array.Copy(_record, at + 1, into, 0, KeyLength);
            return true;
        }

        private bool Save()
        {
            if (_settings.Write(SettingsKey, _record, 0, _record.Length) == StoreStatus.Ok)
            {
                return true;
            }

            Load();
            return false;
        }
    }
}

using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// The device's own key pairs as CS02c and CS02d change them (GBCS 6.17, 6.15.2): per key usage (DS, KA) the key pair
    /// a CS02c made and no certificate has confirmed yet (pending), and the private key a CS02d put in use (replacing
    /// the provisioned one of <see cref="DeviceCredentials"/>), and which of two certificate slots holds the certificate
    /// of the key in use. One record under <see cref="SettingsKey"/>, written whole, so a change survives a restart and
    /// one that cannot be stored changes nothing.
    /// <para>
    /// CS02d in one atomic step: a certificate (up to ~500 octets) and the record do not fit one settings value
    /// (<see cref="StoreKey.MaxValueLength"/>), so the new certificate is first written to the slot not in use
    /// (<see cref="WriteCandidateCertificate"/>), then <see cref="TryActivate"/> writes the record naming the new key and
    /// that slot: that one write is the commit. A power cut before it leaves the old key with the old certificate, after
    /// it the new key with the new one; never a key with another key's certificate.
    /// </para>
    /// Allocated once; not thread-safe.
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
        private const int KeysLength = 4 * Slot;

        // The record before certificate slots: keys only, the certificate under the first slot's key.
        private const int LengthWithoutSlots = KeysLength;

        // [usage][active, pending]: a flag octet then the private key; then per usage the certificate slot in use (0 none, 1, 2).
        private readonly byte[] _record = new byte[KeysLength + 2];
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

        /// <summary>Settings key of certificate slot <paramref name="slot"/> (1 or 2) of key pair <paramref name="index"/>.</summary>
        public static string CertificateKey(int index, int slot)
        {
            string key = index == Signing ? "gbcs.cert.ds" : "gbcs.cert.ka";
            return slot == 2 ? key + ".b" : key;
        }

        /// <summary>Reads the record (none: nothing pending, the provisioned keys in use).</summary>
        public void Load()
        {
            StoreStatus status = _settings.TryRead(SettingsKey, _record, 0, out int length);
            if (status == StoreStatus.Ok && length == LengthWithoutSlots)
            {
                // Written before certificate slots: its certificates are under the first slot's keys.
                _record[KeysLength] = 1;
                _record[KeysLength + 1] = 1;
            }
            else if (status != StoreStatus.Ok || length != _record.Length)
            {
                System.Array.Clear(_record, 0, _record.Length);
            }
        }

        /// <summary>
        /// Copies the certificate of key pair <paramref name="index"/> into <paramref name="into"/>; its length, or 0 when
        /// none is held (or it does not fit).
        /// </summary>
        public int ReadCertificate(int index, byte[] into)
        {
            int slot = _record[KeysLength + index];
            if (slot == 0 || _settings.TryRead(CertificateKey(index, slot), into, 0, out int length) != StoreStatus.Ok)
            {
                return 0;
            }

            return length;
        }

        /// <summary>
        /// Writes <paramref name="count"/> octets of certificate into the slot of key pair <paramref name="index"/> not in
        /// use, where <see cref="TryActivate"/> takes it from; changes nothing the device uses.
        /// </summary>
        public StoreStatus WriteCandidateCertificate(int index, byte[] buffer, int offset, int count)
        {
            return _settings.Write(CertificateKey(index, CandidateSlot(index)), buffer, offset, count);
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

        /// <summary>
        /// Puts the pending key pair for <paramref name="index"/> in use with the certificate
        /// <see cref="WriteCandidateCertificate"/> wrote, in one record write; false (nothing changed) when none is pending
        /// or it cannot be stored.
        /// </summary>
        public bool TryActivate(int index)
        {
            int active = index * 2 * Slot;
            int pending = active + Slot;
            if (_record[pending] != 1)
            {
                return false;
            }

            _record[KeysLength + index] = (byte)CandidateSlot(index);
            System.Array.Copy(_record, pending, _record, active, Slot);
            System.Array.Clear(_record, pending, Slot);
            return Save();
        }

        private int CandidateSlot(int index)
        {
            return _record[KeysLength + index] == 1 ? 2 : 1;
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

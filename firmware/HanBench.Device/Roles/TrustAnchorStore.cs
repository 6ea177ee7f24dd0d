using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// A device's remote party trust anchors as CS02a reports them and CS02b replaces them (GBCS 6.15.1, 8.5, 6.23;
    /// SECMP0170 requirement 8): per cell (role, key usage, cell usage) the party's entity id, subject key identifier and
    /// public key, and per role its current sequence number. Persisted in the settings store under <see cref="SettingsKey"/>
    /// as one record written whole (version, cell count, the cells in <see cref="TrustAnchorCells"/>' form, then 8 sequence
    /// numbers), so a replacement survives a restart and one that cannot be stored changes nothing.
    /// Until a CS02b replaces them the anchors are those <see cref="DeviceCredentials"/> provisions (the ACB's KA key,
    /// the supplier's DS key, and the ACB's DS key when provisioned), which <see cref="Load"/> takes when nothing is stored. Allocated once; not thread-safe.
    /// </summary>
    public sealed class TrustAnchorStore
    {
        /// <summary>Settings key of the record.</summary>
        public const string SettingsKey = "gbcs.ta";

        /// <summary>Cells held at most.</summary>
        public const int Capacity = 8;

        private const byte Version = 1;
        private const int Roles = 8;

        private readonly ISettingsStore _settings;
        private readonly TrustAnchorCells _cells = new TrustAnchorCells(Capacity);
        private readonly ulong[] _seq = new ulong[Roles];
        private readonly byte[] _record = new byte[2 + (Capacity * TrustAnchorCells.EntryLength) + (Roles * 8)];
        private DeviceCredentials? _provisioned;
        private ulong _acb;
        private ulong _supplier;

        /// <summary>A store kept in <paramref name="settings"/>; call <see cref="Load"/> at boot.</summary>
        public TrustAnchorStore(ISettingsStore settings)
        {
            _settings = settings;
        }

        /// <summary>Cells held.</summary>
        public int Count => _cells.Count;

        /// <summary>
        /// Reads the record; without one (or an unreadable one) holds the provisioned anchors: the ACB
        /// (<paramref name="acb"/>) KA key, the supplier (<paramref name="supplier"/>) DS key and, when provisioned, the
        /// transitional CoS party's DS key of <paramref name="credentials"/>, or none when the board has no credentials (it then refuses every secured message).
        /// </summary>
        public void Load(DeviceCredentials? credentials, ulong acb, ulong supplier)
        {
            _provisioned = credentials;
            _acb = acb;
            _supplier = supplier;
            if (_settings.TryRead(SettingsKey, _record, 0, out int length) == StoreStatus.Ok && Import(length))
            {
                return;
            }

            _cells.Clear();
            System.Array.Clear(_seq, 0, Roles);
            if (credentials == null)
            {
                return;
            }

            Put(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0, acb, 0, credentials.AcbKeyAgreementPublicKey);
            Put(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0, supplier, 0, credentials.SupplierSigningPublicKey);
            if (credentials.AcbSigningPublicKey != null)
            {
                Put(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.DigitalSignature, 0, acb, 0, credentials.AcbSigningPublicKey);
            }

            if (credentials.TransitionalCoSSigningPublicKey != null)
            {
                // GBCS 6.23: the CoS party's DS key authorises a CS02b that installs an incoming supplier's credentials.
                Put(RemotePartyRole.TransitionalCoS, GbcsKeyUsage.DigitalSignature, 0, credentials.TransitionalCoSSystemTitle, 0, credentials.TransitionalCoSSigningPublicKey);
            }
        }

        /// <summary>Gives back what is stored (or provisioned), dropping changes made in memory since: after a failed <see cref="TrySave"/>.</summary>
        public void Reload()
        {
            Load(_provisioned, _acb, _supplier);
        }

        /// <summary>Index of the cell, or -1.</summary>
        public int Find(RemotePartyRole role, byte keyUsage, byte cellUsage) => _cells.Find(role, keyUsage, cellUsage);

        /// <summary>Index of the management cell with <paramref name="keyUsage"/> whose party is <paramref name="entity"/>, or -1.</summary>
        public int FindParty(ulong entity, byte keyUsage) => _cells.FindParty(entity, keyUsage);

        /// <summary>The role of cell <paramref name="index"/>.</summary>
        public RemotePartyRole RoleAt(int index) => _cells.RoleAt(index);

        /// <summary>The key usage of cell <paramref name="index"/>.</summary>
        public byte KeyUsageAt(int index) => _cells.KeyUsageAt(index);

        /// <summary>The cell usage of cell <paramref name="index"/>.</summary>
        public byte CellUsageAt(int index) => _cells.CellUsageAt(index);

        /// <summary>The party's entity id in cell <paramref name="index"/>.</summary>
        public ulong SubjectIdAt(int index) => _cells.SubjectIdAt(index);

        /// <summary>The subject key identifier in cell <paramref name="index"/> (0 for a provisioned key without certificate).</summary>
        public ulong SubjectKeyIdAt(int index) => _cells.SubjectKeyIdAt(index);

        /// <summary>Copies the public key of cell <paramref name="index"/> into <paramref name="into"/> (room for 65 octets); returns its length (65, or 33 compressed).</summary>
        public int CopyKey(int index, byte[] into) => _cells.CopyKey(index, into);

        /// <summary>
        /// The highest non-zero floor sequence number of a role whose management cell names <paramref name="party"/>
        /// (CS02b: its commands must carry counters above it); false when there is none.
        /// </summary>
        public bool TryGetFloor(ulong party, out ulong floor)
        {
            floor = 0;
            TrustAnchorCells cells = _cells;
            for (int i = 0; i < cells.Count; i++)
            {
                byte role = (byte)cells.RoleAt(i);
                if (cells.SubjectIdAt(i) == party && cells.CellUsageAt(i) == 0 && role < Roles && _seq[role] > floor)
                {
                    floor = _seq[role];
                }
            }

            return floor != 0;
        }

        /// <summary>The current sequence number of <paramref name="role"/>.</summary>
        public ulong SeqNumber(RemotePartyRole role) => (byte)role < Roles ? _seq[(byte)role] : 0;

        /// <summary>
        /// Sets cell (<paramref name="role"/>, <paramref name="keyUsage"/>, <paramref name="cellUsage"/>) in memory, adding it
        /// when new; false when full. Nothing is stored until <see cref="TrySave"/>.
        /// </summary>
        public bool Put(RemotePartyRole role, byte keyUsage, byte cellUsage, ulong subjectId, ulong subjectKeyId, byte[] publicKey)
        {
            int i = _cells.Find(role, keyUsage, cellUsage);
            if (i < 0)
            {
                return _cells.Add(role, keyUsage, cellUsage, subjectId, subjectKeyId, publicKey, 0) >= 0;
            }

            _cells.Set(i, role, keyUsage, cellUsage, subjectId, subjectKeyId, publicKey, 0);
            return true;
        }

        /// <summary>Sets <paramref name="role"/>'s sequence number in memory.</summary>
        public void SetSeqNumber(RemotePartyRole role, ulong value)
        {
            if ((byte)role < Roles)
            {
                _seq[(byte)role] = value;
            }
        }

        /// <summary>Writes the record; false when the store refused it (then <see cref="Load"/> gives back what was stored).</summary>
        public bool TrySave()
        {
            byte[] r = _record;
            r[0] = Version;
            r[1] = (byte)_cells.Count;
            int at = _cells.Write(r, 2);
            for (int i = 0; i < Roles; i++)
            {
                TrustAnchorCells.Write64(r, at, _seq[i]);
                at += 8;
            }

            return _settings.Write(SettingsKey, r, 0, at) == StoreStatus.Ok;
        }

        private bool Import(int length)
        {
            byte[] r = _record;
            int count = length >= 2 ? r[1] : 0;
            if (length < 2 || r[0] != Version || count > Capacity || length != 2 + (count * TrustAnchorCells.EntryLength) + (Roles * 8)
                || !_cells.Read(r, 2, count))
            {
                return false;
            }

            int at = 2 + (count * TrustAnchorCells.EntryLength);
            for (int i = 0; i < Roles; i++)
            {
                _seq[i] = CertificateFields.Read64(r, at);
                at += 8;
            }

            return true;
        }
    }
}

using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// A CS02b replacement checked and staged by <see cref="RemotePartyReplacement"/>: the command's originator, sequence
    /// number, mode, floors and execution time, and per certificate the target cell with the checked party, key and status
    /// (a refused one keeps its cell). A future-dated one is kept in the settings store as one record (<see cref="Export"/>,
    /// <see cref="Import"/>), format 2: version (1), originator (8), sequence number (8), mode (1), execution time in seconds
    /// since 2000 (8), floor present (1) and floor (8), specialist floors (1: 0 none, else 1 + count) and two (usage 1,
    /// number 8), certificate count (1); then the cells in <see cref="TrustAnchorCells"/>' record form (one mechanism with
    /// the trust anchors' own record), then one status octet per cell. Format 1 (status inside each cell) still loads.
    /// Allocated once; not thread-safe.
    /// </summary>
    public sealed class StagedReplacement
    {
        private const byte Version = 2;
        private const byte Version1 = 1;
        private const int HeaderLength = 55;
        private const int Version1EntryLength = TrustAnchorCells.EntryLength + 1;

        private readonly byte[] _statuses;
        private readonly int _maxStored;
        private readonly int _maxSpecialist;
        private readonly byte[] _key = new byte[TrustAnchorCells.KeyLength];

        /// <summary>A staged replacement of up to <paramref name="capacity"/> certificates, of which <paramref name="maxStored"/> and <paramref name="maxSpecialist"/> specialist floors may be stored.</summary>
        public StagedReplacement(int capacity, int maxStored, int maxSpecialist)
        {
            Cells = new TrustAnchorCells(capacity);
            _statuses = new byte[capacity];
            _maxStored = maxStored;
            _maxSpecialist = maxSpecialist;
            Record = new byte[HeaderLength + (maxStored * (TrustAnchorCells.EntryLength + 1))];
        }

        /// <summary>Each certificate's target cell, with the party, subject key identifier and key it brings (zero when refused).</summary>
        public TrustAnchorCells Cells { get; }

        /// <summary>The buffer <see cref="Export"/> writes and <see cref="Import"/> reads.</summary>
        public byte[] Record { get; }

        /// <summary>The command's originator (the party the 0x00CB alert goes to).</summary>
        public ulong Originator { get; set; }

        /// <summary>The authorising sequence number (the command's counter).</summary>
        public ulong SeqNumber { get; set; }

        /// <summary>The replacement mode.</summary>
        public ReplacementMode Mode { get; set; }

        /// <summary>Whether the command carries a floor sequence number.</summary>
        public bool HasFloor { get; set; }

        /// <summary>The floor sequence number.</summary>
        public ulong Floor { get; set; }

        /// <summary>Whether the command carries specialist floors.</summary>
        public bool HasSpecialist { get; set; }

        /// <summary>The specialist floors.</summary>
        public SpecialistSeqNumbers Specialist { get; } = new SpecialistSeqNumbers();

        /// <summary>The execution date-time, seconds since 2000-01-01 (future-dated only).</summary>
        public uint Seconds { get; set; }

        /// <summary>The checked status of certificate <paramref name="index"/>.</summary>
        public CredentialStatus StatusAt(int index) => (CredentialStatus)_statuses[index];

        /// <summary>Sets the checked status of certificate <paramref name="index"/>.</summary>
        public void SetStatus(int index, CredentialStatus status)
        {
            _statuses[index] = (byte)status;
        }

        /// <summary>Writes the record into <see cref="Record"/> (at most the stored capacity of certificates); returns its length.</summary>
        public int Export()
        {
            byte[] r = Record;
            r[0] = Version;
            TrustAnchorCells.Write64(r, 1, Originator);
            TrustAnchorCells.Write64(r, 9, SeqNumber);
            r[17] = (byte)Mode;
            TrustAnchorCells.Write64(r, 18, Seconds);
            r[26] = HasFloor ? (byte)1 : (byte)0;
            TrustAnchorCells.Write64(r, 27, Floor);
            SpecialistSeqNumbers specialist = Specialist;
            r[35] = HasSpecialist ? (byte)(1 + specialist.Count) : (byte)0;
            for (int i = 0; i < _maxSpecialist; i++)
            {
                r[36 + (i * 9)] = i < specialist.Count ? specialist.Usages[i] : (byte)0;
                TrustAnchorCells.Write64(r, 37 + (i * 9), i < specialist.Count ? specialist.Numbers[i] : 0);
            }

            int count = Cells.Count;
            r[HeaderLength - 1] = (byte)count;
            int at = Cells.Write(r, HeaderLength);
            System.Array.Copy(_statuses, 0, r, at, count);
            return at + count;
        }

        /// <summary>Reads the <paramref name="length"/>-octet record in <see cref="Record"/>; false (a record that is not one) otherwise.</summary>
        public bool Import(int length)
        {
            byte[] r = Record;
            int count = length >= HeaderLength ? r[HeaderLength - 1] : 0;
            int specialist = length >= HeaderLength ? r[35] : 0;
            bool v1 = length >= HeaderLength && r[0] == Version1;
            int expected = HeaderLength + (count * (v1 ? Version1EntryLength : TrustAnchorCells.EntryLength + 1));
            if (length < HeaderLength || (r[0] != Version && !v1) || count > _maxStored || specialist > _maxSpecialist + 1 || length != expected)
            {
                return false;
            }

            Originator = CertificateFields.Read64(r, 1);
            SeqNumber = CertificateFields.Read64(r, 9);
            Mode = (ReplacementMode)r[17];
            Seconds = (uint)CertificateFields.Read64(r, 18);
            HasFloor = r[26] != 0;
            Floor = CertificateFields.Read64(r, 27);
            HasSpecialist = specialist != 0;
            Specialist.Count = specialist == 0 ? 0 : specialist - 1;
            for (int i = 0; i < Specialist.Count; i++)
            {
                Specialist.Usages[i] = r[36 + (i * 9)];
                Specialist.Numbers[i] = CertificateFields.Read64(r, 37 + (i * 9));
            }

            if (!v1)
            {
                Cells.Read(r, HeaderLength, count);
                System.Array.Copy(r, HeaderLength + (count * TrustAnchorCells.EntryLength), _statuses, 0, count);
                return true;
            }

            // Format 1: role, key usage, cell usage, status, entity id, subject key identifier, key.
            Cells.Clear();
            int at = HeaderLength;
            for (int i = 0; i < count; i++)
            {
                System.Array.Copy(r, at + 20, _key, 0, TrustAnchorCells.KeyLength);
                Cells.Add((RemotePartyRole)r[at], r[at + 1], r[at + 2], CertificateFields.Read64(r, at + 4), CertificateFields.Read64(r, at + 12), _key, 0);
                _statuses[i] = r[at + 3];
                at += Version1EntryLength;
            }

            return true;
        }
    }
}

using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// A table of remote party trust anchor cells (GBCS 6.15.1, 8.5, 6.23: per cell the role, key usage and cell usage, the
    /// party's entity id, the subject key identifier and the public key) and their one record form, which both the trust
    /// anchors a device holds (<see cref="TrustAnchorStore"/>) and a future-dated CS02b's staged replacement
    /// (<c>StagedReplacement</c>) write into their settings records: per cell role (1), key usage (1), cell usage (1),
    /// entity id (8), subject key identifier (8), public key (65, SEC 1; a compressed one padded with zeros), integers big-endian.
    /// Allocated once; not thread-safe.
    /// </summary>
    public sealed class TrustAnchorCells
    {
        /// <summary>Octets of a public key in a cell (an uncompressed P-256 point).</summary>
        public const int KeyLength = 65;

        /// <summary>Octets of one cell in a record.</summary>
        public const int EntryLength = 3 + 8 + 8 + KeyLength;

        private readonly byte[] _roles;
        private readonly byte[] _usages;
        private readonly byte[] _cells;
        private readonly ulong[] _ids;
        private readonly ulong[] _keyIds;
        private readonly byte[] _keys;

        /// <summary>A table of up to <paramref name="capacity"/> cells.</summary>
        public TrustAnchorCells(int capacity)
        {
            _roles = new byte[capacity];
            _usages = new byte[capacity];
            _cells = new byte[capacity];
            _ids = new ulong[capacity];
            _keyIds = new ulong[capacity];
            _keys = new byte[capacity * KeyLength];
        }

        /// <summary>Cells held.</summary>
        public int Count { get; private set; }

        /// <summary>Cells held at most.</summary>
        public int Capacity => _roles.Length;

        /// <summary>The role of cell <paramref name="index"/>.</summary>
        public RemotePartyRole RoleAt(int index) => (RemotePartyRole)_roles[index];

        /// <summary>The key usage of cell <paramref name="index"/>.</summary>
        public byte KeyUsageAt(int index) => _usages[index];

        /// <summary>The cell usage of cell <paramref name="index"/>.</summary>
        public byte CellUsageAt(int index) => _cells[index];

        /// <summary>The party's entity id in cell <paramref name="index"/>.</summary>
        public ulong SubjectIdAt(int index) => _ids[index];

        /// <summary>The subject key identifier in cell <paramref name="index"/>.</summary>
        public ulong SubjectKeyIdAt(int index) => _keyIds[index];

        /// <summary>Copies the public key of cell <paramref name="index"/> into <paramref name="into"/> (room for 65 octets); returns its length (65, or 33 compressed).</summary>
        public int CopyKey(int index, byte[] into)
        {
            int length = _keys[index * KeyLength] == 0x04 ? KeyLength : 33;
            System.Array.Copy(_keys, index * KeyLength, into, 0, length);
            return length;
        }

        /// <summary>Index of the cell, or -1.</summary>
        public int Find(RemotePartyRole role, byte keyUsage, byte cellUsage)
        {
            for (int i = 0; i < Count; i++)
            {
                if (_roles[i] == (byte)role && _usages[i] == keyUsage && _cells[i] == cellUsage)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Index of the management cell with <paramref name="keyUsage"/> whose party is <paramref name="entity"/>, or -1.</summary>
        public int FindParty(ulong entity, byte keyUsage)
        {
            for (int i = 0; i < Count; i++)
            {
                if (_ids[i] == entity && _usages[i] == keyUsage && _cells[i] == 0)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Forgets every cell.</summary>
        public void Clear()
        {
            Count = 0;
        }

        /// <summary>Adds a cell after the others (the same cell twice is kept twice); its index, or -1 when full.</summary>
        public int Add(RemotePartyRole role, byte keyUsage, byte cellUsage, ulong subjectId, ulong subjectKeyId, byte[] publicKey, int keyOffset)
        {
            if (Count == Capacity)
            {
                return -1;
            }

            int i = Count++;
            Set(i, role, keyUsage, cellUsage, subjectId, subjectKeyId, publicKey, keyOffset);
            return i;
        }

        /// <summary>Sets cell <paramref name="index"/> (below <see cref="Count"/>); the key is read from <paramref name="publicKey"/> at <paramref name="keyOffset"/>, at most 65 octets.</summary>
        public void Set(int index, RemotePartyRole role, byte keyUsage, byte cellUsage, ulong subjectId, ulong subjectKeyId, byte[] publicKey, int keyOffset)
        {
            _roles[index] = (byte)role;
            _usages[index] = keyUsage;
            _cells[index] = cellUsage;
            _ids[index] = subjectId;
            _keyIds[index] = subjectKeyId;
            int length = publicKey.Length - keyOffset < KeyLength ? publicKey.Length - keyOffset : KeyLength;
            System.Array.Clear(_keys, index * KeyLength, KeyLength);
            System.Array.Copy(publicKey, keyOffset, _keys, index * KeyLength, length);
        }

        /// <summary>Writes every cell into <paramref name="record"/> from <paramref name="at"/> (room for <see cref="Count"/> × <see cref="EntryLength"/>); returns the offset after them.</summary>
        public int Write(byte[] record, int at)
        {
            for (int i = 0; i < Count; i++)
            {
                record[at] = _roles[i];
                record[at + 1] = _usages[i];
                record[at + 2] = _cells[i];
                Write64(record, at + 3, _ids[i]);
                Write64(record, at + 11, _keyIds[i]);
                System.Array.Copy(_keys, i * KeyLength, record, at + 19, KeyLength);
                at += EntryLength;
            }

            return at;
        }

        /// <summary>Reads <paramref name="count"/> cells from <paramref name="record"/> at <paramref name="at"/>, replacing those held; false (nothing changed) when more than <see cref="Capacity"/>.</summary>
        public bool Read(byte[] record, int at, int count)
        {
            if (count < 0 || count > Capacity)
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                _roles[i] = record[at];
                _usages[i] = record[at + 1];
                _cells[i] = record[at + 2];
                _ids[i] = CertificateFields.Read64(record, at + 3);
                _keyIds[i] = CertificateFields.Read64(record, at + 11);
                System.Array.Copy(record, at + 19, _keys, i * KeyLength, KeyLength);
                at += EntryLength;
            }

            Count = count;
            return true;
        }

        /// <summary>Writes <paramref name="value"/> big-endian into the 8 octets at <paramref name="offset"/> (the counterpart of <see cref="CertificateFields.Read64"/>).</summary>
        public static void Write64(byte[] buffer, int offset, ulong value)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}

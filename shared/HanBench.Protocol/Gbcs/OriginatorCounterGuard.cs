namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// Replay protection for GBCS originator counters (docs/PROTOCOL.md §3: strictly increasing per originator; a replay
    /// is rejected). Remembers, per originator system title, the last counter accepted; a message is accepted only
    /// with a higher one, and only an accepted message moves the counter.
    /// <para>
    /// Use it on commands and alerts. A response carries the originator counter of the command it answers, so the
    /// requester matches it to its outstanding command instead. Call <see cref="Check"/> before the message has
    /// been authenticated and <see cref="Accept"/> once it has, so a forged message cannot advance the counter.
    /// </para>
    /// <para>
    /// Fixed capacity, no allocation after construction. The state exports to bytes for the firmware settings store
    /// or the host database (HanBench format, version 1): <c>01</c>, originator count (2 octets), then per originator
    /// its system title (8) and last accepted counter (8), all big-endian.
    /// </para>
    /// </summary>
    public sealed class OriginatorCounterGuard
    {
        /// <summary>Capacity used by the parameterless constructor: the ACB, suppliers and HAN peers of one device.</summary>
        public const int DefaultCapacity = 16;

        /// <summary>Export format version.</summary>
        public const byte StateVersion = 0x01;

        private const int StateHeaderLength = 3;
        private const int StateEntryLength = 16;

        private readonly ulong[] _originators;
        private readonly ulong[] _counters;
        private int _count;

        /// <summary>Creates a guard for up to <see cref="DefaultCapacity"/> originators.</summary>
        public OriginatorCounterGuard()
            : this(DefaultCapacity)
        {
        }

        /// <summary>Creates a guard for up to <paramref name="capacity"/> originators.</summary>
        public OriginatorCounterGuard(int capacity)
        {
            if (capacity < 1 || capacity > 0xFFFF)
            {
                throw new System.ArgumentOutOfRangeException(nameof(capacity));
            }

            _originators = new ulong[capacity];
            _counters = new ulong[capacity];
        }

        /// <summary>How many originators it can remember.</summary>
        public int Capacity => _originators.Length;

        /// <summary>How many originators it remembers.</summary>
        public int Count => _count;

        /// <summary>The last counter accepted from <paramref name="originator"/>; false if none yet.</summary>
        public bool TryGetLastCounter(ulong originator, out ulong counter)
        {
            int index = IndexOf(originator);
            counter = index < 0 ? 0 : _counters[index];
            return index >= 0;
        }

        /// <summary>What <see cref="Accept"/> would answer, without changing anything.</summary>
        public OriginatorCounterStatus Check(ulong originator, ulong counter)
        {
            int index = IndexOf(originator);
            if (index < 0)
            {
                return _count < _originators.Length ? OriginatorCounterStatus.Accepted : OriginatorCounterStatus.TableFull;
            }

            if (counter > _counters[index])
            {
                return OriginatorCounterStatus.Accepted;
            }

            return counter == _counters[index] ? OriginatorCounterStatus.Replayed : OriginatorCounterStatus.Older;
        }

        /// <summary>Accepts <paramref name="counter"/> from <paramref name="originator"/> if it is higher than the last one; only then records it.</summary>
        public OriginatorCounterStatus Accept(ulong originator, ulong counter)
        {
            OriginatorCounterStatus status = Check(originator, counter);
            if (status != OriginatorCounterStatus.Accepted)
            {
                return status;
            }

            int index = IndexOf(originator);
            if (index < 0)
            {
                index = _count;
                _originators[index] = originator;
                _count++;
            }

            _counters[index] = counter;
            return OriginatorCounterStatus.Accepted;
        }

        /// <summary>Forgets every originator.</summary>
        public void Clear()
        {
            _count = 0;
        }

        /// <summary>Octets <see cref="Export(byte[], int)"/> writes.</summary>
        public int ExportedLength => StateHeaderLength + (_count * StateEntryLength);

        /// <summary>Writes the state at <paramref name="offset"/> and returns the octets written.</summary>
        public int Export(byte[] buffer, int offset)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            int length = ExportedLength;
            if (offset < 0 || offset > buffer.Length - length)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            buffer[offset] = StateVersion;
            buffer[offset + 1] = (byte)(_count >> 8);
            buffer[offset + 2] = (byte)_count;
            int at = offset + StateHeaderLength;
            for (int i = 0; i < _count; i++)
            {
                WriteUInt64(buffer, at, _originators[i]);
                WriteUInt64(buffer, at + 8, _counters[i]);
                at += StateEntryLength;
            }

            return length;
        }

        /// <summary>Exports the state into a new array.</summary>
        public byte[] Export()
        {
            byte[] state = new byte[ExportedLength];
            Export(state, 0);
            return state;
        }

        /// <summary>
        /// Replaces the state with <paramref name="count"/> octets written by <see cref="Export(byte[], int)"/>. Everything is
        /// checked before anything changes: on failure the guard keeps its current state.
        /// </summary>
        public OriginatorCounterStateStatus Import(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            if (count < StateHeaderLength)
            {
                return OriginatorCounterStateStatus.Truncated;
            }

            if (buffer[offset] != StateVersion)
            {
                return OriginatorCounterStateStatus.UnknownVersion;
            }

            int entries = (buffer[offset + 1] << 8) | buffer[offset + 2];
            int needed = StateHeaderLength + (entries * StateEntryLength);
            if (count < needed)
            {
                return OriginatorCounterStateStatus.Truncated;
            }

            if (count > needed)
            {
                return OriginatorCounterStateStatus.TrailingBytes;
            }

            if (entries > _originators.Length)
            {
                return OriginatorCounterStateStatus.TooManyOriginators;
            }

            int first = offset + StateHeaderLength;
            for (int i = 0; i < entries; i++)
            {
                ulong originator = ReadUInt64(buffer, first + (i * StateEntryLength));
                for (int j = 0; j < i; j++)
                {
                    if (ReadUInt64(buffer, first + (j * StateEntryLength)) == originator)
                    {
                        return OriginatorCounterStateStatus.DuplicateOriginator;
                    }
                }
            }

            for (int i = 0; i < entries; i++)
            {
                int at = first + (i * StateEntryLength);
                _originators[i] = ReadUInt64(buffer, at);
                _counters[i] = ReadUInt64(buffer, at + 8);
            }

            _count = entries;
            return OriginatorCounterStateStatus.Ok;
        }

        private int IndexOf(ulong originator)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_originators[i] == originator)
                {
                    return i;
                }
            }

            return -1;
        }

        private static void WriteUInt64(byte[] buffer, int offset, ulong value)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }

        private static ulong ReadUInt64(byte[] buffer, int offset)
        {
            ulong value = 0;
            for (int i = 0; i < 8; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// A list of device EUI-64s in a management message, encoded <c>count (1, 1..MaxDevices) · count × EUI-64 (8,
    /// big-endian)</c>. Fixed capacity, so decoding into a reused instance allocates nothing.
    /// </summary>
    public sealed class DeviceEuiList
    {
        /// <summary>
        /// Most devices one message names (HanBench choice: the hub's whitelist capacity, so one request can name every
        /// device a hub serves).
        /// </summary>
        public const int MaxDevices = 16;

        private readonly ulong[] _devices = new ulong[MaxDevices];

        /// <summary>Devices held.</summary>
        public int Count { get; private set; }

        /// <summary>Octets of the encoding.</summary>
        public int EncodedLength => 1 + (Count * 8);

        /// <summary>The EUI-64 at <paramref name="index"/>.</summary>
        public ulong Get(int index)
        {
            if (index < 0 || index >= Count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(index));
            }

            return _devices[index];
        }

        /// <summary>True when <paramref name="eui64"/> is listed.</summary>
        public bool Contains(ulong eui64)
        {
            for (int i = 0; i < Count; i++)
            {
                if (_devices[i] == eui64)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Empties the list.</summary>
        public void Clear()
        {
            Count = 0;
        }

        /// <summary>Appends <paramref name="eui64"/>; throws when <see cref="MaxDevices"/> are held.</summary>
        public void Add(ulong eui64)
        {
            if (Count >= MaxDevices)
            {
                throw new System.InvalidOperationException("device list: more than " + MaxDevices.ToString() + " devices");
            }

            _devices[Count++] = eui64;
        }

        /// <summary>Writes count and EUI-64s; throws for an empty list (a programmer error).</summary>
        public void WriteTo(ByteWriter writer)
        {
            if (Count == 0)
            {
                throw new System.InvalidOperationException("device list: at least one device");
            }

            writer.WriteByte((byte)Count);
            for (int i = 0; i < Count; i++)
            {
                writer.WriteUInt64BigEndian(_devices[i]);
            }
        }

        /// <summary>Reads count and EUI-64s into <paramref name="into"/> (its old content is replaced even on failure).</summary>
        public static ManagementDecodeStatus TryRead(ByteReader reader, DeviceEuiList into)
        {
            into.Count = 0;
            if (!reader.TryReadByte(out byte count))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (count == 0)
            {
                return ManagementDecodeStatus.EmptyList;
            }

            if (count > MaxDevices)
            {
                return ManagementDecodeStatus.TooManyEntries;
            }

            for (int i = 0; i < count; i++)
            {
                if (!reader.TryReadUInt64BigEndian(out ulong eui))
                {
                    into.Count = 0;
                    return ManagementDecodeStatus.Truncated;
                }

                into._devices[i] = eui;
            }

            into.Count = count;
            return ManagementDecodeStatus.Ok;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// Answer to <see cref="ManagementMessageType.Ping"/>: who the device is and which firmware each component runs.
    /// (HanBench choice.) Body:
    /// <code>
    /// roleKind (1) · variant (1) · state (1) · EUI-64 (8, big-endian) · hardwareVersion (2) · componentCount (1, 1..4)
    /// componentCount × ( componentId (1) · manufacturerCode (2) · imageType (2) · fileVersion (4) )
    /// </code>
    /// An Alt HAN bridge B1–B3 reports both its SiLabs and Broadcom components here, although CS08 reports only one.
    /// Fixed capacity, so decoding into a reused instance allocates nothing.
    /// </summary>
    public sealed class IdentityReport
    {
        /// <summary>Most components a report carries.</summary>
        public const int MaxComponents = 4;

        private const int FixedLength = 14;

        private readonly FirmwareComponentInfo[] _components = new FirmwareComponentInfo[MaxComponents];

        /// <summary>What the device plays.</summary>
        public DeviceRoleKind Role { get; set; }

        /// <summary>Alt HAN Device Variant (<see cref="AltHanVariant.None"/> for anything but a bridge).</summary>
        public AltHanVariant Variant { get; set; }

        /// <summary>What the device is doing.</summary>
        public DeviceRunState State { get; set; }

        /// <summary>The device's EUI-64.</summary>
        public ulong Eui64 { get; set; }

        /// <summary>The hardware version the device sends in Query Next Image Request.</summary>
        public ushort HardwareVersion { get; set; }

        /// <summary>Components held (0 until one is added or decoded).</summary>
        public int ComponentCount { get; private set; }

        /// <summary>Octets of the body.</summary>
        public int EncodedLength => FixedLength + (ComponentCount * FirmwareComponentInfo.EncodedLength);

        /// <summary>The component at <paramref name="index"/> (0 ≤ index &lt; <see cref="ComponentCount"/>).</summary>
        public FirmwareComponentInfo GetComponent(int index)
        {
            if (index < 0 || index >= ComponentCount)
            {
                throw new System.ArgumentOutOfRangeException(nameof(index));
            }

            return _components[index];
        }

        /// <summary>Forgets every component.</summary>
        public void ClearComponents()
        {
            ComponentCount = 0;
        }

        /// <summary>Adds a component; throws when <see cref="MaxComponents"/> are held.</summary>
        public void AddComponent(FirmwareComponentId component, ImageIdentity image)
        {
            if (ComponentCount >= MaxComponents)
            {
                throw new System.InvalidOperationException("identity report: no room for another component");
            }

            FirmwareComponentInfo info = default;
            info.Component = component;
            info.Image = image;
            _components[ComponentCount++] = info;
        }

        /// <summary>Writes the body (after the header).</summary>
        public void WriteTo(ByteWriter writer)
        {
            if (ComponentCount == 0)
            {
                throw new System.InvalidOperationException("identity report: at least one component");
            }

            writer.WriteByte((byte)Role);
            writer.WriteByte((byte)Variant);
            writer.WriteByte((byte)State);
            writer.WriteUInt64BigEndian(Eui64);
            writer.WriteUInt16LittleEndian(HardwareVersion);
            writer.WriteByte((byte)ComponentCount);
            for (int i = 0; i < ComponentCount; i++)
            {
                writer.WriteByte((byte)_components[i].Component);
                _components[i].Image.WriteTo(writer);
            }
        }

        /// <summary>Decodes the body, which must fill the rest of the reader's window.</summary>
        public static ManagementDecodeStatus TryDecode(ByteReader reader, IdentityReport into)
        {
            if (!reader.TryReadByte(out byte role) || !reader.TryReadByte(out byte variant) || !reader.TryReadByte(out byte state)
                || !reader.TryReadUInt64BigEndian(out ulong eui64) || !reader.TryReadUInt16LittleEndian(out ushort hardwareVersion)
                || !reader.TryReadByte(out byte count))
            {
                return ManagementDecodeStatus.Truncated;
            }

            if (!ManagementValues.IsRoleKind(role) || !ManagementValues.IsVariant(variant) || !ManagementValues.IsRunState(state))
            {
                return ManagementDecodeStatus.BadValue;
            }

            if (count == 0)
            {
                return ManagementDecodeStatus.EmptyList;
            }

            if (count > MaxComponents)
            {
                return ManagementDecodeStatus.TooManyEntries;
            }

            into.ComponentCount = 0;
            for (int i = 0; i < count; i++)
            {
                if (!reader.TryReadByte(out byte component) || !ImageIdentity.TryRead(reader, out ImageIdentity image))
                {
                    return ManagementDecodeStatus.Truncated;
                }

                if (!ManagementValues.IsComponent(component))
                {
                    return ManagementDecodeStatus.BadValue;
                }

                FirmwareComponentInfo info = default;
                info.Component = (FirmwareComponentId)component;
                info.Image = image;
                into._components[i] = info;
            }

            if (reader.Remaining != 0)
            {
                return ManagementDecodeStatus.TrailingBytes;
            }

            into.Role = (DeviceRoleKind)role;
            into.Variant = (AltHanVariant)variant;
            into.State = (DeviceRunState)state;
            into.Eui64 = eui64;
            into.HardwareVersion = hardwareVersion;
            into.ComponentCount = count;
            return ManagementDecodeStatus.Ok;
        }
    }
}

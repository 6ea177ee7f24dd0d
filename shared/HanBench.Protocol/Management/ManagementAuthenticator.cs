using HanBench.Protocol.Security;

namespace HanBench.Protocol.Management
{
    /// <summary>
    /// Authentication of HanBench's own management frames (issue 8 §3; HanBench choice, the channel never appears on a
    /// real HAN or WAN). An authenticated frame says so in the HAN frame's cluster id field (<see cref="SecuritySuite"/>;
    /// 0, as before, is an unauthenticated frame) and ends with a trailer after the management message:
    /// <code>
    /// counter (8, big-endian): strictly increasing per sender and receiver; checked only after the MAC verifies
    /// MAC (16): HMAC-SHA256(key, source EUI-64 ‖ destination EUI-64 ‖ counter ‖ management message), first 16 octets
    /// </code>
    /// <para>
    /// Keys: every board has its own 32-octet management key, provisioned with its GBCS keys. A Comms Hub's is random;
    /// a HAN device's is <see cref="DeriveDeviceKey"/> of its hub's, so the host (which holds the hub's key) and the hub
    /// can both speak to the device, and nobody without the hub's key can. Between the host and a hub the hub's key
    /// MACs; between the host or hub and a HAN device, the device's.
    /// </para>
    /// Buffers are allocated once; not thread-safe.
    /// </summary>
    public sealed class ManagementAuthenticator
    {
        /// <summary>The cluster id of an authenticated management frame: HMAC-SHA256-128 with an 8-octet counter ("M1").</summary>
        public const ushort SecuritySuite = 0x4D31;

        /// <summary>Octets of a management key.</summary>
        public const int KeyLength = 32;

        /// <summary>Octets of the counter in the trailer.</summary>
        public const int CounterLength = 8;

        /// <summary>Octets of the MAC in the trailer (HMAC-SHA256 cut to 128 bits, RFC 2104 §5).</summary>
        public const int MacLength = 16;

        /// <summary>Octets the trailer adds to a management message.</summary>
        public const int TrailerLength = CounterLength + MacLength;

        // "HanBench management key" (ASCII): the label of a HAN device's key derivation.
        private static readonly byte[] DeviceKeyLabel = new byte[]
        {
            0x48, 0x61, 0x6E, 0x42, 0x65, 0x6E, 0x63, 0x68, 0x20, 0x6D, 0x61, 0x6E, 0x61, 0x67, 0x65, 0x6D, 0x65, 0x6E, 0x74, 0x20, 0x6B, 0x65, 0x79,
        };

        private readonly HmacSha256 _hmac = new HmacSha256();
        private readonly byte[] _prefix = new byte[8 + 8 + CounterLength];
        private readonly byte[] _mac = new byte[HmacSha256.MacLength];

        /// <summary>Keys the authenticator with the 32 octets of <paramref name="key"/> at <paramref name="offset"/>.</summary>
        public void SetKey(byte[] key, int offset)
        {
            _hmac.SetKey(key, offset, KeyLength);
        }

        /// <summary>
        /// Writes a HAN device's key, HMAC-SHA256(hub key, "HanBench management key" ‖ device EUI-64), to
        /// <paramref name="into"/> at <paramref name="offset"/>. Leaves the authenticator keyed with the hub's key.
        /// </summary>
        public void DeriveDeviceKey(byte[] hubKey, int hubKeyOffset, ulong device, byte[] into, int offset)
        {
            _hmac.SetKey(hubKey, hubKeyOffset, KeyLength);
            _hmac.Append(DeviceKeyLabel, 0, DeviceKeyLabel.Length);
            WriteBigEndian(device, _prefix, 0);
            _hmac.Append(_prefix, 0, 8);
            _hmac.GetMac(into, offset);
        }

        /// <summary>
        /// Appends the trailer to the <paramref name="count"/>-octet management message at <paramref name="offset"/>
        /// (the buffer must hold <see cref="TrailerLength"/> more octets after it); returns the authenticated length.
        /// </summary>
        public int Seal(ulong source, ulong destination, ulong counter, byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset + count + TrailerLength > buffer.Length)
            {
                throw new System.ArgumentException("no room for the management trailer", nameof(buffer));
            }

            ComputeMac(source, destination, counter, buffer, offset, count);
            int at = offset + count;
            WriteBigEndian(counter, buffer, at);
            System.Array.Copy(_mac, 0, buffer, at + CounterLength, MacLength);
            return count + TrailerLength;
        }

        /// <summary>
        /// Checks the <paramref name="count"/>-octet payload of a management frame whose cluster id is
        /// <paramref name="suite"/>: <see cref="ManagementAuthStatus.Ok"/> when the trailer's MAC verifies, with the
        /// trailer's <paramref name="counter"/> (the message is the first <paramref name="count"/> − <see cref="TrailerLength"/>
        /// octets). The counter is the caller's to check, and only after Ok.
        /// </summary>
        public ManagementAuthStatus Verify(ushort suite, ulong source, ulong destination, byte[] buffer, int offset, int count, out ulong counter)
        {
            counter = 0;
            if (suite != SecuritySuite)
            {
                return suite == 0 ? ManagementAuthStatus.Unauthenticated : ManagementAuthStatus.UnknownSuite;
            }

            if (count < ManagementHeader.Length + TrailerLength)
            {
                return ManagementAuthStatus.Truncated;
            }

            int messageLength = count - TrailerLength;
            int at = offset + messageLength;
            ulong value = 0;
            for (int i = 0; i < CounterLength; i++)
            {
                value = (value << 8) | buffer[at + i];
            }

            ComputeMac(source, destination, value, buffer, offset, messageLength);
            int difference = 0;
            int macAt = at + CounterLength;
            byte[] mac = _mac;
            for (int i = 0; i < MacLength; i++)
            {
                difference |= mac[i] ^ buffer[macAt + i];
            }

            if (difference != 0)
            {
                return ManagementAuthStatus.BadMac;
            }

            counter = value;
            return ManagementAuthStatus.Ok;
        }

        /// <summary>The reason a frame is dropped for <paramref name="status"/>, null for <see cref="ManagementAuthStatus.Ok"/>.</summary>
        public static string? Describe(ManagementAuthStatus status)
        {
            switch (status)
            {
                case ManagementAuthStatus.Ok:
                    return null;
                case ManagementAuthStatus.Unauthenticated:
                    return "unauthenticated (no MAC)";
                case ManagementAuthStatus.UnknownSuite:
                    return "unknown security suite";
                case ManagementAuthStatus.Truncated:
                    return "too short for its MAC";
                default:
                    return "MAC does not verify";
            }
        }

        private void ComputeMac(ulong source, ulong destination, ulong counter, byte[] buffer, int offset, int count)
        {
            byte[] prefix = _prefix;
            WriteBigEndian(source, prefix, 0);
            WriteBigEndian(destination, prefix, 8);
            WriteBigEndian(counter, prefix, 16);
            _hmac.Reset();
            _hmac.Append(prefix, 0, prefix.Length);
            _hmac.Append(buffer, offset, count);
            _hmac.GetMac(_mac, 0);
        }

        private static void WriteBigEndian(ulong value, byte[] buffer, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}

using HanBench.Device.Hal;
using HanBench.Protocol.Security;

namespace HanBench.Device.Memory
{
    /// <summary>
    /// HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1, 10.1.2): the seeded random source of virtual boards and tests,
    /// and the generator a board feeds its entropy into (<see cref="Reseed"/>). With a settings store its state (K, V) is
    /// written after every use, so a restart continues the sequence instead of repeating it; the same seed and calls give
    /// the same octets, which is what tests need and why a board must reseed it with entropy of its own. Allocated once.
    /// </summary>
    public sealed class HmacDrbg : IRandomSource
    {
        private const int Length = HmacSha256.MacLength;

        private readonly HmacSha256 _hmac = new HmacSha256();
        private readonly byte[] _k = new byte[Length];
        private readonly byte[] _v = new byte[Length];
        private readonly byte[] _state = new byte[2 * Length];
        private readonly byte[] _separator = new byte[1];
        private readonly ISettingsStore? _settings;
        private readonly string _key;

        /// <summary>A generator instantiated from <paramref name="seed"/> (not kept).</summary>
        public HmacDrbg(byte[] seed)
            : this(seed, null, string.Empty)
        {
        }

        /// <summary>
        /// A generator whose state lives in <paramref name="settings"/> under <paramref name="key"/>: the stored state if
        /// there is one, otherwise instantiated from <paramref name="seed"/>.
        /// </summary>
        public HmacDrbg(byte[] seed, ISettingsStore? settings, string key)
        {
            _settings = settings;
            _key = key;
            if (settings != null && settings.TryRead(key, _state, 0, out int stored) == StoreStatus.Ok && stored == _state.Length)
            {
                System.Array.Copy(_state, 0, _k, 0, Length);
                System.Array.Copy(_state, Length, _v, 0, Length);
                return;
            }

            for (int i = 0; i < Length; i++)
            {
                _v[i] = 0x01;
            }

            Update(seed, 0, seed.Length);
        }

        /// <summary>Mixes <paramref name="count"/> octets of entropy into the state.</summary>
        public void Reseed(byte[] entropy, int offset, int count)
        {
            Update(entropy, offset, count);
        }

        /// <inheritdoc />
        public bool TryFill(byte[] buffer, int offset, int count)
        {
            int done = 0;
            while (done < count)
            {
                Mac(_k, _v, null, 0, 0, _v);
                int take = count - done < Length ? count - done : Length;
                System.Array.Copy(_v, 0, buffer, offset + done, take);
                done += take;
            }

            Update(null, 0, 0);
            if (_settings == null)
            {
                return true;
            }

            System.Array.Copy(_k, 0, _state, 0, Length);
            System.Array.Copy(_v, 0, _state, Length, Length);
            return _settings.Write(_key, _state, 0, _state.Length) == StoreStatus.Ok;
        }

        // SP 800-90A 10.1.2.2 HMAC_DRBG_Update.
        private void Update(byte[]? data, int offset, int count)
        {
            for (byte round = 0; round < 2; round++)
            {
                _separator[0] = round;
                Mac(_k, _v, data, offset, count, _k);
                Mac(_k, _v, null, 0, 0, _v);
                if (count == 0)
                {
                    return;
                }
            }
        }

        // HMAC(key, v ‖ [separator ‖ data]) into output; the separator goes in only with the Update rounds.
        private void Mac(byte[] key, byte[] v, byte[]? data, int offset, int count, byte[] output)
        {
            HmacSha256 hmac = _hmac;
            hmac.SetKey(key, 0, Length);
            hmac.Append(v, 0, Length);
            if (ReferenceEquals(output, _k))
            {
                hmac.Append(_separator, 0, 1);
                if (data != null && count > 0)
                {
                    hmac.Append(data, offset, count);
                }
            }

            hmac.GetMac(output, 0);
        }
    }
}

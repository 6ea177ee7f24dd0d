using HanBench.Device.Hal;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// A GBCS originator counter for the messages a device originates: strictly increasing across restarts (docs/PROTOCOL.md §3:
    /// a receiver rejects a counter not above the last it accepted), so each new value is stored before it is used.
    /// </summary>
    public sealed class PersistentCounter
    {
        private readonly ISettingsStore _settings;
        private readonly string _key;
        private readonly byte[] _scratch = new byte[8];
        private ulong _last;

        /// <summary>A counter kept under <paramref name="key"/>; call <see cref="Load"/> at boot.</summary>
        public PersistentCounter(ISettingsStore settings, string key)
        {
            _settings = settings;
            _key = key;
        }

        /// <summary>The last value handed out (0 before any).</summary>
        public ulong Last => _last;

        /// <summary>Reads the last value from the store.</summary>
        public void Load()
        {
            _last = SettingsValues.TryReadUInt64(_settings, _key, _scratch, out ulong value) ? value : 0;
        }

        /// <summary>
        /// The next value, stored first; false when it cannot be stored (the message must not go out then, or a restart
        /// could hand the same counter out twice).
        /// </summary>
        public bool TryNext(out ulong value)
        {
            value = _last + 1;
            if (SettingsValues.WriteUInt64(_settings, _key, _scratch, value) != StoreStatus.Ok)
            {
                value = 0;
                return false;
            }

            _last = value;
            return true;
        }
    }
}

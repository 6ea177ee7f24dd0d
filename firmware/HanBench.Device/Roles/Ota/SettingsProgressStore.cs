using HanBench.Device.Hal;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles.Ota
{
    /// <summary>An OTA client's <see cref="IOtaProgressStore"/>: its resume record under one settings key.</summary>
    public sealed class SettingsProgressStore : IOtaProgressStore
    {
        private readonly ISettingsStore _settings;
        private readonly string _key;

        /// <summary>A record kept in <paramref name="settings"/> under <paramref name="key"/>.</summary>
        public SettingsProgressStore(ISettingsStore settings, string key)
        {
            if (settings == null)
            {
                throw new System.ArgumentNullException(nameof(settings));
            }

            _settings = settings;
            _key = key;
        }

        /// <summary>The settings key.</summary>
        public string Key => _key;

        /// <inheritdoc />
        public bool TryRead(byte[] buffer, int offset, out int length)
        {
            return _settings.TryRead(_key, buffer, offset, out length) == StoreStatus.Ok;
        }

        /// <inheritdoc />
        public bool Write(byte[] buffer, int offset, int count)
        {
            return _settings.Write(_key, buffer, offset, count) == StoreStatus.Ok;
        }

        /// <inheritdoc />
        public void Clear()
        {
            _settings.Delete(_key);
        }
    }
}

using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// A device's replay protection for GBCS commands (docs/PROTOCOL.md §3: originator counters strictly increase; a replay
    /// is rejected): an <see cref="OriginatorCounterGuard"/> whose state is kept in the settings store under
    /// <see cref="SettingsKey"/> after every accepted command, so a restart cannot reopen the door to a replay.
    /// </summary>
    public sealed class GbcsCommandGuard
    {
        /// <summary>Settings key of the exported guard.</summary>
        public const string SettingsKey = "gbcs.guard";

        private const int Originators = 4;

        private readonly OriginatorCounterGuard _guard = new OriginatorCounterGuard(Originators);
        private readonly byte[] _state = new byte[3 + (Originators * 16)];
        private readonly ISettingsStore _settings;

        /// <summary>A guard persisted in <paramref name="settings"/>.</summary>
        public GbcsCommandGuard(ISettingsStore settings)
        {
            _settings = settings;
        }

        /// <summary>The guard itself (last counters per originator).</summary>
        public OriginatorCounterGuard Guard => _guard;

        /// <summary>Restores the guard from the store (empty when nothing valid is stored).</summary>
        public void Load()
        {
            _guard.Clear();
            if (_settings.TryRead(SettingsKey, _state, 0, out int length) == StoreStatus.Ok)
            {
                _guard.Import(_state, 0, length);
            }
        }

        /// <summary>What accepting <paramref name="counter"/> from <paramref name="originator"/> would give, changing nothing.</summary>
        public OriginatorCounterStatus Check(ulong originator, ulong counter)
        {
            return _guard.Check(originator, counter);
        }

        /// <summary>Accepts and persists; anything but Accepted leaves guard and store unchanged.</summary>
        public OriginatorCounterStatus Accept(ulong originator, ulong counter)
        {
            OriginatorCounterStatus status = _guard.Accept(originator, counter);
            if (status == OriginatorCounterStatus.Accepted)
            {
                int length = _guard.Export(_state, 0);
                _settings.Write(SettingsKey, _state, 0, length);
            }

            return status;
        }
    }
}

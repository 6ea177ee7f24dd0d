using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// A device's replay protection for GBCS commands (docs/PROTOCOL.md §3: originator counters strictly increase; a replay
    /// is rejected): an <see cref="OriginatorCounterGuard"/> whose state is kept in the settings store under
    /// <see cref="SettingsKey"/> after every accepted command, so a restart cannot reopen the door to a replay. Once
    /// given the trust anchors (<see cref="UseFloors"/>) it also refuses a counter that is not above the floor sequence
    /// number a CS02b set for the originator's role (GBCS 6.15.1, 8.5: the new party's commands must exceed it); the
    /// floors are kept in the trust anchor record, written with the replacement itself, so they hold after a restart
    /// and cannot disagree with the anchors.
    /// </summary>
    public sealed class GbcsCommandGuard
    {
        /// <summary>Settings key of the exported guard.</summary>
        public const string SettingsKey = "gbcs.guard";

        private const int Originators = 4;

        private readonly OriginatorCounterGuard _guard = new OriginatorCounterGuard(Originators);
        private readonly byte[] _state = new byte[3 + (Originators * 16)];
        private readonly ISettingsStore _settings;
        private readonly string _key;
        private readonly string _counterName;
        private TrustAnchorStore? _floors;

        /// <summary>A guard of originator counters persisted in <paramref name="settings"/> under <see cref="SettingsKey"/>.</summary>
        public GbcsCommandGuard(ISettingsStore settings)
            : this(settings, SettingsKey, "originator counter")
        {
        }

        /// <summary>
        /// A guard of the counters <paramref name="counterName"/> names (for refusal reasons), persisted in
        /// <paramref name="settings"/> under <paramref name="settingsKey"/>: the same rule for another counter per party
        /// (the supplementary remote party counter of CS08, <see cref="SupplementaryRemotePartyCheck"/>).
        /// </summary>
        public GbcsCommandGuard(ISettingsStore settings, string settingsKey, string counterName)
        {
            _settings = settings;
            _key = settingsKey;
            _counterName = counterName;
        }

        /// <summary>The guard itself (last counters per originator).</summary>
        public OriginatorCounterGuard Guard => _guard;

        /// <summary>Restores the guard from the store (empty when nothing valid is stored).</summary>
        public void Load()
        {
            _guard.Clear();
            if (_settings.TryRead(_key, _state, 0, out int length) == StoreStatus.Ok)
            {
                _guard.Import(_state, 0, length);
            }
        }

        /// <summary>From now on refuses counters not above the floor <paramref name="anchors"/> hold for the originator's role.</summary>
        public void UseFloors(TrustAnchorStore anchors)
        {
            _floors = anchors;
        }

        /// <summary>What accepting <paramref name="counter"/> from <paramref name="originator"/> would give, changing nothing.</summary>
        public OriginatorCounterStatus Check(ulong originator, ulong counter)
        {
            if (_floors != null && _floors.TryGetFloor(originator, out ulong floor) && counter <= floor)
            {
                return OriginatorCounterStatus.BelowFloor;
            }

            return _guard.Check(originator, counter);
        }

        /// <summary>The floor sequence number held for <paramref name="originator"/>'s role (0 when none).</summary>
        public ulong FloorOf(ulong originator)
        {
            return _floors != null && _floors.TryGetFloor(originator, out ulong floor) ? floor : 0;
        }

        /// <summary>Why <paramref name="counter"/> from <paramref name="originator"/> was refused with <paramref name="status"/>, for a log line.</summary>
        public string Describe(OriginatorCounterStatus status, ulong originator, ulong counter)
        {
            _guard.TryGetLastCounter(originator, out ulong last);
            string why = status == OriginatorCounterStatus.Replayed ? "replayed" : status == OriginatorCounterStatus.Older ? "older"
                : status == OriginatorCounterStatus.BelowFloor ? "not above the floor sequence number " + FloorOf(originator).ToString() + " set by a credential replacement for"
                : "unknown originator, table full";
            return why + " " + _counterName + " " + counter.ToString() + " (last accepted " + last.ToString() + ")";
        }

        /// <summary>Accepts and persists; anything but Accepted leaves guard and store unchanged.</summary>
        public OriginatorCounterStatus Accept(ulong originator, ulong counter)
        {
            OriginatorCounterStatus status = Check(originator, counter);
            if (status == OriginatorCounterStatus.Accepted)
            {
                _guard.Accept(originator, counter);
                int length = _guard.Export(_state, 0);
                _settings.Write(_key, _state, 0, length);
            }

            return status;
        }
    }
}

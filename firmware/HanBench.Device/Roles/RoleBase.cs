using HanBench.Device.Hal;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// What every HanBench role shares: its configuration and links, the firmware version of each component (kept in the
    /// settings store), the management channel (ping/identity, state, reboot), and the simulated restart.
    /// <para>
    /// A restart (a reboot request, or activation of new firmware) takes <see cref="RoleSettings.RestartTimeMs"/>:
    /// meanwhile the role is off — every frame it is given is dropped and counted, it sends nothing, and a bridge's relay
    /// is down — then it boots again from its stores exactly as a new instance would. The runner sees only
    /// <see cref="NextWakeMs"/>. (nanoFramework has no in-field update of the running application, docs/PLATFORM.md, so the
    /// restart into new firmware is emulated on every runner the same way.)
    /// </para>
    /// Nothing here allocates per frame: frames, buffers and management messages are reused.
    /// </summary>
    public abstract partial class RoleBase : IDeviceRole
    {
        private const string VersionKeyPrefix = "fw.";

        private readonly HanFrame _out = new HanFrame();
        private readonly HanFrame _forward = new HanFrame();
        private readonly byte[] _scratch = new byte[8];
        private readonly uint[] _versions;
        private readonly string[] _versionKeys;
        private readonly ManagementGuard _guard;
        private ProvisionedCredentials? _credentials;
        private string _credentialsProblem = string.Empty;
        private byte _sequence;
        private long _bootMs;
        private bool _restarting;
        private long _restartUntilMs;
        private long _rebootAtMs = WakeTime.Never;

        /// <summary>A role on <paramref name="upstream"/> (and <paramref name="downstream"/> for a hub or bridge).</summary>
        protected RoleBase(RoleSettings configuration, DeviceContext context, IFrameLink upstream, IFrameLink? downstream)
        {
            if (configuration == null)
            {
                throw new System.ArgumentNullException(nameof(configuration));
            }

            if (context == null)
            {
                throw new System.ArgumentNullException(nameof(context));
            }

            if (upstream == null)
            {
                throw new System.ArgumentNullException(nameof(upstream));
            }

            string? problem = configuration.Validate();
            if (problem != null)
            {
                throw new System.ArgumentException(problem, nameof(configuration));
            }

            Configuration = configuration;
            Context = context;
            Upstream = upstream;
            Downstream = downstream;
            _guard = new ManagementGuard(configuration.Eui64, context.Settings);
            _versions = new uint[configuration.Components.Length];
            _versionKeys = new string[configuration.Components.Length];
            for (int i = 0; i < _versions.Length; i++)
            {
                _versionKeys[i] = VersionKeyPrefix + FirmwareComponentNames.NameOf(configuration.Components[i].Component);
            }
        }

        /// <summary>The configuration the role was made with.</summary>
        public RoleSettings Configuration { get; }

        /// <summary>The board services.</summary>
        public DeviceContext Context { get; }

        /// <summary>The link towards the host: a hub's WAN, a bridge's hub side, an end device's HAN.</summary>
        public IFrameLink Upstream { get; }

        /// <summary>A hub's HAN, a bridge's far side; null for end devices.</summary>
        public IFrameLink? Downstream { get; }

        /// <summary>The device's EUI-64.</summary>
        public ulong Eui64 => Configuration.Eui64;

        /// <summary>True while the device is off, restarting.</summary>
        public bool IsRestarting => _restarting;

        /// <summary>Restarts begun since the instance was made.</summary>
        public int Restarts { get; private set; }

        /// <summary>Frames given to the role while it was off.</summary>
        public long FramesDroppedWhileRestarting { get; private set; }

        /// <summary>Management requests that did not decode.</summary>
        public long MalformedManagement { get; private set; }

        /// <summary>The management channel's authentication: the requests it dropped, by reason.</summary>
        public ManagementGuard ManagementSecurity => _guard;

        /// <summary>The credentials the board was provisioned with (loaded at every boot), or null: <see cref="CredentialsProblem"/> says why.</summary>
        public ProvisionedCredentials? Credentials => _credentials;

        /// <summary>Why the board has no credentials (empty when it has).</summary>
        public string CredentialsProblem => _credentialsProblem;

        /// <summary>What the device is doing.</summary>
        public DeviceRunState RunState => _restarting ? DeviceRunState.Restarting : RoleState;

        /// <summary>The role's own state while it runs.</summary>
        protected abstract DeviceRunState RoleState { get; }

        /// <summary>The file version component <paramref name="index"/> (in <see cref="RoleSettings.Components"/>) runs.</summary>
        public uint GetVersion(int index)
        {
            return _versions[index];
        }

        /// <summary>The file version <paramref name="component"/> runs; false when the device has no such component.</summary>
        public bool TryGetVersion(FirmwareComponentId component, out uint version)
        {
            for (int i = 0; i < _versions.Length; i++)
            {
                if (Configuration.Components[i].Component == component)
                {
                    version = _versions[i];
                    return true;
                }
            }

            version = 0;
            return false;
        }

        /// <inheritdoc />
        public void Start(long nowMs)
        {
            BootNow(nowMs);
        }

        /// <inheritdoc />
        public void OnFrame(IFrameLink link, HanFrame frame)
        {
            if (_restarting)
            {
                FramesDroppedWhileRestarting++;
                return;
            }

            if (frame.Kind == HanFrameKind.Management && frame.Destination == Configuration.Eui64)
            {
                HandleManagement(link, frame);
                return;
            }

            OnRoleFrame(link, frame);
        }

        /// <inheritdoc />
        public void Tick(long nowMs)
        {
            if (_restarting)
            {
                if (nowMs < _restartUntilMs)
                {
                    return;
                }

                BootNow(nowMs);
            }

            if (nowMs >= _rebootAtMs)
            {
                _rebootAtMs = WakeTime.Never;
                BeginRestart(nowMs);
                return;
            }

            OnRoleTick(nowMs);
        }

        /// <inheritdoc />
        public long NextWakeMs
        {
            get
            {
                if (_restarting)
                {
                    return _restartUntilMs;
                }

                long wake = RoleNextWakeMs;
                return wake < _rebootAtMs ? wake : _rebootAtMs;
            }
        }

        /// <summary>Seconds since the last boot.</summary>
        protected uint UptimeSeconds(long nowMs)
        {
            long seconds = (nowMs - _bootMs) / 1000;
            return seconds < 0 ? 0u : (uint)seconds;
        }

        /// <summary>The role's next timer while it runs.</summary>
        protected abstract long RoleNextWakeMs { get; }

        /// <summary>Loads state from the stores and starts the engines: at first start and after every restart.</summary>
        protected abstract void Boot(long nowMs);

        /// <summary>Drops volatile state when a restart begins (what RAM loses; the stores keep theirs).</summary>
        protected abstract void Shutdown(long nowMs);

        /// <summary>A frame other than management addressed to the device (or one to relay).</summary>
        protected abstract void OnRoleFrame(IFrameLink link, HanFrame frame);

        /// <summary>Timers, while the role runs.</summary>
        protected abstract void OnRoleTick(long nowMs);

        /// <summary>Begins a restart now (after activation of new firmware, or a reboot request).</summary>
        protected void BeginRestart(long nowMs)
        {
            Shutdown(nowMs);
            _restarting = true;
            _restartUntilMs = nowMs + Configuration.RestartTimeMs;
            Restarts++;
            Context.Indicator.Show(IndicatorState.Off);
            if (Context.Log.IsEnabled(LogLevel.Info))
            {
                Context.Log.Write(LogLevel.Info, "restarting for " + Configuration.RestartTimeMs.ToString() + " ms");
            }
        }

        /// <summary>Stores <paramref name="version"/> as what component <paramref name="index"/> runs (after activation).</summary>
        protected StoreStatus SetVersion(int index, uint version)
        {
            StoreStatus status = SettingsValues.WriteUInt32(Context.Settings, _versionKeys[index], _scratch, version);
            if (status == StoreStatus.Ok)
            {
                _versions[index] = version;
            }

            return status;
        }

        /// <summary>Sends a frame of <paramref name="kind"/> from this device; the link copies it.</summary>
        protected bool SendFrame(IFrameLink link, HanFrameKind kind, ushort clusterId, ulong destination, byte[] buffer, int offset, int count)
        {
            _out.Kind = kind;
            _out.ClusterId = clusterId;
            _out.Source = Configuration.Eui64;
            _out.Destination = destination;
            _out.Sequence = _sequence++;
            _out.SetPayload(buffer, offset, count);
            return link.Send(_out);
        }

        /// <summary>Sends a ZCL frame of <paramref name="clusterId"/> (the OTA engines' sender, <see cref="Ota.RoleZclSender"/>).</summary>
        internal bool SendZcl(IFrameLink link, ushort clusterId, ulong destination, byte[] buffer, int offset, int count)
        {
            return SendFrame(link, HanFrameKind.Zcl, clusterId, destination, buffer, offset, count);
        }

        /// <summary>Sends <paramref name="frame"/> on <paramref name="link"/> unchanged but for its destination (a relay).</summary>
        protected bool Forward(IFrameLink link, HanFrame frame, ulong destination)
        {
            _forward.CopyFrom(frame);
            _forward.Destination = destination;
            return link.Send(_forward);
        }

        /// <summary>Logs <paramref name="message"/> at <paramref name="level"/> when that level is kept.</summary>
        protected void Log(LogLevel level, string message)
        {
            if (Context.Log.IsEnabled(level))
            {
                Context.Log.Write(level, message);
            }
        }

        private void BootNow(long nowMs)
        {
            _restarting = false;
            _bootMs = nowMs;
            for (int i = 0; i < _versions.Length; i++)
            {
                _versions[i] = SettingsValues.TryReadUInt32(Context.Settings, _versionKeys[i], _scratch, out uint stored)
                    ? stored
                    : Configuration.Components[i].InitialVersion;
            }

            LoadCredentials();
            Context.Indicator.Show(IndicatorState.Idle);
            Boot(nowMs);
        }

        private void LoadCredentials()
        {
            _credentials = ProvisionedCredentials.Load(Context.Settings, Configuration.Eui64, out string problem);
            _credentialsProblem = _credentials == null ? problem : string.Empty;
            _guard.Load(_credentials, problem);
            if (_credentials == null)
            {
                Log(LogLevel.Warning, "credentials: " + problem + "; management requests and secured GBCS are refused");
            }
        }
    }
}

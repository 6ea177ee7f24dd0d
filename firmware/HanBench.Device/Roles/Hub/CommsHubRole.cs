using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// The Comms Hub (docs/ARCHITECTURE.md "Nodes"; docs/PROTOCOL.md §3): keeps the HAN whitelist (at most six Type 1 devices,
    /// SECMP0170 §4.2), relays GBCS and management frames between the host on its WAN link (<see cref="RoleBase.Upstream"/>)
    /// and whitelisted devices on its HAN (<see cref="RoleBase.Downstream"/>), acknowledges meter traffic, pulls images the
    /// host delivers (<see cref="HubImagePuller"/>), distributes them to HAN devices on the host's request
    /// (<see cref="HubDistributor"/>), and raises CCS08 firmware transfer alerts (0x8F8A / 0x8F89) to the ACB.
    /// <para>
    /// Its own firmware (SRV 11.1 / 11.3, docs/PROTOCOL.md §4): an image of the hub's own manufacturer code and image type is
    /// pulled from the host like any other but kept in the store only, never offered to the HAN, until a CS06 from the
    /// supplier activates it (<see cref="HubFirmwareActivator"/>): the hub then restarts into it — the WAN, the relay and
    /// the HAN OTA service are down for <see cref="RoleSettings.RestartTimeMs"/>, exactly as a bridge's relay is while
    /// it restarts — and reports the new version in the CS06 response and in its management identity.
    /// </para>
    /// <para>
    /// Routing: a frame from the WAN for a whitelisted device goes to the HAN unchanged; one for any other device is
    /// dropped and counted. A GBCS or management frame from a whitelisted HAN device addressed to the hub or to the host
    /// goes to the host (<see cref="RoleSettings.UpstreamEui"/>); frames from devices not on the whitelist are dropped.
    /// </para>
    /// </summary>
    public sealed partial class CommsHubRole : RoleBase
    {
        private const string AlertCounterKey = "gbcs.alert";

        private readonly HanWhitelist _whitelist = new HanWhitelist();
        private readonly PersistentCounter _alertCounter;
        private readonly GbcsOutbox _outbox = new GbcsOutbox();
        private readonly FirmwareTransferAlert _transferAlert = new FirmwareTransferAlert();
        private readonly HubDistributor _distributor;
        private readonly HubImagePuller _puller;
        private readonly HubFirmwareActivator _activator;
        private readonly HubCredentials _credentials;
        private byte _token;

        /// <summary>A Comms Hub; use <see cref="RoleFactory.Create"/>.</summary>
        public CommsHubRole(RoleSettings configuration, DeviceContext context, IFrameLink wan, IFrameLink han)
            : base(configuration, context, wan, han)
        {
            if (han == null)
            {
                throw new System.ArgumentNullException(nameof(han));
            }

            _alertCounter = new PersistentCounter(context.Settings, AlertCounterKey);
            _distributor = new HubDistributor(this, new RoleZclSender(this, han));
            _activator = new HubFirmwareActivator(this);
            _credentials = new HubCredentials(this, _activator);
            _puller = new HubImagePuller(this, new RoleZclSender(this, wan));
        }

        /// <summary>
        /// Raised when an image from the host is stored: offered to the HAN, or not (<c>offered</c> false: its header or
        /// the image table refused it, or it is the hub's own firmware, kept for CS06).
        /// </summary>
        public event ImageStoredHandler? ImageStored;

        /// <summary>Raised when a CS06 activates a new image of the hub's own firmware, just before the restart into it.</summary>
        public event HubActivationHandler? FirmwareActivating;

        /// <summary>CS06: the hub's own firmware activation.</summary>
        public HubFirmwareActivator Activator => _activator;

        /// <summary>The hub's own SMKI credential management (CS02a–e).</summary>
        public HubCredentials CredentialManagement => _credentials;

        /// <summary>The originator counter of the alerts the hub raises.</summary>
        internal PersistentCounter AlertCounter => _alertCounter;

        /// <summary>The HAN side: OTA server and per-device transfers.</summary>
        public HubDistributor Distributor => _distributor;

        /// <summary>The WAN side: the OTA client pulling images from the host.</summary>
        public HubImagePuller Puller => _puller;

        /// <summary>Raised after a CCS08 alert went to the host: device, alert code (0x8F8A/0x8F89), version, response code.</summary>
        public event TransferAlertHandler? TransferAlertRaised;

        /// <summary>The whitelist.</summary>
        public HanWhitelist Whitelist => _whitelist;

        /// <summary>Frames relayed from the WAN to the HAN.</summary>
        public long RelayedToHan { get; private set; }

        /// <summary>Frames relayed from the HAN to the WAN.</summary>
        public long RelayedToWan { get; private set; }

        /// <summary>Frames from the WAN for devices not on the whitelist (dropped).</summary>
        public long RefusedToHan { get; private set; }

        /// <summary>Frames from HAN devices not on the whitelist (dropped).</summary>
        public long RefusedFromHan { get; private set; }

        /// <summary>Distinct meter reports received (each counted once however often it was resent).</summary>
        public long MeterReports { get; private set; }

        /// <summary>Meter reports received again (a resend whose acknowledgement was lost).</summary>
        public long MeterDuplicates { get; private set; }

        /// <summary>CCS08 alerts sent.</summary>
        public long AlertsRaised { get; private set; }

        /// <inheritdoc />
        protected override DeviceRunState RoleState => _puller.IsBusy || _distributor.ActiveTransfers > 0 ? DeviceRunState.Transferring : DeviceRunState.Idle;

        /// <inheritdoc />
        protected override long RoleNextWakeMs
        {
            get
            {
                long wake = _distributor.NextWakeMs;
                OtaClient? client = _puller.Client;
                if (client != null && client.NextWakeMs < wake)
                {
                    wake = client.NextWakeMs;
                }

                wake = _credentials.NextWakeMs < wake ? _credentials.NextWakeMs : wake;
                return _activator.NextWakeMs < wake ? _activator.NextWakeMs : wake;
            }
        }

        /// <summary>Sends the image expectation (hash) for <paramref name="image"/> to <paramref name="device"/> before notifying it.</summary>
        internal void SendExpectation(ulong device, ImageIdentity image, byte[] hash)
        {
            Answer.Header = new ManagementHeader(ManagementMessageType.ImageExpectation, ++_token);
            Answer.Expectation.Image = image;
            Answer.Expectation.SetHash(hash, 0);
            SendManagement(Downstream!, device);
        }

        /// <summary>Whether <paramref name="image"/> is firmware for the hub itself (one of its components' manufacturer code and image type).</summary>
        public bool IsOwnImage(ImageIdentity image)
        {
            return Configuration.FindComponentByImage(image.ManufacturerCode, image.ImageType) != null;
        }

        /// <summary>The puller finished an image: offer it to the HAN, unless it is the hub's own firmware.</summary>
        internal void OnImageStored(ImageIdentity image)
        {
            if (IsOwnImage(image))
            {
                Log(LogLevel.Info, "image " + ImageKeys.For(image) + " stored: the hub's own firmware, held for CS06 activation, not offered to the HAN");
                ImageStoredHandler? own = ImageStored;
                if (own != null)
                {
                    own(image, false);
                }

                return;
            }

            bool offered = _distributor.Offer(ImageKeys.For(image));
            Log(offered ? LogLevel.Info : LogLevel.Error, "image " + ImageKeys.For(image) + (offered ? " stored and offered to the HAN" : " stored but not offered (header or image table)"));
            ImageStoredHandler? handler = ImageStored;
            if (handler != null)
            {
                handler(image, offered);
            }
        }

        /// <summary>Stores <paramref name="image"/>'s file version as what its component runs (CS06 activation).</summary>
        internal StoreStatus RecordRunningVersion(ImageIdentity image)
        {
            for (int i = 0; i < Configuration.Components.Length; i++)
            {
                FirmwareComponentConfig component = Configuration.Components[i];
                if (component.ManufacturerCode == image.ManufacturerCode && component.ImageType == image.ImageType)
                {
                    return SetVersion(i, image.FileVersion);
                }
            }

            return StoreStatus.NotFound;
        }

        /// <summary>Restarts into the firmware just activated (<paramref name="version"/>).</summary>
        internal void RestartIntoNewFirmware(long nowMs, uint version)
        {
            Context.Indicator.Show(IndicatorState.Activating);
            HubActivationHandler? handler = FirmwareActivating;
            if (handler != null)
            {
                handler(version);
            }

            BeginRestart(nowMs);
        }

        /// <summary>Writes a log line for the hub's parts (CS06, CS02), as the role's own.</summary>
        internal void LogLine(LogLevel level, string message)
        {
            Log(level, message);
        }

        /// <summary>The next originator counter of the hub's alerts (stored before use); false when it cannot be stored.</summary>
        internal bool NextAlertCounter(out ulong counter)
        {
            return _alertCounter.TryNext(out counter);
        }

        /// <summary>Sends a GBCS message the hub originates to the host on the WAN.</summary>
        internal bool SendGbcsToHost(byte[] buffer, int length)
        {
            return SendFrame(Upstream, HanFrameKind.Gbcs, 0, Configuration.UpstreamEui, buffer, 0, length);
        }

        /// <summary>
        /// Sends a CCS08 Firmware Transfer alert for <paramref name="device"/> to the ACB through the host: 0x8F8A for
        /// <see cref="FirmwareTransferResponseCode.Success"/>, 0x8F89 otherwise. False when the originator counter could not
        /// be stored (nothing is sent then).
        /// </summary>
        public bool RaiseTransferAlert(ulong device, uint firmwareVersion, FirmwareTransferResponseCode code)
        {
            long nowMs = Context.Clock.NowMs;
            if (!_alertCounter.TryNext(out ulong counter))
            {
                Log(LogLevel.Error, "CCS08: originator counter not stored; alert for " + device.ToString("X16") + " not sent");
                return false;
            }

            _transferAlert.AlertCode = code == FirmwareTransferResponseCode.Success ? GbcsAlertCode.FirmwareTransferSuccess : GbcsAlertCode.FirmwareTransferFailure;
            _transferAlert.ExecutionDateTime = GbcsOutbox.TimeAt(Configuration.UtcSecondsAtClockZero, nowMs);
            _transferAlert.Entity = device;
            _transferAlert.FirmwareVersion = firmwareVersion;
            _transferAlert.ResponseCode = code;
            _transferAlert.WriteTo(_outbox.BeginContent());
            int length = _outbox.SealSigned(GbcsCraFlag.Alert, counter, Eui64, Configuration.AcbSystemTitle, GbcsMessageCode.FirmwareTransferAlert, _activator.GbcsSecurity);
            if (length == 0)
            {
                Log(LogLevel.Error, "CCS08: no usable signing key; alert for " + device.ToString("X16") + " not sent");
                return false;
            }

            SendFrame(Upstream, HanFrameKind.Gbcs, 0, Configuration.UpstreamEui, _outbox.Buffer, 0, length);
            AlertsRaised++;
            Log(LogLevel.Info, "CCS08 0x" + _transferAlert.AlertCode.ToString("X4") + " for " + device.ToString("X16") + " code " + ((byte)code).ToString());
            TransferAlertHandler? handler = TransferAlertRaised;
            if (handler != null)
            {
                handler(device, _transferAlert.AlertCode, firmwareVersion, code);
            }

            return true;
        }

        /// <inheritdoc />
        protected override void Boot(long nowMs)
        {
            _whitelist.Load(Context.Settings);
            _alertCounter.Load();
            _distributor.Boot(nowMs, Downstream!.MaxFrameLength);
            _puller.Boot(nowMs, OtaTransferLimits.MaxDataSizeFor(Upstream.MaxFrameLength));
            _credentials.Boot();
            _activator.Boot(nowMs);
        }

        /// <inheritdoc />
        protected override void Shutdown(long nowMs)
        {
            _distributor.Shutdown();
            _puller.Shutdown();
            _credentials.Shutdown();
            _activator.Shutdown();
        }

        /// <inheritdoc />
        protected override void OnRoleTick(long nowMs)
        {
            _distributor.Tick(nowMs);
            OtaClient? client = _puller.Client;
            if (client != null)
            {
                client.Tick(nowMs);
            }

            // Last: an activation restarts the hub, after which nothing else may run in this tick.
            _credentials.Tick(nowMs);
            _activator.Tick(nowMs);
        }

        /// <inheritdoc />
        protected override void FillState(StateReport report)
        {
            report.JoinedDevices = (byte)_whitelist.Count;
            report.ActiveTransfers = (byte)_distributor.ActiveTransfers;
            OtaClient? client = _puller.Client;
            if (client != null && _puller.IsBusy)
            {
                report.TransferImage = new ImageIdentity(client.ImageManufacturerCode, client.ImageType, client.ImageFileVersion);
                report.TransferOffset = client.BytesReceived;
                report.TransferSize = client.ImageSize;
            }
        }

        /// <inheritdoc />
        protected override void OnRoleFrame(IFrameLink link, HanFrame frame)
        {
            if (ReferenceEquals(link, Upstream))
            {
                OnWanFrame(frame);
            }
            else
            {
                OnHanFrame(link, frame);
            }
        }
    }
}

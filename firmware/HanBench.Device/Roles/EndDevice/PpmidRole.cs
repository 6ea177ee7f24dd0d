using HanBench.Device.Hal;
using HanBench.Device.Roles.Ota;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// A PPMID (docs/PROTOCOL.md §3): answers CS08 Read Firmware Version from the ACB, refusing replayed or older originator
    /// counters with a logged reason; is an OTA client of the Comms Hub per firmware component
    /// (<see cref="ComponentUpdater"/>); after a good transfer activates the image itself, raises 0x8F8B (result and new
    /// version) and restarts into it. A bad image is discarded and the running firmware is kept. Base of
    /// <see cref="AltHanBridgeRole"/>, which is joined to the HAN as a PPMID (SECMP0170 §4.2).
    /// </summary>
    public partial class PpmidRole : RoleBase
    {
        private const string AlertCounterKey = "gbcs.alert";

        // The longest GBCS message a device reassembles from blocks (HanBench choice: the RTDS 6.15.1 CS02b, 1,879
        // octets with three certificates and a path, with room for one more certificate).
        private const int MaxGbcsMessageLength = 2560;

        private readonly GbcsCommandGuard _guard;
        private readonly SupplementaryRemotePartyCheck _remoteParty;
        private readonly GbcsDeviceSecurity _gbcsSecurity;
        private readonly CredentialHandler _credentials;
        private readonly ComponentUpdater[] _updaters;
        private readonly GbcsBlockReassembler _blocks;
        private readonly byte[] _blockAck = new byte[GbcsBlockTransfer.AckLength];

        /// <summary>A PPMID; use <see cref="RoleFactory.Create"/>.</summary>
        public PpmidRole(RoleSettings configuration, DeviceContext context, IFrameLink upstream, IFrameLink? downstream)
            : base(configuration, context, upstream, downstream)
        {
            _guard = new GbcsCommandGuard(context.Settings);

            // Only the counters of authenticated commands say which message is a late copy of an earlier one (issue #8).
            _blocks = new GbcsBlockReassembler(MaxGbcsMessageLength, _guard.Guard);
            _gbcsSecurity = new GbcsDeviceSecurity(configuration, this);
            Outbox = new GbcsOutbox();
            _credentials = new CredentialHandler(configuration, context, _gbcsSecurity, Outbox);
            _guard.UseFloors(_credentials.Anchors);
            _remoteParty = new SupplementaryRemotePartyCheck(context.Settings, _credentials.Anchors);
            AlertCounter = new PersistentCounter(context.Settings, AlertCounterKey);
            RoleZclSender sender = new RoleZclSender(this, upstream);
            _updaters = new ComponentUpdater[configuration.Components.Length];
            for (int i = 0; i < _updaters.Length; i++)
            {
                _updaters[i] = new ComponentUpdater(this, i, sender);
            }
        }

        /// <summary>Raised after an activation: component, new version, and whether it succeeded (0x8F8B was sent).</summary>
        public event ActivationHandler? Activated;

        /// <summary>Activations that succeeded since the instance was made.</summary>
        public int Activations { get; private set; }

        /// <summary>The OTA updater of each component (order of <see cref="RoleSettings.Components"/>).</summary>
        public ComponentUpdater GetUpdater(int index)
        {
            return _updaters[index];
        }

        /// <summary>The OTA updater of <paramref name="component"/>, or null.</summary>
        public ComponentUpdater? FindUpdater(FirmwareComponentId component)
        {
            for (int i = 0; i < _updaters.Length; i++)
            {
                if (_updaters[i].Component.Component == component)
                {
                    return _updaters[i];
                }
            }

            return null;
        }

        /// <summary>CS08 commands answered.</summary>
        public long FirmwareVersionReads { get; private set; }

        /// <summary>GBCS commands refused (MAC missing or bad, replayed or older counter, wrong recipient, malformed).</summary>
        public long CommandsRefused { get; private set; }

        /// <summary>Why the last GBCS command was refused, or null.</summary>
        public string? LastRefusal { get; private set; }

        /// <summary>The command replay guard.</summary>
        public GbcsCommandGuard CommandGuard => _guard;

        /// <summary>The CS08 supplementary remote party check and its counters.</summary>
        public SupplementaryRemotePartyCheck SupplementaryRemoteParty => _remoteParty;

        /// <summary>SMKI credential management (CS02a, CS02b, CS02e) and the trust anchors it keeps.</summary>
        public CredentialHandler CredentialManagement => _credentials;

        /// <summary>CS02 commands carried out.</summary>
        public long CredentialCommands { get; private set; }

        /// <summary>The command MAC check, made before the replay guard is consulted.</summary>
        public GbcsDeviceSecurity GbcsSecurity => _gbcsSecurity;

        /// <summary>
        /// The component whose version CS08 reports: Main for a PPMID. (HanBench choice for a bridge: CS08 carries one
        /// 4-octet version and SECMP0170 does not say which of a bridge's two; HanBench reports the SiLabs one, the
        /// component every variant has, and the management identity reports both.)
        /// </summary>
        protected virtual FirmwareComponentId Cs08Component => FirmwareComponentId.Main;

        /// <summary>Builds the GBCS messages the device sends.</summary>
        protected GbcsOutbox Outbox { get; }

        /// <summary>Originator counter of the alerts the device raises (0x8F8B).</summary>
        protected PersistentCounter AlertCounter { get; }

        /// <inheritdoc />
        protected override DeviceRunState RoleState
        {
            get
            {
                for (int i = 0; i < _updaters.Length; i++)
                {
                    if (_updaters[i].IsBusy)
                    {
                        return _updaters[i].Client!.State == OtaClientState.UpgradePending ? DeviceRunState.Activating : DeviceRunState.Transferring;
                    }
                }

                return DeviceRunState.Idle;
            }
        }

        /// <inheritdoc />
        protected override long RoleNextWakeMs
        {
            get
            {
                long wake = _credentials.NextWakeMs;
                for (int i = 0; i < _updaters.Length; i++)
                {
                    OtaClient? client = _updaters[i].Client;
                    if (client != null && client.NextWakeMs < wake)
                    {
                        wake = client.NextWakeMs;
                    }
                }

                return wake;
            }
        }

        /// <inheritdoc />
        protected override void Boot(long nowMs)
        {
            _guard.Load();
            _remoteParty.Load();
            _credentials.Load();
            AlertCounter.Load();
            byte maxDataSize = OtaTransferLimits.MaxDataSizeFor(Upstream.MaxFrameLength);
            for (int i = 0; i < _updaters.Length; i++)
            {
                _updaters[i].Boot(nowMs, GetVersion(i), Configuration.HubEui, maxDataSize);
            }
        }

        /// <inheritdoc />
        protected override void Shutdown(long nowMs)
        {
            _credentials.Shutdown();
            for (int i = 0; i < _updaters.Length; i++)
            {
                _updaters[i].Shutdown();
            }
        }

        /// <inheritdoc />
        protected override void OnRoleTick(long nowMs)
        {
            // A future-dated CS02b whose time has come: applied, and its 0x00CB alert sent to the party that asked.
            string? problem = _credentials.Tick(nowMs, AlertCounter, out int length);
            if (problem != null)
            {
                Log(LogLevel.Error, problem);
            }
            else if (length > 0)
            {
                CredentialCommands++;
                Log(LogLevel.Info, "future-dated CS02b carried out; 0x00CB sent to " + _credentials.Replacement.AlertRecipient.ToString("X16"));
                SendFrame(Upstream, HanFrameKind.Gbcs, 0, Configuration.HubEui, Outbox.Buffer, 0, length);
            }

            for (int i = 0; i < _updaters.Length; i++)
            {
                OtaClient? client = _updaters[i].Client;
                if (client != null)
                {
                    client.Tick(nowMs);
                }
            }
        }

        /// <inheritdoc />
        protected override void FillState(StateReport report)
        {
            for (int i = 0; i < _updaters.Length; i++)
            {
                OtaClient? client = _updaters[i].Client;
                if (client != null && _updaters[i].IsBusy)
                {
                    report.TransferImage = new ImageIdentity(client.ImageManufacturerCode, client.ImageType, client.ImageFileVersion);
                    report.TransferOffset = client.BytesReceived;
                    report.TransferSize = client.ImageSize;
                    return;
                }
            }
        }

        /// <inheritdoc />
        protected override bool OnManagement(IFrameLink link, HanFrame frame, ManagementMessage request)
        {
            if (request.Header.Type != ManagementMessageType.ImageExpectation)
            {
                return false;
            }

            bool taken = false;
            for (int i = 0; i < _updaters.Length && !taken; i++)
            {
                taken = _updaters[i].TryTakeExpectation(request.Expectation);
            }

            SendAck(link, frame.Source, request.Header.Token, (byte)ManagementMessageType.ImageExpectation, taken ? ManagementResult.Ok : ManagementResult.Refused);
            return true;
        }

        /// <inheritdoc />
        protected override void OnRoleFrame(IFrameLink link, HanFrame frame)
        {
            if (frame.Destination != Eui64)
            {
                return;
            }

            if (frame.Kind == HanFrameKind.Gbcs && GbcsBlockTransfer.IsBlock(frame.Payload, frame.PayloadOffset, frame.PayloadLength))
            {
                // A GBCS message longer than a HAN frame (a signed CS02b with its certificates) arrives in blocks, relayed
                // by the hub on the upstream link; the hub forwards them unchanged, so their source is the host's EUI-64,
                // which a HAN device is not configured with: the reassembler binds a message to its first block's source.
                if (link != Upstream)
                {
                    Refuse("GBCS block from " + frame.Source.ToString("X16") + " ignored: not from the upstream link");
                    return;
                }

                GbcsBlockStatus block = _blocks.Accept(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, Context.Clock.NowMs);
                if (_blocks.AckDue)
                {
                    // GBCS 7.2.11: the sender learns which blocks of which message arrived (all, or up to a lost one it then
                    // sends again); the acknowledgement names the message by its Routing Header.
                    int ack = GbcsBlockTransfer.WriteAck(_blocks.Routing, _blocks.Acknowledged, _blocks.IsComplete, _blockAck, 0);
                    SendFrame(Upstream, HanFrameKind.Gbcs, 0, frame.Source, _blockAck, 0, ack);
                }

                if (block == GbcsBlockStatus.Gap)
                {
                    Log(LogLevel.Warning, "GBCS block from " + frame.Source.ToString("X16") + " after block " + _blocks.Acknowledged.ToString() + ": one before it was lost; the sender sends again from it");
                }
                else if (block == GbcsBlockStatus.Complete)
                {
                    OnGbcs(link, _blocks.Source, _blocks.Buffer, 0, _blocks.Length);
                }
                else if (block == GbcsBlockStatus.Busy)
                {
                    Refuse("GBCS block from " + frame.Source.ToString("X16") + " ignored: a message from " + _blocks.Source.ToString("X16") + " is in progress");
                }
                else if (block == GbcsBlockStatus.OtherMessage)
                {
                    Refuse("GBCS block from " + frame.Source.ToString("X16") + " ignored: it names another message than the one in progress (originator counter "
                        + _blocks.Routing.OriginatorCounter.ToString() + ")");
                }
                else if (block == GbcsBlockStatus.TooLong)
                {
                    Refuse("GBCS block from " + frame.Source.ToString("X16") + " dropped: " + BlockProblem(block) + "; the message so far is discarded");
                }
                else if (block != GbcsBlockStatus.InProgress && block != GbcsBlockStatus.Repeat)
                {
                    Refuse("GBCS block from " + frame.Source.ToString("X16") + " ignored: " + BlockProblem(block) + "; the message so far is kept");
                }
            }
            else if (frame.Kind == HanFrameKind.Gbcs)
            {
                OnGbcs(link, frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength);
            }
            else if (frame.Kind == HanFrameKind.Zcl && frame.ClusterId == OtaCluster.ClusterId && frame.Source == Configuration.HubEui)
            {
                long nowMs = Context.Clock.NowMs;
                for (int i = 0; i < _updaters.Length; i++)
                {
                    _updaters[i].OnZcl(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, nowMs);
                }
            }
        }

        private void Refuse(string reason)
        {
            CommandsRefused++;
            LastRefusal = reason;
            Log(LogLevel.Warning, reason);
        }
    }
}

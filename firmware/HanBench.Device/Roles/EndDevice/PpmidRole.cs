using HanBench.Device.Hal;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// A PPMID (PROTOCOL.md §3): answers CS08 Read Firmware Version from the ACB, refusing replayed or older originator
    /// counters with a logged reason; is an OTA client of the Comms Hub per firmware component. Base of
    /// <see cref="AltHanBridgeRole"/>, which is joined to the HAN as a PPMID (SECMP0170 §4.2).
    /// </summary>
    public class PpmidRole : RoleBase
    {
        private const string AlertCounterKey = "gbcs.alert";

        private readonly GbcsEnvelope _envelope = new GbcsEnvelope();
        private readonly ByteReader _reader = new ByteReader();
        private readonly ReadFirmwareVersionResponse _cs08 = new ReadFirmwareVersionResponse();
        private readonly GbcsCommandGuard _guard;

        /// <summary>A PPMID; use <see cref="RoleFactory.Create"/>.</summary>
        public PpmidRole(RoleConfiguration configuration, DeviceContext context, IFrameLink upstream, IFrameLink? downstream)
            : base(configuration, context, upstream, downstream)
        {
            _guard = new GbcsCommandGuard(context.Settings);
            Outbox = new GbcsOutbox();
            AlertCounter = new PersistentCounter(context.Settings, AlertCounterKey);
        }

        /// <summary>CS08 commands answered.</summary>
        public long FirmwareVersionReads { get; private set; }

        /// <summary>GBCS commands refused (replayed or older counter, wrong recipient, malformed).</summary>
        public long CommandsRefused { get; private set; }

        /// <summary>Why the last GBCS command was refused, or null.</summary>
        public string? LastRefusal { get; private set; }

        /// <summary>The command replay guard.</summary>
        public GbcsCommandGuard CommandGuard => _guard;

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
        protected override DeviceRunState RoleState => DeviceRunState.Idle;

        /// <inheritdoc />
        protected override long RoleNextWakeMs => WakeTime.Never;

        /// <inheritdoc />
        protected override void Boot(long nowMs)
        {
            _guard.Load();
            AlertCounter.Load();
        }

        /// <inheritdoc />
        protected override void Shutdown(long nowMs)
        {
        }

        /// <inheritdoc />
        protected override void OnRoleTick(long nowMs)
        {
        }

        /// <inheritdoc />
        protected override void OnRoleFrame(IFrameLink link, HanFrame frame)
        {
            if (frame.Destination != Eui64)
            {
                return;
            }

            if (frame.Kind == HanFrameKind.Gbcs)
            {
                OnGbcs(link, frame);
            }
        }

        private void OnGbcs(IFrameLink link, HanFrame frame)
        {
            _reader.Reset(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
            GbcsStatus status = GbcsEnvelope.TryDecode(_reader, _envelope);
            if (status != GbcsStatus.Ok)
            {
                Refuse("malformed GBCS message (status " + ((byte)status).ToString() + ")");
                return;
            }

            if (_envelope.CraFlag != GbcsCraFlag.Command)
            {
                return;
            }

            if (_envelope.RecipientSystemTitle != Eui64)
            {
                Refuse("GBCS command for another recipient " + _envelope.RecipientSystemTitle.ToString("X16"));
                return;
            }

            if (_envelope.MessageCode != GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion)
            {
                Refuse("GBCS message code 0x" + _envelope.MessageCode.ToString("X4") + " not supported");
                return;
            }

            ulong originator = _envelope.OriginatorSystemTitle;
            ulong counter = _envelope.OriginatorCounter;
            OriginatorCounterStatus check = _guard.Check(originator, counter);
            if (check != OriginatorCounterStatus.Accepted)
            {
                _guard.Guard.TryGetLastCounter(originator, out ulong last);
                string why = check == OriginatorCounterStatus.Replayed ? "replayed" : check == OriginatorCounterStatus.Older ? "older" : "unknown originator, table full";
                Refuse("CS08 from " + originator.ToString("X16") + " refused: " + why + " originator counter " + counter.ToString() + " (last accepted " + last.ToString() + ")");
                return;
            }

            _reader.Reset(_envelope.ContentBuffer, _envelope.ContentOffset, _envelope.ContentLength);
            if (ReadFirmwareVersionCommand.TryDecode(_reader) != GbcsPayloadStatus.Ok)
            {
                Refuse("CS08 payload malformed");
                return;
            }

            _guard.Accept(originator, counter);
            TryGetVersion(Cs08Component, out uint version);
            _cs08.FirmwareVersion = version;
            _cs08.ResponseCode = ReadFirmwareVersionResponseCode.Success;
            _cs08.WriteTo(Outbox.BeginContent());

            // GBCS: a response carries the originator counter of the command it answers.
            int length = Outbox.Seal(GbcsCraFlag.Response, counter, Eui64, originator, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion);
            FirmwareVersionReads++;
            SendFrame(link, HanFrameKind.Gbcs, 0, frame.Source, Outbox.Buffer, 0, length);
        }

        private void Refuse(string reason)
        {
            CommandsRefused++;
            LastRefusal = reason;
            Log(LogLevel.Warning, reason);
        }
    }
}

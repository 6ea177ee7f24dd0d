using HanBench.Device.Hal;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>
    /// The Comms Hub's own firmware activation: CS06 Activate Firmware (GBCS message code 0x0012; docs/PROTOCOL.md §3, §4:
    /// SRV 11.1 delivers a hub image, SRV 11.3 activates it) addressed to the hub.
    /// <list type="bullet">
    /// <item>The command must come from <see cref="RoleSettings.SupplierSystemTitle"/> with an originator counter
    /// above the last one accepted from it (<see cref="GbcsCommandGuard"/>, kept in the settings store, so a restart
    /// cannot reopen the door to a replay); the counter in the payload must equal the envelope's. Anything else is
    /// refused with a logged reason and not answered.</item>
    /// <item>Immediate execution: the Manufacturer Image SHA-256 in the command is compared with each of the hub's own
    /// images in its store (hashed as it is read, docs/PLATFORM.md: never in RAM). None held → response code 1; held but none
    /// matches → code 2; a match → the new version is recorded, the hub restarts into it
    /// (<see cref="RoleSettings.RestartTimeMs"/>: the WAN, the relay and the HAN OTA service are down meanwhile) and
    /// the new firmware answers code 0 with the version it now runs. If the version cannot be recorded, code 3 at once
    /// and nothing restarts.</item>
    /// <item>Future-dated execution (RTDS 11.3 FUTURE_DATED): acknowledged at once (<c>05 00</c>); at the execution
    /// date-time, on the hub's clock (<see cref="RoleSettings.UtcSecondsAtClockZero"/>), the image is checked and
    /// activated as above, and the outcome goes to the originator as alert 0x8F66 (actioned) or 0x8F67 (not actioned:
    /// code 1 or 2), message code 0x00CA. The execution date-time 9999-12-31 23:59:59 cancels the pending activation
    /// (RTDS 11.3 CANCELLATION, acknowledged alike). The pending activation is kept in the settings store.</item>
    /// </list>
    /// <para>
    /// When the success response goes (HanBench choice from the RTDS 11.3 IMMEDIATE messages and SECMP0024 §4.1): the
    /// response carries one firmware version, "the firmware version running after the command"
    /// (<see cref="ActivateFirmwareResponse.FirmwareVersion"/>), and SECMP0024 raises N64 when the response "indicates new
    /// active firmware version". Only the new firmware can truthfully say it runs, so the answer is owed across the
    /// restart: it is written to the settings store before the restart and sent by the new firmware as it boots. A CS06
    /// whose hash is that of the image the hub already runs (the CSP's retry of a command whose answer was lost in the
    /// restart) is answered code 0 with the running version at once, without a second restart.
    /// </para>
    /// Nothing here allocates per frame; hashing a held image reads it in <see cref="ChunkLength"/>-byte reads into one
    /// reused buffer.
    /// </summary>
    public sealed partial class HubFirmwareActivator
    {
        /// <summary>Settings key of a pending future-dated activation.</summary>
        public const string PendingKey = "cs06.pending";

        /// <summary>Settings key of the answer owed across the restart into new firmware.</summary>
        public const string AnswerKey = "cs06.answer";

        /// <summary>Settings key of the Manufacturer Image SHA-256 of the firmware the hub runs (after a CS06).</summary>
        public const string RunningHashKey = "cs06.running";

        /// <summary>Bytes read from the image store at a time while hashing a held image (HanBench choice).</summary>
        public const int ChunkLength = 512;

        private const int HashLength = ActivateFirmwareCommand.HashLength;
        private const int PendingLength = 8 + 8 + 4 + HashLength;
        private const int AnswerLength = 1 + 8 + 8 + 4;
        private const byte AnswerIsResponse = 0x01;
        private const byte AnswerIsAlert = 0x02;
        private const long MillisecondsPerSecond = 1000;

        private readonly CommsHubRole _hub;
        private readonly GbcsCommandGuard _guard;
        private readonly GbcsDeviceSecurity _gbcsSecurity;
        private readonly GbcsEnvelope _envelope = new GbcsEnvelope();
        private readonly ActivateFirmwareCommand _command = new ActivateFirmwareCommand();
        private readonly ByteReader _reader = new ByteReader();
        private readonly byte[] _record = new byte[PendingLength];
        private readonly byte[] _pendingHash = new byte[HashLength];
        private readonly byte[] _runningHash = new byte[HashLength];
        private bool _hasPending;
        private ulong _pendingOriginator;
        private ulong _pendingCounter;
        private uint _pendingSeconds;
        private long _pendingAtMs = WakeTime.Never;
        private bool _hasRunningHash;

        /// <summary>The activator of <paramref name="hub"/>.</summary>
        public HubFirmwareActivator(CommsHubRole hub)
        {
            _hub = hub;
            _guard = new GbcsCommandGuard(hub.Context.Settings);
            _gbcsSecurity = new GbcsDeviceSecurity(hub.Configuration, hub);
        }

        /// <summary>The CS06 replay guard.</summary>
        public GbcsCommandGuard CommandGuard => _guard;

        /// <summary>The CS06 MAC check, made before the replay guard is consulted.</summary>
        public GbcsDeviceSecurity GbcsSecurity => _gbcsSecurity;

        /// <summary>Whether a future-dated activation is pending.</summary>
        public bool HasPendingActivation => _hasPending;

        /// <summary>Hub clock time of the pending activation (<see cref="WakeTime.Never"/> when none).</summary>
        public long PendingActivationAtMs => _pendingAtMs;

        /// <summary>Activations begun (the hub restarted into a new image) since the instance was made.</summary>
        public int Activations { get; private set; }

        /// <summary>CS06 commands refused (MAC missing or bad, wrong originator, replayed or older counter, malformed), not answered.</summary>
        public long CommandsRefused { get; private set; }

        /// <summary>Why the last CS06 was refused, or null.</summary>
        public string? LastRefusal { get; private set; }

        /// <summary>The outcome of the last CS06 executed (immediately or at its date-time).</summary>
        public ActivateFirmwareResponseCode LastOutcome { get; private set; }

        /// <summary>When <see cref="Tick"/> is next needed.</summary>
        public long NextWakeMs => _pendingAtMs;

        /// <summary>
        /// At every boot: restores the guard and the pending activation, and sends the answer owed by the firmware that
        /// asked for this restart (the CS06 response, or the 0x8F66 alert of a future-dated activation).
        /// </summary>
        public void Boot(long nowMs)
        {
            _guard.Load();
            LoadPending();
            _hasRunningHash = _hub.Context.Settings.TryRead(RunningHashKey, _runningHash, 0, out int length) == StoreStatus.Ok && length == HashLength;
            SendOwedAnswer(nowMs);
        }

        /// <summary>Runs a future-dated activation whose time has come.</summary>
        public void Tick(long nowMs)
        {
            if (!_hasPending || nowMs < _pendingAtMs)
            {
                return;
            }

            ulong originator = _pendingOriginator;
            ulong counter = _pendingCounter;
            uint seconds = _pendingSeconds;
            System.Array.Copy(_pendingHash, _command.ManufacturerImageHash, HashLength);
            ClearPending();
            Execute(nowMs, _command.ManufacturerImageHash, originator, counter, true, seconds);
        }

        /// <summary>A GBCS frame from the WAN addressed to the hub; true when it was a CS06 (answered or refused here).</summary>
        public bool OnGbcs(HanFrame frame, long nowMs)
        {
            _reader.Reset(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
            GbcsStatus status = GbcsEnvelope.TryDecode(_reader, _envelope);
            if (status != GbcsStatus.Ok)
            {
                Refuse("GBCS message to the hub malformed (status " + ((byte)status).ToString() + ")");
                return true;
            }

            if (_envelope.CraFlag != GbcsCraFlag.Command || _envelope.MessageCode != GbcsMessageCode.ActivateFirmware)
            {
                return false;
            }

            ulong originator = _envelope.OriginatorSystemTitle;
            ulong counter = _envelope.OriginatorCounter;
            if (_envelope.RecipientSystemTitle != _hub.Eui64)
            {
                Refuse("CS06 for another recipient " + _envelope.RecipientSystemTitle.ToString("X16"));
                return true;
            }

            // GBCS 6.2.3: the ACB MACs CS06 (supplier-signed) for the hub; the MAC first, so only an authenticated
            // command reaches the counter check or is acted on.
            string? unauthenticated = _gbcsSecurity.Authenticate(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
            if (unauthenticated != null)
            {
                Refuse("CS06 from " + originator.ToString("X16") + " refused: " + unauthenticated);
                return true;
            }

            // GBCS 6.3.3: CS06 is supplier-signed (the ACB MACs the signed pre-command); the signature too before the counter.
            string? unsigned = _gbcsSecurity.CheckSupplierSignature(frame.Payload);
            if (unsigned != null)
            {
                Refuse("CS06 from " + originator.ToString("X16") + " refused: " + unsigned);
                return true;
            }

            if (_gbcsSecurity.LastInsecureAcceptance != null)
            {
                Log(LogLevel.Warning, "INSECURE: CS06 from " + originator.ToString("X16") + " acted on despite: " + _gbcsSecurity.LastInsecureAcceptance);
            }

            ulong supplier = _hub.Configuration.SupplierSystemTitle;
            if (supplier != 0 && originator != supplier)
            {
                // GBCS: CS06 is a supplier-signed command; the hub takes it only from the supplier it was told of.
                Refuse("CS06 from " + originator.ToString("X16") + " refused: not the supplier " + supplier.ToString("X16"));
                return true;
            }

            OriginatorCounterStatus check = _guard.Check(originator, counter);
            if (check != OriginatorCounterStatus.Accepted)
            {
                Refuse("CS06" + " from " + originator.ToString("X16") + " refused: " + _guard.Describe(check, originator, counter));
                return true;
            }

            _reader.Reset(_envelope.ContentBuffer, _envelope.ContentOffset, _envelope.ContentLength);
            GbcsPayloadStatus payload = ActivateFirmwareCommand.TryDecode(_reader, _command);
            if (payload != GbcsPayloadStatus.Ok)
            {
                Refuse("CS06 payload malformed (status " + ((byte)payload).ToString() + ")");
                return true;
            }

            if (_command.OriginatorCounter != counter)
            {
                // GBCS: the payload repeats the command's own originator counter; a mismatch is a spliced command.
                Refuse("CS06 payload counter " + _command.OriginatorCounter.ToString() + " differs from the envelope's " + counter.ToString());
                return true;
            }

            if (_gbcsSecurity.LastInsecureAcceptance == null)
            {
                // Only an authenticated command moves the counter (firmware/HanBench.Device/Roles/README.md, "Commands"),
                // --insecure or not.
                _guard.Accept(originator, counter);
            }

            if (_command.IsCancellation)
            {
                Log(LogLevel.Info, _hasPending ? "CS06: pending activation cancelled" : "CS06: cancellation with no activation pending");
                ClearPending();
                SendAcknowledgement(originator, counter);
                return true;
            }

            if (_command.HasExecutionDateTime && _command.ExecutionDateTime.TryGetSecondsSince2000(out uint seconds))
            {
                long atMs = ((long)seconds - _hub.Configuration.UtcSecondsAtClockZero) * MillisecondsPerSecond;
                if (atMs > nowMs)
                {
                    // HanBench choice: one pending activation at a time; a later CS06 replaces an earlier one.
                    StorePending(originator, counter, seconds, atMs, _command.ManufacturerImageHash);
                    Log(LogLevel.Info, "CS06: activation scheduled for " + _command.ExecutionDateTime.ToString());
                    SendAcknowledgement(originator, counter);
                    return true;
                }
            }
            else if (_command.HasExecutionDateTime)
            {
                // Past 2136 (the 32-bit GBCS clock's end) and not the cancellation value: the hub's clock never gets there.
                Log(LogLevel.Warning, "CS06: execution date-time " + _command.ExecutionDateTime.ToString() + " beyond the hub's clock; not scheduled");
                SendResponse(originator, counter, ActivateFirmwareResponseCode.ActivationFailure, RunningVersion);
                return true;
            }

            // No date-time, or one already passed: HanBench executes now (an immediate CS06).
            Execute(nowMs, _command.ManufacturerImageHash, originator, counter, false, 0);
            return true;
        }

        /// <summary>Drops RAM state at a restart (everything that matters is in the settings store).</summary>
        public void Shutdown()
        {
            _hasPending = false;
            _pendingAtMs = WakeTime.Never;
        }

        /// <summary>The version the hub runs: a Comms Hub has one firmware component (RoleSettings.ForHub).</summary>
        private uint RunningVersion => _hub.GetVersion(0);

        private void Execute(long nowMs, byte[] hash, ulong originator, ulong counter, bool futureDated, uint executionSeconds)
        {
            ActivateFirmwareResponseCode code = FindHeldImage(hash, out string? key, out ImageIdentity identity);
            if (code != ActivateFirmwareResponseCode.Success && _hasRunningHash && SameHash(hash, _runningHash))
            {
                // The image the hub already runs: the answer of an earlier CS06 was lost; say it again, no restart.
                code = ActivateFirmwareResponseCode.Success;
            }

            if (code == ActivateFirmwareResponseCode.Success && key != null)
            {
                code = Activate(nowMs, key, identity, hash, originator, counter, futureDated, executionSeconds);
                if (code == ActivateFirmwareResponseCode.Success)
                {
                    return;
                }
            }

            LastOutcome = code;
            Log(code == ActivateFirmwareResponseCode.Success ? LogLevel.Info : LogLevel.Warning, "CS06: " + Describe(code) + "; running 0x" + RunningVersion.ToString("X8"));
            if (futureDated)
            {
                SendAlert(nowMs, originator, counter, executionSeconds, code, RunningVersion);
            }
            else
            {
                SendResponse(originator, counter, code, RunningVersion);
            }
        }

        /// <summary>Records the new version, owes the answer, drops the image and restarts; code 3 when a store refuses.</summary>
        private ActivateFirmwareResponseCode Activate(long nowMs, string key, ImageIdentity identity, byte[] hash, ulong originator, ulong counter, bool futureDated, uint executionSeconds)
        {
            ISettingsStore settings = _hub.Context.Settings;
            WriteAnswer(futureDated ? AnswerIsAlert : AnswerIsResponse, originator, counter, executionSeconds);
            if (settings.Write(AnswerKey, _record, 0, AnswerLength) != StoreStatus.Ok)
            {
                return ActivateFirmwareResponseCode.ActivationFailure;
            }

            if (_hub.RecordRunningVersion(identity) != StoreStatus.Ok)
            {
                settings.Delete(AnswerKey);
                return ActivateFirmwareResponseCode.ActivationFailure;
            }

            settings.Write(RunningHashKey, hash, 0, HashLength);

            // The image is now the running firmware: it is no longer held for a later CS06 (as a PPMID drops its own).
            _hub.Context.Images.Delete(key);
            Activations++;
            LastOutcome = ActivateFirmwareResponseCode.Success;
            Log(LogLevel.Info, "CS06: activating " + key + "; restarting into version 0x" + identity.FileVersion.ToString("X8"));
            _hub.RestartIntoNewFirmware(nowMs, identity.FileVersion);
            return ActivateFirmwareResponseCode.Success;
        }

        private void Refuse(string reason)
        {
            CommandsRefused++;
            LastRefusal = reason;
            Log(LogLevel.Warning, reason);
        }

        private void Log(LogLevel level, string message)
        {
            _hub.LogLine(level, message);
        }

        private static string Describe(ActivateFirmwareResponseCode code)
        {
            switch (code)
            {
                case ActivateFirmwareResponseCode.Success:
                    return "already runs that image";
                case ActivateFirmwareResponseCode.NoImageHeld:
                    return "no image held (code 1)";
                case ActivateFirmwareResponseCode.HashMismatch:
                    return "no held image has that Manufacturer Image hash (code 2)";
                default:
                    return "activation failed (code 3)";
            }
        }
    }
}

using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Host.Csp;

/// <summary>
/// The GBCS side of a <see cref="HubSession"/>: commands (CS08 as the ACB, CS06 as the supplier) sealed with originator
/// counters from the session's <see cref="IOriginatorCounterSource"/> (strictly increasing), each a
/// <see cref="GbcsCall"/> matched to its response; and the intake of responses and alerts, decoded into typed events
/// (<see cref="HubSession.TransferAlertReceived"/>, <see cref="HubSession.ActivationAlertReceived"/>,
/// <see cref="HubSession.ActivationOutcomeReceived"/>). Single-threaded, on the session's thread.
/// </summary>
public sealed class HubGbcsCalls
{
    private readonly HubSession _session;
    private readonly GbcsEnvelope _envelope = new();
    private readonly List<GbcsCall> _gbcsCalls = [];
    private readonly ReadFirmwareVersionResponse _cs08 = new();
    private readonly ActivateFirmwareResponse _cs06 = new();
    private readonly FirmwareTransferAlert _transfer = new();
    private readonly PpmidFirmwareActivationAlert _activation = new();
    private readonly ActivateFirmwareAlert _futureActivation = new();
    private readonly GbcsMessageSecurity _security = new();
    private readonly EcdsaP256Signer _signer = new();
    private readonly EcdsaP256Verifier _verifier = new();

    internal HubGbcsCalls(HubSession session)
    {
        _session = session;
    }

    /// <summary>Responses and alerts refused before anything acted on them: MAC or signature missing or not verifying, not for the ACB.</summary>
    public int Unauthenticated { get; private set; }

    /// <summary>Why the last response or alert was refused, or null.</summary>
    public string? LastUnauthenticated { get; private set; }

    /// <summary>
    /// Of the responses and alerts that failed their check, those acted on anyway because the session runs
    /// <see cref="HubSessionOptions.Insecure"/> (<see cref="Refused"/> names each, its reason starting "INSECURE").
    /// </summary>
    public int AcceptedInsecurely { get; private set; }

    /// <summary>Why the last authenticated alert that completed nothing (a 0x00CB no CS02b waits for) was not taken, or null.</summary>
    public string? LastUnmatchedAlert { get; private set; }

    /// <summary>Raised for each refused response or alert, with its originator and reason (for the log and the inventory's count).</summary>
    public event Action<GbcsRefusal>? Refused;

    /// <summary>
    /// Where the last alert counter taken from each device is kept: in memory unless a CSP composes the session on an
    /// inventory (<see cref="CspRuntime"/>: <see cref="InventoryAlertReplayGuard"/>, so replays are refused across restarts).
    /// </summary>
    public IAlertReplayGuard AlertReplays { get; set; } = new MemoryAlertReplayGuard();

    /// <summary>Commands waiting for a response.</summary>
    public int Pending => _gbcsCalls.Count;

    /// <summary>The earliest deadline of a command in flight.</summary>
    internal long NextWakeMs
    {
        get
        {
            long wake = WakeTime.Never;
            foreach (GbcsCall call in _gbcsCalls)
            {
                if (call.DeadlineMs < wake)
                {
                    wake = call.DeadlineMs;
                }
            }

            return wake;
        }
    }

    /// <summary>
    /// Sends CS08 Read PPMID/HCALCS Firmware Version to <paramref name="device"/> as the ACB. Each attempt takes the next
    /// counter from <see cref="HubSession.Counters"/>, unless <paramref name="counter"/> fixes the first (replay tests).
    /// </summary>
    public GbcsCall ReadFirmwareVersion(ulong device, Action<GbcsCall>? completed = null, RetryPolicy? policy = null, ulong? counter = null)
    {
        ulong? first = counter;
        return SendGbcsCommand(device, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, used =>
        {
            var content = new byte[ReadFirmwareVersionCommand.EncodedLength];
            ReadFirmwareVersionCommand.WriteTo(new ByteWriter(content));
            return Seal(_session.Options.AcbSystemTitle, device, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, used, content);
        }, completed, policy, first);
    }

    /// <summary>
    /// Sends CS06 Activate Firmware for the Manufacturer Image <paramref name="manufacturerImageHash"/> to
    /// <paramref name="device"/> as the supplier: now, or at <paramref name="executionDateTime"/> (future-dated; the
    /// device acknowledges and reports the outcome later in alert 0x8F66/0x8F67; 9999-12-31 23:59:59 cancels, RTDS 11.3).
    /// Under <paramref name="policy"/>, else <see cref="HubSessionOptions.Activation"/>: a device answers an immediate
    /// CS06 only after restarting into the new image.
    /// </summary>
    public GbcsCall ActivateFirmware(ulong device, byte[] manufacturerImageHash, Action<GbcsCall>? completed = null, RetryPolicy? policy = null,
        GbcsTimestamp? executionDateTime = null)
    {
        ArgumentNullException.ThrowIfNull(manufacturerImageHash);
        if (manufacturerImageHash.Length != ActivateFirmwareCommand.HashLength)
        {
            throw new ArgumentException($"a Manufacturer Image hash is {ActivateFirmwareCommand.HashLength} octets", nameof(manufacturerImageHash));
        }

        byte[] hash = (byte[])manufacturerImageHash.Clone();
        return SendGbcsCommand(device, GbcsMessageCode.ActivateFirmware, used =>
        {
            var command = new ActivateFirmwareCommand { OriginatorCounter = used };
            command.SetManufacturerImageHash(hash, 0);
            if (executionDateTime is { } when)
            {
                command.HasExecutionDateTime = true;
                command.ExecutionDateTime = when;
            }

            var content = new byte[command.EncodedLength];
            command.WriteTo(new ByteWriter(content));
            return Seal(_session.Options.Keys.SupplierFor(device, _session.Options.SupplierSystemTitle), device, GbcsMessageCode.ActivateFirmware, used, content, supplierSigned: true);
        }, completed, policy ?? _session.Options.Activation, null);
    }

    /// <summary>
    /// Sends a GBCS command exactly as given (a replay, a forged one, one made with <see cref="Seal"/>) to
    /// <paramref name="device"/> and awaits its answer through the call registry like any other command: matched by device,
    /// message code and the command's originator counter, under <paramref name="policy"/> with one attempt (the bytes are
    /// fixed). A message that does not decode as a command is sent with nothing awaited (null).
    /// </summary>
    public GbcsCall? SendCommand(ulong device, byte[] message, RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(message);
        var envelope = new GbcsEnvelope();
        if (GbcsEnvelope.TryDecode(new ByteReader(message, 0, message.Length), envelope) != GbcsStatus.Ok || envelope.CraFlag != GbcsCraFlag.Command)
        {
            SendGbcs(device, message);
            return null;
        }

        return SendGbcsCommand(device, envelope.MessageCode, _ => message, null, policy with { Attempts = 1 }, envelope.OriginatorCounter);
    }

    /// <summary>Sends a GBCS message as it is (a replay, a forged one) to <paramref name="device"/>; nothing is awaited, so no answer to it is taken.</summary>
    public void SendGbcs(ulong device, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _session.Send(HanFrameKind.Gbcs, 0, device, message, message.Length);
    }

    /// <summary>
    /// Builds a GBCS command around <paramref name="content"/> and MACs it between the ACB's KA key and
    /// <paramref name="recipient"/>'s (GBCS 6.2.3; docs/GBCS-SECURITY.md §1–2), whoever the Grouping Header names as
    /// <paramref name="originator"/> (the supplier for CS06). <paramref name="supplierSigned"/>: signed first with the
    /// supplier's DS key over the block after <c>DF</c> to the end of the payload (GBCS 6.3.3; docs/GBCS-SECURITY.md §3: the
    /// DUIS signed pre-command), then MAC'd. <paramref name="signingKey"/>: another party's DS private key signs instead
    /// (6.23: the transitional CoS party's).
    /// </summary>
    public byte[] Seal(ulong originator, ulong recipient, ushort messageCode, ulong counter, byte[] content, bool supplierSigned = false, byte[]? signingKey = null) =>
        SealUnder(originator, recipient, messageCode, counter, content, supplierSigned, signingKey, keys: null);

    /// <summary><see cref="Seal"/> under <paramref name="keys"/> for the recipient (null: the ones the host uses for it now).</summary>
    internal byte[] SealUnder(ulong originator, ulong recipient, ushort messageCode, ulong counter, byte[] content, bool supplierSigned, byte[]? signingKey, GbcsPartyKeys.DeviceKeys? keys)
    {
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = counter,
            OriginatorSystemTitle = originator,
            RecipientSystemTitle = recipient,
            MessageCode = messageCode,
        };
        envelope.SetContent(content, 0, content.Length);
        if (supplierSigned)
        {
            envelope.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);
        }

        var block = new byte[envelope.EncodedLength];
        envelope.WriteTo(new ByteWriter(block));
        if (supplierSigned)
        {
            GbcsLayout layout = envelope.Layout;
            P256Status signed = _signer.SignMessage(signingKey ?? _session.Options.Keys.SupplierSigningPrivateKeyUnder(keys, recipient), 0, block, layout.SignedDataOffset, layout.SignedDataLength, block, layout.SignatureOffset);
            if (signed != P256Status.Ok)
            {
                throw new InvalidOperationException($"GBCS command to {recipient:X16} could not be signed: {signed}");
            }
        }

        var message = new byte[block.Length + GbcsEnvelope.GeneralCipheringHeaderLength + 4 + GbcsEnvelope.SecurityHeaderLength + GbcsEnvelope.MacLength];
        GbcsMacStatus status = _security.Protect(_session.Options.Keys.SharedSecretUnder(keys, recipient), 0, block, 0, block.Length, message, 0, message.Length, out int written);
        if (status != GbcsMacStatus.Ok)
        {
            throw new InvalidOperationException($"GBCS command to {recipient:X16} could not be MAC'd: {status}");
        }

        return written == message.Length ? message : message[..written];
    }

    internal GbcsCall SendGbcsCommand(ulong device, ushort messageCode, Func<ulong, byte[]> build, Action<GbcsCall>? completed, RetryPolicy? policy, ulong? firstCounter,
        GbcsPartyKeys.DeviceKeys? keys = null)
    {
        RetryPolicy used = policy ?? _session.Options.Gbcs;
        used.Validate();
        var call = new GbcsCall(device, messageCode, used, build, completed) { Keys = keys };
        _gbcsCalls.Add(call);
        SendGbcsAttempt(call, _session.Clock.NowMs, firstCounter);
        _session.RequestWake();
        return call;
    }

    private void SendGbcsAttempt(GbcsCall call, long nowMs, ulong? counter)
    {
        ulong used = counter ?? _session.Counters.Next();
        call.AddCounter(used);
        byte[] message = call.Build(used);
        call.LastMessage = message;
        call.DeadlineMs = nowMs + call.Policy.TimeoutMs;
        _session.Send(HanFrameKind.Gbcs, 0, call.Device, message, message.Length);
    }


    internal void Expire(long nowMs)
    {
        for (int i = 0; i < _gbcsCalls.Count; i++)
        {
            GbcsCall call = _gbcsCalls[i];
            if (call.DeadlineMs > nowMs)
            {
                continue;
            }

            if (call.Counters.Count < call.Policy.Attempts)
            {
                SendGbcsAttempt(call, nowMs, null);
                continue;
            }

            _gbcsCalls.RemoveAt(i);
            i--;
            call.Complete(null);
        }
    }


    /// <summary>A GBCS frame: raised, typed alerts raised, a response matched to its call; false when it does not decode.</summary>
    internal bool OnFrame(HanFrame frame)
    {
        var reader = new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
        if (GbcsEnvelope.TryDecode(reader, _envelope) != GbcsStatus.Ok)
        {
            return false;
        }

        // Everything below acts on the message: its origin is checked here, before any of it.
        GbcsRefusal? refusal = CheckOrigin(frame);
        if (refusal is { Relaxable: true } && _session.Options.Insecure)
        {
            AcceptedInsecurely++;
            Refused?.Invoke(refusal with { Reason = $"INSECURE: acted on despite: {refusal.Reason}" });
        }
        else if (refusal is not null)
        {
            Unauthenticated++;
            LastUnauthenticated = refusal.ToString();
            Refused?.Invoke(refusal);
            return true;
        }

        HubGbcsMessage message = Decode(frame);
        _session.Raise(message);
        if (message.Header.Cra == GbcsCraFlag.Alert)
        {
            RaiseAlert(message);
            return true;
        }

        for (int i = 0; i < _gbcsCalls.Count; i++)
        {
            GbcsCall call = _gbcsCalls[i];
            if (call.IsAnsweredBy(message.Header))
            {
                _gbcsCalls.RemoveAt(i);
                call.Complete(message);
                return true;
            }
        }

        return true;
    }

    /// <summary>
    /// Null when the decoded message may be acted on, else why not (docs/GBCS-SECURITY.md §1–3; issue 8 §3). Only responses
    /// and alerts come to the host. A response must answer a command this host is waiting for (device, message code and
    /// originator counter) — checked first, so an unsolicited one costs no key agreement or signature check and grows no
    /// cache; then a CS08 response must be MAC'd by its device for the ACB (GBCS 6.4.5: Z of the device's and the ACB's KA
    /// keys), and every other response and every alert (CS06 responses, 0x8F8B, CCS08 0x8F8A/0x8F89, 0x8F66/0x8F67,
    /// 0x8F72) signed with the originator's DS key, as the RTDS ones are, and addressed to a party this host plays.
    /// </summary>
    private GbcsRefusal? CheckOrigin(HanFrame frame)
    {
        GbcsCraFlag cra = _envelope.CraFlag;
        ushort code = _envelope.MessageCode;
        ulong originator = _envelope.OriginatorSystemTitle;
        ulong recipient = _envelope.RecipientSystemTitle;
        string? reason;
        bool relaxable = false;
        if (cra != GbcsCraFlag.Response && cra != GbcsCraFlag.Alert)
        {
            reason = "not a response or an alert";
        }
        else if (cra == GbcsCraFlag.Response && !IsAwaited(originator, code, _envelope.OriginatorCounter))
        {
            reason = "unsolicited: no command to that device is waiting for it";
        }
        else if (HubCredentialCalls.IsCredentialResponse(_envelope))
        {
            reason = _session.Credentials.CheckResponse(_envelope, frame, Awaiting(originator, code, _envelope.OriginatorCounter)?.Keys);
        }
        else if (cra == GbcsCraFlag.Response && code == GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion)
        {
            reason = recipient != _session.Options.AcbSystemTitle ? "not addressed to the ACB" : CheckMac(frame, originator);
            relaxable = recipient == _session.Options.AcbSystemTitle;
        }
        else if (!_session.Plays(recipient, originator) && !IsChangeOfSupplierOutcome(code, recipient))
        {
            reason = "not addressed to a party this host plays";
        }
        else
        {
            reason = CheckSignature(frame, originator);
            relaxable = true;
            if (reason is null && cra == GbcsCraFlag.Alert)
            {
                // After the signature (issue 8 §3: only an authenticated alert moves the counter).
                reason = TakeAlertCounter(originator, _envelope.OriginatorCounter);
                relaxable = false;
            }
        }

        return reason is null ? null : new GbcsRefusal(originator, cra, code, reason) { Relaxable = relaxable };
    }

    // Null when the alert's counter was taken; otherwise why the alert may not act. A counter that cannot be stored (the
    // inventory locked by another process, the disk full) refuses the alert rather than end the receive loop: the device
    // repeats an alert nobody acknowledged, and a refusal acts on nothing.
    private string? TakeAlertCounter(ulong originator, ulong counter)
    {
        try
        {
            return AlertReplays.TryTake(originator, counter) ? null : "replayed alert: originator counter not above the last one taken from that device";
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            return $"alert counter not stored ({ex.Message}): the alert is not acted on";
        }
    }

    // A future-dated 6.23's 0x00CB goes to the party that signed the CS02b: the transitional CoS party the host plays.
    private bool IsChangeOfSupplierOutcome(ushort code, ulong recipient) =>
        code == GbcsMessageCode.FutureDatedUpdateCredentialsAlert && recipient == _session.Options.Keys.TransitionalCoS?.SystemTitle;

    private bool IsAwaited(ulong device, ushort messageCode, ulong counter) => Awaiting(device, messageCode, counter) is not null;

    private GbcsCall? Awaiting(ulong device, ushort messageCode, ulong counter)
    {
        foreach (GbcsCall call in _gbcsCalls)
        {
            if (call.Device == device && call.MessageCode == messageCode && call.Counters.Contains(counter))
            {
                return call;
            }
        }

        return null;
    }

    // The device's MAC for the ACB (docs/GBCS-SECURITY.md §2).
    private string? CheckMac(HanFrame frame, ulong originator)
    {
        byte[] z;
        try
        {
            z = _session.Options.Keys.SharedSecretWith(originator);
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }

        return GbcsDeviceSecurity.Describe(_security.Verify(z, 0, frame.Payload, frame.PayloadOffset, frame.PayloadLength));
    }

    // The originator's ECDSA signature over the block after DF to the end of the payload (docs/GBCS-SECURITY.md §3).
    private string? CheckSignature(HanFrame frame, ulong originator)
    {
        GbcsLayout layout = _envelope.Layout;
        if (layout.SignatureLength != GbcsEnvelope.EcdsaSignatureLength || layout.SignatureOffset < 0)
        {
            return "signature missing";
        }

        if (_session.Options.Keys.DeviceSigningPublicKey(originator) is not { } key)
        {
            return "no signing key known for the originator";
        }

        P256Status status = _verifier.VerifyMessage(key, 0, key.Length, frame.Payload, layout.SignedDataOffset, layout.SignedDataLength, frame.Payload, layout.SignatureOffset, layout.SignatureLength);
        return status == P256Status.Ok ? null : "signature does not verify";
    }

    /// <summary>Raises the typed event of a decoded alert (one whose payload did not decode raises nothing).</summary>
    private void RaiseAlert(HubGbcsMessage message)
    {
        switch (message)
        {
            case HubTransferAlert transfer:
                _session.Raise(transfer);
                break;
            case DeviceActivationAlert activation:
                _session.Raise(activation);
                break;
            case HubActivationOutcome outcome:
                _session.Raise(outcome);
                break;
            case CredentialResponse replacement when replacement.Header.MessageCode == GbcsMessageCode.FutureDatedUpdateCredentialsAlert:
                if (_session.Credentials.OnReplacementAlert(replacement) is { } ignored)
                {
                    LastUnmatchedAlert = ignored;
                }

                break;
        }
    }

    /// <summary>The typed message of the envelope just checked; the base record for one HanBench does not read or whose content does not decode.</summary>
    private HubGbcsMessage Decode(HanFrame frame)
    {
        long at = _session.Clock.NowMs;
        var header = new GbcsHeader(_envelope.CraFlag, _envelope.MessageCode, _envelope.OriginatorCounter, _envelope.OriginatorSystemTitle, _envelope.RecipientSystemTitle);
        var content = new ByteReader(_envelope.ContentBuffer, _envelope.ContentOffset, _envelope.ContentLength);
        switch (_envelope.MessageCode)
        {
            case GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion when _envelope.CraFlag == GbcsCraFlag.Response:
                return ReadFirmwareVersionResponse.TryDecode(content, _cs08) == GbcsPayloadStatus.Ok
                    ? new FirmwareVersionResponse(at, header, _cs08.ResponseCode, _cs08.FirmwareVersion)
                    : new HubGbcsMessage(at, header);
            case GbcsMessageCode.ActivateFirmware when _envelope.CraFlag == GbcsCraFlag.Response:
                if (ActivateFirmwareResponse.TryDecode(content, _cs06) != GbcsPayloadStatus.Ok)
                {
                    return new HubGbcsMessage(at, header);
                }

                return _cs06.IsAcknowledgement ? new FirmwareActivationResponse(at, header, null, null) : new FirmwareActivationResponse(at, header, _cs06.ResponseCode, _cs06.FirmwareVersion);
            case GbcsMessageCode.FutureDatedFirmwareActivationAlert:
                return ActivateFirmwareAlert.TryDecode(content, _futureActivation) == GbcsPayloadStatus.Ok
                    ? new HubActivationOutcome(at, header, _futureActivation.AlertCode, _futureActivation.OriginatorCounter, _futureActivation.ResponseCode,
                        _futureActivation.FirmwareVersion, ToTime(_futureActivation.ExecutionDateTime))
                    : new HubGbcsMessage(at, header);
            case GbcsMessageCode.FirmwareTransferAlert:
                return FirmwareTransferAlert.TryDecode(content, _transfer) == GbcsPayloadStatus.Ok
                    ? new HubTransferAlert(at, header, _transfer.AlertCode, _transfer.Entity, _transfer.FirmwareVersion, _transfer.ResponseCode, ToTime(_transfer.ExecutionDateTime))
                    : new HubGbcsMessage(at, header);
            case GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert:
                return PpmidFirmwareActivationAlert.TryDecode(content, _activation) == GbcsPayloadStatus.Ok
                    ? new DeviceActivationAlert(at, header, _activation.FirmwareVersion, _activation.Result, ToTime(_activation.Time))
                    : new HubGbcsMessage(at, header);
            default:
                // CS02 responses and 0x00CB alerts are read by HubCredentialCalls from the message itself, already verified above.
                return HubCredentialCalls.IsCredentialResponse(_envelope)
                    || (_envelope.MessageCode == GbcsMessageCode.FutureDatedUpdateCredentialsAlert && _envelope.CraFlag == GbcsCraFlag.Alert)
                    ? new CredentialResponse(at, header, frame.Payload.AsSpan(frame.PayloadOffset, frame.PayloadLength).ToArray())
                    : new HubGbcsMessage(at, header);
        }
    }

    private static DateTimeOffset? ToTime(GbcsTimestamp time) =>
        GbcsTimestamp.IsValid(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second) && time.Year < 9999
            ? new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, TimeSpan.Zero)
            : null;
}

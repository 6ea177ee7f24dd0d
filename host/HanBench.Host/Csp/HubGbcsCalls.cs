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
    private readonly HubGbcsDecoder _decoder = new();
    private readonly GbcsOriginCheck _origin;
    private readonly GbcsMessageSecurity _security = new();
    private readonly EcdsaP256Signer _signer = new();

    internal HubGbcsCalls(HubSession session)
    {
        _session = session;
        _origin = new GbcsOriginCheck(session, Awaiting);
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

    /// <summary>Authenticated 0x00CB alerts that named no counter of a future-dated CS02b waited on (each also raised as <see cref="Refused"/>).</summary>
    public int UnmatchedAlerts { get; private set; }

    /// <summary>The reason <see cref="Refused"/> gives for an authenticated 0x00CB alert that matched nothing.</summary>
    public const string UnmatchedReplacementAlert = "names no counter of a future-dated CS02b waited on; nothing changed";

    /// <summary>The future-dated CS06s sent and not yet reported on, so an outcome alert is tied to the image activated.</summary>
    internal FutureActivationLedger FutureActivations { get; } = new();

    /// <summary>Raised for each refused response or alert, with its originator and reason (for the log and the inventory's count).</summary>
    public event Action<GbcsRefusal>? Refused;

    /// <summary>
    /// Where the last alert counter taken from each device is kept: in memory unless a CSP composes the session on an
    /// inventory (<see cref="CspRuntime"/>: <see cref="InventoryAlertReplayGuard"/>, so replays are refused across restarts).
    /// </summary>
    public IAlertReplayGuard AlertReplays
    {
        get => _origin.AlertReplays;
        set => _origin.AlertReplays = value;
    }

    /// <summary>
    /// Where the supplementary remote party counter of each CS08 comes from: in memory unless a CSP composes the session on
    /// an inventory (<see cref="CspRuntime"/>: <see cref="InventorySupplementaryCounters"/>, so they keep growing across restarts).
    /// </summary>
    public ISupplementaryCounterSource SupplementaryCounters { get; set; } = new MemorySupplementaryCounters();

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
            ulong supplier = _session.Options.Keys.SupplierFor(device, _session.Options.SupplierSystemTitle);
            return Seal(_session.Options.AcbSystemTitle, device, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, used, content,
                remoteParty: (supplier, SupplementaryCounters.Next(device, supplier)));
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
        GbcsCall call = SendGbcsCommand(device, GbcsMessageCode.ActivateFirmware, used =>
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
        if (executionDateTime is { Year: < 9999 })
        {
            // Its outcome comes later in 0x8F66/0x8F67, naming one of the counters this call sends (a 9999 one cancels: no outcome of its own).
            FutureActivations.Add(device, hash, call);
        }

        return call;
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
    public byte[] Seal(ulong originator, ulong recipient, ushort messageCode, ulong counter, byte[] content, bool supplierSigned = false, byte[]? signingKey = null,
        (ulong Party, ulong Counter)? remoteParty = null) =>
        SealUnder(originator, recipient, messageCode, counter, content, supplierSigned, signingKey, keys: null, remoteParty);

    /// <summary><see cref="Seal"/> under <paramref name="keys"/> for the recipient (null: the ones the host uses for it now).</summary>
    internal byte[] SealUnder(ulong originator, ulong recipient, ushort messageCode, ulong counter, byte[] content, bool supplierSigned, byte[]? signingKey, GbcsPartyKeys.DeviceKeys? keys,
        (ulong Party, ulong Counter)? remoteParty = null)
    {
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = counter,
            OriginatorSystemTitle = originator,
            RecipientSystemTitle = recipient,
            MessageCode = messageCode,
        };
        if (remoteParty is { } party)
        {
            envelope.HasSupplementaryRemotePartyId = true;
            envelope.SupplementaryRemotePartyId = party.Party;
            envelope.HasSupplementaryRemotePartyCounter = true;
            envelope.SupplementaryRemotePartyCounter = party.Counter;
        }

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

        // The supplementary remote party the attempt names, for the check of its response's echo.
        var sent = new GbcsEnvelope();
        if (GbcsEnvelope.TryDecode(new ByteReader(message, 0, message.Length), sent) == GbcsStatus.Ok && sent.HasSupplementaryRemotePartyCounter)
        {
            call.AddRemoteParty(used, sent.SupplementaryRemotePartyId, sent.SupplementaryRemotePartyCounter);
        }
        call.DeadlineMs = nowMs + call.Policy.TimeoutMs;
        _session.Send(HanFrameKind.Gbcs, 0, call.Device, message, message.Length);
    }

    /// <summary>A block transfer to <paramref name="device"/> failed: the calls waiting on it say so when they end unanswered.</summary>
    internal void OnBlockTransferFailed(ulong device, string reason)
    {
        foreach (GbcsCall call in _gbcsCalls.Where(c => c.Device == device))
        {
            call.TransferFailure = reason;
        }
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
        GbcsRefusal? refusal = _origin.Check(_envelope, frame);
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

        HubGbcsMessage message = _decoder.Decode(_envelope, frame, _session.Clock.NowMs);
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

    // The command the response in envelope answers: of those waiting with its device, message code and originator counter
    // (a command sent again as it is shares them), the one whose supplementary remote party it echoes, else the first.
    private GbcsCall? Awaiting(GbcsEnvelope envelope)
    {
        List<GbcsCall> waiting = _gbcsCalls.FindAll(call => call.Device == envelope.OriginatorSystemTitle && call.MessageCode == envelope.MessageCode && call.Counters.Contains(envelope.OriginatorCounter));
        return waiting.Find(call => call.CheckRemotePartyEcho(envelope) is null) ?? waiting.FirstOrDefault();
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
                    // Authenticated but for no change the host waits on: logged and counted (as a refusal, by a fixed
                    // reason), nothing changed (issue 8 §4).
                    UnmatchedAlerts++;
                    LastUnmatchedAlert = ignored;
                    Refused?.Invoke(new GbcsRefusal(replacement.Header.Originator, GbcsCraFlag.Alert, replacement.Header.MessageCode,
                        ignored == HubCredentialCalls.UndecodableAlert ? "payload does not decode; nothing changed" : UnmatchedReplacementAlert));
                }

                break;
        }
    }
}

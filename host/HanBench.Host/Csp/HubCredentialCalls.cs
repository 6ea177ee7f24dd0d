using HanBench.Device.Roles;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Host.Csp;

/// <summary>
/// The host's side of GBCS CS02 (SECMP0170 requirement 8; docs/GBCS-SECURITY.md §5), over <see cref="HubGbcsCalls"/>: it
/// builds each command as the RTDS 6.x messages show it (CS02a and 8.5's ACB by ACB from the ACB, MAC'd — to the Comms
/// Hub, 8.5 signed with the ACB's DS key first, GBCS 13.3.3.1; 6.15.1 and
/// CS02c/d/e from the supplier, signed with the supplier's DS key for that device and then MAC'd as the ACB; 6.23 from the
/// transitional change-of-supplier party, signed with its DS key and then MAC'd as the ACB), checks every
/// CS02 response before anything reads it (CS02a: the device's MAC for the ACB; the others: the device's signature), and
/// reads the answer into a <see cref="CredentialReply"/>. After a replacement the device reports done, the host's keys for
/// that device (<see cref="GbcsPartyKeys"/>) move to the new credentials. Single-threaded, on the session's thread.
/// </summary>
public sealed class HubCredentialCalls
{
    private readonly HubSession _session;
    private readonly EcdsaP256Verifier _verifier = new();
    private readonly GbcsMessageSecurity _security = new();

    /// <summary>Most future-dated CS02b the host waits on at once (<see cref="PendingReplacementLedger.Capacity"/>).</summary>
    public const int MaxPendingReplacements = PendingReplacementLedger.Capacity;

    internal HubCredentialCalls(HubSession session)
    {
        _session = session;
    }

    /// <summary>Future-dated CS02b the devices accepted whose 0x00CB alert has not arrived: pending, not done.</summary>
    public int PendingReplacements => Ledger.Count;

    /// <summary>The devices whose credentials are in doubt, to which nothing but a read-back goes until they are settled.</summary>
    public CredentialDoubts Doubts { get; } = new();

    /// <summary>The future-dated CS02b waiting for their alerts, bounded in number and time.</summary>
    internal PendingReplacementLedger Ledger { get; } = new();

    /// <summary>Told when a device accepts a future-dated CS02b, once the host waits for its alert (the CSP records it in the inventory).</summary>
    internal Action<PendingReplacement>? PendingAccepted { get; set; }

    /// <summary>
    /// Given a CS02b/CS02d whose answer was lost and whose read-back was answered under neither key set (the request, why
    /// its outcome is unknown, that read-back's reply, and who gets the outcome): the CSP keeps the device in doubt and
    /// reads back again, up to its bound. Unset (no CSP), the request ends with that reply, keeping the old keys.
    /// </summary>
    internal Action<CredentialRequest, string, CredentialReply, Action<CredentialReply>>? Unsettled { get; set; }

    /// <summary>
    /// Told, before each attempt of a future-dated CS02b goes out, the originator counter it carries (the CSP records it in
    /// the request's intent), so its 0x00CB alert can be matched to it also after a restart.
    /// </summary>
    internal Action<CredentialRequest, ulong>? CounterSent { get; set; }

    /// <summary>A CS02b carried out at a date-time and reported in a 0x00CB alert (not a cancellation, RTDS CANCELLATION).</summary>
    internal static bool IsFutureDated(CredentialRequest request) =>
        request.UseCase == CredentialUseCase.ReplaceRemoteParty && request.ExecutionDateTime is { Year: not 9999 };

    /// <summary>Whether the decoded message is a response to a CS02 command.</summary>
    internal static bool IsCredentialResponse(GbcsEnvelope envelope) =>
        envelope.CraFlag == GbcsCraFlag.Response && MessageCodeIsCs02(envelope.MessageCode);

    /// <summary>
    /// Sends the CS02 command for <paramref name="request"/>; <paramref name="completed"/> gets the device's verified answer
    /// read (<see cref="Complete"/>), or, when a CS02b or CS02d got none (the response lost, or the device applied it and
    /// refused the retries secured with the credentials it no longer holds), what a read-back found the device to hold
    /// (<see cref="CredentialReconciliation"/>): host and device never end on different credentials because an answer was
    /// lost. Null and <paramref name="refusal"/> when HanBench cannot send it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The host holds no usable key to secure the command for the device.</exception>
    public GbcsCall? Send(CredentialRequest request, Action<CredentialReply> completed, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(completed);
        if (request.ExecutionDateTime is not null && Ledger.Count >= MaxPendingReplacements)
        {
            refusal = $"{Ledger.Count} future-dated CS02b already wait for their alerts (at most {MaxPendingReplacements})";
            return null;
        }

        return SendCommand(request, call =>
        {
            if (call.Reply is null && CredentialReconciliation.ProbeFor(request) is not null)
            {
                // Which credentials the device holds is unknown until the read-back answers: nothing else goes to it meanwhile.
                string lost = call.NoResponse("CS02");
                Doubts.Doubt(request.DeviceId.Value, request.RequestId, $"{lost}; reading back what it holds");
                ReadBack(request, lost, reply =>
                {
                    if (reply.HoldingUnknown && Unsettled is { } keepReading)
                    {
                        // Answered under neither key set: still unknown, so the device stays in doubt and the CSP reads
                        // back again with back-off, up to its bound (CredentialIntentRecovery), before the request ends.
                        keepReading(request, lost, reply, completed);
                        return;
                    }

                    completed(reply);
                    Doubts.Clear(request.RequestId);
                });
                return;
            }

            CredentialReply reply = Complete(request, call);
            if (reply.Pending && call.Reply is { } answer)
            {
                // Accepted, not done: the device reports the outcome in a 0x00CB alert naming the command's counter. Waited
                // for first, then recorded: a record that fails to write loses nothing here (the intent holds every counter sent).
                var pending = new PendingReplacement(request.DeviceId.Value, [answer.Header.OriginatorCounter], request,
                    PendingReplacementLedger.ExpiryOf(request.ExecutionDateTime!.Value), completed);
                Ledger.Add(pending);
                PendingAccepted?.Invoke(pending);
                return;
            }

            if (request.ExecutionDateTime is { Year: 9999 } && reply.Status == FirmwareVersionReadStatus.Read)
            {
                // The device dropped its pending replacement: the request waiting for it ends, nothing replaced.
                foreach (PendingReplacement cancelled in Ledger.TakeForDevice(request.DeviceId.Value))
                {
                    cancelled.Completed(new CredentialReply(FirmwareVersionReadStatus.Read, false, $"cancelled by request {request.RequestId} before its date-time"));
                    Doubts.Clear(cancelled.Request.RequestId);
                }
            }

            completed(reply);
        }, out refusal);
    }

    /// <summary>
    /// Sends the CS02 command for <paramref name="request"/>; <paramref name="answered"/> gets the call when its verified
    /// answer arrives or the retries run out. <paramref name="keys"/>: the keys to secure it and check its answer with when
    /// not the ones the host uses for the device now (a read-back's probe keys).
    /// </summary>
    /// <exception cref="InvalidOperationException">The host holds no usable key to secure the command for the device.</exception>
    internal GbcsCall? SendCommand(CredentialRequest request, Action<GbcsCall> answered, out string? refusal, GbcsPartyKeys.DeviceKeys? keys = null)
    {
        refusal = null;
        HubSessionOptions options = _session.Options;
        ulong device = request.DeviceId.Value;
        ulong supplier = options.Keys.SupplierUnder(keys, device, options.SupplierSystemTitle);
        (ushort code, ulong originator, bool signed) = request.UseCase switch
        {
            CredentialUseCase.ProvideDetails => (GbcsMessageCode.ProvideCredentialsDetails, options.AcbSystemTitle, false),
            CredentialUseCase.IssueDeviceCredentials => (GbcsMessageCode.IssueCredentials, supplier, true),
            CredentialUseCase.UpdateDeviceCertificate => (GbcsMessageCode.UpdateDeviceCertificate, supplier, true),
            CredentialUseCase.ProvideDeviceCertificate => (GbcsMessageCode.ProvideDeviceCertificate, supplier, true),
            _ => request.Mode switch
            {
                // GBCS 13.3.3.1: to a Comms Hub Function, ACB by ACB also carries the ACB's signature.
                CredentialReplacementMode.AcbByAcb => (GbcsMessageCode.UpdateCredentialsAcbByAcb, options.AcbSystemTitle, device == options.HubEui),
                CredentialReplacementMode.SupplierBySupplier => (GbcsMessageCode.UpdateCredentialsSupplierBySupplier, supplier, true),
                _ => (GbcsMessageCode.UpdateCredentialsSupplierByTransCoS, options.Keys.TransitionalCoS?.SystemTitle ?? 0, true),
            },
        };

        // 6.23: the DCC, having validated the incoming supplier's request, has its transitional CoS party sign the CS02b
        // (RTDS 6.23: originator 90B3D51F30000004, mode supplierByTransCoS), which the ACB then MACs.
        byte[]? signingKey = null;
        if (code == GbcsMessageCode.UpdateCredentialsSupplierByTransCoS)
        {
            if (options.Keys.TransitionalCoS is not { } transCoS)
            {
                refusal = "the bench holds no transitional change-of-supplier party (import DCC Boxed's or the RTDS keystore, or run 'hanbench keys init'), so it cannot send 6.23's CS02b (0x0107)";
                return null;
            }

            signingKey = transCoS.PrivateKey;
        }
        else if (code == GbcsMessageCode.UpdateCredentialsAcbByAcb && signed)
        {
            if (options.Keys.AcbSigningPrivateKeyUnder(keys, device) is not { } acb)
            {
                refusal = "the bench holds no ACB DS private key (import it into the keystore), so it cannot sign 8.5's CS02b (0x0106) to the Comms Hub, which checks the ACB's signature (GBCS 13.3.3.1)";
                return null;
            }

            signingKey = acb;
        }

        // The DCC is the ACB: it puts on a device only ACB credentials whose private keys it holds, since one it could not
        // use would lock it out of that device (every later command MAC'd, and to a hub signed, with a key it lacks). So an
        // 8.5 whose new certificate's private key the host does not hold is refused here, before anything is sent.
        if (code == GbcsMessageCode.UpdateCredentialsAcbByAcb
            && request.Replacements.FirstOrDefault(r => !options.Keys.HoldsPrivateKeyOf(r.Der)) is { } unheld)
        {
            refusal = $"the host does not hold the private key of the new ACB {unheld.Usage} certificate (import it into the keystore): the DCC installs only ACB credentials it can use, so 8.5's CS02b is not sent";
            return null;
        }

        // The keys are looked up before the call is registered, so a key the host no longer holds fails here, naming
        // why (InvalidOperationException), and leaves no call behind to retry.
        _ = options.Keys.SharedSecretUnder(keys, device);
        if (signed && signingKey is null)
        {
            _ = options.Keys.SupplierSigningPrivateKeyUnder(keys, device);
        }

        // A CS02b with its certificates can outgrow a HAN frame (the RTDS 6.15.1 command is 1,879 octets): the session
        // sends it as GBCS general block transfer blocks (GbcsBlockTransfer), which the device reassembles.
        bool futureDated = IsFutureDated(request);
        return _session.Gbcs.SendGbcsCommand(device, code, counter =>
        {
            if (futureDated)
            {
                CounterSent?.Invoke(request, counter);
            }

            byte[] content = CredentialPayloads.Of(request, counter);
            return _session.Gbcs.SealUnder(originator, device, code, counter, content, signed, signingKey, keys);
        }, answered, null, null, keys);
    }

    /// <summary>Reads the verified answer of <paramref name="call"/>; on an accepted replacement the host's keys for the device change.</summary>
    internal CredentialReply Complete(CredentialRequest request, GbcsCall call)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        if (call.Reply is not CredentialResponse { Message: var message })
        {
            return new CredentialReply(FirmwareVersionReadStatus.NoResponse, false, call.NoResponse("CS02"));
        }

        var envelope = new GbcsEnvelope();
        if (GbcsEnvelope.TryDecode(new ByteReader(message, 0, message.Length), envelope) != GbcsStatus.Ok)
        {
            return new CredentialReply(FirmwareVersionReadStatus.Unreachable, false, "the CS02 response does not decode");
        }

        var content = new ByteReader(envelope.ContentBuffer, envelope.ContentOffset, envelope.ContentLength);
        CredentialReply reply = request.UseCase switch
        {
            CredentialUseCase.ProvideDetails => CredentialReplies.Details(content),
            CredentialUseCase.ReplaceRemoteParty => CredentialReplies.Replaced(request, content),
            _ => CredentialReplies.CertificateOrCodeReply(request, content),
        } with { GbcsResponse = message };
        if (reply.Accepted)
        {
            TakeUp(request, reply);
        }

        return reply;
    }

    /// <summary>
    /// Null when a CS02 response may be read: addressed to the party that sent the command, and (CS02a) MAC'd by the
    /// device for the ACB or (the others) signed with the device's DS key — under <paramref name="keys"/>, those of the call
    /// it answers (null: the ones the host uses for the device now); otherwise why not.
    /// </summary>
    internal string? CheckResponse(GbcsEnvelope envelope, HanFrame frame, GbcsPartyKeys.DeviceKeys? keys)
    {
        ulong device = envelope.OriginatorSystemTitle;
        HubSessionOptions options = _session.Options;
        ulong recipient = envelope.RecipientSystemTitle;
        if (!_session.Plays(recipient, device) && recipient != options.Keys.TransitionalCoS?.SystemTitle)
        {
            return $"addressed to {recipient:X16}, not the ACB, the device's supplier or the transitional CoS party";
        }

        try
        {
            if (envelope.MessageCode == GbcsMessageCode.ProvideCredentialsDetails)
            {
                byte[] z = options.Keys.SharedSecretUnder(keys, device);
                return GbcsDeviceSecurity.Describe(_security.Verify(z, 0, frame.Payload, frame.PayloadOffset, frame.PayloadLength)) is { } reason ? reason : null;
            }
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }

        GbcsLayout layout = envelope.Layout;
        if (layout.SignatureLength != GbcsEnvelope.EcdsaSignatureLength || layout.SignatureOffset < 0)
        {
            return "signature missing";
        }

        if (options.Keys.DeviceSigningPublicKeyUnder(keys, device) is not { } key)
        {
            return "no signing key known for the device";
        }

        P256Status status = _verifier.VerifyMessage(key, 0, key.Length, frame.Payload, layout.SignedDataOffset, layout.SignedDataLength, frame.Payload, layout.SignatureOffset, layout.SignatureLength);
        return status == P256Status.Ok ? null : "signature does not verify under the device's DS key";
    }

    /// <summary>
    /// A 0x00CB alert whose signature and counter <see cref="HubGbcsCalls"/> checked: completes the future-dated CS02b it
    /// reports on (same device, outcome sequence number = the command's counter), taking up the new keys only now. Null
    /// when it completed one; otherwise why it was not taken (nothing changes).
    /// </summary>
    internal string? OnReplacementAlert(CredentialResponse message)
    {
        var envelope = new GbcsEnvelope();
        var alert = new UpdateCredentialsAlert();
        if (GbcsEnvelope.TryDecode(new ByteReader(message.Message, 0, message.Message.Length), envelope) != GbcsStatus.Ok
            || UpdateCredentialsAlert.TryDecode(new ByteReader(envelope.ContentBuffer, envelope.ContentOffset, envelope.ContentLength), alert) != GbcsPayloadStatus.Ok)
        {
            return UndecodableAlert;
        }

        if (Ledger.TakeMatch(message.Header.Originator, alert.Outcome.SeqNumber) is not { } pending)
        {
            return $"0x00CB alert for counter {alert.Outcome.SeqNumber:X}: no future-dated CS02b to {message.Header.Originator:X16} waited on was sent with it; nothing changed";
        }

        string code = alert.AlertCode == GbcsAlertCode.FutureDatedCommandActioned ? "0x8F66" : "0x8F67";
        CredentialReply reply = CredentialReplies.Outcome(pending.Request, alert.Outcome, $"carried out at its date-time (alert {code}): ") with { GbcsResponse = message.Message };
        if (reply.Accepted)
        {
            TakeUp(pending.Request, reply);
        }

        pending.Completed(reply);
        Doubts.Clear(pending.Request.RequestId);
        return null;
    }

    /// <summary>Why an authenticated 0x00CB alert whose payload does not decode was not taken.</summary>
    internal const string UndecodableAlert = "0x00CB alert payload does not decode";

    /// <summary>The execution date-time that cancels a device's pending future-dated CS02b (RTDS 6.15.1 CANCELLATION).</summary>
    internal static readonly DateTimeOffset CancellationDateTime = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <summary>
    /// Settles a future-dated CS02b whose 0x00CB alert did not come by its expiry (<paramref name="lost"/> says so): first
    /// the device is told to drop it, should it still hold it (a clock behind the host's; RTDS 6.15.1 CANCELLATION, the
    /// same CS02b with execution date-time 9999-12-31 23:59:59, which a device answers alike whether it held one or not),
    /// then what it holds is read back (<see cref="ReadBack"/>). So the outcome recorded is final: a replacement the
    /// device carried out shows in the read-back, one it did not can no longer be carried out later. A device that carried
    /// it out trusts the new credentials and does not answer a cancellation secured with the replaced ones, which changes
    /// nothing. <paramref name="completed"/> gets what the read-back found.
    /// </summary>
    internal void CancelThenReadBack(CredentialRequest request, string lost, Action<CredentialReply> completed)
    {
        CredentialRequest cancellation = request with { ExecutionDateTime = CancellationDateTime };
        void ReadBackAfter(string cancelled)
        {
            string why = $"{lost}; {cancelled}";
            if (!ReadBack(request, why, completed))
            {
                completed(new CredentialReply(FirmwareVersionReadStatus.NoResponse, false, $"{why}; nothing to read back, marked failed"));
            }
        }

        try
        {
            if (SendCommand(cancellation, call => ReadBackAfter(call.Reply is null
                    ? "its cancellation went unanswered"
                    : $"its cancellation was answered ({Complete(cancellation, call).Detail})"), out string? refusal) is null)
            {
                ReadBackAfter($"no cancellation sent ({refusal})");
            }
        }
        catch (InvalidOperationException e)
        {
            ReadBackAfter($"no cancellation sent ({e.Message})");
        }
    }

    /// <summary>
    /// Reads back what the device holds after <paramref name="request"/>, whose outcome is unknown for the reason
    /// <paramref name="lost"/> (<see cref="CredentialReconciliation"/>); <paramref name="completed"/> gets what it found.
    /// False when the request changes nothing the host uses, so there is nothing to read back.
    /// </summary>
    internal bool ReadBack(CredentialRequest request, string lost, Action<CredentialReply> completed)
    {
        if (CredentialReconciliation.ProbeFor(request) is not { } probe)
        {
            return false;
        }

        new CredentialReconciliation(this, _session.Options.Keys, request, probe, completed).Start(lost);
        return true;
    }

    internal static bool MessageCodeIsCs02(ushort code) =>
        code is GbcsMessageCode.ProvideCredentialsDetails or GbcsMessageCode.IssueCredentials or GbcsMessageCode.UpdateDeviceCertificate
            or GbcsMessageCode.ProvideDeviceCertificate or GbcsMessageCode.UpdateCredentialsSupplierBySupplier
            or GbcsMessageCode.UpdateCredentialsAcbByAcb or GbcsMessageCode.UpdateCredentialsSupplierByTransCoS;

    /// <summary>
    /// The host's keys for the device follow what it now holds (<see cref="CredentialTakeUp"/>, as a starting host does
    /// from the inventory); credentials the host has no private key for are reported, not guessed.
    /// </summary>
    internal void TakeUp(CredentialRequest request, CredentialReply reply) => CredentialTakeUp.Apply(_session.Options.Keys, request, reply.ReplacedUsages);
}

using HanBench.Device.Roles;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Host.Csp;

/// <summary>
/// Whether a GBCS response or alert that reached the host may be acted on (docs/GBCS-SECURITY.md §1–3; issue 8 §3), for
/// <see cref="HubGbcsCalls"/>: awaited, addressed to a party the host plays, MAC'd or signed by its originator, and an
/// alert's counter above the last one taken. Single-threaded, on the session's thread.
/// </summary>
internal sealed class GbcsOriginCheck(HubSession session, Func<GbcsEnvelope, GbcsCall?> awaiting)
{
    private readonly HubSession _session = session;
    private readonly Func<GbcsEnvelope, GbcsCall?> _awaiting = awaiting;
    private readonly GbcsMessageSecurity _security = new();
    private readonly EcdsaP256Verifier _verifier = new();
    private GbcsEnvelope _envelope = new();

    /// <summary>Where the last alert counter taken from each device is kept (<see cref="HubGbcsCalls.AlertReplays"/>).</summary>
    internal IAlertReplayGuard AlertReplays { get; set; } = new MemoryAlertReplayGuard();

    /// <summary>
    /// Null when the decoded message may be acted on, else why not (docs/GBCS-SECURITY.md §1–3; issue 8 §3). Only responses
    /// and alerts come to the host. A response must answer a command this host is waiting for (device, message code and
    /// originator counter) — checked first, so an unsolicited one costs no key agreement or signature check and grows no
    /// cache; then a CS08 response must be MAC'd by its device for the ACB (GBCS 6.4.5: Z of the device's and the ACB's KA
    /// keys), and every other response and every alert (CS06 responses, 0x8F8B, CCS08 0x8F8A/0x8F89, 0x8F66/0x8F67,
    /// 0x8F72) signed with the originator's DS key, as the RTDS ones are, and addressed to a party this host plays.
    /// </summary>
    internal GbcsRefusal? Check(GbcsEnvelope envelope, HanFrame frame)
    {
        _envelope = envelope;
        GbcsCraFlag cra = _envelope.CraFlag;
        ushort code = _envelope.MessageCode;
        ulong originator = _envelope.OriginatorSystemTitle;
        ulong recipient = _envelope.RecipientSystemTitle;
        string? reason;
        bool relaxable = false;
        GbcsCall? awaited = cra == GbcsCraFlag.Response ? _awaiting(_envelope) : null;
        if (cra != GbcsCraFlag.Response && cra != GbcsCraFlag.Alert)
        {
            reason = "not a response or an alert";
        }
        else if (cra == GbcsCraFlag.Response && awaited is null)
        {
            reason = "unsolicited: no command to that device is waiting for it";
        }
        else if (HubCredentialCalls.IsCredentialResponse(_envelope))
        {
            reason = _session.Credentials.CheckResponse(_envelope, frame, awaited?.Keys);
        }
        else if (cra == GbcsCraFlag.Response && code == GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion)
        {
            reason = recipient != _session.Options.AcbSystemTitle ? "not addressed to the ACB" : CheckMac(frame, originator);
            relaxable = reason is not null && recipient == _session.Options.AcbSystemTitle;

            // After the MAC (and also when --insecure relaxes a failed one): the device echoes the supplementary remote
            // party id and counter its command carried; a wrong echo is never relaxed.
            if ((reason is null || (relaxable && _session.Options.Insecure)) && awaited!.CheckRemotePartyEcho(_envelope) is { } echo)
            {
                reason = echo;
                relaxable = false;
            }
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
}

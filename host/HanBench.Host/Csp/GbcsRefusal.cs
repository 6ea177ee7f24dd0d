using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Csp;

/// <summary>A GBCS response or alert the host refused before acting on it.</summary>
/// <param name="Originator">The Grouping Header originator (as claimed: it did not authenticate).</param>
/// <param name="Cra">Response or alert (or what else it claimed to be).</param>
/// <param name="MessageCode">GBCS message code.</param>
/// <param name="Reason">Why, one of a fixed set of texts (e.g. "signature does not verify"), so counting by it stays bounded.</param>
public sealed record GbcsRefusal(ulong Originator, GbcsCraFlag Cra, ushort MessageCode, string Reason)
{
    /// <summary>
    /// Whether <c>--insecure</c> may act on it anyway: only a MAC or signature that is missing or does not verify on a
    /// response or alert other than CS02 (HubSessionOptions.Insecure); unsolicited, replayed, misaddressed and CS02
    /// messages never.
    /// </summary>
    public bool Relaxable { get; init; }

    /// <summary>What the message claimed to be: "CS08 response", "0x8F8B alert (CS09)", …</summary>
    public string Message => (Cra, MessageCode) switch
    {
        (GbcsCraFlag.Response, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion) => "CS08 response",
        (GbcsCraFlag.Response, GbcsMessageCode.ActivateFirmware) => "CS06 response",
        (GbcsCraFlag.Alert, GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert) => "0x8F8B alert (CS09)",
        (GbcsCraFlag.Alert, GbcsMessageCode.FirmwareTransferAlert) => "CCS08 alert",
        (GbcsCraFlag.Alert, GbcsMessageCode.FutureDatedFirmwareActivationAlert) => "0x8F66/0x8F67 alert",
        (GbcsCraFlag.Alert, GbcsMessageCode.FutureDatedUpdateCredentialsAlert) => "0x00CB alert (CS02b)",
        (GbcsCraFlag.Alert, GbcsMessageCode.FirmwareDistributionReceiptAlertEsme or GbcsMessageCode.FirmwareDistributionReceiptAlertGsme) => "0x8F72 alert",
        (GbcsCraFlag.Response, _) when HubCredentialCalls.MessageCodeIsCs02(MessageCode) => "CS02 response",
        _ => "other GBCS message",
    };

    /// <inheritdoc />
    public override string ToString() => $"{Message} (code 0x{MessageCode:X4}) from {Originator:X16} refused: {Reason}";
}

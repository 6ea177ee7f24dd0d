using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Host.Csp;

/// <summary>
/// Reads a checked GBCS response or alert into the typed message <see cref="HubGbcsCalls"/> raises (CS08 and CS06
/// responses, CCS08 0x8F8A/0x8F89, 0x8F8B, 0x8F66/0x8F67 for CS06, CS02 responses and 0x00CB as they are). Its payload
/// decoders are allocated once. Single-threaded, on the session's thread.
/// </summary>
internal sealed class HubGbcsDecoder
{
    private readonly ReadFirmwareVersionResponse _cs08 = new();
    private readonly ActivateFirmwareResponse _cs06 = new();
    private readonly FirmwareTransferAlert _transfer = new();
    private readonly PpmidFirmwareActivationAlert _activation = new();
    private readonly ActivateFirmwareAlert _futureActivation = new();


    /// <summary>The typed message of <paramref name="envelope"/>, just checked, received at <paramref name="at"/>; the base record for one HanBench does not read or whose content does not decode.</summary>
    internal HubGbcsMessage Decode(GbcsEnvelope envelope, HanFrame frame, long at)
    {
        var header = new GbcsHeader(envelope.CraFlag, envelope.MessageCode, envelope.OriginatorCounter, envelope.OriginatorSystemTitle, envelope.RecipientSystemTitle);
        var content = new ByteReader(envelope.ContentBuffer, envelope.ContentOffset, envelope.ContentLength);
        switch (envelope.MessageCode)
        {
            case GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion when envelope.CraFlag == GbcsCraFlag.Response:
                return ReadFirmwareVersionResponse.TryDecode(content, _cs08) == GbcsPayloadStatus.Ok
                    ? new FirmwareVersionResponse(at, header, _cs08.ResponseCode, _cs08.FirmwareVersion)
                    : new HubGbcsMessage(at, header);
            case GbcsMessageCode.ActivateFirmware when envelope.CraFlag == GbcsCraFlag.Response:
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
                return HubCredentialCalls.IsCredentialResponse(envelope)
                    || (envelope.MessageCode == GbcsMessageCode.FutureDatedUpdateCredentialsAlert && envelope.CraFlag == GbcsCraFlag.Alert)
                    ? new CredentialResponse(at, header, frame.Payload.AsSpan(frame.PayloadOffset, frame.PayloadLength).ToArray())
                    : new HubGbcsMessage(at, header);
        }
    }

    private static DateTimeOffset? ToTime(GbcsTimestamp time) =>
        GbcsTimestamp.IsValid(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second) && time.Year < 9999
            ? new DateTimeOffset(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second, TimeSpan.Zero)
            : null;
}

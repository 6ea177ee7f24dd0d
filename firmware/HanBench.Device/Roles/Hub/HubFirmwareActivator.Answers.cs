using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>The CS06 answers: the response (or its acknowledgement), the 0x8F66/0x8F67 alert of a future-dated activation, and the answer owed across the restart into new firmware; all signed with the hub's DS key.</summary>
    public sealed partial class HubFirmwareActivator
    {
        private readonly GbcsOutbox _outbox = new GbcsOutbox();

        private readonly ActivateFirmwareResponse _response = new ActivateFirmwareResponse();
        private readonly ActivateFirmwareAlert _alert = new ActivateFirmwareAlert();

        private void SendOwedAnswer(long nowMs)
        {
            ISettingsStore settings = _hub.Context.Settings;
            if (settings.TryRead(AnswerKey, _record, 0, out int length) != StoreStatus.Ok)
            {
                return;
            }

            settings.Delete(AnswerKey);
            if (length != AnswerLength)
            {
                return;
            }

            byte kind = _record[0];
            ulong originator = ReadUInt64(_record, 1);
            ulong counter = ReadUInt64(_record, 9);
            uint seconds = ReadUInt32(_record, 17);
            Log(LogLevel.Info, "CS06: running version 0x" + RunningVersion.ToString("X8") + " after the restart; answering");
            if (kind == AnswerIsAlert)
            {
                SendAlert(nowMs, originator, counter, seconds, ActivateFirmwareResponseCode.Success, RunningVersion);
            }
            else
            {
                SendResponse(originator, counter, ActivateFirmwareResponseCode.Success, RunningVersion);
            }
        }

        private void SendResponse(ulong originator, ulong counter, ActivateFirmwareResponseCode code, uint version)
        {
            _response.IsAcknowledgement = false;
            _response.ResponseCode = code;
            _response.FirmwareVersion = version;
            _response.WriteTo(_outbox.BeginContent());

            // GBCS: a response carries the originator counter of the command it answers.
            SendSignedResponse(originator, counter);
        }

        private void SendAcknowledgement(ulong originator, ulong counter)
        {
            // RTDS 11.3 FUTURE_DATED / CANCELLATION responses: "Command Accepted" (05 00), the outcome comes later.
            _response.IsAcknowledgement = true;
            _response.WriteTo(_outbox.BeginContent());
            SendSignedResponse(originator, counter);
        }

        // RTDS 11.3 CS06 responses: the hub's date-time in the Grouping Header, signed with the hub's DS key, not MAC'd
        // (docs/GBCS-SECURITY.md §1).
        private void SendSignedResponse(ulong originator, ulong counter)
        {
            _outbox.SetDateTime(GbcsOutbox.TimeAt(_hub.Configuration.UtcSecondsAtClockZero, _hub.Context.Clock.NowMs));
            int length = _outbox.SealSigned(GbcsCraFlag.Response, counter, _hub.Eui64, originator, GbcsMessageCode.ActivateFirmware, _gbcsSecurity);
            if (length == 0)
            {
                Log(LogLevel.Error, "CS06 response not sent: no usable signing key");
                return;
            }

            _hub.SendGbcsToHost(_outbox.Buffer, length);
        }

        private void SendAlert(long nowMs, ulong originator, ulong commandCounter, uint executionSeconds, ActivateFirmwareResponseCode code, uint version)
        {
            if (!_hub.NextAlertCounter(out ulong alertCounter))
            {
                Log(LogLevel.Error, "CS06 alert: originator counter not stored; alert not sent");
                return;
            }

            _alert.AlertCode = code == ActivateFirmwareResponseCode.Success ? GbcsAlertCode.FutureDatedCommandActioned : GbcsAlertCode.FutureDatedCommandNotActioned;
            _alert.ExecutionDateTime = GbcsTimestamp.FromSecondsSince2000(executionSeconds);
            _alert.OriginatorCounter = commandCounter;
            _alert.ResponseCode = code;
            _alert.FirmwareVersion = version;
            _alert.WriteTo(_outbox.BeginContent());

            // RTDS 11.3 0x8F66/0x8F67: from the device to the supplier that sent the future-dated CS06, signed with the
            // device's DS key.
            int length = _outbox.SealSigned(GbcsCraFlag.Alert, alertCounter, _hub.Eui64, originator, GbcsMessageCode.FutureDatedFirmwareActivationAlert, _gbcsSecurity);
            if (length == 0)
            {
                Log(LogLevel.Error, "CS06 alert not sent: no usable signing key");
                return;
            }

            _hub.SendGbcsToHost(_outbox.Buffer, length);
        }
    }
}

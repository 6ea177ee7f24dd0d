using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>Activating a component's image after a good transfer, reported in alert 0x8F8B, and the restart into it.</summary>
    public partial class PpmidRole
    {
        private readonly PpmidFirmwareActivationAlert _activation = new PpmidFirmwareActivationAlert();

        /// <summary>
        /// The client's upgrade time has come for component <paramref name="index"/>: run <paramref name="fileVersion"/>
        /// from now on (the image under <paramref name="imageKey"/> is no longer needed), raise 0x8F8B and restart into it.
        /// If the new version cannot be recorded the old firmware keeps running and 0x8F8B reports failure.
        /// </summary>
        internal void ActivateComponent(int index, uint fileVersion, string? imageKey)
        {
            long nowMs = Context.Clock.NowMs;
            Context.Indicator.Show(IndicatorState.Activating);
            bool ok = SetVersion(index, fileVersion) == StoreStatus.Ok;
            if (imageKey != null)
            {
                Context.Images.Delete(imageKey);
            }

            FirmwareComponentId component = Configuration.Components[index].Component;
            uint running = GetVersion(index);
            RaiseActivationAlert(nowMs, running, ok);
            Log(ok ? LogLevel.Info : LogLevel.Error, "activation of " + FirmwareComponentNames.NameOf(component) + " version 0x" + fileVersion.ToString("X8") + (ok ? " done" : " failed"));
            if (ok)
            {
                Activations++;
            }

            ActivationHandler? handler = Activated;
            if (handler != null)
            {
                handler(component, running, ok);
            }

            if (ok)
            {
                BeginRestart(nowMs);
            }
        }

        private void RaiseActivationAlert(long nowMs, uint runningVersion, bool success)
        {
            if (!AlertCounter.TryNext(out ulong counter))
            {
                Log(LogLevel.Error, "0x8F8B: originator counter not stored; alert not sent");
                return;
            }

            _activation.Time = GbcsOutbox.TimeAt(Configuration.UtcSecondsAtClockZero, nowMs);
            _activation.FirmwareVersion = runningVersion;
            _activation.Result = success ? PpmidFirmwareActivationResult.Success : PpmidFirmwareActivationResult.Failure;
            _activation.WriteTo(Outbox.BeginContent());
            // docs/GBCS-SECURITY.md §3: 0x8F8B is signed with the device's DS key (RTDS NA_CS09), not MAC'd.
            int length = Outbox.SealSigned(GbcsCraFlag.Alert, counter, Eui64, Configuration.AcbSystemTitle, GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert, _gbcsSecurity);
            if (length == 0)
            {
                Log(LogLevel.Error, "0x8F8B: no usable signing key; alert not sent");
                return;
            }

            SendFrame(Upstream, HanFrameKind.Gbcs, 0, Configuration.HubEui, Outbox.Buffer, 0, length);
        }
    }
}

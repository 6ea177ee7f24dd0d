using HanBench.Device.Hal;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// The indicator of a board whose LED this build cannot drive: an addressable RGB LED (ESP32-S3, C3, C6 DevKits) needs
    /// the ESP32 RMT peripheral, whose nanoFramework package is not among the ones docs/PLATFORM.md pins. Each state change is
    /// logged instead, so the bench still sees it.
    /// </summary>
    internal sealed class LogIndicator : IIndicator
    {
        private readonly IDeviceLog _log;

        /// <summary>Logs state changes to <paramref name="log"/>.</summary>
        public LogIndicator(IDeviceLog log)
        {
            _log = log;
        }

        /// <inheritdoc />
        public IndicatorState State { get; private set; }

        /// <inheritdoc />
        public void Show(IndicatorState state)
        {
            if (state == State)
            {
                return;
            }

            State = state;
            _log.Write(state == IndicatorState.Error ? LogLevel.Error : LogLevel.Info, "indicator: " + Name(state));
        }

        private static string Name(IndicatorState state)
        {
            switch (state)
            {
                case IndicatorState.Off:
                    return "off";
                case IndicatorState.Idle:
                    return "idle";
                case IndicatorState.Transferring:
                    return "transferring";
                case IndicatorState.Activating:
                    return "activating";
                default:
                    return "error";
            }
        }
    }
}

using System.Diagnostics;
using HanBench.Device.Hal;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// The device log: <c>Debug.WriteLine</c> (CoreLibrary System/Diagnostics/Debug.cs; docs/PLATFORM.md: no Console), which the
    /// nanoCLR sends over the wire protocol on COM1 to an attached debugger (Visual Studio or VS Code with the
    /// nanoFramework extension). <c>Debug.WriteLine</c> is <c>[Conditional("DEBUG")]</c>, so the app's .nfproj defines DEBUG
    /// in every configuration. Each line: milliseconds since boot, level letter, message.
    /// </summary>
    internal sealed class DebugLog : IDeviceLog
    {
        private readonly IClock _clock;
        private readonly LogLevel _minimum;

        /// <summary>A log that keeps lines of <paramref name="minimum"/> and above.</summary>
        public DebugLog(IClock clock, LogLevel minimum)
        {
            _clock = clock;
            _minimum = minimum;
        }

        /// <inheritdoc />
        public bool IsEnabled(LogLevel level)
        {
            return level >= _minimum;
        }

        /// <inheritdoc />
        public void Write(LogLevel level, string message)
        {
            if (level < _minimum)
            {
                return;
            }

            Debug.WriteLine(_clock.NowMs.ToString() + " " + Letter(level) + " " + message);
        }

        private static string Letter(LogLevel level)
        {
            switch (level)
            {
                case LogLevel.Debug:
                    return "D";
                case LogLevel.Info:
                    return "I";
                case LogLevel.Warning:
                    return "W";
                default:
                    return "E";
            }
        }
    }
}

using nanoFramework.Runtime.Native;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// Board-wide services from nanoFramework.Runtime.Native: <c>Power.RebootDevice()</c> (Power.cs),
    /// <c>GC.Run(bool)</c>, which returns the free managed heap in bytes (GC.cs), and <c>SystemInfo.TargetName</c>
    /// (SystemInfo.cs), the nanoff target the firmware was built for.
    /// </summary>
    internal static class BoardPower
    {
        /// <summary>Restarts the board (the role starts again from its persistent state).</summary>
        public static void Reboot()
        {
            Power.RebootDevice();
        }

        /// <summary>Runs a collection and returns the free managed heap in bytes (for the start-up log).</summary>
        public static uint FreeHeapBytes()
        {
            return GC.Run(false);
        }

        /// <summary>The firmware's target name (ESP32_REV0, ESP32_C3, …).</summary>
        public static string TargetName()
        {
            return SystemInfo.TargetName;
        }
    }
}

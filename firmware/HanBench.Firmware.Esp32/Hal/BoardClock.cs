using HanBench.Device.Hal;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// The board's millisecond clock: <c>Environment.TickCount64</c>, milliseconds since the system started
    /// (nanoFramework.Runtime.Native, System/Environment.cs; added for nanoframework/Home#943, fixed in
    /// nanoframework/nf-interpreter#2244). Monotonic and allocation-free, unlike <c>DateTime.UtcNow</c>, which the RTC or
    /// SNTP may move, and needs no Stopwatch package.
    /// </summary>
    internal sealed class BoardClock : IClock
    {
        /// <inheritdoc />
        public long NowMs => System.Environment.TickCount64;
    }
}

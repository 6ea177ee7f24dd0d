using HanBench.Device.Hal;
using HanBench.Protocol.Han;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// A device role (Comms Hub, PPMID, Alt HAN bridge, meter traffic) as a synchronous state machine: it owns no thread,
    /// never sleeps and allocates nothing per frame (docs/ARCHITECTURE.md, "Device code"). Whoever runs it — the ESP32
    /// <c>Program.Main</c> loop, a virtual board in real time, or the bench under virtual time — calls, all on one thread:
    /// <list type="number">
    /// <item><see cref="Start"/> once, before anything else (restore state from the settings store, show the LED);</item>
    /// <item><see cref="OnFrame"/> for every frame a link receives;</item>
    /// <item><see cref="Tick"/> when the clock reaches <see cref="NextWakeMs"/> (possibly later, possibly more often);</item>
    /// </list>
    /// and reads <see cref="NextWakeMs"/> again after each call.
    /// </summary>
    public interface IDeviceRole
    {
        /// <summary>Called once when the device boots (also after a simulated restart).</summary>
        void Start(long nowMs);

        /// <summary>
        /// A frame arrived on <paramref name="link"/> (reply on the same link). The frame and its payload buffer belong to the
        /// caller and are valid only during the call: copy whatever is kept.
        /// </summary>
        void OnFrame(IFrameLink link, HanFrame frame);

        /// <summary>Time has passed: run timers (retries, block pacing, activation). Must tolerate being called early.</summary>
        void Tick(long nowMs);

        /// <summary>When the role next needs <see cref="Tick"/>, in the clock's milliseconds; <see cref="WakeTime.Never"/> if not until a frame arrives.</summary>
        long NextWakeMs { get; }
    }
}

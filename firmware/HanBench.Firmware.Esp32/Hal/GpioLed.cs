using System.Device.Gpio;
using System.Threading;
using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Roles;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// A plain status LED on a GPIO, blinking the <see cref="LedPatterns"/> of the state shown. A one-shot
    /// <c>System.Threading.Timer</c> (CoreLibrary System/Threading/Timer.cs: <c>Timer(TimerCallback, object, int, int)</c>,
    /// <c>Change(int, int)</c>, <c>Timeout.Infinite</c>) wakes at each change the <see cref="LedPatternPlayer"/> computes, so
    /// the role's thread never waits on the LED. The pin: <c>GpioController.OpenPin(int, PinMode.Output)</c> and
    /// <c>GpioPin.Write(PinValue)</c> (nanoframework/System.Device.Gpio GpioController.cs, GpioPin.cs, PinValue.cs).
    /// </summary>
    internal sealed class GpioLed : IIndicator
    {
        private const int MinDelayMs = 1;

        private readonly object _sync = new object();
        private readonly GpioPin _pin;
        private readonly bool _activeHigh;
        private readonly IClock _clock;
        private readonly LedPatternPlayer _player = new LedPatternPlayer();
        private readonly Timer _timer;

        /// <summary>Opens <paramref name="gpio"/> as an output, dark.</summary>
        public GpioLed(GpioController controller, int gpio, bool activeHigh, IClock clock)
        {
            _activeHigh = activeHigh;
            _clock = clock;
            _pin = controller.OpenPin(gpio, PinMode.Output);
            Drive(false);
            _timer = new Timer(OnTimer, null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <inheritdoc />
        public IndicatorState State
        {
            get
            {
                lock (_sync)
                {
                    return _player.State;
                }
            }
        }

        /// <inheritdoc />
        public void Show(IndicatorState state)
        {
            lock (_sync)
            {
                if (_player.Show(state, _clock.NowMs))
                {
                    Update();
                }
            }
        }

        private void OnTimer(object? state)
        {
            lock (_sync)
            {
                Update();
            }
        }

        // Called under _sync.
        private void Update()
        {
            long now = _clock.NowMs;
            Drive(_player.IsLitAt(now));
            long next = _player.NextChangeMs(now);
            if (next == WakeTime.Never)
            {
                _timer.Change(Timeout.Infinite, Timeout.Infinite);
                return;
            }

            long delay = next - now;
            _timer.Change(delay < MinDelayMs ? MinDelayMs : (int)delay, Timeout.Infinite);
        }

        private void Drive(bool lit)
        {
            _pin.Write(lit == _activeHigh ? PinValue.High : PinValue.Low);
        }
    }
}

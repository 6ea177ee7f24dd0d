using System.Device.Gpio;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// The user button, polled: <c>GpioController.OpenPin(int, PinMode)</c> with <c>PinMode.InputPullUp</c> for an
    /// active-low button (boards/README.md: "input with pull-up when activeLow"), and <c>GpioPin.Read()</c> compared with
    /// <c>PinValue.Low</c>/<c>High</c> (nanoframework/System.Device.Gpio GpioController.cs, GpioPin.cs, PinMode.cs,
    /// PinValue.cs). Polling every 50 ms from the run loop feeds <see cref="HanBench.Device.Configuration.ButtonHoldDetector"/>,
    /// which debounces.
    /// </summary>
    internal sealed class GpioButton : IUserButton
    {
        private readonly GpioPin _pin;
        private readonly bool _activeLow;

        /// <summary>Opens <paramref name="gpio"/> as an input.</summary>
        public GpioButton(GpioController controller, int gpio, bool activeLow)
        {
            _activeLow = activeLow;
            _pin = controller.OpenPin(gpio, activeLow ? PinMode.InputPullUp : PinMode.Input);
        }

        /// <inheritdoc />
        public bool IsPressed => (_pin.Read() == PinValue.Low) == _activeLow;
    }
}

// Signatures from nanoframework/System.Device.Gpio, System.Device.Gpio/GpioController.cs, GpioPin.cs, PinMode.cs,
// PinValue.cs (a readonly struct since 2020: nanoframework/nf-interpreter#1745 "accessing the value field on PinValue").
namespace System.Device.Gpio
{
    public sealed class GpioController
    {
        public GpioController()
        {
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode) => new GpioPin();
    }

    public sealed class GpioPin
    {
        internal GpioPin()
        {
        }

        public PinValue Read() => PinValue.Low;

        public void Write(PinValue value)
        {
        }
    }

    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

#pragma warning disable CS0660, CS0661 // the real struct overrides Equals/GetHashCode; the HAL does not call them
    public readonly struct PinValue
    {
        private readonly byte _value;

        private PinValue(byte value) => _value = value;

        public static PinValue High => new PinValue(1);

        public static PinValue Low => new PinValue(0);

        public static bool operator ==(PinValue a, PinValue b) => a._value == b._value;

        public static bool operator !=(PinValue a, PinValue b) => a._value != b._value;
    }
#pragma warning restore CS0660, CS0661
}

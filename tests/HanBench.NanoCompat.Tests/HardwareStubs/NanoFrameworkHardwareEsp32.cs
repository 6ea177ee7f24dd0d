// Signatures from nanoframework/nanoFramework.Hardware.Esp32, nanoFramework.Hardware.Esp32/Configuration.cs and
// DeviceTypePins.cs (DeviceFunction = DeviceTypes.SERIAL (3 * 0x10000) + n * 0x100 + 0 for TX, + 1 for RX).
namespace nanoFramework.Hardware.Esp32
{
    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value)
        {
        }
    }

    public enum DeviceFunction
    {
        COM2_TX = 0x30200,
        COM2_RX = 0x30201,
        COM3_TX = 0x30300,
        COM3_RX = 0x30301,
    }
}

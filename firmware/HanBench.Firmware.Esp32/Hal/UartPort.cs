using System;
using System.IO.Ports;
using System.Threading;
using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Firmware.Esp32.Glue;
using nanoFramework.Hardware.Esp32;

namespace HanBench.Firmware.Esp32.Hal
{
    /// <summary>
    /// One link's UART: COM2 or COM3 with its TX/RX pins routed from the role configuration, 8N1, no handshake
    /// (boards/README.md). Receiving is signalled, not done, here: <c>DataReceived</c> runs on the nanoCLR's event thread
    /// and only sets the run loop's event; the run loop reads what <c>BytesToRead</c> reports, so decoding and every role
    /// call stay on one thread (IDeviceRole's contract).
    /// <para>
    /// nanoFramework APIs (tests/HanBench.NanoCompat.Tests/nanoframework-hardware-api.txt cites each):
    /// <c>Configuration.SetPinFunction(int, DeviceFunction)</c> with <c>DeviceFunction.COM2_TX/COM2_RX/COM3_TX/COM3_RX</c>
    /// (nanoFramework.Hardware.Esp32 Configuration.cs, DeviceTypePins.cs), called before the port is created as the
    /// SerialCommunication sample requires; <c>new SerialPort(string, int, Parity, int, StopBits)</c>, <c>Handshake</c>,
    /// <c>DataReceived</c>, <c>Open</c>, <c>BytesToRead</c>, <c>Read(byte[], int, int)</c>, <c>Write(byte[], int, int)</c>
    /// (nanoframework/System.IO.Ports SerialPort.cs).
    /// </para>
    /// </summary>
    internal sealed class UartPort : IBytePort
    {
        private const int DataBits = 8;

        private readonly SerialPort _port;
        private readonly AutoResetEvent _dataReady;

        private UartPort(string name, SerialPort port, AutoResetEvent dataReady)
        {
            Name = name;
            _port = port;
            _dataReady = dataReady;
        }

        /// <inheritdoc />
        public string Name { get; }

        /// <summary>
        /// Routes the pins and opens the port of <paramref name="link"/>; <paramref name="dataReady"/> is set whenever bytes
        /// arrive. Null (with the reason logged) when the port cannot be opened.
        /// </summary>
        public static UartPort? TryOpen(LinkConfig link, AutoResetEvent dataReady, IDeviceLog log)
        {
            DeviceFunction tx;
            DeviceFunction rx;
            if (link.Port == "COM2")
            {
                tx = DeviceFunction.COM2_TX;
                rx = DeviceFunction.COM2_RX;
            }
            else if (link.Port == "COM3")
            {
                tx = DeviceFunction.COM3_TX;
                rx = DeviceFunction.COM3_RX;
            }
            else
            {
                log.Write(LogLevel.Error, "link " + link.Name + ": " + link.Port + " is not COM2 or COM3");
                return null;
            }

            try
            {
                Configuration.SetPinFunction(link.TxPin, tx);
                Configuration.SetPinFunction(link.RxPin, rx);
                SerialPort port = new SerialPort(link.Port, link.BaudRate, Parity.None, DataBits, StopBits.One);
                port.Handshake = Handshake.None;
                UartPort uart = new UartPort(link.Name, port, dataReady);
                port.DataReceived += uart.OnDataReceived;
                port.Open();
                return uart;
            }
            catch (Exception e)
            {
                // SerialPort throws ArgumentException for a port already in use and IOException for one that cannot open.
                log.Write(LogLevel.Error, "link " + link.Name + ": cannot open " + link.Port + ": " + e.Message);
                return null;
            }
        }

        /// <inheritdoc />
        public int ReadAvailable(byte[] buffer, int offset, int count)
        {
            try
            {
                int available = _port.BytesToRead;
                if (available <= 0)
                {
                    return 0;
                }

                // Asking for no more than is buffered keeps Read from waiting for its timeout.
                return _port.Read(buffer, offset, available < count ? available : count);
            }
            catch (Exception)
            {
                return 0;
            }
        }

        /// <inheritdoc />
        public bool Write(byte[] buffer, int offset, int count)
        {
            try
            {
                _port.Write(buffer, offset, count);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            _dataReady.Set();
        }
    }
}

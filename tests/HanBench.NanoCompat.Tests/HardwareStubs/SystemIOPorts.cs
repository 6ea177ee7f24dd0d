// Signatures from nanoframework/System.IO.Ports, System.IO.Ports/SerialPort.cs, Parity.cs, StopBits.cs, Handshake.cs,
// SerialDataReceivedEventHandler.cs, SerialDataReceivedEventArgs.cs.
namespace System.IO.Ports
{
    public sealed class SerialPort
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
        }

        public event SerialDataReceivedEventHandler DataReceived
        {
            add
            {
            }

            remove
            {
            }
        }

        public Handshake Handshake { get; set; }

        public int BytesToRead => 0;

        public void Open()
        {
        }

        public int Read(byte[] buffer, int offset, int count) => 0;

        public void Write(byte[] buffer, int offset, int count)
        {
        }
    }

    public enum Parity
    {
        None = 0,
        Odd = 1,
        Even = 2,
    }

    public enum StopBits
    {
        One = 1,
        Two = 2,
        OnePointFive = 3,
    }

    public enum Handshake
    {
        None,
        XOnXOff,
        RequestToSend,
        RequestToSendXOnXOff,
    }

    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);

    public class SerialDataReceivedEventArgs : EventArgs
    {
        internal SerialDataReceivedEventArgs()
        {
        }
    }
}

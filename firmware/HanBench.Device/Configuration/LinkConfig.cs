namespace HanBench.Device.Configuration
{
    /// <summary>
    /// One byte link of the role on a board UART (boards/README.md, role configuration <c>links</c>): route <see cref="TxPin"/>
    /// and <see cref="RxPin"/> to <see cref="Port"/>, then open it at <see cref="BaudRate"/>, 8N1, no handshake.
    /// </summary>
    public sealed class LinkConfig
    {
        /// <summary>Creates a link description.</summary>
        public LinkConfig(string name, string port, int txPin, int rxPin, int baudRate)
        {
            Name = name;
            Port = port;
            TxPin = txPin;
            RxPin = rxPin;
            BaudRate = baudRate;
        }

        /// <summary><c>wan</c>, <c>han</c> or <c>althan</c>.</summary>
        public string Name { get; }

        /// <summary>nanoFramework COM name, <c>COM2</c> or <c>COM3</c> (COM1 carries the debugger on ESP32).</summary>
        public string Port { get; }

        /// <summary>GPIO routed to the port's TX.</summary>
        public int TxPin { get; }

        /// <summary>GPIO routed to the port's RX.</summary>
        public int RxPin { get; }

        /// <summary>Bits per second.</summary>
        public int BaudRate { get; }
    }
}

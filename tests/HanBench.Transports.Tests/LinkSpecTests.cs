namespace HanBench.Transports.Tests;

[TestClass]
public sealed class LinkSpecTests
{
    [TestMethod]
    [DataRow("serial:/dev/ttyUSB0@921600", "/dev/ttyUSB0", 921600, "serial:/dev/ttyUSB0@921600")]
    [DataRow("serial:/dev/ttyACM1", "/dev/ttyACM1", 115200, "serial:/dev/ttyACM1@115200")]
    [DataRow("serial:COM3@1500000", "COM3", 1500000, "serial:COM3@1500000")]
    [DataRow("serial:/dev/serial/by-id/usb-Silicon_Labs_CP2102@1-port0@9600", "/dev/serial/by-id/usb-Silicon_Labs_CP2102@1-port0", 9600, "serial:/dev/serial/by-id/usb-Silicon_Labs_CP2102@1-port0@9600")]
    public void Parse_Serial_PathBaudAndCanonicalText(string text, string path, int baud, string canonical)
    {
        LinkSpec spec = LinkSpec.Parse(text);
        Assert.AreEqual(LinkKind.Serial, spec.Kind);
        Assert.AreEqual(path, spec.Path);
        Assert.AreEqual(baud, spec.BaudRate);
        Assert.AreEqual(canonical, spec.ToString());
    }

    [TestMethod]
    [DataRow("tcp:localhost:5000", "localhost", 5000, "tcp:localhost:5000")]
    [DataRow("tcp:127.0.0.1:65535", "127.0.0.1", 65535, "tcp:127.0.0.1:65535")]
    [DataRow("tcp:[::1]:7", "::1", 7, "tcp:[::1]:7")]
    public void Parse_Tcp_HostAndPort(string text, string host, int port, string canonical)
    {
        LinkSpec spec = LinkSpec.Parse(text);
        Assert.AreEqual(LinkKind.TcpClient, spec.Kind);
        Assert.AreEqual(host, spec.Host);
        Assert.AreEqual(port, spec.Port);
        Assert.AreEqual(canonical, spec.ToString());
    }

    [TestMethod]
    [DataRow("listen:5000", "127.0.0.1", 5000)]
    [DataRow("listen:0", "127.0.0.1", 0)]
    [DataRow("listen:0.0.0.0:5001", "0.0.0.0", 5001)]
    [DataRow("listen:[::1]:5002", "::1", 5002)]
    public void Parse_Listen_LoopbackUnlessHostGiven(string text, string host, int port)
    {
        LinkSpec spec = LinkSpec.Parse(text);
        Assert.AreEqual(LinkKind.TcpListener, spec.Kind);
        Assert.AreEqual(host, spec.Host);
        Assert.AreEqual(port, spec.Port);
    }

    [TestMethod]
    [DataRow("", "link spec is empty")]
    [DataRow("/dev/ttyUSB0", "link spec '/dev/ttyUSB0' has no kind")]
    [DataRow("usb:/dev/ttyUSB0", "unknown kind 'usb'")]
    [DataRow("serial:", "names no serial port")]
    [DataRow("serial:@9600", "names no serial port")]
    [DataRow("serial:/dev/ttyUSB0@", "baud rate '' is not a whole number")]
    [DataRow("serial:/dev/ttyUSB0@fast", "baud rate 'fast' is not a whole number")]
    [DataRow("serial:/dev/ttyUSB0@9601", "9601 is not a supported baud rate")]
    [DataRow("serial:/dev/ttyUSB0@-9600", "baud rate '-9600' is not a whole number")]
    [DataRow("tcp:localhost", "has no port: expected HOST:PORT")]
    [DataRow("tcp::5000", "has no host")]
    [DataRow("tcp:localhost:", "has no port")]
    [DataRow("tcp:localhost:http", "port 'http' is not a number from 0 to 65535")]
    [DataRow("tcp:localhost:65536", "port '65536' is not a number from 0 to 65535")]
    [DataRow("tcp:localhost:0", "port 0 cannot be connected to")]
    [DataRow("tcp:::1:5000", "an IPv6 host must be written in brackets")]
    [DataRow("tcp:[::1]5000", "an IPv6 host must be written [ADDRESS]:PORT")]
    [DataRow("listen:", "has no port")]
    [DataRow("listen:x", "port 'x' is not a number")]
    public void TryParse_Bad_ErrorSaysWhatIsWrong(string text, string expected)
    {
        bool ok = LinkSpec.TryParse(text, out LinkSpec? spec, out string? error);
        Assert.IsFalse(ok, $"'{text}' parsed as {spec}");
        Assert.IsNull(spec);
        StringAssert.Contains(error, expected);
    }

    [TestMethod]
    public void Parse_Bad_ThrowsFormatExceptionWithTheSameMessage()
    {
        FormatException ex = Assert.ThrowsExactly<FormatException>(() => LinkSpec.Parse("tcp:host:99999"));
        StringAssert.Contains(ex.Message, "tcp:host:99999");
        StringAssert.Contains(ex.Message, "port '99999'");
    }
}

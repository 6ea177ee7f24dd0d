using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using HanBench.Transports.Serial;

namespace HanBench.Transports;

/// <summary>
/// A link named in one string, as the CLI and bench files take it:
/// <c>serial:PATH[@baud][,pace]</c>, <c>tcp:HOST:PORT</c>, <c>listen:PORT</c> or <c>listen:HOST:PORT</c>.
/// IPv6 hosts go in brackets (<c>tcp:[::1]:5000</c>). <c>,pace</c> paces writes to the baud rate
/// (<see cref="PacedLink"/>): a pty or socat pair otherwise ignores it and moves bytes at memory speed. A listener binds to loopback unless a host is given
/// (HanBench choice: a bench link is never exposed to the network by accident).
/// </summary>
public sealed class LinkSpec
{
    /// <summary>Baud rate used when a serial spec names none: the ESP32 ROM loader's and most adapters' default.</summary>
    public const int DefaultBaudRate = 115200;

    /// <summary>The suffix of a serial spec whose writes are paced to its baud rate.</summary>
    public const string PaceSuffix = ",pace";

    private LinkSpec(LinkKind kind, string text, string? path, int baudRate, string? host, int port, bool paced = false)
    {
        Paced = paced;
        Kind = kind;
        Text = text;
        Path = path;
        BaudRate = baudRate;
        Host = host;
        Port = port;
    }

    /// <summary>Which kind of link.</summary>
    public LinkKind Kind { get; }

    /// <summary>The spec in canonical form (<c>serial:/dev/ttyUSB0@115200</c>).</summary>
    public string Text { get; }

    /// <summary>Serial: the device path or COM name; otherwise null.</summary>
    public string? Path { get; }

    /// <summary>Serial: whether writes are paced to <see cref="BaudRate"/> (<see cref="PacedLink"/>).</summary>
    public bool Paced { get; }

    /// <summary>This spec with writes paced to its baud rate (serial only; any other kind is returned as it is).</summary>
    public LinkSpec WithPacing() => Kind != LinkKind.Serial || Paced
        ? this
        : new LinkSpec(Kind, Text + PaceSuffix, Path, BaudRate, Host, Port, paced: true);

    /// <summary>Serial: the baud rate (default <see cref="DefaultBaudRate"/>); otherwise 0.</summary>
    public int BaudRate { get; }

    /// <summary>TCP: the host to connect to or bind to (listeners: <c>127.0.0.1</c> by default); otherwise null.</summary>
    public string? Host { get; }

    /// <summary>TCP: the port (a listener may use 0 for "any free port").</summary>
    public int Port { get; }

    /// <summary>A serial spec for <paramref name="path"/> at <paramref name="baudRate"/>.</summary>
    public static LinkSpec ForSerial(string path, int baudRate = DefaultBaudRate) => Parse($"serial:{path}@{baudRate.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Parses a spec; throws <see cref="FormatException"/> whose message says exactly what is wrong.</summary>
    public static LinkSpec Parse(string text)
    {
        if (!TryParse(text, out LinkSpec? spec, out string? error))
        {
            throw new FormatException(error);
        }

        return spec;
    }

    /// <summary>Parses a spec; on failure <paramref name="error"/> says what is wrong and names the input.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out LinkSpec? spec, [NotNullWhen(false)] out string? error)
    {
        spec = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "link spec is empty: expected serial:PATH[@baud], tcp:HOST:PORT or listen:PORT";
            return false;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"link spec '{text}' has no kind: expected serial:PATH[@baud], tcp:HOST:PORT or listen:PORT";
            return false;
        }

        string kind = text[..colon];
        string rest = text[(colon + 1)..];
        switch (kind)
        {
            case "serial":
                return TryParseSerial(text, rest, out spec, out error);
            case "tcp":
                return TryParseTcp(text, rest, out spec, out error);
            case "listen":
                return TryParseListen(text, rest, out spec, out error);
            default:
                error = $"link spec '{text}' has unknown kind '{kind}': expected serial, tcp or listen";
                return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static bool TryParseSerial(string text, string rest, out LinkSpec? spec, out string? error)
    {
        spec = null;
        bool paced = rest.EndsWith(PaceSuffix, StringComparison.Ordinal);
        if (paced)
        {
            rest = rest[..^PaceSuffix.Length];
        }

        string path = rest;
        int baud = DefaultBaudRate;
        int at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            path = rest[..at];
            string baudText = rest[(at + 1)..];
            if (baudText.Length == 0 || !baudText.All(char.IsAsciiDigit) || !int.TryParse(baudText, NumberStyles.None, CultureInfo.InvariantCulture, out baud))
            {
                error = $"link spec '{text}': baud rate '{baudText}' is not a whole number";
                return false;
            }

            if (!SerialBaudRates.IsStandard(baud))
            {
                error = $"link spec '{text}': {baud} is not a supported baud rate (one of {SerialBaudRates.Describe()})";
                return false;
            }
        }

        if (path.Length == 0)
        {
            error = $"link spec '{text}' names no serial port: expected serial:PATH[@baud], e.g. serial:/dev/ttyUSB0@115200 or serial:COM3";
            return false;
        }

        spec = new LinkSpec(LinkKind.Serial, $"serial:{path}@{baud.ToString(CultureInfo.InvariantCulture)}{(paced ? PaceSuffix : string.Empty)}", path, baud, null, 0, paced);
        error = null;
        return true;
    }

    private static bool TryParseTcp(string text, string rest, out LinkSpec? spec, out string? error)
    {
        spec = null;
        if (!TrySplitHostPort(text, rest, requireHost: true, out string? host, out int port, out error))
        {
            return false;
        }

        if (port == 0)
        {
            error = $"link spec '{text}': port 0 cannot be connected to (1–65535)";
            return false;
        }

        spec = new LinkSpec(LinkKind.TcpClient, $"tcp:{FormatHost(host!)}:{port.ToString(CultureInfo.InvariantCulture)}", null, 0, host, port);
        return true;
    }

    private static bool TryParseListen(string text, string rest, out LinkSpec? spec, out string? error)
    {
        spec = null;
        bool hasHost = rest.StartsWith('[') || rest.Contains(':', StringComparison.Ordinal);
        string? host = "127.0.0.1";
        int port;
        if (hasHost)
        {
            if (!TrySplitHostPort(text, rest, requireHost: true, out host, out port, out error))
            {
                return false;
            }
        }
        else if (!TryParsePort(text, rest, out port, out error))
        {
            return false;
        }

        spec = new LinkSpec(LinkKind.TcpListener, $"listen:{FormatHost(host!)}:{port.ToString(CultureInfo.InvariantCulture)}", null, 0, host, port);
        error = null;
        return true;
    }

    private static bool TrySplitHostPort(string text, string rest, bool requireHost, out string? host, out int port, out string? error)
    {
        host = null;
        port = 0;
        int portColon;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
            {
                error = $"link spec '{text}': an IPv6 host must be written [ADDRESS]:PORT";
                return false;
            }

            host = rest[1..close];
            portColon = close + 1;
        }
        else
        {
            portColon = rest.LastIndexOf(':');
            if (portColon < 0)
            {
                error = $"link spec '{text}' has no port: expected HOST:PORT";
                return false;
            }

            host = rest[..portColon];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                error = $"link spec '{text}': an IPv6 host must be written in brackets, e.g. [::1]:5000";
                return false;
            }
        }

        if (requireHost && host.Length == 0)
        {
            error = $"link spec '{text}' has no host: expected HOST:PORT";
            return false;
        }

        return TryParsePort(text, rest[(portColon + 1)..], out port, out error);
    }

    private static bool TryParsePort(string text, string portText, out int port, out string? error)
    {
        port = 0;
        if (portText.Length == 0)
        {
            error = $"link spec '{text}' has no port";
            return false;
        }

        if (!portText.All(char.IsAsciiDigit) || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
        {
            error = $"link spec '{text}': port '{portText}' is not a number from 0 to 65535";
            port = 0;
            return false;
        }

        error = null;
        return true;
    }

    private static string FormatHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
}

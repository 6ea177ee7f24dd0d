using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace HanBench.Host.Serve;

/// <summary>
/// Parses the address <c>hanbench serve --duis</c> binds to and holds it to loopback: the DUIS endpoint takes
/// requests that change the inventory and the SSI shows it without a login, so HanBench never exposes them beyond the machine.
/// An IPv4-mapped IPv6 loopback address (<c>[::ffff:127.0.0.1]</c>) counts as loopback: it is the IPv4 loopback
/// address written in IPv6 form (RFC 4291 §2.5.5.2), its packets never leave the host, and it is bound as its IPv4
/// form (<see cref="HanBench.Transports.Tcp.ListenAddress"/>).
/// </summary>
public static class LoopbackEndpoint
{
    /// <summary>Whether <paramref name="address"/> is loopback: 127.0.0.0/8, ::1, or 127.0.0.0/8 mapped into IPv6.</summary>
    public static bool IsLoopback(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.IsLoopback(HanBench.Transports.Tcp.ListenAddress.Bindable(address));
    }

    /// <summary>The endpoint a socket can listen on: an IPv4-mapped address as its IPv4 form, anything else as it is.</summary>
    public static IPEndPoint Bindable(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new IPEndPoint(HanBench.Transports.Tcp.ListenAddress.Bindable(endpoint.Address), endpoint.Port);
    }

    /// <summary>
    /// Parses <c>127.0.0.1:8079</c>, <c>[::1]:8079</c> or <c>localhost:8079</c> (port 0: any free port). False with a
    /// one-line problem for anything else — a missing or bad port, a host name, or an address that is not loopback.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? problem)
    {
        endpoint = null;
        string value = text?.Trim() ?? string.Empty;
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            problem = $"'{value}' is not HOST:PORT (e.g. 127.0.0.1:8079)";
            return false;
        }

        string host = value[..colon];
        string portText = value[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > IPEndPoint.MaxPort)
        {
            problem = $"port '{portText}' is not a number from 0 to {IPEndPoint.MaxPort}";
            return false;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        IPAddress? address = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out IPAddress? parsed) ? parsed
            : null;
        if (address is null)
        {
            problem = $"'{host}' is not an IP address; the DUIS endpoint binds to loopback only (127.0.0.1, ::1 or localhost)";
            return false;
        }

        if (!IsLoopback(address))
        {
            problem = $"refusing to bind the DUIS endpoint to {address}: it is not a loopback address, and HanBench serves DUIS on this machine only (use 127.0.0.1 or ::1)";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        problem = null;
        return true;
    }
}

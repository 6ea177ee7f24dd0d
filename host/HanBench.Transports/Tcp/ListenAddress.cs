using System.Net;

namespace HanBench.Transports.Tcp;

/// <summary>The address a listening socket can bind for one the user wrote.</summary>
public static class ListenAddress
{
    /// <summary>
    /// An IPv4-mapped IPv6 address (<c>::ffff:127.0.0.1</c>, RFC 4291 §2.5.5.2) as its IPv4 form, anything else as it is:
    /// a socket cannot listen on a mapped address (EINVAL) unless it is a dual-mode socket on the IPv6 wildcard, and the
    /// IPv4 form reaches exactly the same peers.
    /// </summary>
    public static IPAddress Bindable(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}

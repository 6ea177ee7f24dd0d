using HanBench.Transports.Serial;
using HanBench.Transports.Tcp;

namespace HanBench.Transports;

/// <summary>Opens the link a <see cref="LinkSpec"/> names.</summary>
public static class LinkFactory
{
    /// <summary>
    /// Opens <paramref name="spec"/>: a serial port is opened at once; a TCP client connects; a listener binds
    /// and returns without waiting for a peer (its first read waits).
    /// </summary>
    public static async Task<IByteStreamLink> OpenAsync(LinkSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            LinkKind.Serial when spec.Paced => new PacedLink(SerialPortLink.Open(spec.Path!, spec.BaudRate), spec.BaudRate),
            LinkKind.Serial => SerialPortLink.Open(spec.Path!, spec.BaudRate),
            LinkKind.TcpClient => await TcpClientLink.ConnectAsync(spec.Host!, spec.Port, cancellationToken).ConfigureAwait(false),
            LinkKind.TcpListener => TcpListenerLink.Start(spec.Port, spec.Host!),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown link kind"),
        };
    }

    /// <summary>Parses <paramref name="specText"/> and opens it.</summary>
    public static Task<IByteStreamLink> OpenAsync(string specText, CancellationToken cancellationToken = default) => OpenAsync(LinkSpec.Parse(specText), cancellationToken);
}

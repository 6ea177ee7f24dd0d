using HanBench.Transports;
using HanBench.Transports.Tcp;

namespace HanBench.Device.Desktop.Links;

/// <summary>
/// How a <see cref="ByteStreamPump"/> gets its byte stream, first and again after the peer went away: reopen a serial
/// port (unplugged and plugged back in), reconnect a TCP client, or keep a TCP listener, which accepts the next peer by
/// itself. A link the connector opens is disposed by the pump; a link handed in with <see cref="ForLink"/> stays the
/// caller's.
/// </summary>
public sealed class LinkConnector
{
    private readonly Func<CancellationToken, Task<IByteStreamLink>> _open;

    private LinkConnector(string name, Func<CancellationToken, Task<IByteStreamLink>> open, bool ownsLinks, bool keepsLink)
    {
        Name = name;
        _open = open;
        OwnsLinks = ownsLinks;
        KeepsLinkAfterPeerGone = keepsLink;
    }

    /// <summary>For logs: the link spec or the given link's name.</summary>
    public string Name { get; }

    /// <summary>Whether the pump disposes the links this connector opens.</summary>
    public bool OwnsLinks { get; }

    /// <summary>
    /// Whether a link whose read returned 0 (peer gone) is read again rather than reopened: a TCP listener accepts the
    /// next peer on its next read.
    /// </summary>
    public bool KeepsLinkAfterPeerGone { get; }

    /// <summary>
    /// Whether the pump may ask for a link again after one is gone. False for <see cref="ForLink"/>: an in-memory end
    /// or a pty master cannot come back, so the pump stops.
    /// </summary>
    public bool CanReopen { get; private init; } = true;

    /// <summary>
    /// How long the pump keeps trying to open the first link before it gives up (its <see cref="ByteStreamPump.Completion"/>
    /// faults naming the link); null: for ever. Once a link was open, a lost one is reopened for ever (a replugged
    /// adapter, a restarted peer). Issue 13: a TCP peer that never listens used to be retried for ever.
    /// </summary>
    public TimeSpan? GiveUpAfter { get; private init; }

    /// <summary>
    /// Opens what <paramref name="spec"/> names, again after every disconnect. A listener is bound here, at once (throws
    /// <see cref="LinkClosedException"/> when it cannot listen), and re-accepts; its name carries the port actually bound.
    /// A serial port or TCP peer that cannot be opened at all within <paramref name="giveUpAfter"/> (null: for ever) stops
    /// the pump (<see cref="GiveUpAfter"/>).
    /// </summary>
    public static LinkConnector ForSpec(LinkSpec spec, TimeSpan? giveUpAfter = null)
    {
        if (giveUpAfter is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero);
        }

        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind == LinkKind.TcpListener)
        {
            // Bound now and once: a port already taken is reported at once, and the port (also an ephemeral port 0,
            // which the name then shows) stays the same for every peer that comes and goes.
            TcpListenerLink listener = TcpListenerLink.Start(spec.Port, spec.Host!);
            return new LinkConnector(listener.Name, _ => Task.FromResult<IByteStreamLink>(listener), ownsLinks: true, keepsLink: true);
        }

        return new LinkConnector(spec.Text, ct => LinkFactory.OpenAsync(spec, ct), ownsLinks: true, keepsLink: false) { GiveUpAfter = giveUpAfter };
    }

    /// <summary>
    /// Uses <paramref name="link"/>, which the caller keeps and disposes. A listener link is read again after its peer
    /// goes; any other link ends the pump when its peer goes.
    /// </summary>
    public static LinkConnector ForLink(IByteStreamLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        bool listener = link is TcpListenerLink;
        return new LinkConnector(link.Name, _ => Task.FromResult(link), ownsLinks: false, keepsLink: listener) { CanReopen = listener };
    }

    /// <summary>Calls <paramref name="open"/> for the first link and after every disconnect; the pump disposes each link.</summary>
    public static LinkConnector FromFactory(string name, Func<CancellationToken, Task<IByteStreamLink>> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(open);
        return new LinkConnector(name, open, ownsLinks: true, keepsLink: false);
    }

    /// <summary>Opens (or returns the kept) link.</summary>
    public Task<IByteStreamLink> OpenAsync(CancellationToken cancellationToken) => _open(cancellationToken);
}

using System.Net;
using System.Net.Sockets;

namespace HanBench.Transports.Tcp;

/// <summary>
/// <c>listen:[HOST:]PORT</c>: waits for one peer, serves it, and when it disconnects waits for the next.
/// A read with no peer waits for one to connect; when the peer goes, that read returns 0 and the next read
/// accepts again. A write with no peer throws <see cref="LinkClosedException"/> (call
/// <see cref="WaitForPeerAsync"/> first to block until one is there). Further clients queue in the backlog
/// until the current peer leaves.
/// </summary>
public sealed class TcpListenerLink : IByteStreamLink
{
    private readonly Socket _listener;
    private readonly object _gate = new();
    private readonly CancellationTokenSource _disposing = new();
    private TcpClientLink? _peer;
    private Task<TcpClientLink>? _accepting;
    private int _disposed;

    private TcpListenerLink(Socket listener, string host)
    {
        _listener = listener;
        LocalPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Name = $"listen:{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{LocalPort}";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The port actually bound (useful when started with port 0).</summary>
    public int LocalPort { get; }

    /// <inheritdoc />
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _peer is { IsConnected: true };
            }
        }
    }

    /// <summary>Binds and listens on <paramref name="host"/>:<paramref name="port"/> (loopback by default; port 0 = any free port).</summary>
    public static TcpListenerLink Start(int port, string host = "127.0.0.1")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        IPAddress address = ListenAddress.Bindable(IPAddress.Parse(host));
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new LinkClosedException($"listen:{host}:{port}: cannot listen ({ex.SocketErrorCode}: {ex.Message})", ex);
        }

        return new TcpListenerLink(socket, host);
    }

    /// <summary>Waits until a peer is connected (returns at once if one is).</summary>
    public async Task WaitForPeerAsync(CancellationToken cancellationToken = default)
    {
        await GetPeerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return 0;
        }

        TcpClientLink peer;
        try
        {
            peer = await GetPeerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }

        int count = await peer.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            DropPeer(peer);
        }

        return count;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(Name);
        }

        TcpClientLink? peer;
        lock (_gate)
        {
            peer = _peer;
        }

        if (peer is null)
        {
            throw new LinkClosedException($"{Name}: no peer is connected");
        }

        try
        {
            await peer.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (LinkClosedException)
        {
            DropPeer(peer);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _disposing.Cancel();
        TcpClientLink? peer;
        lock (_gate)
        {
            peer = _peer;
            _peer = null;
        }

        peer?.Dispose();
        _listener.Dispose();
        _disposing.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<TcpClientLink> GetPeerAsync(CancellationToken cancellationToken)
    {
        Task<TcpClientLink> accepting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_peer is not null)
            {
                return Task.FromResult(_peer);
            }

            // One accept at a time, shared by whoever waits (reader or WaitForPeerAsync); it ends only with a
            // peer or the listener's disposal, so a cancelled waiter does not lose an accepted connection.
            if (_accepting is null || _accepting.IsCompleted)
            {
                _accepting = AcceptOneAsync();
            }

            accepting = _accepting;
        }

        return accepting.WaitAsync(cancellationToken);
    }

    private async Task<TcpClientLink> AcceptOneAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_disposing.Token).ConfigureAwait(false);
            }
            catch (SocketException ex) when (IsPeerGone(ex) && Volatile.Read(ref _disposed) == 0)
            {
                // The peer reset its connection while it waited in the backlog: wait for the next one.
                continue;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                throw new ObjectDisposedException(Name, ex);
            }

            TcpClientLink peer;
            try
            {
                peer = new TcpClientLink($"{Name}<-{socket.RemoteEndPoint}", socket);
            }
            catch (SocketException)
            {
                // Gone between accept and here (no peer address, no socket options on a reset socket): the next one.
                socket.Dispose();
                continue;
            }

            lock (_gate)
            {
                if (Volatile.Read(ref _disposed) == 0)
                {
                    _peer = peer;
                    return peer;
                }
            }

            // Disposed while this accept completed: Dispose found no peer to close, so close this one here.
            peer.Dispose();
            throw new ObjectDisposedException(Name);
        }
    }

    private static bool IsPeerGone(SocketException ex) =>
        ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset or SocketError.Interrupted;

    private void DropPeer(TcpClientLink peer)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_peer, peer))
            {
                _peer = null;
            }
        }

        peer.Dispose();
    }
}

using System.Net.Sockets;

namespace HanBench.Transports.Tcp;

/// <summary>A connected TCP stream (<c>tcp:HOST:PORT</c>), or one accepted by <see cref="TcpListenerLink"/>.</summary>
public sealed class TcpClientLink : IByteStreamLink
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private int _gone;
    private int _disposed;

    internal TcpClientLink(string name, Socket socket)
    {
        Name = name;
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsConnected => Volatile.Read(ref _gone) == 0 && Volatile.Read(ref _disposed) == 0;

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>; a refused or unreachable peer throws <see cref="LinkClosedException"/>.</summary>
    public static async Task<TcpClientLink> ConnectAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        string name = $"tcp:{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);

            // Inside the try: a peer that accepted and reset at once can make even setting the socket's options fail.
            return new TcpClientLink(name, socket);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new LinkClosedException($"{name}: cannot connect ({ex.SocketErrorCode}: {ex.Message})", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!IsConnected || buffer.IsEmpty)
        {
            return 0;
        }

        try
        {
            int count = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                Volatile.Write(ref _gone, 1);
            }

            return count;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && Volatile.Read(ref _disposed) == 0)
        {
            throw;
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset, an abort or our own Dispose: the peer is gone for this link.
            Volatile.Write(ref _gone, 1);
            return 0;
        }
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(Name);
        }

        if (Volatile.Read(ref _gone) != 0)
        {
            throw new LinkClosedException($"{Name}: the peer has closed the connection");
        }

        try
        {
            await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            Volatile.Write(ref _gone, 1);
            throw new LinkClosedException($"{Name}: the peer has closed the connection", ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already reset by the peer: nothing to shut down.
        }

        _stream.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

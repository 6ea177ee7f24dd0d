using System.Globalization;
using System.Net.Sockets;
using HanBench.Device.Links;
using HanBench.Transports;
using HanBench.Transports.Tcp;

namespace HanBench.Device.Desktop.Links;

/// <summary>
/// Connects an <see cref="IByteStreamLink"/> (serial port, pty, TCP) to a board's single loop thread. An asynchronous
/// read loop copies received bytes into a bounded inbound queue and signals the loop thread, which takes them with
/// <see cref="ReadInbound"/> and feeds its <see cref="StreamFrameLink"/>; the loop thread's writes (<see cref="Write"/>,
/// the <see cref="IByteSink"/> a <see cref="StreamFrameLink"/> writes to) go into an outbound queue drained by an
/// asynchronous writer. Neither side ever blocks the loop thread.
/// <para>
/// When the peer goes (a serial adapter unplugged, a pty hung up, a TCP peer closed), the pump queues one 0x00 for the
/// receiver (so a half-received frame ends there and is dropped, not glued to the next connection's bytes), discards
/// output still queued for the old peer, and gets a new stream from its <see cref="LinkConnector"/>: it reopens serial
/// ports and TCP clients, retrying with a growing delay (<see cref="InitialRetryDelay"/> doubling up to
/// <see cref="MaxRetryDelay"/>), and lets a listener accept the next peer. The board's state is untouched throughout.
/// The first bytes written on every new connection are preceded by a 0x00 to flush whatever the far end held.
/// </para>
/// </summary>
public sealed class ByteStreamPump : IByteSink, IAsyncDisposable
{
    /// <summary>Inbound queue size: room for many frames while the loop thread is busy; the reader waits when full.</summary>
    public const int DefaultInboundCapacity = 64 * 1024;

    /// <summary>Outbound queue size: a page of OTA blocks back to back fits; beyond it frames are refused, as by a full UART FIFO.</summary>
    public const int DefaultOutboundCapacity = 64 * 1024;

    /// <summary>First wait before reopening a link that could not be opened. (HanBench choice.)</summary>
    public static readonly TimeSpan InitialRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between reopen attempts: a replugged adapter is back within two seconds. (HanBench choice.)</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private const int IoBufferLength = 4096;

    private readonly LinkConnector _connector;
    private readonly Action _inputAvailable;
    private readonly Action<string>? _log;
    private readonly ByteRing _inbound;
    private readonly ByteRing _outbound;
    private readonly SemaphoreSlim _outboundSignal = new(0, 1);
    private readonly SemaphoreSlim _spaceSignal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _readBuffer = new byte[IoBufferLength];
    private readonly byte[] _writeBuffer = new byte[IoBufferLength];
    private volatile IByteStreamLink? _link;
    private volatile bool _flushPending;
    private Task? _reading;
    private Task? _writing;
    private long _bytesIn;
    private long _bytesOut;
    private int _connections;
    private int _disconnects;
    private int _outboundOverflows;
    private int _disposed;

    /// <summary>
    /// A pump taking its streams from <paramref name="connector"/>; <paramref name="inputAvailable"/> is called (on an I/O
    /// thread) each time bytes were queued for <see cref="ReadInbound"/>; <paramref name="log"/>, if given, gets one line
    /// per connect, disconnect and failed open (from I/O threads: it must be thread-safe).
    /// </summary>
    public ByteStreamPump(LinkConnector connector, Action inputAvailable, Action<string>? log = null, int inboundCapacity = DefaultInboundCapacity, int outboundCapacity = DefaultOutboundCapacity)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(inputAvailable);
        _connector = connector;
        _inputAvailable = inputAvailable;
        _log = log;
        _inbound = new ByteRing(inboundCapacity);
        _outbound = new ByteRing(outboundCapacity);
    }

    /// <summary>The connector's name (a link spec).</summary>
    public string Name => _connector.Name;

    /// <summary>Whether a peer is there now.</summary>
    public bool IsConnected => _link is { IsConnected: true };

    /// <summary>Connections made (opens that succeeded, peers a listener accepted).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Times the peer went away.</summary>
    public int Disconnects => Volatile.Read(ref _disconnects);

    /// <summary>Bytes received from peers.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes written to peers (flush delimiters included).</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Writes refused because the outbound queue was full.</summary>
    public int OutboundOverflows => Volatile.Read(ref _outboundOverflows);

    /// <summary>The last open failure, for status lines; null after a successful open.</summary>
    public string? LastError { get; private set; }

    /// <summary>Completes when the pump has stopped: after <see cref="DisposeAsync"/>, or when a link that cannot be reopened is gone.</summary>
    public Task Completion => _reading ?? Task.CompletedTask;

    /// <summary>Starts the read and write loops (connecting first).</summary>
    public void Start()
    {
        if (_reading is not null)
        {
            throw new InvalidOperationException($"{Name}: the pump is already started");
        }

        _reading = Task.Run(ReadLoopAsync);
        _writing = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Queues <paramref name="count"/> bytes for the peer, all or none (<see cref="IByteSink"/>). False when no peer is
    /// connected (the bytes would reach nobody) or the outbound queue is full. Never blocks.
    /// </summary>
    public bool Write(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (!IsConnected)
        {
            return false;
        }

        if (!_outbound.TryWriteAll(buffer.AsSpan(offset, count)))
        {
            Interlocked.Increment(ref _outboundOverflows);
            return false;
        }

        Signal(_outboundSignal);
        return true;
    }

    /// <summary>Takes up to <paramref name="count"/> received bytes (for the loop thread); 0 when none are queued.</summary>
    public int ReadInbound(byte[] destination, int offset, int count)
    {
        int read = _inbound.Read(destination.AsSpan(offset, count));
        if (read > 0)
        {
            Signal(_spaceSignal);
        }

        return read;
    }

    /// <summary>Stops both loops, and closes the link if the connector opened it. Bytes still queued are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        IByteStreamLink? link = _link;
        if (link is not null && _connector.OwnsLinks)
        {
            // Wakes a read blocked in the transport even where it ignores cancellation.
            await link.DisposeAsync().ConfigureAwait(false);
        }

        foreach (Task? loop in new[] { _reading, _writing })
        {
            if (loop is not null)
            {
                // A loop that stopped on a link that can never work has logged why and left it in Completion: stopping the
                // pump is not the place to throw it again (a board's clean stop would crash on it).
                await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        _stop.Dispose();
    }

    private static void Signal(SemaphoreSlim signal)
    {
        if (signal.CurrentCount != 0)
        {
            return;
        }

        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another thread signalled first: the waiter wakes either way.
        }
    }

    private async Task ReadLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        TimeSpan delay = InitialRetryDelay;
        var sinceStart = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                IByteStreamLink? link = _link;
                if (link is null)
                {
                    try
                    {
                        link = await _connector.OpenAsync(stop).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (IsOpenFailure(ex) && !stop.IsCancellationRequested)
                    {
                        string message = ex.Message;
                        TimeSpan? giveUpAfter = Connections == 0 ? _connector.GiveUpAfter : null;
                        if (giveUpAfter is { } limit && sinceStart.Elapsed >= limit)
                        {
                            // Never connected within the stated time: a typo or a peer that is not running; stop, naming it.
                            throw new LinkClosedException(string.Create(CultureInfo.InvariantCulture, $"{Name}: could not open it within {limit.TotalSeconds:0.#} s ({message}); check that the peer is running there, or pass --wait"), ex);
                        }

                        if (message != LastError)
                        {
                            // Say what is awaited: the link comes back by itself (a replugged adapter, a restarted peer).
                            string until = giveUpAfter is { } l
                                ? string.Create(CultureInfo.InvariantCulture, $", giving up after {l.TotalSeconds:0.#} s (--wait waits for ever)")
                                : string.Empty;
                            _log?.Invoke($"{Name}: cannot open ({message}); waiting for it to come back, retrying every {MaxRetryDelay.TotalSeconds:0} s at most{until}");
                        }

                        LastError = message;
                        await Task.Delay(delay, stop).ConfigureAwait(false);
                        delay = delay * 2 > MaxRetryDelay ? MaxRetryDelay : delay * 2;
                        continue;
                    }

                    _link = link;
                }

                if (link is TcpListenerLink listener)
                {
                    await listener.WaitForPeerAsync(stop).ConfigureAwait(false);
                }

                LastError = null;
                delay = InitialRetryDelay;
                _flushPending = true;
                Interlocked.Increment(ref _connections);
                _log?.Invoke($"{Name}: connected");
                await PumpInboundAsync(link, stop).ConfigureAwait(false);
                stop.ThrowIfCancellationRequested();

                Interlocked.Increment(ref _disconnects);
                _outbound.Clear();
                await QueueDelimiterAsync(stop).ConfigureAwait(false);
                if (_connector.KeepsLinkAfterPeerGone)
                {
                    _log?.Invoke($"{Name}: peer gone; waiting for the next");
                    continue;
                }

                _link = null;
                if (_connector.OwnsLinks)
                {
                    await link.DisposeAsync().ConfigureAwait(false);
                }

                if (!_connector.CanReopen)
                {
                    _log?.Invoke($"{Name}: peer gone; the link cannot be reopened");
                    return;
                }

                _log?.Invoke($"{Name}: peer gone; reopening");
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopping. Whatever the link threw on the way lost a race with the stop and is no failure: a connect refused
            // or reset as the token was cancelled ends in LinkClosedException, not OperationCanceledException.
        }
        catch (Exception ex)
        {
            // Not a peer coming and going (that is handled above) but a link that can never work here, such as a
            // serial port on an unsupported platform: say so and stop, rather than retry forever.
            LastError = ex.Message;
            _log?.Invoke($"{Name}: stopped ({ex.Message})");
            throw;
        }
    }

    private async Task PumpInboundAsync(IByteStreamLink link, CancellationToken stop)
    {
        while (true)
        {
            int free = await WaitForSpaceAsync(stop).ConfigureAwait(false);
            int count;
            try
            {
                count = await link.ReadAsync(_readBuffer.AsMemory(0, Math.Min(free, _readBuffer.Length)), stop).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                _log?.Invoke($"{Name}: read failed ({ex.Message})");
                return;
            }

            if (count == 0)
            {
                return;
            }

            // Only this loop writes the inbound ring, so the room seen above is still there.
            _inbound.Write(_readBuffer.AsSpan(0, count));
            Interlocked.Add(ref _bytesIn, count);
            _inputAvailable();
        }
    }

    private async Task QueueDelimiterAsync(CancellationToken stop)
    {
        await WaitForSpaceAsync(stop).ConfigureAwait(false);
        _inbound.Write([0x00]);
        _inputAvailable();
    }

    private async Task<int> WaitForSpaceAsync(CancellationToken stop)
    {
        while (true)
        {
            int free = _inbound.Free;
            if (free > 0)
            {
                return free;
            }

            await _spaceSignal.WaitAsync(stop).ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync()
    {
        CancellationToken stop = _stop.Token;
        try
        {
            while (true)
            {
                await _outboundSignal.WaitAsync(stop).ConfigureAwait(false);
                while (true)
                {
                    IByteStreamLink? link = _link;
                    if (link is null || !link.IsConnected)
                    {
                        _outbound.Clear();
                        break;
                    }

                    int start = 0;
                    if (_flushPending)
                    {
                        _flushPending = false;
                        _writeBuffer[0] = 0x00;
                        start = 1;
                    }

                    int count = start + _outbound.Read(_writeBuffer.AsSpan(start));
                    if (count == 0)
                    {
                        break;
                    }

                    try
                    {
                        await link.WriteAsync(_writeBuffer.AsMemory(0, count), stop).ConfigureAwait(false);
                        Interlocked.Add(ref _bytesOut, count);
                    }
                    catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                    {
                        // The peer went away mid-write, or the pump is stopping and closed the link under the write; the read
                        // loop sees it too and reconnects (or stops). What was queued is lost, as bytes on a wire nobody
                        // listens to are.
                        _outbound.Clear();
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static bool IsOpenFailure(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or SocketException or OperationCanceledException or TimeoutException;
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using HanBench.Device.Desktop.Diagnostics;
using HanBench.Device.Desktop.Links;
using HanBench.Device.Desktop.Storage;
using HanBench.Device.Hal;
using HanBench.Device.Links;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Han;

namespace HanBench.Device.Desktop.Boards;

/// <summary>Makes the role a virtual board runs, from the board's services and its frame links (in link order).</summary>
public delegate IDeviceRole BoardRoleFactory(DeviceContext context, IReadOnlyList<IFrameLink> links);

/// <summary>
/// Runs one device role in real time on a PC, as a board would (docs/ARCHITECTURE.md, "Device code"): one loop thread owns
/// the role and calls it exactly as the ESP32 <c>Program.Main</c> loop does — <see cref="IDeviceRole.Start"/> once,
/// <see cref="IDeviceRole.OnFrame"/> for every frame its links receive, <see cref="IDeviceRole.Tick"/> when the clock
/// reaches <see cref="IDeviceRole.NextWakeMs"/> — and sleeps in between (no busy spin). Received bytes come from each
/// link's <see cref="ByteStreamPump"/> and are deframed on the loop thread by a <see cref="StreamFrameLink"/>, the same
/// class the ESP32 app uses over its UART. State lives in a directory (<see cref="FileSettingsStore"/>,
/// <see cref="FileImageStore"/>) that survives a restart as flash does; the log goes to a text writer.
/// </summary>
public sealed class VirtualBoard : IAsyncDisposable
{
    private const int ReceiveBufferLength = 4096;

    private readonly VirtualBoardOptions _options;
    private readonly BoardRoleFactory _createRole;
    private readonly AutoResetEvent _wake = new(false);
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly byte[] _receive = new byte[ReceiveBufferLength];
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<BoardPort> _ports = [];
    private StopwatchClock? _clock;
    private FileImageStore? _images;
    private IDeviceRole? _role;
    private Thread? _thread;
    private volatile bool _stopping;
    private int _stopCalled;

    /// <summary>A board described by <paramref name="options"/> running the role <paramref name="createRole"/> makes; nothing runs before <see cref="Start"/>.</summary>
    public VirtualBoard(VirtualBoardOptions options, BoardRoleFactory createRole)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createRole);
        if (options.Links.Count == 0)
        {
            throw new ArgumentException("a board needs at least one link", nameof(options));
        }

        _options = options;
        _createRole = createRole;
        Name = options.Name ?? BoardIdentity.Format(options.Id);
    }

    /// <summary>The device's EUI-64.</summary>
    public ulong Id => _options.Id;

    /// <summary>Name in log lines.</summary>
    public string Name { get; }

    /// <summary>The state directory (full path).</summary>
    public string StateDirectory => Path.GetFullPath(_options.StateDirectory);

    /// <summary>The links, in the order the role got them (empty before <see cref="Start"/>).</summary>
    public IReadOnlyList<BoardPort> Ports => _ports;

    /// <summary>The board's log (thread-safe).</summary>
    public IDeviceLog Log { get; private set; } = NullLog.Instance;

    /// <summary>The role (touch it only on the loop thread: <see cref="InvokeAsync{T}"/>).</summary>
    public IDeviceRole? Role => _role;

    /// <summary>
    /// Completes when the loop thread has ended: after <see cref="StopAsync"/>; faulted when the role threw, or when a link
    /// gave up (<see cref="LinkConnector.GiveUpAfter"/>) or can never work here (then <see cref="StopAsync"/> closes the rest).
    /// </summary>
    public Task Stopped => _stopped.Task;

    /// <summary>
    /// Opens the state directory, makes the role, starts the links' pumps and the loop thread (which calls
    /// <see cref="IDeviceRole.Start"/> first). Throws for a state directory that cannot be used.
    /// </summary>
    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException($"board {Name} is already started");
        }

        string state = StateDirectory;
        _clock = new StopwatchClock();
        var log = new TextWriterLog(_options.LogWriter, _clock, Name, _options.MinimumLogLevel);
        Log = log;
        var settings = new FileSettingsStore(Path.Combine(state, "settings"));
        ImportCredentials(state, settings, log);
        _images = new FileImageStore(Path.Combine(state, "images"), _options.ImageCapacityBytes);
        var context = new DeviceContext(_clock, _images, settings, new LogIndicator(log), log);

        // CS02c key pairs from the operating system's CSPRNG, mixed in at every boot, state kept with the board's flash.
        var random = new HmacDrbg(RandomNumberGenerator.GetBytes(32), settings, CredentialHandler.RandomStateKey);
        byte[] entropy = RandomNumberGenerator.GetBytes(32);
        random.Reseed(entropy, 0, entropy.Length);
        context.Random = random;

        var links = new List<IFrameLink>();
        for (int i = 0; i < _options.Links.Count; i++)
        {
            int index = i;
            var pump = new ByteStreamPump(_options.Links[i], () => _wake.Set(), message =>
            {
                log.Write(LogLevel.Info, $"link {index} {message}");
                _options.LinkEvents?.Invoke(index, message);
            });
            var link = new StreamFrameLink(pump, _options.MaxFrameLengthOf(i), HanFrame.MaxEncodedLength);
            _ports.Add(new BoardPort(i, pump, link));
            links.Add(link);
        }

        _role = _createRole(context, links);
        _thread = new Thread(Run) { Name = $"board {Name}", IsBackground = true };
        _thread.Start();
        foreach (BoardPort port in _ports)
        {
            port.Pump.Start();

            // A link that can never work (one that gave up, a port this platform cannot open) stops the board, saying why,
            // rather than leaving it running deaf on that link.
            _ = port.Pump.Completion.ContinueWith(
                pump => StopWith(pump.Exception!.GetBaseException()),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
        }
    }

    private void StopWith(Exception reason)
    {
        Log.Write(LogLevel.Error, $"board stopped: {reason.Message}");
        _stopping = true;
        _stopped.TrySetException(reason);
        _wake.Set();
    }

    /// <summary>
    /// Provisioning (issue 8 §1): the credentials file in the state folder (<see cref="ProvisionedCredentials.FileName"/>,
    /// what <c>hanbench flash</c> puts on a board's <c>I:</c>) goes into the settings store and is deleted, as on a
    /// board; one that is not a record for this board stays and is logged.
    /// </summary>
    private void ImportCredentials(string state, FileSettingsStore settings, TextWriterLog log)
    {
        string path = Path.Combine(state, ProvisionedCredentials.FileName);
        if (!File.Exists(path))
        {
            return;
        }

        byte[] file = File.ReadAllBytes(path);
        string? problem = ProvisionedCredentials.Import(file, 0, file.Length, _options.Id, settings);
        Array.Clear(file);
        if (problem is not null)
        {
            log.Write(LogLevel.Error, $"credentials in {path} refused: {problem}");
            return;
        }

        File.Delete(path);
        log.Write(LogLevel.Info, $"credentials provisioned from {path}");
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread, between two role calls (tests, management).</summary>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _posted.Enqueue(action);
        _wake.Set();
    }

    /// <summary>Runs <paramref name="read"/> on the loop thread and returns its result (fails if the board stops first).</summary>
    public Task<T> InvokeAsync<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                result.SetResult(read());
            }
            catch (Exception ex)
            {
                result.SetException(ex);
            }
        });
        _ = Stopped.ContinueWith(_ => result.TrySetCanceled(), TaskScheduler.Default);
        return result.Task;
    }

    /// <summary>
    /// Stops like a clean power-off: the loop thread finishes the call in progress and ends, the pumps close their links,
    /// the image store closes its files (an unfinished image stays for resume). Settings are already on disk: every
    /// write is durable when it returns. Safe to call more than once.
    /// </summary>
    public async ValueTask StopAsync()
    {
        if (Interlocked.Exchange(ref _stopCalled, 1) != 0)
        {
            await Stopped.ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            return;
        }

        _stopping = true;
        _wake.Set();
        if (_thread is not null && _thread != Thread.CurrentThread)
        {
            await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        }

        foreach (BoardPort port in _ports)
        {
            await port.Pump.DisposeAsync().ConfigureAwait(false);
        }

        _images?.Dispose();
        _stopped.TrySetResult();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => StopAsync();

    private void Run()
    {
        IDeviceRole role = _role!;
        IClock clock = _clock!;
        try
        {
            role.Start(clock.NowMs);
            long lastTickMs = -1;
            while (!_stopping)
            {
                bool worked = ReceiveAll(role);
                while (_posted.TryDequeue(out Action? action))
                {
                    action();
                    worked = true;
                }

                long now = clock.NowMs;
                long wake = role.NextWakeMs;
                if (wake <= now && now != lastTickMs)
                {
                    role.Tick(now);
                    lastTickMs = now;
                    continue;
                }

                if (worked)
                {
                    continue;
                }

                // A role that asks again within the same millisecond waits for the next one: the clock's resolution.
                long waitMs = wake == WakeTime.Never ? Timeout.Infinite : Math.Clamp(wake - now, 1, int.MaxValue);
                _wake.WaitOne((int)waitMs);
            }
        }
        catch (Exception ex)
        {
            Log.Write(LogLevel.Error, $"role stopped by an exception: {ex}");
            _stopping = true;
            _stopped.TrySetException(ex);
        }
    }

    private bool ReceiveAll(IDeviceRole role)
    {
        bool worked = false;
        foreach (BoardPort port in _ports)
        {
            int count = port.Pump.ReadInbound(_receive, 0, _receive.Length);
            if (count == 0)
            {
                continue;
            }

            worked = true;
            port.Link.Receive(_receive, 0, count, role);
            int drops = port.Link.FramesDropped;
            if (drops != port.ReportedDrops && Log.IsEnabled(LogLevel.Warning))
            {
                Log.Write(LogLevel.Warning, $"link {port.Index}: dropped {drops - port.ReportedDrops} frame(s) ({port.Link.LastDrop}); {drops} dropped in all");
            }

            port.ReportedDrops = drops;
        }

        return worked;
    }

    private sealed class NullLog : IDeviceLog
    {
        public static readonly NullLog Instance = new();

        public bool IsEnabled(LogLevel level) => false;

        public void Write(LogLevel level, string message)
        {
        }
    }
}

using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// Carries SRV 8.11 to the Comms Hub: every device the inventory puts on the hub's HAN device log is sent to the hub as
/// a join (the hub whitelists it: frames from and to devices off its whitelist are dropped). Whitelisting is not joining
/// (audit N5): a device 8.11 left Whitelisted becomes Commissioned only once it has joined the HAN and communicated
/// (GBCS: Commissioned = joined and communicating), which the CSP learns from the device's own authenticated answer to a
/// management ping sent through the hub (its MAC under the device's key, <see cref="HubManagementCalls"/>). Until then
/// it stays Whitelisted, is named once as waiting to join, and is pinged again every <see cref="ProbeIntervalMs"/>. A
/// join the hub refuses (six Type 1 devices already, whitelist full) is said once in the CSP's log and tried again at
/// the next pass; so is a join the hub did not answer (the link is down). Passes run at once on <see cref="Wake"/> (an
/// 8.11 committed by another process) and every <see cref="PassIntervalMs"/>. Runs on the session's thread.
/// </summary>
public sealed class HanJoinKeeper : IHubSessionExtension
{
    /// <summary>Interval between passes when nothing wakes the keeper (HanBench choice).</summary>
    public const long PassIntervalMs = 60_000;

    /// <summary>
    /// Joins in a row (each with the session's own retries) the hub may leave unanswered before the device counts as a
    /// problem; until then the join is sent again at once (HanBench choice: a hub restarting or a WAN hiccup is not a
    /// refusal).
    /// </summary>
    public const int MaxUnanswered = 3;

    /// <summary>
    /// Pause between one unanswered ping of a whitelisted device (itself the session's management retries) and the next
    /// (HanBench choice: a board switched on later is commissioned within about this long).
    /// </summary>
    public const long ProbeIntervalMs = 10_000;

    private readonly InventoryStore _store;
    private readonly HubSession _session;
    private readonly Action<string> _log;
    private readonly Eui64 _hub;
    private readonly HashSet<Eui64> _joined = [];
    private readonly Dictionary<Eui64, ManagementCall> _inFlight = [];
    private readonly Dictionary<Eui64, string> _lastProblem = [];
    private readonly Dictionary<Eui64, int> _unanswered = [];
    private readonly HashSet<Eui64> _retrying = [];
    private readonly Dictionary<Eui64, ManagementCall> _probing = [];
    private readonly Dictionary<Eui64, long> _probeAt = [];
    private readonly HashSet<Eui64> _waiting = [];
    private long _nextPassMs;
    private long _passes;

    /// <summary>A keeper for the hub of <paramref name="session"/>, attached to it at once; <paramref name="log"/> gets one line per event.</summary>
    public HanJoinKeeper(InventoryStore store, HubSession session, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(log);
        _store = store;
        _session = session;
        _log = log;
        _hub = new Eui64(session.HubEui);
        session.Attach(this);
    }

    /// <summary>
    /// Whether a pass ran and no join or first ping is waiting for an answer: every device on the log is commissioned,
    /// refused, or named as waiting to join (a device that may never be switched on does not keep the CSP busy).
    /// </summary>
    public bool Settled => _passes > 0 && _inFlight.Count == 0 && _retrying.Count == 0 && _probing.Keys.All(_waiting.Contains);

    /// <summary>Devices the hub whitelisted that have not answered through it yet (they stay Whitelisted).</summary>
    public IReadOnlyCollection<Eui64> WaitingToJoin => _waiting;

    /// <summary>Why devices on the log are not joined (refused, or not answered), one line each; empty when all joined.</summary>
    public IReadOnlyCollection<string> Problems => _lastProblem.Values;

    /// <inheritdoc />
    public long NextWakeMs => _probeAt.Count == 0 ? _nextPassMs : Math.Min(_nextPassMs, _probeAt.Values.Min());

    /// <summary>Runs a pass at once (the inventory changed).</summary>
    public void Wake()
    {
        _nextPassMs = 0;
        _session.RequestWake();
    }

    /// <inheritdoc />
    public void Tick(long nowMs)
    {
        foreach (Eui64 due in _probeAt.Where(p => p.Value <= nowMs).Select(p => p.Key).ToList())
        {
            _probeAt.Remove(due);
            Probe(due);
        }

        if (nowMs < _nextPassMs)
        {
            return;
        }

        _nextPassMs = nowMs + PassIntervalMs;
        _retrying.Clear();
        IReadOnlyList<DeviceRecord> onLog = _store.Read(s => s.Devices.OnCommsHub(_hub));
        foreach (DeviceRecord device in onLog)
        {
            if (_joined.Contains(device.DeviceId) || device.Status is DeviceStatus.Decommissioned or DeviceStatus.Withdrawn or DeviceStatus.Suspended)
            {
                continue;
            }

            if (!_inFlight.ContainsKey(device.DeviceId) && JoinAs(device.Type) is { } type)
            {
                Eui64 id = device.DeviceId;
                _inFlight[id] = _session.Join(id.Value, type, call => OnAnswer(id, call));
            }
        }

        _passes++;
    }

    /// <summary>
    /// The device joined the hub's HAN and answered through it: a device 8.11 left Whitelisted is now Commissioned
    /// (audited). The one place this is decided, for <c>csp run</c> and the demo alike.
    /// </summary>
    public static void RecordJoined(InventorySession session, Eui64 device)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Devices.Find(device) is { Status: DeviceStatus.Whitelisted } record)
        {
            session.Devices.Update(record with { Status = DeviceStatus.Commissioned, DateCommissioned = DateOnly.FromDateTime(session.Now.UtcDateTime) });
            session.Audit.Append(null, "CSP join", record.DeviceId.ToString(), DuisResponseCodes.Success, "Commissioned: it joined the Comms Hub's HAN and answered through it");
        }
    }

    /// <summary>How the hub whitelists an inventory device type (Alt HAN bridges are PPMIDs, SECMP0170 §4.2); null for what is not a HAN device.</summary>
    public static HanDeviceType? JoinAs(DeviceType type) => type switch
    {
        DeviceType.PPMID => HanDeviceType.Ppmid,
        DeviceType.HCALCS => HanDeviceType.Hcalcs,
        DeviceType.GSME => HanDeviceType.Gsme,
        DeviceType.ESME => HanDeviceType.Esme,
        DeviceType.IHD or DeviceType.CAD => HanDeviceType.Ihd,
        _ => null,
    };

    private void OnAnswer(Eui64 device, ManagementCall call)
    {
        _inFlight.Remove(device);
        JoinStatus? status = call.Reply?.Join?.Status;
        if (status is JoinStatus.Joined or JoinStatus.AlreadyJoined)
        {
            _joined.Add(device);
            _lastProblem.Remove(device);
            _unanswered.Remove(device);
            if (_store.Read(s => s.Devices.Find(device) is { Status: DeviceStatus.Whitelisted }))
            {
                // Whitelisted is not joined (audit N5): the device must answer through the hub first.
                _log($"join: Comms Hub {_hub} whitelisted {device}; waiting for it to join the HAN and answer through the hub");
                Probe(device);
            }
            else
            {
                _log($"join: {device} is on Comms Hub {_hub}'s HAN");
            }

            return;
        }

        if (status is null)
        {
            int unanswered = _unanswered.GetValueOrDefault(device) + 1;
            _unanswered[device] = unanswered;
            if (unanswered < MaxUnanswered)
            {
                _retrying.Add(device);
                Wake();
                return;
            }
        }

        _unanswered.Remove(device);
        string problem = status is { } refused
            ? $"join: Comms Hub {_hub} refused {device}: {refused}; trying again in {PassIntervalMs / 1000} s"
            : $"join: Comms Hub {_hub} did not answer {MaxUnanswered} joins of {device}; trying again in {PassIntervalMs / 1000} s";
        if (!_lastProblem.TryGetValue(device, out string? last) || last != problem)
        {
            _lastProblem[device] = problem;
            _log(problem);
        }
    }

    private void Probe(Eui64 device)
    {
        if (!_probing.ContainsKey(device))
        {
            _probing[device] = _session.Ping(device.Value, call => OnProbed(device, call));
        }
    }

    // Any answer from the device itself completes the call only once its MAC verified under the device's key (issue 8
    // §3, HubManagementCalls.OnFrame): the device is on the hub's HAN and communicating, so it is Commissioned.
    private void OnProbed(Eui64 device, ManagementCall call)
    {
        _probing.Remove(device);
        if (call.Reply is not null)
        {
            _waiting.Remove(device);
            bool commissioned = _store.Write(s =>
            {
                bool whitelisted = s.Devices.Find(device) is { Status: DeviceStatus.Whitelisted };
                RecordJoined(s, device);
                return whitelisted;
            });
            _log($"join: {device} answered through Comms Hub {_hub}: it is on the HAN{(commissioned ? "; Commissioned" : string.Empty)}");
            return;
        }

        if (_waiting.Add(device))
        {
            _log($"join: {device} has not answered through Comms Hub {_hub}: it stays Whitelisted until it joins the HAN (is it powered and in range?); asking again every {ProbeIntervalMs / 1000} s");
        }

        if (_store.Read(s => s.Devices.Find(device) is { Status: DeviceStatus.Whitelisted }))
        {
            _probeAt[device] = _session.Clock.NowMs + ProbeIntervalMs;
            _session.RequestWake();
        }
        else
        {
            _waiting.Remove(device);
        }
    }
}

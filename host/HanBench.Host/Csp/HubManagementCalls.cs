using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// The management requests of a <see cref="HubSession"/> (docs/ARCHITECTURE.md "The host"): join/remove, distribute/cancel, ping, state
/// query and reboot, each a <see cref="ManagementCall"/> with a correlation token, time-out and retries, and the answers
/// matched back to them. Single-threaded, on the session's thread.
/// </summary>
public sealed class HubManagementCalls
{
    private readonly HubSession _session;
    private readonly byte[] _buffer = new byte[HanFrame.MaxPayloadLength];
    private readonly ManagementMessage _in = new();
    private readonly ManagementMessage _out = new();
    private readonly ManagementCall?[] _calls = new ManagementCall?[256];
    private readonly Dictionary<ulong, ulong> _lastCounters = [];
    private byte _token;

    internal HubManagementCalls(HubSession session)
    {
        _session = session;
    }

    /// <summary>Requests waiting for an answer.</summary>
    public int Pending
    {
        get
        {
            int count = 0;
            foreach (ManagementCall? call in _calls)
            {
                if (call is not null)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>The earliest deadline of a request in flight.</summary>
    internal long NextWakeMs
    {
        get
        {
            long wake = WakeTime.Never;
            foreach (ManagementCall? call in _calls)
            {
                if (call is not null && call.DeadlineMs < wake)
                {
                    wake = call.DeadlineMs;
                }
            }

            return wake;
        }
    }

    /// <summary>
    /// Sends a management request built by <paramref name="fill"/> to <paramref name="destination"/> with a fresh token;
    /// resent with the same token under <paramref name="policy"/> (the session's default if null) until answered.
    /// <paramref name="completed"/> runs on the session thread when it is answered or every attempt timed out.
    /// </summary>
    public ManagementCall SendManagement(ulong destination, ManagementMessageType type, Action<ManagementMessage>? fill = null,
        Action<ManagementCall>? completed = null, RetryPolicy? policy = null)
    {
        RetryPolicy used = policy ?? _session.Options.Management;
        used.Validate();
        byte token = NextToken();
        _out.Header = new ManagementHeader(type, token);
        fill?.Invoke(_out);
        var writer = new ByteWriter(_buffer);
        _out.WriteTo(writer);
        byte[] message = new byte[writer.Written];
        Array.Copy(_buffer, message, message.Length);
        var call = new ManagementCall(token, destination, type, message, used, completed);
        _calls[token] = call;
        SendAttempt(call, _session.Clock.NowMs);
        _session.RequestWake();
        return call;
    }

    /// <summary>Asks the hub to whitelist <paramref name="device"/> (answered with JoinResult).</summary>
    public ManagementCall Join(ulong device, HanDeviceType type, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(_session.HubEui, ManagementMessageType.JoinDevice, m => m.Join = new JoinDeviceRequest { Eui64 = device, DeviceType = type }, completed, policy);

    /// <summary>Asks the hub to remove <paramref name="device"/> from its whitelist (answered with JoinResult).</summary>
    public ManagementCall Remove(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(_session.HubEui, ManagementMessageType.RemoveDevice, m => m.Remove = new RemoveDeviceRequest { Eui64 = device }, completed, policy);

    /// <summary>Asks <paramref name="device"/> who it is (answered with Identity: role, variant, component versions).</summary>
    public ManagementCall Ping(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(device, ManagementMessageType.Ping, null, completed, policy);

    /// <summary>Asks <paramref name="device"/> how it is doing (answered with StateReport: the transfer it is receiving).</summary>
    public ManagementCall QueryState(ulong device, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(device, ManagementMessageType.StateQuery, null, completed, policy);

    /// <summary>Asks <paramref name="device"/> to restart after <paramref name="delayMs"/> (answered with Ack first).</summary>
    public ManagementCall Reboot(ulong device, ushort delayMs = 0, Action<ManagementCall>? completed = null, RetryPolicy? policy = null) =>
        SendManagement(device, ManagementMessageType.Reboot, m => m.Reboot = new RebootRequest { DelayMs = delayMs }, completed, policy);

    /// <summary>Asks the hub to distribute <paramref name="image"/> (Manufacturer Image hash <paramref name="hash"/>) to <paramref name="devices"/>.</summary>
    public ManagementCall Distribute(ImageIdentity image, byte[] hash, IReadOnlyList<ulong> devices, Action<ManagementCall>? completed = null, RetryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(devices);
        return SendManagement(_session.HubEui, ManagementMessageType.DistributeImage, m =>
        {
            m.Distribute.Image = image;
            m.Distribute.SetHash(hash, 0);
            m.Distribute.Devices.Clear();
            foreach (ulong device in devices)
            {
                m.Distribute.Devices.Add(device);
            }
        }, completed, policy);
    }

    /// <summary>Asks the hub to stop distributing <paramref name="image"/> to <paramref name="devices"/> (each ends with 0x8F89 code 3).</summary>
    public ManagementCall CancelDistribution(ImageIdentity image, IReadOnlyList<ulong> devices, Action<ManagementCall>? completed = null, RetryPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        return SendManagement(_session.HubEui, ManagementMessageType.CancelDistribution, m =>
        {
            m.Cancel.Image = image;
            m.Cancel.Devices.Clear();
            foreach (ulong device in devices)
            {
                m.Cancel.Devices.Add(device);
            }
        }, completed, policy);
    }


    private void SendAttempt(ManagementCall call, long nowMs)
    {
        call.Attempts++;
        call.DeadlineMs = nowMs + call.Policy.TimeoutMs;
        // Sealed afresh on every attempt: a board that took the first one refuses its counter again (issue 8 §3).
        (ushort suite, byte[] payload) = _session.Options.ManagementKeys.Seal(_session.HostEui, _session.HubEui, call.Destination, call.Message);
        _session.Send(HanFrameKind.Management, suite, call.Destination, payload, payload.Length);
    }

    private byte NextToken()
    {
        // Tokens 1..255 (0 is never used, so a zeroed answer matches nothing); one in flight per token.
        for (int i = 0; i < 255; i++)
        {
            _token = (byte)(_token == 255 ? 1 : _token + 1);
            if (_calls[_token] is null)
            {
                return _token;
            }
        }

        throw new InvalidOperationException("255 management requests are in flight: wait for some to end");
    }

    internal void Expire(long nowMs)
    {
        for (int i = 0; i < _calls.Length; i++)
        {
            ManagementCall? call = _calls[i];
            if (call is null || call.DeadlineMs > nowMs)
            {
                continue;
            }

            if (call.Attempts < call.Policy.Attempts)
            {
                SendAttempt(call, nowMs);
                continue;
            }

            _calls[i] = null;
            call.Complete(null);
        }
    }


    /// <summary>Management frames dropped: unauthenticated while the host holds the hub's key, a MAC that does not verify, or a replayed counter.</summary>
    public long Dropped { get; private set; }

    /// <summary>Why the last frame was dropped (empty before any).</summary>
    public string LastDropReason { get; private set; } = string.Empty;

    /// <summary>
    /// A management frame: authenticated (issue 8 §3: its MAC first, then its counter above the last from its source),
    /// raised, and matched to the call it answers; false when it is dropped or does not decode.
    /// </summary>
    internal bool OnFrame(HanFrame frame)
    {
        int length = frame.PayloadLength;
        ManagementKeyring keys = _session.Options.ManagementKeys;
        if (frame.ClusterId != 0 || keys.HoldsKeyFor(_session.HubEui))
        {
            ManagementAuthStatus status = keys.Verify(frame.ClusterId, frame.Source, _session.HubEui, frame.Destination, frame.Payload, frame.PayloadOffset, frame.PayloadLength, out length, out ulong counter);
            string? problem = ManagementAuthenticator.Describe(status);
            if (problem is null && counter <= _lastCounters.GetValueOrDefault(frame.Source))
            {
                problem = $"replayed counter {counter}";
            }

            if (problem is not null)
            {
                Dropped++;
                LastDropReason = $"management frame from {frame.Source:X16} dropped: {problem}";
                return false;
            }

            _lastCounters[frame.Source] = counter;
        }

        if (_in.TryDecode(new ByteReader(frame.Payload, frame.PayloadOffset, length)) != ManagementDecodeStatus.Ok)
        {
            return false;
        }

        ManagementHeader header = _in.Header;
        var record = new ManagementRecord(_session.Clock.NowMs, frame.Source, header.Type, header.Token);
        record = header.Type switch
        {
            ManagementMessageType.JoinResult => record with { Join = _in.JoinResult },
            ManagementMessageType.DistributeResult => record with { Distribute = _in.DistributeResult },
            ManagementMessageType.Ack => record with { Ack = _in.Ack },
            ManagementMessageType.StateReport => record with { State = _in.State.State, Report = Snapshot(_in.State) },
            ManagementMessageType.Identity => record with { Identity = Snapshot(_in.Identity) },
            _ => record,
        };
        _session.Raise(record);
        ManagementCall? call = _calls[header.Token];
        if (call is not null && call.IsAnsweredBy(frame.Source, header.Type, record))
        {
            _calls[header.Token] = null;
            call.Complete(record);
        }

        return true;
    }

    private static StateSnapshot Snapshot(StateReport report) =>
        new(report.State, report.UptimeSeconds, report.TransferImage, report.TransferOffset, report.TransferSize, report.JoinedDevices, report.ActiveTransfers);

    private static IdentitySnapshot Snapshot(IdentityReport identity)
    {
        var components = new List<(FirmwareComponentId, ushort, uint)>();
        for (int i = 0; i < identity.ComponentCount; i++)
        {
            FirmwareComponentInfo c = identity.GetComponent(i);
            components.Add((c.Component, c.Image.ImageType, c.Image.FileVersion));
        }

        return new IdentitySnapshot(identity.Role, identity.Variant, identity.State, identity.Eui64, components);
    }
}

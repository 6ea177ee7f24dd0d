namespace HanBench.Host.Csp;

/// <summary>
/// A GBCS command in flight on a <see cref="HubSession"/>: every attempt is a new message with a new originator counter
/// (a device refuses a replayed counter), and the response is matched by device, message code and one of those counters.
/// </summary>
public sealed class GbcsCall
{
    private readonly TaskCompletionSource<HubGbcsMessage?> _completion = new();
    private readonly List<ulong> _counters = [];

    internal GbcsCall(ulong device, ushort messageCode, RetryPolicy policy, Func<ulong, byte[]> build, Action<GbcsCall>? completed)
    {
        Device = device;
        MessageCode = messageCode;
        Policy = policy;
        Build = build;
        CompletedCallback = completed;
    }

    /// <summary>The device the command is for.</summary>
    public ulong Device { get; }

    /// <summary>GBCS message code.</summary>
    public ushort MessageCode { get; }

    /// <summary>The policy it runs under.</summary>
    public RetryPolicy Policy { get; }

    /// <summary>Originator counters used, one per attempt, in order.</summary>
    public IReadOnlyList<ulong> Counters => _counters;

    /// <summary>The last message sent (for replay tests).</summary>
    public byte[] LastMessage { get; internal set; } = [];

    /// <summary>Whether it ended (answered or timed out).</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Whether every attempt went unanswered.</summary>
    public bool TimedOut => IsCompleted && Reply is null;

    /// <summary>The response, once answered: a typed one (<see cref="FirmwareVersionResponse"/>, <see cref="FirmwareActivationResponse"/>, <see cref="CredentialResponse"/>), or the base record when its content did not decode.</summary>
    public HubGbcsMessage? Reply { get; private set; }

    /// <summary>Completes with the response, or null when every attempt timed out.</summary>
    public Task<HubGbcsMessage?> Completion => _completion.Task;

    internal Func<ulong, byte[]> Build { get; }

    /// <summary>
    /// The keys this call is secured and its answer checked with, when not the ones the host uses for the device now (a
    /// credential read-back's probe keys): passed per call, so no other call ever sees them.
    /// </summary>
    internal GbcsPartyKeys.DeviceKeys? Keys { get; init; }

    internal long DeadlineMs { get; set; }

    internal Action<GbcsCall>? CompletedCallback { get; }

    internal void AddCounter(ulong counter) => _counters.Add(counter);

    internal bool IsAnsweredBy(GbcsHeader header) =>
        header.Cra == HanBench.Protocol.Gbcs.GbcsCraFlag.Response && header.MessageCode == MessageCode && header.Originator == Device && _counters.Contains(header.OriginatorCounter);

    internal void Complete(HubGbcsMessage? reply)
    {
        IsCompleted = true;
        Reply = reply;
        CompletedCallback?.Invoke(this);
        _completion.TrySetResult(reply);
    }
}

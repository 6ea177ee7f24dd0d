namespace HanBench.Host.Csp;

/// <summary>
/// A GBCS command in flight on a <see cref="HubSession"/>: every attempt is a new message with a new originator counter
/// (a device refuses a replayed counter), and the response is matched by device, message code and one of those counters.
/// </summary>
public sealed class GbcsCall
{
    private readonly TaskCompletionSource<HubGbcsMessage?> _completion = new();
    private readonly List<ulong> _counters = [];
    private readonly Dictionary<ulong, (ulong Party, ulong Counter)> _remoteParties = [];

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

    /// <summary>Why the block transfer of an attempt failed (a message longer than a HAN frame, GBCS 7.2.11), or null.</summary>
    public string? TransferFailure { get; internal set; }

    /// <summary>What an unanswered call says: the attempts made, and a failed block transfer if there was one.</summary>
    public string NoResponse(string use) =>
        $"no {use} response from {new HanBench.Host.Inventory.Eui64(Device)} after {Counters.Count} attempt(s){(TransferFailure is null ? string.Empty : $" ({TransferFailure})")}";

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

    /// <summary>The attempt with originator counter <paramref name="counter"/> named <paramref name="party"/> as its supplementary remote party, with <paramref name="partyCounter"/>.</summary>
    internal void AddRemoteParty(ulong counter, ulong party, ulong partyCounter) => _remoteParties[counter] = (party, partyCounter);

    /// <summary>
    /// Null when the response <paramref name="response"/> echoes the supplementary remote party id and counter of the
    /// attempt it answers (RTDS 11.2_CS08: the device's response carries its command's), or that attempt named none;
    /// otherwise why not.
    /// </summary>
    internal string? CheckRemotePartyEcho(HanBench.Protocol.Gbcs.GbcsEnvelope response)
    {
        if (!_remoteParties.TryGetValue(response.OriginatorCounter, out (ulong Party, ulong Counter) sent))
        {
            return null;
        }

        if (!response.HasSupplementaryRemotePartyId || !response.HasSupplementaryRemotePartyCounter)
        {
            return $"supplementary remote party not echoed (sent {sent.Party:X16} counter {sent.Counter})";
        }

        return response.SupplementaryRemotePartyId == sent.Party && response.SupplementaryRemotePartyCounter == sent.Counter
            ? null
            : $"supplementary remote party echo {response.SupplementaryRemotePartyId:X16} counter {response.SupplementaryRemotePartyCounter} is not the one sent ({sent.Party:X16} counter {sent.Counter})";
    }

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

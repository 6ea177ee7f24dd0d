using HanBench.Protocol.Management;

namespace HanBench.Host.Csp;

/// <summary>
/// A management request in flight on a <see cref="HubSession"/>: its correlation token, attempts, and the answer or the
/// time-out that ended it. Completed on the session's thread; <see cref="Completion"/> continues synchronously there.
/// </summary>
public sealed class ManagementCall
{
    private readonly TaskCompletionSource<ManagementRecord?> _completion = new();

    internal ManagementCall(byte token, ulong destination, ManagementMessageType type, byte[] message, RetryPolicy policy, Action<ManagementCall>? completed)
    {
        Token = token;
        Destination = destination;
        Type = type;
        Message = message;
        Policy = policy;
        CompletedCallback = completed;
    }

    /// <summary>The correlation token (the answer carries it back).</summary>
    public byte Token { get; }

    /// <summary>Where the request went.</summary>
    public ulong Destination { get; }

    /// <summary>The request type.</summary>
    public ManagementMessageType Type { get; }

    /// <summary>The policy it runs under.</summary>
    public RetryPolicy Policy { get; }

    /// <summary>Sends so far.</summary>
    public int Attempts { get; internal set; }

    /// <summary>Whether it ended (answered or timed out).</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Whether every attempt went unanswered.</summary>
    public bool TimedOut => IsCompleted && Reply is null;

    /// <summary>The answer, once answered.</summary>
    public ManagementRecord? Reply { get; private set; }

    /// <summary>Completes with the answer, or null when every attempt timed out.</summary>
    public Task<ManagementRecord?> Completion => _completion.Task;

    internal byte[] Message { get; }

    internal long DeadlineMs { get; set; }

    internal Action<ManagementCall>? CompletedCallback { get; }

    /// <summary>Whether <paramref name="answer"/> (from <paramref name="source"/>) answers this request.</summary>
    internal bool IsAnsweredBy(ulong source, ManagementMessageType answer, ManagementRecord record)
    {
        if (source != Destination && Destination != HanBench.Protocol.Han.HanFrame.Broadcast)
        {
            return false;
        }

        return answer switch
        {
            ManagementMessageType.Ack => record.Ack is { } ack && ack.RequestType == (byte)Type,
            ManagementMessageType.JoinResult => Type is ManagementMessageType.JoinDevice or ManagementMessageType.RemoveDevice,
            ManagementMessageType.DistributeResult => Type is ManagementMessageType.DistributeImage or ManagementMessageType.CancelDistribution,
            _ => (byte)answer == ((byte)Type | 0x80),
        };
    }

    internal void Complete(ManagementRecord? reply)
    {
        IsCompleted = true;
        Reply = reply;
        CompletedCallback?.Invoke(this);
        _completion.TrySetResult(reply);
    }
}

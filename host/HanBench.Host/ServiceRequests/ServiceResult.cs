namespace HanBench.Host.ServiceRequests;

/// <summary>
/// The outcome of a service request: a DUIS response code and a message naming what happened or what was wrong.
/// A refusal ("E…") means nothing in the inventory changed (only the audit log records the attempt).
/// Handlers that return data derive from this record.
/// </summary>
/// <param name="ResponseCode">A code from <see cref="DuisResponseCodes"/>.</param>
/// <param name="Message">Human-readable: names the device, the field and the rule.</param>
public record ServiceResult(string ResponseCode, string Message)
{
    /// <summary>Whether the request was refused (an "E" code): nothing changed.</summary>
    public bool IsRefused => ResponseCode.StartsWith('E');

    /// <summary>Whether the request was accepted only in part ("W" code): see the result's per-device details.</summary>
    public bool HasWarnings => ResponseCode.StartsWith('W');

    /// <summary>A refusal.</summary>
    public static ServiceResult Refuse(string code, string message) => new(code, message);

    /// <summary>A plain success (I0).</summary>
    public static ServiceResult Succeed(string message) => new(DuisResponseCodes.Success, message);

    /// <inheritdoc/>
    public override string ToString() => $"{ResponseCode}: {Message}";
}

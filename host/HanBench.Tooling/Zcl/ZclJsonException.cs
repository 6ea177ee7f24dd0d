namespace HanBench.Tooling.Zcl;

/// <summary>
/// A ZCL OTA frame or its JSON could not be used: bad JSON, a missing or unexpected field, a value out of range,
/// or a frame that does not decode. The message is one line naming the problem, fit for a user.
/// </summary>
public sealed class ZclJsonException : Exception
{
    public ZclJsonException(string message)
        : base(message)
    {
    }
}

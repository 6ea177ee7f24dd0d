namespace HanBench.Transports;

/// <summary>A write (or open) found no peer: the link was disposed, the peer hung up, or no peer has connected yet.</summary>
public sealed class LinkClosedException : IOException
{
    /// <summary>Creates the exception with a message naming the link and what happened.</summary>
    public LinkClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public LinkClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace HanBench.Transports;

/// <summary>The kinds of link a <see cref="LinkSpec"/> names.</summary>
public enum LinkKind
{
    /// <summary><c>serial:PATH[@baud]</c>: a tty (Linux), a COM port (Windows).</summary>
    Serial,

    /// <summary><c>tcp:HOST:PORT</c>: connect to a listening peer.</summary>
    TcpClient,

    /// <summary><c>listen:[HOST:]PORT</c>: accept one peer at a time (loopback unless a host is given).</summary>
    TcpListener,
}

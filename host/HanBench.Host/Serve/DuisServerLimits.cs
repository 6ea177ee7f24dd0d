namespace HanBench.Host.Serve;

/// <summary>
/// What one request may cost <see cref="DuisServer"/>, checked before the work: a request past a limit is answered
/// at once (413 or 400 naming the limit) and never reaches the DUIS processor.
/// </summary>
/// <param name="MaxBodyBytes">Largest request body. The default (2 MiB) holds an 11.4 request at the DUIS Base64 image
/// limit (1,024,000 characters) with room for its envelope and signature, so an image over that limit still gets its
/// DUIS refusal (E110405) rather than a bare 413.</param>
/// <param name="MaxDepth">Deepest element nesting. DUIS 5.4 requests nest about 8 deep and an enveloped XMLDSig adds 5;
/// 32 leaves room and stops a 100,000-deep document at its 33rd start tag.</param>
/// <param name="MaxElements">Most elements in one request (a 12.2 or 11.4 request has a few dozen).</param>
/// <param name="MaxProcessing">Longest a request may take from its first byte to its response (an 11.2 read waits for a
/// device); past it the work is cancelled and the request gets 503.</param>
/// <param name="Drain">How long a stop waits for requests in flight before their connections are closed.</param>
/// <param name="ConcurrentRequests">Requests the server is sized to handle at once: the thread pool starts with at least
/// this many workers. The handlers write the inventory synchronously (one SQLite writer), so under 50 concurrent clients
/// the blocked requests hold pool threads and the pool's slow growth (about one thread per half second) stalls Kestrel
/// itself; measured with bench duis-load on 2 cores: 228 req/s, p99 607 ms with the default pool, 596 req/s, p99 354 ms
/// with 64 workers from the start.</param>
public sealed record DuisServerLimits(
    long MaxBodyBytes = 2 * 1024 * 1024,
    int MaxDepth = 32,
    int MaxElements = 10_000,
    TimeSpan? MaxProcessing = null,
    TimeSpan? Drain = null,
    int ConcurrentRequests = 64)
{
    /// <summary>The defaults.</summary>
    public static DuisServerLimits Default { get; } = new();

    /// <summary><see cref="MaxProcessing"/> or its default, 30 s.</summary>
    public TimeSpan ProcessingTimeout => MaxProcessing ?? TimeSpan.FromSeconds(30);

    /// <summary><see cref="Drain"/> or its default, 5 s.</summary>
    public TimeSpan DrainTimeout => Drain ?? TimeSpan.FromSeconds(5);
}

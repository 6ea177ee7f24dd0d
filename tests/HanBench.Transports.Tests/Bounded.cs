namespace HanBench.Transports.Tests;

/// <summary>
/// Bounded waits: every await that should complete gets a generous limit, so a broken link fails the test
/// instead of hanging it. Nothing here measures time.
/// </summary>
internal static class Bounded
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static CancellationToken Token() => new CancellationTokenSource(Limit).Token;

    public static async Task<T> Within<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new AssertFailedException($"{what} did not complete within {Limit.TotalSeconds} s");
        }
    }

    public static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Limit);
        }
        catch (TimeoutException)
        {
            throw new AssertFailedException($"{what} did not complete within {Limit.TotalSeconds} s");
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes or fails naming <paramref name="what"/>.</summary>
    public static async Task<byte[]> ReadExactly(IByteStreamLink link, int count, string what)
    {
        var buffer = new byte[count];
        bool complete = await Within(link.ReadExactlyAsync(buffer, Token()).AsTask(), what);
        Assert.IsTrue(complete, $"{what}: the peer went away before {count} bytes arrived");
        return buffer;
    }

    public static void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("pseudo-terminal tests run on Linux only");
        }
    }

    public static byte[] AllByteValues()
    {
        var all = new byte[256];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (byte)i;
        }

        return all;
    }
}

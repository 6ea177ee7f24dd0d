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

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes or fails naming <paramref name="what"/>. The bound is on a stall,
    /// not on the whole transfer: each read gets <see cref="Limit"/> to bring at least one byte, so a large transfer on
    /// a loaded machine may take as long as it takes while a link that stops moving still fails the test.
    /// </summary>
    public static async Task<byte[]> ReadExactly(IByteStreamLink link, int count, string what)
    {
        var buffer = new byte[count];
        for (int filled = 0; filled < count;)
        {
            int read = await Within(link.ReadAsync(buffer.AsMemory(filled), CancellationToken.None).AsTask(), $"{what}: a read after {filled} of {count} bytes");
            Assert.AreNotEqual(0, read, $"{what}: the peer went away after {filled} of {count} bytes");
            filled += read;
        }

        return buffer;
    }

    /// <summary>Writes <paramref name="data"/> in chunks, each bounded by <see cref="Limit"/> (a stall bound, as for reads).</summary>
    public static async Task WriteInChunks(IByteStreamLink link, byte[] data, int chunk, string what)
    {
        for (int done = 0; done < data.Length; done += chunk)
        {
            int length = Math.Min(chunk, data.Length - done);
            await Within(link.WriteAsync(data.AsMemory(done, length), CancellationToken.None).AsTask(), $"{what}: a write after {done} of {data.Length} bytes");
        }
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

namespace HanBench.Bench.Tests.Capture;

/// <summary>A stream on a disk that fills after <c>capacity</c> bytes: the write that crosses it stores what fits, then fails as ENOSPC does.</summary>
internal sealed class FullAfterStream(int capacity) : MemoryStream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        int room = capacity - (int)Position;
        if (count > room)
        {
            base.Write(buffer, offset, Math.Max(0, room));
            throw new IOException("No space left on device");
        }

        base.Write(buffer, offset, count);
    }
}

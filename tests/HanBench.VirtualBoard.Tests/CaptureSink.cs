using HanBench.Device.Links;

namespace HanBench.VirtualBoard.Tests;

/// <summary>An <see cref="IByteSink"/> that keeps every byte it takes, or refuses when told to.</summary>
internal sealed class CaptureSink : IByteSink
{
    private readonly byte[] _bytes;

    public CaptureSink(int capacity = 1 << 20)
    {
        _bytes = new byte[capacity];
    }

    public bool Refuse { get; set; }

    public int Writes { get; private set; }

    public int Length { get; private set; }

    public byte[] Buffer => _bytes;

    public bool Write(byte[] buffer, int offset, int count)
    {
        if (Refuse)
        {
            return false;
        }

        Array.Copy(buffer, offset, _bytes, Length, count);
        Length += count;
        Writes++;
        return true;
    }

    public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();

    public void Clear() => Length = 0;
}

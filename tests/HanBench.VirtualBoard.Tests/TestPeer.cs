using HanBench.Device.Desktop.Boards;
using HanBench.Protocol.Han;
using HanBench.Transports;

namespace HanBench.VirtualBoard.Tests;

/// <summary>The test's own end of a byte stream to a board: sends echo requests, raw bytes, and waits (bounded) for frames.</summary>
internal sealed class TestPeer(IByteStreamLink link, ulong id = TestPeer.DefaultId)
{
    public const ulong DefaultId = 0x00DB_0000_0000_00FFUL;

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly StreamDeframer _deframer = new();
    private readonly StreamFramer _framer = new();
    private readonly byte[] _buffer = new byte[4096];
    private byte _sequence;

    public IByteStreamLink Link => link;

    public static byte[] EchoRequestPayload(long stamp)
    {
        byte[] payload = new byte[13];
        payload[0] = EchoRole.RequestCommand;
        BitConverter.TryWriteBytes(payload.AsSpan(5), stamp);
        return payload;
    }

    public async Task SendEchoRequestAsync(ulong destination, long stamp = 42)
    {
        var frame = new HanFrame { Kind = HanFrameKind.Zcl, ClusterId = EchoRole.ClusterId, Source = id, Destination = destination, Sequence = ++_sequence };
        byte[] payload = EchoRequestPayload(stamp);
        frame.SetPayload(payload, 0, payload.Length);
        byte[] wire = new byte[StreamFramer.MaxEncodedLength];
        int length = _framer.Encode(frame, wire, 0);
        await link.WriteAsync(wire.AsMemory(0, length));
    }

    public async Task SendRawAsync(byte[] bytes) => await link.WriteAsync(bytes);

    /// <summary>Waits for the next echo reply addressed to this peer; returns the replier's boot count.</summary>
    public async Task<uint> ReceiveEchoReplyAsync()
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (true)
        {
            int count = await link.ReadAsync(_buffer, deadline.Token);
            if (count == 0)
            {
                throw new AssertFailedException($"{link.Name}: the board hung up before replying");
            }

            for (int offset = 0; offset < count;)
            {
                offset += _deframer.Feed(_buffer, offset, count - offset);
                HanFrame frame = _deframer.Frame;
                if (_deframer.FrameReady && frame.ClusterId == EchoRole.ClusterId && frame.Destination == id && frame.Payload[frame.PayloadOffset] == EchoRole.ReplyCommand)
                {
                    return BitConverter.ToUInt32(frame.Payload, frame.PayloadOffset + 1);
                }
            }
        }
    }
}

/// <summary>Bounded polling for state that another thread or process changes.</summary>
internal static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        DateTime deadline = DateTime.UtcNow + (patience ?? TestPeer.Patience);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new AssertFailedException($"timed out waiting for {what}");
            }

            await Task.Delay(20);
        }
    }
}

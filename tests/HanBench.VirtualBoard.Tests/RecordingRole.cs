using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.VirtualBoard.Tests;

/// <summary>A role that records what it got (copies, since frames are valid only during the call).</summary>
internal sealed class RecordingRole : IDeviceRole
{
    public List<(IFrameLink Link, HanFrame Frame, byte[] Payload)> Frames { get; } = [];

    public long NextWakeMs => WakeTime.Never;

    public void Start(long nowMs)
    {
    }

    public void OnFrame(IFrameLink link, HanFrame frame)
    {
        var copy = new HanFrame();
        copy.CopyFrom(frame);
        byte[] payload = frame.Payload.AsSpan(frame.PayloadOffset, frame.PayloadLength).ToArray();
        copy.SetPayload(payload, 0, payload.Length);
        Frames.Add((link, copy, payload));
    }

    public void Tick(long nowMs)
    {
    }
}

/// <summary>A role that counts calls and does nothing: the allocation test's receiver.</summary>
internal sealed class CountingRole : IDeviceRole
{
    public int FrameCount;

    public long NextWakeMs => WakeTime.Never;

    public void Start(long nowMs)
    {
    }

    public void OnFrame(IFrameLink link, HanFrame frame) => FrameCount++;

    public void Tick(long nowMs)
    {
    }
}

using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Devices;

/// <summary>
/// Management frames as a host, a hub or a third party on a link would put them there, built outside a role: for
/// benches and the tests that attack a board's management channel (issue 8 §3, issue 13 §4).
/// </summary>
public static class ManagementFrames
{
    /// <summary>A management frame carrying <paramref name="payload"/> under the security suite <paramref name="suite"/> (0: none).</summary>
    public static HanFrame Frame(ulong source, ulong destination, ushort suite, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var frame = new HanFrame { Kind = HanFrameKind.Management, Source = source, Destination = destination, ClusterId = suite };
        frame.SetPayload(payload, 0, payload.Length);
        return frame;
    }

    /// <summary>An ImageExpectation for PPMID firmware <paramref name="version"/> (HanBench's manufacturer code, an all-zero hash).</summary>
    public static byte[] PpmidExpectation(uint version)
    {
        var message = new ManagementMessage { Header = new ManagementHeader(ManagementMessageType.ImageExpectation, 9) };
        message.Expectation.Image = new ImageIdentity(RoleSettings.DefaultManufacturerCode, RoleSettings.PpmidImageType, version);
        message.Expectation.SetHash(new byte[ImageExpectation.HashLength], 0);
        return Encode(message);
    }

    /// <summary>A Reboot request with no delay.</summary>
    public static byte[] Reboot()
    {
        var message = new ManagementMessage { Header = new ManagementHeader(ManagementMessageType.Reboot, 5) };
        message.Reboot = new RebootRequest { DelayMs = 0 };
        return Encode(message);
    }

    /// <summary>The octets of <paramref name="message"/> (no trailer).</summary>
    public static byte[] Encode(ManagementMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new byte[message.EncodedLength];
        message.WriteTo(new ByteWriter(buffer));
        return buffer;
    }
}

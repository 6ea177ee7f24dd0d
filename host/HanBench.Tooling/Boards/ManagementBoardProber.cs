using System.Globalization;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Transports;

namespace HanBench.Tooling.Boards;

/// <summary>
/// Finds a HanBench board on a serial port by asking it: opens the port, sends a management Ping to the broadcast
/// address in the boards' stream framing (COBS + CRC-32, the same bytes a board's link carries), and waits a short,
/// bounded time for the Identity answer that carries the same token. A board's role answers a broadcast ping as its
/// own (firmware/HanBench.Device/Configuration/ProbeAnsweringRole), on the link it came in on; anything else on the
/// port (no board, another device, line noise) gives no answer, and the prober says so with null. The Ping is sent
/// twice, at the start and halfway through the wait, so one lost on a freshly opened line is not the end of it.
/// </summary>
public sealed class ManagementBoardProber : IBoardProber
{
    /// <summary>The source address of probes (HanBench choice: distinct from the bench host's, so a board's log tells them apart).</summary>
    public const ulong ProberEui = 0x00DB00000000FFF0UL;

    /// <summary>Default wait for an answer per port: a board answers within milliseconds; USB adapters add a few. (HanBench choice.)</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMilliseconds(800);

    private readonly Func<string, CancellationToken, Task<IByteStreamLink>> _open;
    private int _token;

    /// <summary>
    /// A prober waiting <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>) per port at
    /// <paramref name="baudRate"/>; <paramref name="open"/> replaces how a port path is opened (default: a serial port).
    /// </summary>
    public ManagementBoardProber(TimeSpan? timeout = null, int baudRate = LinkSpec.DefaultBaudRate, Func<string, CancellationToken, Task<IByteStreamLink>>? open = null)
    {
        Timeout = timeout ?? DefaultTimeout;
        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), Timeout, "must be positive");
        }

        _open = open ?? ((path, ct) => LinkFactory.OpenAsync(LinkSpec.ForSerial(path, baudRate), ct));
    }

    /// <summary>How long each probe waits for an answer.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public bool Probes => true;

    /// <inheritdoc />
    public async Task<BoardProbeResult?> ProbeAsync(string portPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(portPath);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        IByteStreamLink link;
        try
        {
            link = await _open(portPath, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LinkClosedException or OperationCanceledException or PlatformNotSupportedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        await using (link.ConfigureAwait(false))
        {
            byte token = (byte)Interlocked.Increment(ref _token);
            byte[] ping = EncodePing(token);
            try
            {
                await link.WriteAsync(ping, deadline.Token).ConfigureAwait(false);
                Task resend = ResendAsync(link, ping, deadline.Token);
                BoardProbeResult? result = await ReadIdentityAsync(link, token, deadline.Token).ConfigureAwait(false);
                deadline.Cancel();
                await resend.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return result;
            }
            catch (Exception ex) when (ex is OperationCanceledException or LinkClosedException or IOException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }
        }
    }

    /// <summary>The bytes of a broadcast Ping with <paramref name="token"/>: a leading 0x00 (flushes a half frame the board held), then the framed frame.</summary>
    public static byte[] EncodePing(byte token)
    {
        var payload = new byte[ManagementHeader.Length];
        var message = new ManagementMessage { Header = new ManagementHeader(ManagementMessageType.Ping, token) };
        var writer = new ByteWriter(payload);
        message.WriteTo(writer);
        var frame = new HanFrame
        {
            Kind = HanFrameKind.Management,
            Source = ProberEui,
            Destination = HanFrame.Broadcast,
            Sequence = token,
        };
        frame.SetPayload(payload, 0, writer.Written);
        var wire = new byte[StreamFramer.DelimiterLength + StreamFramer.MaxEncodedLengthFor(frame.EncodedLength)];
        int length = new StreamFramer().Encode(frame, wire, StreamFramer.DelimiterLength);
        return wire[..(StreamFramer.DelimiterLength + length)];
    }

    /// <summary>The probe result for a decoded identity.</summary>
    public static BoardProbeResult ToResult(IdentityReport identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var components = new List<ProbedComponent>(identity.ComponentCount);
        for (int i = 0; i < identity.ComponentCount; i++)
        {
            FirmwareComponentInfo c = identity.GetComponent(i);
            components.Add(new ProbedComponent(FirmwareComponentNames.NameOf(c.Component), c.Image.ManufacturerCode, c.Image.ImageType, c.Image.FileVersion));
        }

        return new BoardProbeResult(
            RoleOf(identity.Role),
            identity.Eui64.ToString("X16", CultureInfo.InvariantCulture),
            identity.Variant == AltHanVariant.None ? null : identity.Variant.ToString(),
            identity.State.ToString().ToLowerInvariant(),
            identity.HardwareVersion,
            components);
    }

    private async Task ResendAsync(IByteStreamLink link, byte[] ping, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout / 2, cancellationToken).ConfigureAwait(false);
        await link.WriteAsync(ping, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<BoardProbeResult?> ReadIdentityAsync(IByteStreamLink link, byte token, CancellationToken cancellationToken)
    {
        var deframer = new StreamDeframer();
        var buffer = new byte[1024];
        var message = new ManagementMessage();
        while (true)
        {
            int count = await link.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (count == 0)
            {
                return null;
            }

            int offset = 0;
            while (offset < count)
            {
                offset += deframer.Feed(buffer, offset, count - offset);
                if (!deframer.FrameReady)
                {
                    continue;
                }

                HanFrame frame = deframer.Frame;
                if (frame.Kind != HanFrameKind.Management || frame.Destination != ProberEui)
                {
                    continue;
                }

                // A provisioned board seals its identity (docs/GBCS-SECURITY.md §6); the prober holds no keys and only
                // reads who answers, acting on nothing, so it reads the message without checking the trailer.
                int length = frame.ClusterId == ManagementAuthenticator.SecuritySuite && frame.PayloadLength >= ManagementAuthenticator.TrailerLength
                    ? frame.PayloadLength - ManagementAuthenticator.TrailerLength
                    : frame.PayloadLength;
                if (message.TryDecode(new ByteReader(frame.Payload, frame.PayloadOffset, length)) == ManagementDecodeStatus.Ok
                    && message.Header.Type == ManagementMessageType.Identity && message.Header.Token == token)
                {
                    return ToResult(message.Identity);
                }
            }
        }
    }

    private static BoardRole RoleOf(DeviceRoleKind kind) => kind switch
    {
        DeviceRoleKind.Hub => BoardRole.Hub,
        DeviceRoleKind.Bridge => BoardRole.Bridge,
        DeviceRoleKind.Meter => BoardRole.Meter,
        _ => BoardRole.Ppmid,
    };
}

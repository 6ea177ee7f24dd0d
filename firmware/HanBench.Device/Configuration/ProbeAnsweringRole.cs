using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Configuration
{
    /// <summary>
    /// Lets a board answer <c>hanbench ports</c>, which asks a port "who is there?" before it knows the board's EUI-64: a
    /// management <see cref="ManagementMessageType.Ping"/> addressed to <see cref="HanFrame.Broadcast"/> is handed to the
    /// role as a ping to the board itself, so the role answers with its Identity on the link it came in on. Every other
    /// frame passes unchanged. (HanBench choice: roles answer management only when addressed; a broadcast ping is the
    /// board's, not the role's, business, so it is decided here, on the board, once for every runner.)
    /// <para>Roles tell links apart by reference; this passes the runner's link objects through untouched.</para>
    /// </summary>
    public sealed class ProbeAnsweringRole : IDeviceRole
    {
        private readonly IDeviceRole _inner;
        private readonly ulong _eui64;

        /// <summary>Wraps <paramref name="inner"/>, the role of the device <paramref name="eui64"/>.</summary>
        public ProbeAnsweringRole(IDeviceRole inner, ulong eui64)
        {
            if (inner == null)
            {
                throw new System.ArgumentNullException(nameof(inner));
            }

            _inner = inner;
            _eui64 = eui64;
        }

        /// <summary>The wrapped role.</summary>
        public IDeviceRole Inner => _inner;

        /// <summary>Broadcast pings handed to the role as its own.</summary>
        public int ProbesAnswered { get; private set; }

        /// <inheritdoc />
        public long NextWakeMs => _inner.NextWakeMs;

        /// <inheritdoc />
        public void Start(long nowMs)
        {
            _inner.Start(nowMs);
        }

        /// <inheritdoc />
        public void OnFrame(IFrameLink link, HanFrame frame)
        {
            if (IsBroadcastPing(frame))
            {
                // The frame is the runner's and valid only during this call: readdressing it in place costs nothing.
                frame.Destination = _eui64;
                ProbesAnswered++;
            }

            _inner.OnFrame(link, frame);
        }

        /// <inheritdoc />
        public void Tick(long nowMs)
        {
            _inner.Tick(nowMs);
        }

        /// <summary>True for a management Ping (first payload octet) sent to the broadcast address.</summary>
        public static bool IsBroadcastPing(HanFrame frame)
        {
            return frame.Kind == HanFrameKind.Management && frame.Destination == HanFrame.Broadcast && frame.PayloadLength > 0
                && frame.Payload[frame.PayloadOffset] == (byte)ManagementMessageType.Ping;
        }
    }
}

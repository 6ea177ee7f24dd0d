using System.Net;
using System.Net.Sockets;
using HanBench.Bench.Radio;
using HanBench.Bench.Topology;
using HanBench.Device.Hal;
using HanBench.Device.Links;
using HanBench.Device.Roles;
using HanBench.Protocol.Han;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The standard bench's host node behind a TCP listener, for a host that runs as another process: frames the hub sends
/// to the host go to the connected process (COBS + CRC stream framing, as on a serial link); frames from it go into the
/// medium. One connection at a time; while there is none (the host is down), frames to the host are lost. Pumped by the
/// thread that runs the bench (<see cref="Pump"/>), so the bench stays single-threaded.
/// </summary>
public sealed class TcpBenchWan : IDeviceRole, IByteSink, IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly StreamFrameLink _link;
    private readonly IFrameLink _port;
    private readonly Injector _injector;
    private readonly byte[] _receive = new byte[64 * 1024];
    private Socket? _client;

    public TcpBenchWan(StandardBench bench)
    {
        MediumNode node = bench.Medium.FindNode(StandardBench.HostEui)!;
        bench.Host.Stop();
        _port = node.Port(HopKind.Wire);
        _link = new StreamFrameLink(this);
        _injector = new Injector(_port);
        node.Attach(this);
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections { get; private set; }

    public long FramesToHost { get; private set; }

    public long FramesLost { get; private set; }

    public long FramesFromHost => _link.FramesReceived;

    public long NextWakeMs => WakeTime.Never;

    /// <summary>Takes a new connection (replacing a dead one) and feeds what the host sent into the medium.</summary>
    public void Pump()
    {
        while (_listener.Pending())
        {
            _client?.Dispose();
            _client = _listener.AcceptSocket();
            _client.NoDelay = true;
            _link.Restart();
            Connections++;
        }

        Socket? client = _client;
        if (client is null)
        {
            return;
        }

        try
        {
            while (client.Available > 0)
            {
                int count = client.Receive(_receive, 0, Math.Min(_receive.Length, client.Available), SocketFlags.None);
                if (count <= 0)
                {
                    break;
                }

                _link.Receive(_receive, 0, count, _injector);
            }

            if (client.Poll(0, SelectMode.SelectRead) && client.Available == 0)
            {
                Drop();
            }
        }
        catch (SocketException)
        {
            Drop();
        }
    }

    public void Start(long nowMs)
    {
    }

    public void Tick(long nowMs)
    {
    }

    public void OnFrame(IFrameLink link, HanFrame frame)
    {
        if (_client is null || !_link.Send(frame))
        {
            FramesLost++;
            return;
        }

        FramesToHost++;
    }

    bool IByteSink.Write(byte[] buffer, int offset, int count)
    {
        try
        {
            _client?.Send(buffer, offset, count, SocketFlags.None);
            return _client is not null;
        }
        catch (SocketException)
        {
            Drop();
            return false;
        }
    }

    public void Dispose()
    {
        _client?.Dispose();
        _listener.Stop();
    }

    private void Drop()
    {
        _client?.Dispose();
        _client = null;
    }

    private sealed class Injector(IFrameLink port) : IDeviceRole
    {
        public long NextWakeMs => WakeTime.Never;

        public void Start(long nowMs)
        {
        }

        public void Tick(long nowMs)
        {
        }

        public void OnFrame(IFrameLink link, HanFrame frame) => port.Send(frame);
    }
}

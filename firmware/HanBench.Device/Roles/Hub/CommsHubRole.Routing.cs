using HanBench.Device.Hal;
using HanBench.Device.Roles.Traffic;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>Routing between the WAN and the HAN: frames for whitelisted devices pass, others are dropped and counted; meter traffic is acknowledged.</summary>
    public sealed partial class CommsHubRole
    {
        private readonly byte[] _ack = new byte[MeterTrafficFrame.HeaderLength];
        private readonly ByteWriter _writer = new ByteWriter();

        private void OnWanFrame(HanFrame frame)
        {
            ulong destination = frame.Destination;
            if (destination == Eui64)
            {
                if (frame.Kind == HanFrameKind.Zcl && frame.ClusterId == OtaCluster.ClusterId && frame.Source == Configuration.UpstreamEui)
                {
                    _puller.OnZcl(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, Context.Clock.NowMs);
                }
                else if (frame.Kind == HanFrameKind.Gbcs && !_credentials.OnGbcs(frame))
                {
                    _activator.OnGbcs(frame, Context.Clock.NowMs);
                }

                return;
            }

            if (destination == HanFrame.Broadcast)
            {
                return;
            }

            if (!_whitelist.Contains(destination))
            {
                RefusedToHan++;
                Log(LogLevel.Warning, "frame for " + destination.ToString("X16") + " dropped: not on the HAN whitelist");
                return;
            }

            RelayedToHan++;
            Forward(Downstream!, frame, destination);
        }

        private void OnHanFrame(IFrameLink link, HanFrame frame)
        {
            int index = _whitelist.IndexOf(frame.Source);
            if (index < 0)
            {
                RefusedFromHan++;
                return;
            }

            ulong destination = frame.Destination;
            if (frame.Kind == HanFrameKind.Zcl)
            {
                if (destination == Eui64 && frame.ClusterId == MeterTrafficFrame.ClusterId)
                {
                    OnMeterTraffic(link, frame, index);
                }
                else if (destination == Eui64 && frame.ClusterId == OtaCluster.ClusterId)
                {
                    OtaServer? server = _distributor.Server;
                    if (server != null && !_distributor.InterceptCancelled(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength))
                    {
                        server.OnZcl(frame.Source, frame.Payload, frame.PayloadOffset, frame.PayloadLength, Context.Clock.NowMs);
                    }
                }

                return;
            }

            if (destination == Eui64 || destination == Configuration.UpstreamEui)
            {
                RelayedToWan++;
                Forward(Upstream, frame, Configuration.UpstreamEui);
            }
        }

        private void OnMeterTraffic(IFrameLink link, HanFrame frame, int index)
        {
            if (!MeterTrafficFrame.TryRead(frame.Payload, frame.PayloadOffset, frame.PayloadLength, out byte type, out uint number)
                || type != MeterTrafficFrame.Report)
            {
                return;
            }

            if (_whitelist.RecordReport(index, number))
            {
                MeterReports++;
            }
            else
            {
                MeterDuplicates++;
            }

            // Acknowledge every copy: the one whose acknowledgement was lost is the one being resent.
            _writer.Reset(_ack, 0, _ack.Length);
            MeterTrafficFrame.Write(_writer, MeterTrafficFrame.Acknowledgement, number, MeterTrafficFrame.HeaderLength);
            SendFrame(link, HanFrameKind.Zcl, MeterTrafficFrame.ClusterId, frame.Source, _ack, 0, _writer.Written);
        }
    }
}

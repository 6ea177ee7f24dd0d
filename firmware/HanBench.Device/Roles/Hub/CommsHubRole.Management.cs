using HanBench.Device.Hal;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>The host's management requests to the hub: joining devices to the whitelist and distributing images to them.</summary>
    public sealed partial class CommsHubRole
    {
        /// <inheritdoc />
        protected override bool OnManagement(IFrameLink link, HanFrame frame, ManagementMessage request)
        {
            ManagementHeader header = request.Header;
            switch (header.Type)
            {
                case ManagementMessageType.JoinDevice:
                    AnswerJoin(link, frame.Source, header.Token, request.Join.Eui64, _whitelist.Join(request.Join.Eui64, request.Join.DeviceType, Eui64));
                    return true;
                case ManagementMessageType.RemoveDevice:
                    AnswerJoin(link, frame.Source, header.Token, request.Remove.Eui64, _whitelist.Remove(request.Remove.Eui64));
                    return true;
                case ManagementMessageType.DistributeImage:
                    DistributeStatus status = _distributor.Distribute(request.Distribute, Context.Clock.NowMs, out ulong offending);
                    AnswerDistribute(link, frame.Source, header.Token, status, status == DistributeStatus.Accepted ? request.Distribute.Devices.Count : 0, offending);
                    return true;
                case ManagementMessageType.CancelDistribution:
                    DistributeStatus cancelled = _distributor.Cancel(request.Cancel, out ulong notInProgress);
                    AnswerDistribute(link, frame.Source, header.Token, cancelled, cancelled == DistributeStatus.Accepted ? request.Cancel.Devices.Count : 0, notInProgress);
                    return true;
                default:
                    return false;
            }
        }

        private void AnswerJoin(IFrameLink link, ulong destination, byte token, ulong device, JoinStatus status)
        {
            if (status == JoinStatus.Joined || status == JoinStatus.Removed)
            {
                _whitelist.Save(Context.Settings);
            }

            if (status == JoinStatus.Type1LimitReached)
            {
                Log(LogLevel.Warning, "join of " + device.ToString("X16") + " refused: " + HanWhitelist.MaxType1Devices.ToString() + " Type 1 devices are joined already (SECMP0170 §4.2)");
            }

            Answer.Header = new ManagementHeader(ManagementMessageType.JoinResult, token);
            JoinResult result = default;
            result.Eui64 = device;
            result.Status = status;
            result.Type1Count = (byte)_whitelist.Type1Count;
            result.JoinedCount = (byte)_whitelist.Count;
            Answer.JoinResult = result;
            SendAnswer(link, destination);
        }

        private void AnswerDistribute(IFrameLink link, ulong destination, byte token, DistributeStatus status, int accepted, ulong device)
        {
            if (status != DistributeStatus.Accepted)
            {
                Log(LogLevel.Warning, "distribution request refused: status " + ((byte)status).ToString() + ", device " + device.ToString("X16"));
            }

            Answer.Header = new ManagementHeader(ManagementMessageType.DistributeResult, token);
            DistributeResult result = default;
            result.Status = status;
            result.DevicesAccepted = (byte)accepted;
            result.Device = device;
            Answer.DistributeResult = result;
            SendAnswer(link, destination);
        }
    }
}

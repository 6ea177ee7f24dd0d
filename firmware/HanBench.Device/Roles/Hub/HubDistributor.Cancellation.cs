using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Zcl;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>Cancelling transfers (0x8F89 code 3) and answering ABORT to the block requests a cancelled device still sends.</summary>
    public sealed partial class HubDistributor
    {
        private readonly ulong[] _cancelledDevices = new ulong[HanWhitelist.Capacity];
        private readonly ImageIdentity[] _cancelledImages = new ImageIdentity[HanWhitelist.Capacity];

        private readonly ByteWriter _writer = new ByteWriter();
        private readonly byte[] _abort = new byte[ZclHeader.MaxEncodedLength + ImageBlockResponse.AbortLength];

        private int _cancelledCount;

        /// <summary>Cancels the listed devices' transfers of the image (0x8F89 code 3 each); refuses the whole request if one has none.</summary>
        public DistributeStatus Cancel(CancelDistributionRequest request, out ulong offending)
        {
            offending = 0;
            DeviceEuiList devices = request.Devices;
            for (int i = 0; i < devices.Count; i++)
            {
                int index = IndexOf(devices.Get(i));
                if (index < 0 || !_transfers[index].Identity.SameAs(request.Image))
                {
                    offending = devices.Get(i);
                    return DistributeStatus.NotInProgress;
                }
            }

            for (int i = 0; i < devices.Count; i++)
            {
                DeviceTransfer transfer = _transfers[IndexOf(devices.Get(i))];
                if (_cancelledCount < _cancelledDevices.Length)
                {
                    _cancelledDevices[_cancelledCount] = transfer.Device;
                    _cancelledImages[_cancelledCount] = transfer.Identity;
                    _cancelledCount++;
                }

                End(transfer, FirmwareTransferResponseCode.FileTransferFailure);
            }

            return DistributeStatus.Accepted;
        }

        /// <summary>
        /// Answers ABORT (ZCL OTA) to a block or page request from a device whose transfer of that image was cancelled, so
        /// its client stops and discards; true when the frame was answered here and must not reach the server.
        /// </summary>
        public bool InterceptCancelled(ulong source, byte[] buffer, int offset, int count)
        {
            int index = -1;
            for (int i = 0; i < _cancelledCount; i++)
            {
                if (_cancelledDevices[i] == source)
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                return false;
            }

            _reader.Reset(buffer, offset, count);
            if (ZclHeader.TryDecode(_reader, out ZclHeader header) != ZclDecodeStatus.Ok || header.FrameType != ZclHeader.FrameTypeClusterSpecific)
            {
                return false;
            }

            ImageIdentity cancelled = _cancelledImages[index];
            if (header.CommandId == (byte)OtaCommandId.ImageBlockRequest)
            {
                if (ImageBlockRequest.TryDecode(_reader, out ImageBlockRequest block) != ZclDecodeStatus.Ok
                    || !cancelled.SameAs(new ImageIdentity(block.ManufacturerCode, block.ImageType, block.FileVersion)))
                {
                    return false;
                }
            }
            else if (header.CommandId == (byte)OtaCommandId.ImagePageRequest)
            {
                if (ImagePageRequest.TryDecode(_reader, out ImagePageRequest page) != ZclDecodeStatus.Ok
                    || !cancelled.SameAs(new ImageIdentity(page.ManufacturerCode, page.ImageType, page.FileVersion)))
                {
                    return false;
                }
            }
            else
            {
                if (header.CommandId == (byte)OtaCommandId.UpgradeEndRequest)
                {
                    // The device has given up the image: nothing more to refuse.
                    ForgetCancellation(source);
                }

                return false;
            }

            ImageBlockResponse response = default;
            response.Status = OtaStatus.Abort;
            _writer.Reset(_abort, 0, _abort.Length);
            OtaCluster.HeaderFor(OtaCommandId.ImageBlockResponse, header.TransactionSequenceNumber).WriteTo(_writer);
            response.WriteTo(_writer);
            _sender.Send(source, _abort, 0, _writer.Written);
            return true;
        }

        private void ForgetCancellation(ulong device)
        {
            for (int i = 0; i < _cancelledCount; i++)
            {
                if (_cancelledDevices[i] == device)
                {
                    _cancelledCount--;
                    _cancelledDevices[i] = _cancelledDevices[_cancelledCount];
                    _cancelledImages[i] = _cancelledImages[_cancelledCount];
                    return;
                }
            }
        }
    }
}

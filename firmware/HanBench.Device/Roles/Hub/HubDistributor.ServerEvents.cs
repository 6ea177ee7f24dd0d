using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>What the OTA server reports of each download, turned into the progress and the end (CCS08 alert) of a device's transfer.</summary>
    public sealed partial class HubDistributor
    {
        /// <inheritdoc />
        public void OnQueryAnswered(ulong client, OtaServerImage? image, OtaQueryOutcome outcome)
        {
            int index = IndexOf(client);
            if (index < 0)
            {
                return;
            }

            DeviceTransfer transfer = _transfers[index];
            if (outcome == OtaQueryOutcome.Offered && ReferenceEquals(image, transfer.Image))
            {
                transfer.Downloading = true;
                transfer.NotifyAttempts = 0;
            }
            else if (outcome == OtaQueryOutcome.HardwareVersionMismatch && ReferenceEquals(image, transfer.Image))
            {
                End(transfer, FirmwareTransferResponseCode.HardwareVersionMismatch);
            }
        }

        /// <inheritdoc />
        public void OnBlockSent(ulong client, OtaServerImage image, uint offset, int count)
        {
            int index = IndexOf(client);
            if (index >= 0 && ReferenceEquals(image, _transfers[index].Image))
            {
                DeviceTransfer transfer = _transfers[index];
                uint end = offset + (uint)count;
                if (end > transfer.HighestOffset)
                {
                    transfer.HighestOffset = end;
                }

                // A device that resumed a download by itself after a restart (its client keeps its offset) fetches blocks
                // without a new query: that is progress, so it is not notified again nor failed for want of a query.
                transfer.Downloading = true;
                transfer.NotifyAttempts = 0;
            }
        }

        /// <inheritdoc />
        public void OnBlockDeferred(ulong client, OtaServerImage image)
        {
            int index = IndexOf(client);
            if (index < 0 || !ReferenceEquals(image, _transfers[index].Image))
            {
                return;
            }

            // The device is downloading, queued behind the download slots: not a device that ignores the notify. This is
            // how a device that resumed its download by itself before the host re-sent the request (a restart on both
            // sides, issue 13 "Resume") is told from one that is gone: its client is past the query, so it answers no
            // notify, and without this the hub would fail it after MaxNotifyAttempts while it waits its turn.
            DeviceTransfer transfer = _transfers[index];
            transfer.NotifyAttempts = 0;
            transfer.NextNotifyMs = _hub.Context.Clock.NowMs + NotifyRetryMs;
        }

        /// <inheritdoc />
        public void OnUpgradeEnd(ulong client, OtaServerImage? image, OtaStatus status)
        {
            int index = IndexOf(client);
            if (index < 0 || !ReferenceEquals(image, _transfers[index].Image))
            {
                return;
            }

            DeviceTransfer transfer = _transfers[index];
            switch (status)
            {
                case OtaStatus.Success:
                    End(transfer, FirmwareTransferResponseCode.Success);
                    break;
                case OtaStatus.InvalidImage:
                    End(transfer, FirmwareTransferResponseCode.ImageDiscarded);
                    break;
                case OtaStatus.Abort:
                case OtaStatus.InsufficientSpace:
                case OtaStatus.InvalidValue:
                    // A device whose store cannot take the image says why (UpgradeEndRequest.IsAllowedStatus); to the DCC it
                    // is a failed transfer all the same (0x8F89 code 3).
                    End(transfer, FirmwareTransferResponseCode.FileTransferFailure);
                    break;
            }
        }

        /// <inheritdoc />
        public void OnDownloadTimedOut(ulong client, OtaServerImage image, uint highestOffset)
        {
            int index = IndexOf(client);
            if (index < 0 || !ReferenceEquals(image, _transfers[index].Image))
            {
                return;
            }

            // The device (or a relay on its path) went quiet: notify again so it resumes.
            DeviceTransfer transfer = _transfers[index];
            transfer.Downloading = false;
            transfer.NextNotifyMs = _hub.Context.Clock.NowMs;
        }
    }
}

using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Builds and sends an <see cref="OtaServer"/>'s server→client frames (Query Next Image Response, Image Block Response
    /// with data, WAIT_FOR_DATA or ABORT, Upgrade End Response, Image Notify, Default Response) in one transmit buffer and
    /// one data buffer allocated once; an answer carries the sequence number of the request it answers. ZCL time is the
    /// server's clock plus <see cref="OtaServerSettings.ZclTimeAtClockZero"/>. Not thread-safe.
    /// </summary>
    internal sealed class OtaServerResponses
    {
        private const byte DefaultResponseFrameControl = ZclHeader.FrameTypeGlobal | ZclHeader.DirectionServerToClient | ZclHeader.DisableDefaultResponse;

        private readonly OtaServer _server;
        private readonly IZclFrameSender _sender;
        private readonly IOtaImageSource _source;
        private readonly OtaServerSettings _settings;
        private readonly byte[] _transmit;
        private readonly byte[] _data;
        private readonly ByteWriter _writer;
        private byte _sequence;

        /// <summary>Frames of <paramref name="server"/>, block data read from <paramref name="source"/>, sent through <paramref name="sender"/>.</summary>
        public OtaServerResponses(OtaServer server, IZclFrameSender sender, IOtaImageSource source, OtaServerSettings settings)
        {
            _server = server;
            _sender = sender;
            _source = source;
            _settings = settings;
            _transmit = new byte[OtaTransferLimits.MaxZclFrameLength];
            _data = new byte[ImageBlockResponse.MaxDataSize];
            _writer = new ByteWriter();
        }

        /// <summary>Image Block Responses with data sent.</summary>
        public long BlocksSent { get; private set; }

        /// <summary>Image data bytes sent.</summary>
        public long BytesSent { get; private set; }

        /// <summary>WAIT_FOR_DATA responses sent.</summary>
        public long WaitForDataSent { get; private set; }

        /// <summary>ABORT responses sent.</summary>
        public long AbortsSent { get; private set; }

        /// <summary>The sequence number for a frame the server sends unasked (Image Notify, an upgrade command).</summary>
        public byte NextUnsolicitedSequence()
        {
            return ++_sequence;
        }

        /// <summary>Answers a query with <paramref name="best"/> offered, or NO_IMAGE_AVAILABLE when it is null.</summary>
        public void SendQueryResponse(ulong destination, byte sequence, OtaServerImage? best)
        {
            QueryNextImageResponse response = default;
            if (best != null)
            {
                response.Status = OtaStatus.Success;
                response.ManufacturerCode = best.ManufacturerCode;
                response.ImageType = best.ImageType;
                response.FileVersion = best.FileVersion;
                response.ImageSize = best.ImageSize;
            }
            else
            {
                response.Status = OtaStatus.NoImageAvailable;
            }

            BeginFrame(OtaCommandId.QueryNextImageResponse, sequence);
            response.WriteTo(_writer);
            Finish(destination);
        }

        /// <summary>
        /// Sends the block of <paramref name="image"/> at <paramref name="offset"/> (at most <paramref name="maxSize"/> bytes)
        /// to <paramref name="client"/> and records it there; ABORT and false when the source cannot read it.
        /// </summary>
        public bool SendBlock(OtaServerClient client, OtaServerImage image, uint offset, byte maxSize, byte sequence, long nowMs)
        {
            uint left = image.ImageSize - offset;
            int want = left < maxSize ? (int)left : maxSize;
            int read = _source.ReadAt(image, offset, _data, 0, want);
            if (read <= 0 || read > want)
            {
                SendAbort(client.Address, sequence);
                return false;
            }

            client.HasSentBlock = true;
            client.LastBlockMs = nowMs;
            client.LastActivityMs = nowMs;
            uint end = offset + (uint)read;
            if (end > client.HighestOffset)
            {
                client.HighestOffset = end;
            }

            ImageBlockResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = image.ManufacturerCode;
            response.ImageType = image.ImageType;
            response.FileVersion = image.FileVersion;
            response.FileOffset = offset;
            response.SetData(_data, 0, read);
            BeginFrame(OtaCommandId.ImageBlockResponse, sequence);
            response.WriteTo(_writer);
            BlocksSent++;
            BytesSent += read;
            Finish(client.Address);

            IOtaServerObserver? observer = _server.Observer;
            if (observer != null)
            {
                observer.OnBlockSent(client.Address, image, offset, read);
            }

            return true;
        }

        /// <summary>WAIT_FOR_DATA: ask again <paramref name="retrySeconds"/> from now, no faster than the minimum block period.</summary>
        public void SendWaitForData(ulong destination, byte sequence, uint retrySeconds, long nowMs)
        {
            ImageBlockResponse response = default;
            response.Status = OtaStatus.WaitForData;
            response.CurrentTime = ZclTime(nowMs);
            response.RequestTime = response.CurrentTime + retrySeconds;
            response.MinimumBlockPeriod = _settings.MinimumBlockPeriodMs;
            WaitForDataSent++;
            BeginFrame(OtaCommandId.ImageBlockResponse, sequence);
            response.WriteTo(_writer);
            Finish(destination);
        }

        /// <summary>ABORT: the download ends (the image is gone, or cannot be read).</summary>
        public void SendAbort(ulong destination, byte sequence)
        {
            ImageBlockResponse response = default;
            response.Status = OtaStatus.Abort;
            AbortsSent++;
            BeginFrame(OtaCommandId.ImageBlockResponse, sequence);
            response.WriteTo(_writer);
            Finish(destination);
        }

        /// <summary>An Upgrade End Response for the image named, its upgrade time set by <paramref name="policy"/>.</summary>
        public bool SendUpgradeEndResponse(ulong destination, ushort manufacturerCode, ushort imageType, uint fileVersion, byte sequence, OtaUpgradeTimePolicy policy, uint delaySeconds, long nowMs)
        {
            UpgradeEndResponse response = default;
            response.ManufacturerCode = manufacturerCode;
            response.ImageType = imageType;
            response.FileVersion = fileVersion;
            response.CurrentTime = ZclTime(nowMs);
            switch (policy)
            {
                case OtaUpgradeTimePolicy.Delay:
                    response.UpgradeTime = response.CurrentTime + delaySeconds;
                    break;
                case OtaUpgradeTimePolicy.Wait:
                    response.UpgradeTime = UpgradeEndResponse.UpgradeTimeWaitForUpgradeCommand;
                    break;
                default:
                    response.UpgradeTime = response.CurrentTime;
                    break;
            }

            BeginFrame(OtaCommandId.UpgradeEndResponse, sequence);
            response.WriteTo(_writer);
            return Finish(destination);
        }

        /// <summary>An Image Notify for <paramref name="image"/>; false when the link refused it.</summary>
        public bool SendImageNotify(ulong destination, OtaServerImage image, ImageNotifyPayloadType payloadType, byte queryJitter)
        {
            ImageNotify notify = default;
            notify.PayloadType = payloadType;
            notify.QueryJitter = queryJitter;
            notify.ManufacturerCode = image.ManufacturerCode;
            notify.ImageType = image.ImageType;
            notify.FileVersion = image.FileVersion;
            BeginFrame(OtaCommandId.ImageNotify, NextUnsolicitedSequence());
            notify.WriteTo(_writer);
            return Finish(destination);
        }

        /// <summary>A ZCL Default Response with <paramref name="status"/> to command <paramref name="commandId"/>.</summary>
        public void SendDefaultResponse(ulong destination, byte sequence, byte commandId, OtaStatus status)
        {
            ZclHeader header = default;
            header.FrameControl = DefaultResponseFrameControl;
            header.TransactionSequenceNumber = sequence;
            header.CommandId = ZclDefaultResponse.GlobalCommandId;
            ZclDefaultResponse response = default;
            response.CommandId = commandId;
            response.Status = (byte)status;
            _writer.Reset(_transmit, 0, _transmit.Length);
            header.WriteTo(_writer);
            response.WriteTo(_writer);
            Finish(destination);
        }

        private void BeginFrame(OtaCommandId commandId, byte sequence)
        {
            _writer.Reset(_transmit, 0, _transmit.Length);
            OtaCluster.HeaderFor(commandId, sequence).WriteTo(_writer);
        }

        private bool Finish(ulong destination)
        {
            return _sender.Send(destination, _transmit, 0, _writer.Written);
        }

        private uint ZclTime(long nowMs)
        {
            return _settings.ZclTimeAtClockZero + (uint)(nowMs / 1000);
        }
    }
}

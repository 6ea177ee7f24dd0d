using HanBench.Protocol.Bytes;
using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// Builds and sends an <see cref="OtaClient"/>'s client→server commands (Query Next Image, Image Page and Image Block
    /// Requests, Upgrade End Request) in one transmit buffer allocated once, each with the next transaction sequence
    /// number. A request is written first and sent by <see cref="Transmit"/> once the client has armed its wait: on an
    /// in-process link the answer may come back inside the send. Not thread-safe.
    /// </summary>
    internal sealed class OtaClientRequests
    {
        private readonly IZclFrameSender _sender;
        private readonly OtaClientSettings _settings;
        private readonly byte[] _transmit;
        private readonly ByteWriter _writer;
        private byte _sequence;

        /// <summary>Requests for the client with <paramref name="settings"/>, sent through <paramref name="sender"/>.</summary>
        public OtaClientRequests(IZclFrameSender sender, OtaClientSettings settings)
        {
            _sender = sender;
            _settings = settings;
            _transmit = new byte[OtaTransferLimits.MaxZclFrameLength];
            _writer = new ByteWriter();
        }

        /// <summary>Frames sent.</summary>
        public long Sent { get; private set; }

        /// <summary>Writes a Query Next Image Request for the running firmware; returns its sequence number.</summary>
        public byte WriteQuery()
        {
            QueryNextImageRequest request = default;
            request.FieldControl = _settings.HasHardwareVersion ? QueryNextImageRequest.FieldControlHardwareVersionPresent : (byte)0;
            request.ManufacturerCode = _settings.ManufacturerCode;
            request.ImageType = _settings.ImageType;
            request.FileVersion = _settings.CurrentFileVersion;
            request.HardwareVersion = _settings.HardwareVersion;
            byte sequence = BeginFrame(OtaCommandId.QueryNextImageRequest);
            request.WriteTo(_writer);
            return sequence;
        }

        /// <summary>
        /// Writes an Image Page Request for <paramref name="pageSize"/> bytes of <paramref name="image"/> from its first
        /// missing byte, blocks of at most <paramref name="maxDataSize"/> bytes <paramref name="spacingMs"/> apart; returns
        /// its sequence number (the page's blocks carry it).
        /// </summary>
        public byte WritePageRequest(OtaClientImage image, byte maxDataSize, ushort pageSize, long spacingMs)
        {
            ImagePageRequest request = default;
            request.FieldControl = _settings.SendRequestNodeAddress ? ImagePageRequest.FieldControlRequestNodeAddressPresent : (byte)0;
            request.ManufacturerCode = image.ManufacturerCode;
            request.ImageType = image.ImageType;
            request.FileVersion = image.FileVersion;
            request.FileOffset = image.Next;
            request.MaximumDataSize = maxDataSize;
            request.PageSize = pageSize;
            request.ResponseSpacing = spacingMs > 0xFFFF ? (ushort)0xFFFF : (ushort)spacingMs;
            request.RequestNodeAddress = _settings.OwnAddress;
            byte sequence = BeginFrame(OtaCommandId.ImagePageRequest);
            request.WriteTo(_writer);
            return sequence;
        }

        /// <summary>
        /// Writes an Image Block Request for one block of <paramref name="image"/> at its first missing byte, carrying the
        /// client's minimum block period when it has one; returns its sequence number.
        /// </summary>
        public byte WriteBlockRequest(OtaClientImage image, byte maxDataSize, long blockPeriodMs)
        {
            ImageBlockRequest request = default;
            byte fieldControl = _settings.SendRequestNodeAddress ? ImageBlockRequest.FieldControlRequestNodeAddressPresent : (byte)0;
            if (blockPeriodMs != 0)
            {
                fieldControl |= ImageBlockRequest.FieldControlMinimumBlockPeriodPresent;
            }

            request.FieldControl = fieldControl;
            request.ManufacturerCode = image.ManufacturerCode;
            request.ImageType = image.ImageType;
            request.FileVersion = image.FileVersion;
            request.FileOffset = image.Next;
            request.MaximumDataSize = maxDataSize;
            request.RequestNodeAddress = _settings.OwnAddress;
            request.MinimumBlockPeriod = blockPeriodMs > 0xFFFF ? (ushort)0xFFFF : (ushort)blockPeriodMs;
            byte sequence = BeginFrame(OtaCommandId.ImageBlockRequest);
            request.WriteTo(_writer);
            return sequence;
        }

        /// <summary>Sends an Upgrade End Request with <paramref name="status"/> for <paramref name="image"/> at once.</summary>
        public void SendUpgradeEnd(OtaStatus status, OtaClientImage image)
        {
            UpgradeEndRequest request = default;
            request.Status = status;
            request.ManufacturerCode = image.ManufacturerCode;
            request.ImageType = image.ImageType;
            request.FileVersion = image.FileVersion;
            BeginFrame(OtaCommandId.UpgradeEndRequest);
            request.WriteTo(_writer);
            Transmit();
        }

        /// <summary>Sends the request last written to the server.</summary>
        public void Transmit()
        {
            Sent++;
            _sender.Send(_settings.ServerAddress, _transmit, 0, _writer.Written);
        }

        private byte BeginFrame(OtaCommandId commandId)
        {
            _writer.Reset(_transmit, 0, _transmit.Length);
            byte sequence = ++_sequence;
            OtaCluster.HeaderFor(commandId, sequence).WriteTo(_writer);
            return sequence;
        }
    }
}

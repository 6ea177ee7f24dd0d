using System.Collections;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Tests.Transfer
{
    /// <summary>
    /// An OTA server paced the way zigbee-herdsman 11.1.1 behaved in issue 16 (its OtaSession, helpers/ota.js): it ignores
    /// responseSpacing and sends one block every <see cref="DelayMs"/> (Zigbee2MQTT's image_block_response_delay), serves
    /// each page request in full, superseded or not, and answers an Upgrade End Request only when the requests before it
    /// are done. It reads a maximumDataSize of 0xFF as "no value". Blocks repeat the request's sequence number, as
    /// herdsman's do. Harsher than herdsman in two ways, on purpose: the first block of a request also waits a delay
    /// (herdsman waits only what is left since its last block), and every request that arrives while a page is served is
    /// queued (herdsman keeps the first). It counts what a well-behaved client must avoid: repeated requests and blocks
    /// sent twice.
    /// </summary>
    internal sealed class PacedOtaServer
    {
        private const long Never = long.MaxValue;

        private readonly byte[] _image;
        private readonly bool[] _served;
        private readonly Queue _pending = new Queue();
        private readonly Hashtable _requestedOffsets = new Hashtable();
        private readonly IZclFrameSender _toClient;

        public PacedOtaServer(byte[] image, long delayMs, byte blockSize, IZclFrameSender toClient)
        {
            _image = image;
            _served = new bool[image.Length];
            DelayMs = delayMs;
            BlockSize = blockSize;
            _toClient = toClient;
            NextWakeMs = Never;
        }

        public long DelayMs { get; }

        public byte BlockSize { get; }

        public long NextWakeMs { get; private set; }

        public int PageRequests { get; private set; }

        public int BlockRequests { get; private set; }

        /// <summary>Page or block requests for an offset asked for before (a repeat or a retry).</summary>
        public int RepeatedRequests { get; private set; }

        public int BlocksSent { get; private set; }

        /// <summary>Blocks for an offset already sent once.</summary>
        public int DuplicateBlocks { get; private set; }

        /// <summary>Requests whose maximumDataSize was 0xFF (herdsman ignores it).</summary>
        public int NoValueDataSizes { get; private set; }

        public int UpgradeEnds { get; private set; }

        public void OnZcl(byte[] frame, long nowMs)
        {
            ByteReader reader = new ByteReader(frame, 0, frame.Length);
            if (OtaCommandDecoder.TryDecode(reader, out ZclHeader header, out IOtaCommand? command) != ZclDecodeStatus.Ok || command == null)
            {
                return;
            }

            byte sequence = header.TransactionSequenceNumber;
            if (command is QueryNextImageRequest)
            {
                QueryNextImageResponse response = default;
                response.Status = OtaStatus.Success;
                response.ManufacturerCode = OtaTestKit.Manufacturer;
                response.ImageType = OtaTestKit.ImageType;
                response.FileVersion = OtaTestKit.NewVersion;
                response.ImageSize = (uint)_image.Length;
                Send(OtaCommandId.QueryNextImageResponse, sequence, response);
            }
            else if (command is ImagePageRequest)
            {
                ImagePageRequest page = (ImagePageRequest)command;
                PageRequests++;
                Enqueue(new Pending(sequence, page.FileOffset, page.FileOffset + page.PageSize, page.MaximumDataSize, false), nowMs);
            }
            else if (command is ImageBlockRequest)
            {
                ImageBlockRequest block = (ImageBlockRequest)command;
                BlockRequests++;
                Enqueue(new Pending(sequence, block.FileOffset, block.FileOffset + 1, block.MaximumDataSize, false), nowMs);
            }
            else if (command is UpgradeEndRequest)
            {
                UpgradeEnds++;
                Enqueue(new Pending(sequence, 0, 0, 0, true), nowMs);
            }
        }

        public void Tick(long nowMs)
        {
            while (_pending.Count > 0 && NextWakeMs <= nowMs)
            {
                Pending head = (Pending)_pending.Peek()!;
                if (head.IsUpgradeEnd)
                {
                    _pending.Dequeue();
                    UpgradeEndResponse end = default;
                    end.ManufacturerCode = OtaTestKit.Manufacturer;
                    end.ImageType = OtaTestKit.ImageType;
                    end.FileVersion = OtaTestKit.NewVersion;
                    Send(OtaCommandId.UpgradeEndResponse, head.Sequence, end);
                    continue;
                }

                uint offset = head.Next;
                int size = head.MaxDataSize < BlockSize ? head.MaxDataSize : BlockSize;
                if (offset + size > _image.Length)
                {
                    size = _image.Length - (int)offset;
                }

                if (_served[offset])
                {
                    DuplicateBlocks++;
                }

                _served[offset] = true;
                BlocksSent++;
                byte[] block = OtaTestKit.BlockResponseFrame(head.Sequence, OtaTestKit.NewVersion, offset, _image, size);
                _toClient.Send(OtaTestKit.ClientAddress, block, 0, block.Length);
                head.Next = offset + (uint)size;
                if (head.Next >= head.End || head.Next >= _image.Length)
                {
                    _pending.Dequeue();
                }

                NextWakeMs = nowMs + DelayMs;
            }

            if (_pending.Count == 0)
            {
                NextWakeMs = Never;
            }
        }

        private void Enqueue(Pending request, long nowMs)
        {
            if (!request.IsUpgradeEnd)
            {
                if (request.MaxDataSize == 0xFF)
                {
                    NoValueDataSizes++;
                    request.MaxDataSize = BlockSize;
                }

                if (_requestedOffsets.Contains(request.Next))
                {
                    RepeatedRequests++;
                }

                _requestedOffsets[request.Next] = true;
            }

            if (_pending.Count == 0)
            {
                NextWakeMs = request.IsUpgradeEnd ? nowMs : nowMs + DelayMs;
            }

            _pending.Enqueue(request);
        }

        private void Send(OtaCommandId commandId, byte sequence, IOtaCommand command)
        {
            byte[] frame = OtaTestKit.Frame(commandId, sequence, command);
            _toClient.Send(OtaTestKit.ClientAddress, frame, 0, frame.Length);
        }

        private sealed class Pending
        {
            public Pending(byte sequence, uint next, uint end, byte maxDataSize, bool isUpgradeEnd)
            {
                Sequence = sequence;
                Next = next;
                End = end;
                MaxDataSize = maxDataSize;
                IsUpgradeEnd = isUpgradeEnd;
            }

            public byte Sequence { get; }

            public uint Next { get; set; }

            public uint End { get; }

            public byte MaxDataSize { get; set; }

            public bool IsUpgradeEnd { get; }
        }
    }
}

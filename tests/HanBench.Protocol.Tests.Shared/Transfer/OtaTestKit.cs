using System.Collections;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Integrity;
using HanBench.Protocol.Ota;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Transfer
{
    /// <summary>Images, frames and fakes the transfer tests share.</summary>
    internal static class OtaTestKit
    {
        public const ushort Manufacturer = 0x1234;
        public const ushort ImageType = 0x0101;
        public const uint OldVersion = 0x00000100;
        public const uint NewVersion = 0x00000200;
        public const ulong ServerAddress = 0x00DB000000000001UL;
        public const ulong ClientAddress = 0x00DB0000000000C1UL;

        /// <summary>A GBCS-layout OTA image (header + Manufacturer Image of <paramref name="payloadLength"/> seeded bytes).</summary>
        public static byte[] BuildImage(uint fileVersion, int payloadLength, ulong seed, out byte[] manufacturerImageHash)
        {
            TestRandom random = new TestRandom(seed);
            byte[] payload = random.NextBytes(payloadLength);
            OtaHeader header = new OtaHeader();
            header.ManufacturerCode = Manufacturer;
            header.ImageType = ImageType;
            header.FileVersion = fileVersion;
            header.ZigBeeStackVersion = OtaHeader.ZigBeeProStackVersion;
            header.SetHeaderString("HanBench transfer test");
            long length = OtaImageBuilder.EncodedLength(header, OtaImageLayout.Gbcs, payloadLength);
            byte[] image = new byte[length];
            OtaImageBuilder.Write(header, OtaImageLayout.Gbcs, payload, 0, payloadLength, new ByteWriter(image));
            manufacturerImageHash = Sha256.Hash(payload);
            return image;
        }

        /// <summary>A Query Next Image Response offering the new version of <paramref name="size"/> bytes, answering the request numbered <paramref name="sequence"/>.</summary>
        public static byte[] QueryResponseFrame(uint size, byte sequence)
        {
            QueryNextImageResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = Manufacturer;
            response.ImageType = ImageType;
            response.FileVersion = NewVersion;
            response.ImageSize = size;
            return Frame(OtaCommandId.QueryNextImageResponse, sequence, response);
        }

        public static byte[] Frame(OtaCommandId commandId, byte sequence, IOtaCommand command)
        {
            ZclHeader header = OtaCluster.HeaderFor(commandId, sequence);
            byte[] frame = new byte[OtaCommandDecoder.EncodedLength(header, command)];
            OtaCommandDecoder.WriteTo(header, command, new ByteWriter(frame));
            return frame;
        }

        public static byte[] QueryFrame(uint currentVersion, bool withHardware, ushort hardwareVersion)
        {
            QueryNextImageRequest request = default;
            request.FieldControl = withHardware ? QueryNextImageRequest.FieldControlHardwareVersionPresent : (byte)0;
            request.ManufacturerCode = Manufacturer;
            request.ImageType = ImageType;
            request.FileVersion = currentVersion;
            request.HardwareVersion = hardwareVersion;
            return Frame(OtaCommandId.QueryNextImageRequest, 0x10, request);
        }

        public static byte[] BlockRequestFrame(byte sequence, uint fileVersion, uint offset, byte maximumDataSize)
        {
            ImageBlockRequest request = default;
            request.ManufacturerCode = Manufacturer;
            request.ImageType = ImageType;
            request.FileVersion = fileVersion;
            request.FileOffset = offset;
            request.MaximumDataSize = maximumDataSize;
            return Frame(OtaCommandId.ImageBlockRequest, sequence, request);
        }

        public static byte[] PageRequestFrame(byte sequence, uint fileVersion, uint offset, byte maximumDataSize, ushort pageSize, ushort spacing)
        {
            ImagePageRequest request = default;
            request.ManufacturerCode = Manufacturer;
            request.ImageType = ImageType;
            request.FileVersion = fileVersion;
            request.FileOffset = offset;
            request.MaximumDataSize = maximumDataSize;
            request.PageSize = pageSize;
            request.ResponseSpacing = spacing;
            return Frame(OtaCommandId.ImagePageRequest, sequence, request);
        }

        public static byte[] UpgradeEndRequestFrame(byte sequence, OtaStatus status, uint fileVersion)
        {
            UpgradeEndRequest request = default;
            request.Status = status;
            request.ManufacturerCode = Manufacturer;
            request.ImageType = ImageType;
            request.FileVersion = fileVersion;
            return Frame(OtaCommandId.UpgradeEndRequest, sequence, request);
        }

        public static byte[] BlockResponseFrame(byte sequence, uint fileVersion, uint offset, byte[] image, int count)
        {
            ImageBlockResponse response = default;
            response.Status = OtaStatus.Success;
            response.ManufacturerCode = Manufacturer;
            response.ImageType = ImageType;
            response.FileVersion = fileVersion;
            response.FileOffset = offset;
            response.SetData(image, (int)offset, count);
            return Frame(OtaCommandId.ImageBlockResponse, sequence, response);
        }

        /// <summary>Decodes a frame an engine sent; fails the test when it does not decode.</summary>
        public static IOtaCommand Decode(byte[] frame, out ZclHeader header)
        {
            ByteReader reader = new ByteReader(frame, 0, frame.Length);
            ZclDecodeStatus status = OtaCommandDecoder.TryDecode(reader, out header, out IOtaCommand? command);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)status, "sent frame does not decode");
            return command!;
        }

        /// <summary>Decodes a Default Response an engine sent.</summary>
        public static ZclDefaultResponse DecodeDefaultResponse(byte[] frame, out ZclHeader header)
        {
            ByteReader reader = new ByteReader(frame, 0, frame.Length);
            Assert.AreEqual((byte)ZclDecodeStatus.Ok, (byte)ZclHeader.TryDecode(reader, out header));
            Assert.AreEqual(ZclHeader.FrameTypeGlobal, header.FrameType);
            Assert.AreEqual(ZclDefaultResponse.GlobalCommandId, header.CommandId);
            Assert.IsTrue(ZclDefaultResponse.TryDecode(reader, out ZclDefaultResponse response));
            return response;
        }
    }

    /// <summary>One frame an engine sent.</summary>
    internal sealed class SentFrame
    {
        public SentFrame(ulong destination, byte[] bytes)
        {
            Destination = destination;
            Bytes = bytes;
        }

        public ulong Destination { get; }

        public byte[] Bytes { get; }
    }

    /// <summary>Keeps a copy of every frame sent, in order.</summary>
    internal sealed class RecordingSender : IZclFrameSender
    {
        public ArrayList Frames { get; } = new ArrayList();

        public int Count => Frames.Count;

        public SentFrame this[int index] => (SentFrame)Frames[index]!;

        public SentFrame Last => (SentFrame)Frames[Frames.Count - 1]!;

        public bool Send(ulong destination, byte[] buffer, int offset, int count)
        {
            byte[] copy = new byte[count];
            System.Array.Copy(buffer, offset, copy, 0, count);
            Frames.Add(new SentFrame(destination, copy));
            return true;
        }

        public void Clear()
        {
            Frames.Clear();
        }
    }

    /// <summary>Serves images from arrays, found by key.</summary>
    internal sealed class ArrayImageSource : IOtaImageSource
    {
        private readonly Hashtable _images = new Hashtable();

        public void Add(string key, byte[] image)
        {
            _images[key] = image;
        }

        public int ReadAt(OtaServerImage image, uint offset, byte[] buffer, int bufferOffset, int count)
        {
            byte[]? bytes = (byte[]?)_images[image.Key];
            if (bytes == null || offset > bytes.Length)
            {
                return -1;
            }

            int take = bytes.Length - (int)offset < count ? bytes.Length - (int)offset : count;
            System.Array.Copy(bytes, (int)offset, buffer, bufferOffset, take);
            return take;
        }
    }

    /// <summary>An image sink in an array that survives a simulated restart (keep the instance, make a new client).</summary>
    internal sealed class MemorySink : IOtaImageSink
    {
        private byte[] _bytes = new byte[0];

        public uint Written { get; private set; }

        public bool Open { get; private set; }

        public bool Committed { get; private set; }

        public int Discards { get; private set; }

        public uint FailAppendAt { get; set; } = uint.MaxValue;

        /// <summary>What <see cref="Begin"/> answers (anything but Ok opens nothing).</summary>
        public OtaSinkStatus BeginStatus { get; set; } = OtaSinkStatus.Ok;

        public byte[] Bytes => _bytes;

        public uint FileVersion { get; private set; }

        public OtaSinkStatus Begin(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            if (BeginStatus != OtaSinkStatus.Ok)
            {
                return BeginStatus;
            }

            _bytes = new byte[imageSize];
            FileVersion = fileVersion;
            Written = 0;
            Open = true;
            Committed = false;
            return OtaSinkStatus.Ok;
        }

        public OtaSinkStatus Resume(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize, uint offset)
        {
            if (!Open || fileVersion != FileVersion || imageSize != _bytes.Length)
            {
                return OtaSinkStatus.NotFound;
            }

            if (offset > Written)
            {
                return OtaSinkStatus.Failed;
            }

            Written = offset;
            return OtaSinkStatus.Ok;
        }

        public OtaSinkStatus Reopen(ushort manufacturerCode, ushort imageType, uint fileVersion, uint imageSize)
        {
            return Committed && fileVersion == FileVersion && imageSize == _bytes.Length ? OtaSinkStatus.Ok : OtaSinkStatus.NotFound;
        }

        public OtaSinkStatus Append(byte[] buffer, int offset, int count)
        {
            if (!Open || Written + (uint)count > _bytes.Length || Written >= FailAppendAt)
            {
                return OtaSinkStatus.Failed;
            }

            System.Array.Copy(buffer, offset, _bytes, (int)Written, count);
            Written += (uint)count;
            return OtaSinkStatus.Ok;
        }

        public OtaSinkStatus Commit()
        {
            if (!Open || Written != _bytes.Length)
            {
                return OtaSinkStatus.Failed;
            }

            Open = false;
            Committed = true;
            return OtaSinkStatus.Ok;
        }

        public OtaSinkStatus ReadBack(uint offset, byte[] buffer, int bufferOffset, int count)
        {
            if (!Committed || offset + (uint)count > _bytes.Length)
            {
                return OtaSinkStatus.Failed;
            }

            System.Array.Copy(_bytes, (int)offset, buffer, bufferOffset, count);
            return OtaSinkStatus.Ok;
        }

        public void Discard()
        {
            Discards++;
            Open = false;
            Committed = false;
            Written = 0;
        }
    }

    /// <summary>A resume record store in memory that counts its writes.</summary>
    internal sealed class MemoryProgress : IOtaProgressStore
    {
        private byte[]? _value;

        public int Writes { get; private set; }

        public bool HasRecord => _value != null;

        public bool TryRead(byte[] buffer, int offset, out int length)
        {
            length = 0;
            if (_value == null || buffer.Length - offset < _value.Length)
            {
                return false;
            }

            System.Array.Copy(_value, 0, buffer, offset, _value.Length);
            length = _value.Length;
            return true;
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            _value = new byte[count];
            System.Array.Copy(buffer, offset, _value, 0, count);
            Writes++;
            return true;
        }

        public void Clear()
        {
            _value = null;
        }
    }

    /// <summary>Counts what the client told its role.</summary>
    internal sealed class ClientWatch : IOtaClientObserver
    {
        public int Activations { get; private set; }

        public uint ActivatedVersion { get; private set; }

        public int StateChanges { get; private set; }

        public void OnStateChanged(OtaClient client, OtaClientState state)
        {
            StateChanges++;
        }

        public void OnActivate(OtaClient client, ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            Activations++;
            ActivatedVersion = fileVersion;
        }
    }

    /// <summary>Counts what the server told its role.</summary>
    internal sealed class ServerWatch : IOtaServerObserver
    {
        public int Queries { get; private set; }

        public OtaQueryOutcome LastOutcome { get; private set; }

        public long BlockBytes { get; private set; }

        public int Ends { get; private set; }

        public OtaStatus LastEndStatus { get; private set; }

        public int TimedOut { get; private set; }

        public int Deferred { get; private set; }

        public void OnQueryAnswered(ulong client, OtaServerImage? image, OtaQueryOutcome outcome)
        {
            Queries++;
            LastOutcome = outcome;
        }

        public void OnBlockSent(ulong client, OtaServerImage image, uint offset, int count)
        {
            BlockBytes += count;
        }

        public void OnUpgradeEnd(ulong client, OtaServerImage? image, OtaStatus status)
        {
            Ends++;
            LastEndStatus = status;
        }

        public void OnDownloadTimedOut(ulong client, OtaServerImage image, uint highestOffset)
        {
            TimedOut++;
        }

        public void OnBlockDeferred(ulong client, OtaServerImage image)
        {
            Deferred++;
        }
    }
}

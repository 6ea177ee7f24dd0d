using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// The image an <see cref="OtaClient"/> is downloading (or last downloaded): what it is, its bytes in order into the
    /// <see cref="IOtaImageSink"/> and the <see cref="IOtaImageCheck"/>, and its resume record (<see cref="OtaResumeRecord"/>),
    /// written every <see cref="OtaClientSettings.PersistIntervalBytes"/> so that after a restart the next query resumes
    /// where the sink still holds data (a resumed image is replayed through the check once complete, since the check's
    /// hash state does not survive the restart: <see cref="OtaClientEnd"/>). Buffers are allocated once. Not thread-safe.
    /// </summary>
    internal sealed class OtaClientImage
    {
        private readonly IOtaImageSink _sink;
        private readonly IOtaImageCheck _check;
        private readonly IOtaProgressStore _progress;
        private readonly byte[] _record;
        private readonly ByteWriter _writer;
        private readonly ByteReader _reader;
        private uint _persistedAt;

        /// <summary>An image stored into <paramref name="sink"/>, checked by <paramref name="check"/>, its resume record in <paramref name="progress"/>.</summary>
        public OtaClientImage(IOtaImageSink sink, IOtaImageCheck check, IOtaProgressStore progress)
        {
            _sink = sink;
            _check = check;
            _progress = progress;
            _record = new byte[OtaResumeRecord.Length];
            _writer = new ByteWriter();
            _reader = new ByteReader();
        }

        /// <summary>The image's manufacturer code.</summary>
        public ushort ManufacturerCode { get; set; }

        /// <summary>The image's type.</summary>
        public ushort ImageType { get; set; }

        /// <summary>The image's file version.</summary>
        public uint FileVersion { get; set; }

        /// <summary>The image's size in bytes.</summary>
        public uint Size { get; set; }

        /// <summary>Bytes of the image held in the sink (the next offset asked for).</summary>
        public uint Next { get; set; }

        /// <summary>True when the download resumed after a restart: the check missed the bytes before it and replays them.</summary>
        public bool ReplayNeeded { get; set; }

        /// <summary>Resume records written.</summary>
        public long ProgressWrites { get; private set; }

        /// <summary>
        /// The server offers this image: the sink opens it, from the recorded offset when the resume record names this very
        /// image and the sink still holds its first bytes, else from the start; the check begins and the record is written.
        /// Anything but <see cref="OtaSinkStatus.Ok"/> (nothing opened): the sink's reason it cannot take it.
        /// </summary>
        public OtaSinkStatus Open(ushort manufacturerCode, ushort imageType, uint fileVersion, uint size)
        {
            ManufacturerCode = manufacturerCode;
            ImageType = imageType;
            FileVersion = fileVersion;
            Size = size;
            uint resumeAt = 0;
            if (TryReadRecord(out OtaResumeRecord record)
                && record.ManufacturerCode == manufacturerCode && record.ImageType == imageType
                && record.FileVersion == fileVersion && record.ImageSize == size
                && record.Offset > 0 && record.Offset < size
                && _sink.Resume(manufacturerCode, imageType, fileVersion, size, record.Offset) == OtaSinkStatus.Ok)
            {
                resumeAt = record.Offset;
            }
            else
            {
                OtaSinkStatus begun = _sink.Begin(manufacturerCode, imageType, fileVersion, size);
                if (begun != OtaSinkStatus.Ok)
                {
                    return begun;
                }
            }

            Next = resumeAt;
            ReplayNeeded = resumeAt != 0;
            _check.Begin(manufacturerCode, imageType, fileVersion, size);
            Persist();
            return OtaSinkStatus.Ok;
        }

        /// <summary>
        /// <paramref name="count"/> bytes at <see cref="Next"/> into the sink and (unless the image is to be replayed) the
        /// check; false when the sink cannot store them.
        /// </summary>
        public bool Take(byte[] data, int offset, int count)
        {
            if (_sink.Append(data, offset, count) != OtaSinkStatus.Ok)
            {
                return false;
            }

            if (!ReplayNeeded)
            {
                _check.Append(data, offset, count);
            }

            Next += (uint)count;
            return true;
        }

        /// <summary>True when a resume record is due: <see cref="OtaClientSettings.PersistIntervalBytes"/> taken since the last.</summary>
        public bool PersistDue(int intervalBytes)
        {
            return intervalBytes > 0 && Next - _persistedAt >= (uint)intervalBytes && Next < Size;
        }

        /// <summary>Writes the resume record: this image, <see cref="Next"/> bytes held.</summary>
        public void Persist()
        {
            OtaResumeRecord record = default;
            record.ManufacturerCode = ManufacturerCode;
            record.ImageType = ImageType;
            record.FileVersion = FileVersion;
            record.ImageSize = Size;
            record.Offset = Next;
            _writer.Reset(_record, 0, _record.Length);
            record.WriteTo(_writer);
            if (_progress.Write(_record, 0, OtaResumeRecord.Length))
            {
                ProgressWrites++;
                _persistedAt = Next;
            }
        }

        /// <summary>The download is over without an image: the sink's data and the resume record go.</summary>
        public void Discard()
        {
            _sink.Discard();
            _progress.Clear();
        }

        /// <summary>Removes the resume record (nothing to resume or report after a restart).</summary>
        public void ClearRecord()
        {
            _progress.Clear();
        }

        /// <summary>The resume record left by an earlier run; false when there is none or it does not decode.</summary>
        public bool TryReadRecord(out OtaResumeRecord record)
        {
            record = default;
            if (!_progress.TryRead(_record, 0, out int length) || length != OtaResumeRecord.Length)
            {
                return false;
            }

            _reader.Reset(_record, 0, length);
            return OtaResumeRecord.TryDecode(_reader, out record);
        }
    }
}

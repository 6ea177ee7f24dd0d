using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL OTA Image Block Response (0x05, server→client): one block of the image, or "wait", or "stop".
    /// <code>
    /// SUCCESS        status (1) · manufacturerCode (2) · imageType (2) · fileVersion (4) · fileOffset (4) · dataSize (1) · data (dataSize)
    /// WAIT_FOR_DATA  status (1) · currentTime (4) · requestTime (4) · minimumBlockPeriod (2)
    /// ABORT          status (1)
    /// </code>
    /// The data is a view, never a copy: after decoding, <see cref="DataBuffer"/> is the reader's buffer; to encode,
    /// <see cref="SetData"/> points at the caller's buffer. Decoding and encoding with reused readers and writers
    /// allocate nothing. Copy the data out before the decode buffer is reused.
    /// </summary>
    public struct ImageBlockResponse : IOtaCommand
    {
        /// <summary>Largest dataSize: the field is one byte.</summary>
        public const int MaxDataSize = 0xFF;

        /// <summary>Length of a SUCCESS response without its data.</summary>
        public const int SuccessFixedLength = 14;

        /// <summary>Length of a WAIT_FOR_DATA response.</summary>
        public const int WaitForDataLength = 11;

        /// <summary>Length of an ABORT response.</summary>
        public const int AbortLength = 1;

        private static readonly byte[] NoData = new byte[0];

        private OtaImageId _image;

        private byte[]? _dataBuffer;

        /// <summary>SUCCESS, WAIT_FOR_DATA or ABORT.</summary>
        public OtaStatus Status { get; set; }

        /// <summary>Manufacturer code of the image (SUCCESS).</summary>
        public ushort ManufacturerCode { get => _image.ManufacturerCode; set => _image.ManufacturerCode = value; }

        /// <summary>Image type of the image (SUCCESS).</summary>
        public ushort ImageType { get => _image.ImageType; set => _image.ImageType = value; }

        /// <summary>File version of the image (SUCCESS).</summary>
        public uint FileVersion { get => _image.FileVersion; set => _image.FileVersion = value; }

        /// <summary>Offset in the OTA file of the first data byte (SUCCESS).</summary>
        public uint FileOffset { get; set; }

        /// <summary>Number of data bytes (SUCCESS); set through <see cref="SetData"/>.</summary>
        public byte DataSize { get; private set; }

        /// <summary>The array holding the data (SUCCESS): the decode buffer or the caller's buffer, never a copy.</summary>
        public byte[] DataBuffer => _dataBuffer ?? NoData;

        /// <summary>Index of the first data byte in <see cref="DataBuffer"/>.</summary>
        public int DataOffset { get; private set; }

        /// <summary>The server's time now, UTC seconds since 2000-01-01 (WAIT_FOR_DATA; 0 if the server keeps no time).</summary>
        public uint CurrentTime { get; set; }

        /// <summary>When the client should ask again, in the same time base (WAIT_FOR_DATA).</summary>
        public uint RequestTime { get; set; }

        /// <summary>Milliseconds the client must leave between block requests from now on (WAIT_FOR_DATA).</summary>
        public ushort MinimumBlockPeriod { get; set; }

        /// <inheritdoc />
        public OtaCommandId CommandId => OtaCommandId.ImageBlockResponse;

        /// <inheritdoc />
        public int EncodedLength
        {
            get
            {
                if (Status == OtaStatus.Success)
                {
                    return SuccessFixedLength + DataSize;
                }

                return Status == OtaStatus.WaitForData ? WaitForDataLength : AbortLength;
            }
        }

        /// <summary>True for the statuses ZCL OTA allows in this response.</summary>
        public static bool IsAllowedStatus(OtaStatus status)
        {
            return status == OtaStatus.Success || status == OtaStatus.WaitForData || status == OtaStatus.Abort;
        }

        /// <summary>
        /// Points the data at <paramref name="count"/> bytes of <paramref name="buffer"/> from
        /// <paramref name="offset"/>, without copying. Throws for a bad window or more than 255 bytes (programmer errors).
        /// </summary>
        public void SetData(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || count < 0 || count > MaxDataSize || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }

            _dataBuffer = buffer;
            DataOffset = offset;
            DataSize = (byte)count;
        }

        /// <summary>
        /// Writes the payload. Any status other than SUCCESS and WAIT_FOR_DATA is written as a status-only frame
        /// (the ABORT layout); a decoder accepts only ABORT there.
        /// </summary>
        public void WriteTo(ByteWriter writer)
        {
            // Each property read once into a local: a getter is a call on nanoCLR's interpreter (issue 10).
            OtaStatus status = Status;
            writer.WriteByte((byte)status);
            if (status == OtaStatus.Success)
            {
                byte size = DataSize;
                _image.WriteTo(writer);
                writer.WriteUInt32LittleEndian(FileOffset);
                writer.WriteByte(size);
                writer.WriteBytes(DataBuffer, DataOffset, size);
            }
            else if (status == OtaStatus.WaitForData)
            {
                writer.WriteUInt32LittleEndian(CurrentTime);
                writer.WriteUInt32LittleEndian(RequestTime);
                writer.WriteUInt16LittleEndian(MinimumBlockPeriod);
            }
        }

        /// <summary>
        /// Decodes the payload, which must fill the rest of the reader's window; <paramref name="frame"/> is meaningful
        /// only on <see cref="ZclDecodeStatus.Ok"/>. The data stays in the reader's buffer.
        /// </summary>
        public static ZclDecodeStatus TryDecode(ByteReader reader, out ImageBlockResponse frame)
        {
            frame = default;
            if (!reader.TryReadByte(out byte status))
            {
                return ZclDecodeStatus.Truncated;
            }

            if (!IsAllowedStatus((OtaStatus)status))
            {
                return ZclDecodeStatus.UnexpectedStatus;
            }

            frame.Status = (OtaStatus)status;
            if ((OtaStatus)status == OtaStatus.Success)
            {
                if (!OtaImageId.TryRead(reader, out frame._image)
                    || !reader.TryReadUInt32LittleEndian(out uint fileOffset)
                    || !reader.TryReadByte(out byte dataSize)
                    || !reader.TryReadSlice(dataSize, out int dataOffset))
                {
                    return ZclDecodeStatus.Truncated;
                }

                frame.FileOffset = fileOffset;
                frame._dataBuffer = reader.Buffer;
                frame.DataOffset = dataOffset;
                frame.DataSize = dataSize;
            }
            else if ((OtaStatus)status == OtaStatus.WaitForData)
            {
                if (!reader.TryReadUInt32LittleEndian(out uint currentTime)
                    || !reader.TryReadUInt32LittleEndian(out uint requestTime)
                    || !reader.TryReadUInt16LittleEndian(out ushort minimumBlockPeriod))
                {
                    return ZclDecodeStatus.Truncated;
                }

                frame.CurrentTime = currentTime;
                frame.RequestTime = requestTime;
                frame.MinimumBlockPeriod = minimumBlockPeriod;
            }

            return reader.Remaining == 0 ? ZclDecodeStatus.Ok : ZclDecodeStatus.TrailingBytes;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS06 response payload (message code 0x0012, device to supplier), in one of the two forms of the RTDS 11.3
    /// responses:
    /// <code>
    /// 05 00                       command accepted: a future-dated activation (or its cancellation) is scheduled;
    ///                             the outcome follows later in a 0x00CA alert (<see cref="ActivateFirmwareAlert"/>)
    /// 30 09                       SEQUENCE: immediate execution outcome
    ///    02 01 rr                   response code (0 success, 1 no image held, 2 hash mismatch, 3 activation failure)
    ///    04 04 vv vv vv vv          firmware version now running
    /// </code>
    /// </summary>
    public sealed class ActivateFirmwareResponse
    {
        /// <summary>Whether this is the "command accepted" acknowledgement (no outcome fields).</summary>
        public bool IsAcknowledgement { get; set; }

        /// <summary>Outcome of an immediate activation.</summary>
        public ActivateFirmwareResponseCode ResponseCode { get; set; }

        /// <summary>The firmware version running after the command, 4 octets big-endian.</summary>
        public uint FirmwareVersion { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => IsAcknowledgement ? GbcsDer.NullEncodedLength : GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int ContentLength => ExecutionOutcome.ContentLength((byte)ResponseCode);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            if (IsAcknowledgement)
            {
                GbcsDer.WriteNull(writer);
                return;
            }

            ExecutionOutcome.Write(writer, (byte)ResponseCode, FirmwareVersion);
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, ActivateFirmwareResponse into)
        {
            if (reader.Remaining > 0 && reader.Buffer[reader.Position] == GbcsDer.NullTag)
            {
                GbcsPayloadStatus nullStatus = GbcsDer.TryReadNull(reader);
                if (nullStatus != GbcsPayloadStatus.Ok)
                {
                    return nullStatus;
                }

                if (reader.Remaining != 0)
                {
                    return GbcsPayloadStatus.TrailingBytes;
                }

                into.IsAcknowledgement = true;
                into.ResponseCode = ActivateFirmwareResponseCode.Success;
                into.FirmwareVersion = 0;
                return GbcsPayloadStatus.Ok;
            }

            GbcsPayloadStatus status = ExecutionOutcome.TryRead(reader, out ActivateFirmwareResponseCode code, out uint version);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (reader.Remaining != 0)
            {
                return GbcsPayloadStatus.TrailingBytes;
            }

            into.IsAcknowledgement = false;
            into.ResponseCode = code;
            into.FirmwareVersion = version;
            return GbcsPayloadStatus.Ok;
        }
    }
}

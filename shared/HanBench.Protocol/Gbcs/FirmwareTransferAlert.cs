using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CCS08 Firmware Transfer alert payload (message code 0x0128, Comms Hub to ACB; alert 0x8F8A success / 0x8F89
    /// failure), as in the RTDS CCS08 alert:
    /// <code>
    /// 30 29                    SEQUENCE
    ///    02 03 00 8F 8A          alert code
    ///    18 0F YYYYMMDDHHMMSSZ   execution date-time
    ///    04 08 ee..ee            entity id: the HAN device's EUI-64
    ///    04 04 vv vv vv vv       firmware version transferred
    ///    02 01 rr                response code (0 success, 1 image discarded, 2 hardware version mismatch, 3 file transfer failure)
    /// </code>
    /// </summary>
    public sealed class FirmwareTransferAlert
    {
        /// <summary>Creates an alert with alert code 0x8F8A.</summary>
        public FirmwareTransferAlert()
        {
            AlertCode = GbcsAlertCode.FirmwareTransferSuccess;
        }

        /// <summary><see cref="GbcsAlertCode.FirmwareTransferSuccess"/> or <see cref="GbcsAlertCode.FirmwareTransferFailure"/>.</summary>
        public ushort AlertCode { get; set; }

        /// <summary>When the transfer ended.</summary>
        public GbcsTimestamp ExecutionDateTime { get; set; }

        /// <summary>The HAN device the image went to, EUI-64 big-endian.</summary>
        public ulong Entity { get; set; }

        /// <summary>The firmware version of the image, 4 octets big-endian.</summary>
        public uint FirmwareVersion { get; set; }

        /// <summary>How the transfer went.</summary>
        public FirmwareTransferResponseCode ResponseCode { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int ContentLength => GbcsAlertHeader.ContentLength(AlertCode) + 10 + 6 + GbcsDer.UnsignedEncodedLength((byte)ResponseCode);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsAlertHeader.Write(writer, ContentLength, AlertCode, ExecutionDateTime);
            GbcsDer.WriteOctetString64(writer, Entity);
            GbcsDer.WriteOctetString32(writer, FirmwareVersion);
            GbcsDer.WriteUnsigned(writer, (byte)ResponseCode);
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, FirmwareTransferAlert into)
        {
            GbcsPayloadStatus status = GbcsAlertHeader.TryRead(
                reader, GbcsAlertCode.FirmwareTransferSuccess, GbcsAlertCode.FirmwareTransferFailure, out ushort alertCode, out GbcsTimestamp time);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadOctetString64(reader, out ulong entity);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadOctetString32(reader, out uint version);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsResponseCode.TryRead(reader, (byte)FirmwareTransferResponseCode.FileTransferFailure, out byte code);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (reader.Remaining != 0)
            {
                return GbcsPayloadStatus.LengthMismatch;
            }

            into.AlertCode = alertCode;
            into.ExecutionDateTime = time;
            into.Entity = entity;
            into.FirmwareVersion = version;
            into.ResponseCode = (FirmwareTransferResponseCode)code;
            return GbcsPayloadStatus.Ok;
        }
    }
}

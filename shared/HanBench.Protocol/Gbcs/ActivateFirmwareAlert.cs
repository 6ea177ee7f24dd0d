using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS06 future-dated activation alert payload (message code 0x00CA; alert 0x8F66 actioned / 0x8F67 not
    /// actioned), as in the RTDS 11.3 alerts:
    /// <code>
    /// 30 L                     SEQUENCE
    ///    02 03 00 8F 66          alert code
    ///    18 0F YYYYMMDDHHMMSSZ   execution date-time of the command
    ///    02 n  cc..              originator counter of the CS06 command it reports on
    ///    30 09 { 02 01 rr, 04 04 vvvvvvvv }   execution outcome: response code, firmware version
    /// </code>
    /// </summary>
    public sealed class ActivateFirmwareAlert
    {
        /// <summary>Creates an alert with alert code 0x8F66.</summary>
        public ActivateFirmwareAlert()
        {
            AlertCode = GbcsAlertCode.FutureDatedCommandActioned;
        }

        /// <summary><see cref="GbcsAlertCode.FutureDatedCommandActioned"/> or <see cref="GbcsAlertCode.FutureDatedCommandNotActioned"/>.</summary>
        public ushort AlertCode { get; set; }

        /// <summary>The execution date-time the command asked for.</summary>
        public GbcsTimestamp ExecutionDateTime { get; set; }

        /// <summary>Originator counter of the CS06 command this reports on.</summary>
        public ulong OriginatorCounter { get; set; }

        /// <summary>Outcome of the activation.</summary>
        public ActivateFirmwareResponseCode ResponseCode { get; set; }

        /// <summary>The firmware version running after it, 4 octets big-endian.</summary>
        public uint FirmwareVersion { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int ContentLength => GbcsAlertHeader.ContentLength(AlertCode) + GbcsDer.UnsignedEncodedLength(OriginatorCounter)
            + ExecutionOutcome.EncodedLength((byte)ResponseCode);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsAlertHeader.Write(writer, ContentLength, AlertCode, ExecutionDateTime);
            GbcsDer.WriteUnsigned(writer, OriginatorCounter);
            ExecutionOutcome.Write(writer, (byte)ResponseCode, FirmwareVersion);
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, ActivateFirmwareAlert into)
        {
            GbcsPayloadStatus status = GbcsAlertHeader.TryRead(
                reader, GbcsAlertCode.FutureDatedCommandActioned, GbcsAlertCode.FutureDatedCommandNotActioned, out ushort alertCode, out GbcsTimestamp time);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadUnsigned(reader, ulong.MaxValue, out ulong counter);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = ExecutionOutcome.TryRead(reader, out ActivateFirmwareResponseCode code, out uint version);
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
            into.OriginatorCounter = counter;
            into.ResponseCode = code;
            into.FirmwareVersion = version;
            return GbcsPayloadStatus.Ok;
        }
    }
}

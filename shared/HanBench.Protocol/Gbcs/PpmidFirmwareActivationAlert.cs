using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// 0x8F8B PPMID/HCALCS firmware activation alert payload (message code 0x012B, device to ACB, signed by the
    /// device), as in the RTDS CS09 alert:
    /// <code>
    /// 30 1F                    SEQUENCE
    ///    02 03 00 8F 8B          alert code
    ///    18 0F YYYYMMDDHHMMSSZ   time of activation
    ///    04 04 vv vv vv vv       firmware version now running
    ///    02 01 rr                result (0 success, 1 failure)
    /// </code>
    /// </summary>
    public sealed class PpmidFirmwareActivationAlert
    {
        /// <summary>Always <see cref="GbcsAlertCode.PpmidHcalcsFirmwareActivation"/>.</summary>
        public ushort AlertCode => GbcsAlertCode.PpmidHcalcsFirmwareActivation;

        /// <summary>When the device activated (or failed to activate) the image.</summary>
        public GbcsTimestamp Time { get; set; }

        /// <summary>The firmware version now running, 4 octets big-endian.</summary>
        public uint FirmwareVersion { get; set; }

        /// <summary>Whether activation succeeded.</summary>
        public PpmidFirmwareActivationResult Result { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => GbcsDer.HeaderLength(ContentLength) + ContentLength;

        private int ContentLength => GbcsAlertHeader.ContentLength(AlertCode) + 6 + GbcsDer.UnsignedEncodedLength((byte)Result);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsAlertHeader.Write(writer, ContentLength, AlertCode, Time);
            GbcsDer.WriteOctetString32(writer, FirmwareVersion);
            GbcsDer.WriteUnsigned(writer, (byte)Result);
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, PpmidFirmwareActivationAlert into)
        {
            GbcsPayloadStatus status = GbcsAlertHeader.TryRead(
                reader, GbcsAlertCode.PpmidHcalcsFirmwareActivation, GbcsAlertCode.PpmidHcalcsFirmwareActivation, out ushort _, out GbcsTimestamp time);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsDer.TryReadOctetString32(reader, out uint version);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            status = GbcsResponseCode.TryRead(reader, (byte)PpmidFirmwareActivationResult.Failure, out byte result);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (reader.Remaining != 0)
            {
                return GbcsPayloadStatus.LengthMismatch;
            }

            into.Time = time;
            into.FirmwareVersion = version;
            into.Result = (PpmidFirmwareActivationResult)result;
            return GbcsPayloadStatus.Ok;
        }
    }
}

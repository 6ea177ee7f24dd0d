using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS08 Read PPMID/HCALCS Firmware Version command payload (message code 0x0129, ACB to device): an ASN.1 NULL,
    /// <c>05 00</c> (docs/PROTOCOL.md §3, as the RTDS 11.2 commands carry it). It has no fields.
    /// </summary>
    public static class ReadFirmwareVersionCommand
    {
        /// <summary>Octets of the payload.</summary>
        public const int EncodedLength = GbcsDer.NullEncodedLength;

        /// <summary>Writes the payload.</summary>
        public static void WriteTo(ByteWriter writer)
        {
            GbcsDer.WriteNull(writer);
        }

        /// <summary>Decodes all of the reader's remaining bytes as the payload.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadNull(reader);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            return reader.Remaining == 0 ? GbcsPayloadStatus.Ok : GbcsPayloadStatus.TrailingBytes;
        }
    }
}

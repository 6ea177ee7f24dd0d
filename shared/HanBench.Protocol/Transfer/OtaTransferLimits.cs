using HanBench.Protocol.Han;
using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Transfer
{
    /// <summary>Sizes both OTA engines derive from a link (docs/PROTOCOL.md §1: block size = min(server's, client's)).</summary>
    public static class OtaTransferLimits
    {
        /// <summary>Bytes of a HAN frame around an Image Block Response's data: HAN header, ZCL header, fixed fields.</summary>
        public const int BlockResponseOverhead = HanFrame.HeaderLength + ZclHeader.MinEncodedLength + ImageBlockResponse.SuccessFixedLength;

        /// <summary>Room the engines' transmit buffers need: the largest ZCL frame either of them sends.</summary>
        public const int MaxZclFrameLength = ZclHeader.MaxEncodedLength + ImageBlockResponse.SuccessFixedLength + ImageBlockResponse.MaxDataSize;

        /// <summary>
        /// The largest maximumDataSize a client asks for. The field is a uint8 and 0xFF is a valid size in ZCL OTA, but
        /// zigbee-herdsman 11.1.1 (Zigbee2MQTT's OTA server) reads a uint8 0xFF as "no value" and then ignores the
        /// client's limit (issue 16), so every server is asked for at most 0xFE.
        /// </summary>
        public const byte MaxRequestedDataSize = 0xFE;

        /// <summary>
        /// The largest dataSize an Image Block Response may carry so that its HAN frame fits in
        /// <paramref name="maxFrameLength"/> bytes (a link's <c>MaxFrameLength</c>), capped at 255 (the field is one
        /// byte); 0 when not even an empty block fits.
        /// </summary>
        public static byte MaxDataSizeFor(int maxFrameLength)
        {
            int room = maxFrameLength - BlockResponseOverhead;
            if (room <= 0)
            {
                return 0;
            }

            return room >= ImageBlockResponse.MaxDataSize ? (byte)ImageBlockResponse.MaxDataSize : (byte)room;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Ota
{
    /// <summary>
    /// Writes OTA images in either layout (docs/PROTOCOL.md §2): the header (with its total image size filled in), then
    /// <list type="bullet">
    /// <item><see cref="OtaImageLayout.ZigBee"/>: one upgrade-image sub-element (tag 0x0000) holding the payload;</item>
    /// <item><see cref="OtaImageLayout.Gbcs"/>: the payload as the Manufacturer Image;</item>
    /// <item><see cref="OtaImageLayout.GbcsSigned"/>: the Manufacturer Image, the force-replace byte, 0x40 and the
    /// 64-byte signature the caller computed over the Manufacturer Image (the portable library has no ECDSA).</item>
    /// </list>
    /// </summary>
    public static class OtaImageBuilder
    {
        /// <summary>Bytes the image will take for a header and a payload of <paramref name="payloadLength"/> bytes.</summary>
        public static long EncodedLength(OtaHeader header, OtaImageLayout layout, int payloadLength)
        {
            if (header == null)
            {
                throw new System.ArgumentNullException(nameof(header));
            }

            if (payloadLength < 0)
            {
                throw new System.ArgumentOutOfRangeException(nameof(payloadLength));
            }

            long length = (long)header.EncodedLength + payloadLength;
            switch (layout)
            {
                case OtaImageLayout.ZigBee:
                    return length + OtaSubElementTag.HeaderLength;
                case OtaImageLayout.Gbcs:
                    return length;
                case OtaImageLayout.GbcsSigned:
                    return length + GbcsSignatureTrailer.Length;
                default:
                    throw new System.ArgumentOutOfRangeException(nameof(layout));
            }
        }

        /// <summary>
        /// Writes an unsigned image (<see cref="OtaImageLayout.ZigBee"/> or <see cref="OtaImageLayout.Gbcs"/>). Sets
        /// <paramref name="header"/>'s total image size first.
        /// </summary>
        public static void Write(OtaHeader header, OtaImageLayout layout, byte[] payload, int offset, int count, ByteWriter writer)
        {
            if (layout != OtaImageLayout.ZigBee && layout != OtaImageLayout.Gbcs)
            {
                throw new System.ArgumentOutOfRangeException(nameof(layout), "a signed GBCS image needs its signature: use WriteGbcsSigned");
            }

            CheckPayload(payload, offset, count, writer);
            header.TotalImageSize = TotalSize(header, layout, count);
            header.WriteTo(writer);
            if (layout == OtaImageLayout.ZigBee)
            {
                writer.WriteUInt16LittleEndian(OtaSubElementTag.UpgradeImage);
                writer.WriteUInt32LittleEndian((uint)count);
            }

            writer.WriteBytes(payload, offset, count);
        }

        /// <summary>
        /// Writes a signed GBCS image: header, Manufacturer Image, <paramref name="forceReplace"/>, 0x40 and the
        /// 64 bytes of <paramref name="signature"/> from <paramref name="signatureOffset"/> (r‖s over the Manufacturer
        /// Image). Sets <paramref name="header"/>'s total image size first.
        /// </summary>
        public static void WriteGbcsSigned(OtaHeader header, byte[] manufacturerImage, int offset, int count, byte forceReplace, byte[] signature, int signatureOffset, ByteWriter writer)
        {
            CheckPayload(manufacturerImage, offset, count, writer);
            if (signature == null)
            {
                throw new System.ArgumentNullException(nameof(signature));
            }

            if (signatureOffset < 0 || signatureOffset > signature.Length - GbcsSignatureTrailer.SignatureLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(signatureOffset));
            }

            if (forceReplace != GbcsSignatureTrailer.ForceReplaceNo && forceReplace != GbcsSignatureTrailer.ForceReplaceYes)
            {
                throw new System.ArgumentOutOfRangeException(nameof(forceReplace), "force replace is 0x00 or 0x01");
            }

            header.TotalImageSize = TotalSize(header, OtaImageLayout.GbcsSigned, count);
            header.WriteTo(writer);
            writer.WriteBytes(manufacturerImage, offset, count);
            writer.WriteByte(forceReplace);
            writer.WriteByte(GbcsSignatureTrailer.SignatureLengthOctet);
            writer.WriteBytes(signature, signatureOffset, GbcsSignatureTrailer.SignatureLength);
        }

        private static uint TotalSize(OtaHeader header, OtaImageLayout layout, int count)
        {
            long total = EncodedLength(header, layout, count);
            if (total > uint.MaxValue)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count), "image larger than the 32-bit total image size");
            }

            return (uint)total;
        }

        private static void CheckPayload(byte[] payload, int offset, int count, ByteWriter writer)
        {
            if (payload == null)
            {
                throw new System.ArgumentNullException(nameof(payload));
            }

            if (writer == null)
            {
                throw new System.ArgumentNullException(nameof(writer));
            }

            if (offset < 0 || count < 0 || offset > payload.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(nameof(count));
            }
        }
    }
}

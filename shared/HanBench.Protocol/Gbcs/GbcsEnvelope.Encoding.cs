using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>Encoding of a <see cref="GbcsEnvelope"/> (the layout is in GbcsEnvelope.cs).</summary>
    public sealed partial class GbcsEnvelope
    {
        /// <summary>
        /// Writes the message and records in <see cref="Layout"/> where each part went in <c>writer.Buffer</c>.
        /// Throws <see cref="System.InvalidOperationException"/> for fields that cannot be encoded (a pre-command
        /// with General Ciphering, supplementary counters without the fields before them, an unknown CRA flag) or
        /// when the writer lacks room: those are programmer errors.
        /// </summary>
        public void WriteTo(ByteWriter writer)
        {
            Validate();
            int generalSigningLength = GeneralSigningLength;
            int cipheredLength = SecurityHeaderLength + generalSigningLength + MacLength;
            if (HasGeneralCiphering && cipheredLength > GbcsLength.MaxValue)
            {
                throw new System.InvalidOperationException("GBCS: ciphered service longer than " + GbcsLength.MaxValue.ToString() + " octets");
            }

            if (writer.Remaining < EncodedLength)
            {
                throw new System.InvalidOperationException("GBCS: no room for a " + EncodedLength.ToString() + "-octet message");
            }

            GbcsLayout layout = Layout;
            layout.Clear();
            layout.Start = writer.Position;
            if (HasGeneralCiphering)
            {
                writer.WriteByte(GeneralCipheringTag);
                writer.WriteRepeated(0x00, GeneralCipheringHeaderLength - 1);
                GbcsLength.Write(writer, cipheredLength);
                layout.SecurityHeaderOffset = writer.Position;
                layout.CipheredServiceLength = cipheredLength;
                writer.WriteByte(SecurityControl);
                writer.WriteUInt32BigEndian(InvocationCounter);
            }

            layout.GeneralSigningOffset = writer.Position;
            layout.GeneralSigningLength = generalSigningLength;
            writer.WriteByte(GeneralSigningTag);
            layout.SignedDataOffset = writer.Position;
            writer.WriteByte(TransactionIdLength);
            layout.CraFlagOffset = writer.Position;
            writer.WriteByte((byte)CraFlag);
            layout.OriginatorCounterOffset = writer.Position;
            writer.WriteUInt64BigEndian(OriginatorCounter);
            writer.WriteByte(SystemTitleLength);
            layout.OriginatorSystemTitleOffset = writer.Position;
            writer.WriteUInt64BigEndian(OriginatorSystemTitle);
            writer.WriteByte(SystemTitleLength);
            layout.RecipientSystemTitleOffset = writer.Position;
            writer.WriteUInt64BigEndian(RecipientSystemTitle);
            if (HasDateTime)
            {
                writer.WriteByte(DateTimeLength);
                layout.DateTimeOffset = writer.Position;
                writer.WriteBytes(DateTimeBuffer, DateTimeOffset, DateTimeLength);
            }
            else
            {
                writer.WriteByte(0x00);
            }

            int otherLength = OtherInformationLength;
            GbcsLength.Write(writer, otherLength);
            layout.OtherInformationOffset = writer.Position;
            layout.OtherInformationLength = otherLength;
            writer.WriteUInt16BigEndian(MessageCode);
            if (HasSupplementaryRemotePartyId)
            {
                writer.WriteUInt64BigEndian(SupplementaryRemotePartyId);
            }

            if (HasSupplementaryRemotePartyCounter)
            {
                writer.WriteUInt64BigEndian(SupplementaryRemotePartyCounter);
            }

            if (HasSupplementaryOriginatorCounter)
            {
                writer.WriteUInt64BigEndian(SupplementaryOriginatorCounter);
            }

            GbcsLength.Write(writer, ContentLength);
            layout.ContentOffset = writer.Position;
            layout.ContentLength = ContentLength;
            writer.WriteBytes(ContentBuffer, ContentOffset, ContentLength);
            layout.SignedDataLength = writer.Position - layout.SignedDataOffset;
            if (!IsPreCommand)
            {
                layout.SignatureLengthOffset = writer.Position;
                GbcsLength.Write(writer, SignatureLength);
                layout.SignatureLength = SignatureLength;
                if (SignatureLength > 0)
                {
                    layout.SignatureOffset = writer.Position;
                    WriteOrZeros(writer, SignatureBuffer, SignatureOffset, SignatureLength);
                }
            }

            if (HasGeneralCiphering)
            {
                layout.MacOffset = writer.Position;
                WriteOrZeros(writer, MacBuffer, MacOffset, MacLength);
            }

            layout.Length = writer.Position - layout.Start;
        }

        private void Validate()
        {
            if (CraFlag != GbcsCraFlag.Command && CraFlag != GbcsCraFlag.Response && CraFlag != GbcsCraFlag.Alert)
            {
                throw new System.InvalidOperationException("GBCS: CRA flag must be command, response or alert");
            }

            if (IsPreCommand && HasGeneralCiphering)
            {
                throw new System.InvalidOperationException("GBCS: a pre-command is never MAC'd");
            }

            if ((HasSupplementaryRemotePartyCounter && !HasSupplementaryRemotePartyId)
                || (HasSupplementaryOriginatorCounter && !HasSupplementaryRemotePartyCounter))
            {
                throw new System.InvalidOperationException("GBCS: a supplementary field needs the ones before it");
            }
        }

        private static void WriteOrZeros(ByteWriter writer, byte[]? source, int offset, int count)
        {
            if (source == null)
            {
                writer.WriteRepeated(0x00, count);
            }
            else
            {
                writer.WriteBytes(source, offset, count);
            }
        }
    }
}

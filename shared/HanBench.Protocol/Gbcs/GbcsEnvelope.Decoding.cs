using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>Decoding of a <see cref="GbcsEnvelope"/> (the layout is in GbcsEnvelope.cs).</summary>
    public sealed partial class GbcsEnvelope
    {
        /// <summary>
        /// Decodes all of the reader's remaining bytes as a complete message (General Signing, optionally inside General
        /// Ciphering, with its signature length). Content, signature, MAC and date-time become views into the reader's
        /// buffer. On failure the envelope's fields are unspecified.
        /// </summary>
        public static GbcsStatus TryDecode(ByteReader reader, GbcsEnvelope into)
        {
            return Decode(reader, into, false);
        }

        /// <summary>
        /// Decodes all of the reader's remaining bytes as a pre-command: a General Signing APDU that ends with its
        /// content (no signature length), as a supplier receives it to sign.
        /// </summary>
        public static GbcsStatus TryDecodePreCommand(ByteReader reader, GbcsEnvelope into)
        {
            return Decode(reader, into, true);
        }

        private static GbcsStatus Decode(ByteReader reader, GbcsEnvelope into, bool preCommand)
        {
            if (reader == null || into == null)
            {
                throw new System.ArgumentNullException(reader == null ? nameof(reader) : nameof(into));
            }

            into.Reset();
            into.IsPreCommand = preCommand;
            GbcsLayout layout = into.Layout;
            layout.Start = reader.Position;
            if (reader.Remaining == 0)
            {
                return GbcsStatus.Empty;
            }

            byte tag = reader.Buffer[reader.Position];
            if (tag != GeneralCipheringTag && tag != GeneralSigningTag)
            {
                return GbcsStatus.UnknownTag;
            }

            // A pre-command is what the supplier signs: it is never inside General Ciphering.
            if (tag == GeneralCipheringTag && preCommand)
            {
                return GbcsStatus.MissingGeneralSigning;
            }

            int cipheredLength = 0;
            int cipheredStart = 0;
            if (tag == GeneralCipheringTag)
            {
                into.HasGeneralCiphering = true;
                if (reader.Remaining < GeneralCipheringHeaderLength)
                {
                    return GbcsStatus.TruncatedCipheringHeader;
                }

                reader.TrySkip(1);
                for (int i = 1; i < GeneralCipheringHeaderLength; i++)
                {
                    reader.TryReadByte(out byte empty);
                    if (empty != 0x00)
                    {
                        return GbcsStatus.UnsupportedCipheringHeader;
                    }
                }

                GbcsStatus lengthStatus = TryReadLength(reader, GbcsStatus.TruncatedCipheringHeader, out cipheredLength);
                if (lengthStatus != GbcsStatus.Ok)
                {
                    return lengthStatus;
                }

                cipheredStart = reader.Position;
                layout.SecurityHeaderOffset = cipheredStart;
                layout.CipheredServiceLength = cipheredLength;
                if (!reader.TryReadByte(out byte securityControl) || !reader.TryReadUInt32BigEndian(out uint invocationCounter))
                {
                    return GbcsStatus.TruncatedSecurityHeader;
                }

                into.SecurityControl = securityControl;
                into.InvocationCounter = invocationCounter;
                if (reader.Remaining == 0)
                {
                    return GbcsStatus.TruncatedGroupingHeader;
                }

                if (reader.Buffer[reader.Position] != GeneralSigningTag)
                {
                    return GbcsStatus.MissingGeneralSigning;
                }
            }

            GbcsStatus status = DecodeGeneralSigning(reader, into, preCommand);
            if (status != GbcsStatus.Ok)
            {
                return status;
            }

            if (into.HasGeneralCiphering)
            {
                if (!reader.TryReadSlice(MacLength, out int macOffset))
                {
                    return GbcsStatus.TruncatedMac;
                }

                into.MacBuffer = reader.Buffer;
                into.MacOffset = macOffset;
                layout.MacOffset = macOffset;
                if (reader.Position - cipheredStart != cipheredLength)
                {
                    return GbcsStatus.CipheredServiceLengthMismatch;
                }
            }

            if (reader.Remaining != 0)
            {
                return GbcsStatus.TrailingBytes;
            }

            layout.Length = reader.Position - layout.Start;
            return GbcsStatus.Ok;
        }

        private static GbcsStatus DecodeGeneralSigning(ByteReader reader, GbcsEnvelope into, bool preCommand)
        {
            GbcsLayout layout = into.Layout;
            int start = reader.Position;
            layout.GeneralSigningOffset = start;
            layout.SignedDataOffset = start + 1;

            // Tag, transaction id length, CRA flag, originator counter, and both system titles with their lengths.
            const int FixedPart = 2 + 1 + 8 + 1 + SystemTitleLength + 1 + SystemTitleLength;
            if (reader.Remaining < FixedPart)
            {
                return GbcsStatus.TruncatedGroupingHeader;
            }

            reader.TrySkip(1);
            reader.TryReadByte(out byte transactionIdLength);
            if (transactionIdLength != TransactionIdLength)
            {
                return GbcsStatus.BadTransactionIdLength;
            }

            layout.CraFlagOffset = reader.Position;
            reader.TryReadByte(out byte cra);
            if (cra != (byte)GbcsCraFlag.Command && cra != (byte)GbcsCraFlag.Response && cra != (byte)GbcsCraFlag.Alert)
            {
                return GbcsStatus.UnknownCraFlag;
            }

            into.CraFlag = (GbcsCraFlag)cra;
            layout.OriginatorCounterOffset = reader.Position;
            reader.TryReadUInt64BigEndian(out ulong originatorCounter);
            into.OriginatorCounter = originatorCounter;

            if (!TryReadSystemTitle(reader, out int originatorOffset, out ulong originator))
            {
                return GbcsStatus.BadSystemTitleLength;
            }

            layout.OriginatorSystemTitleOffset = originatorOffset;
            into.OriginatorSystemTitle = originator;
            if (!TryReadSystemTitle(reader, out int recipientOffset, out ulong recipient))
            {
                return GbcsStatus.BadSystemTitleLength;
            }

            layout.RecipientSystemTitleOffset = recipientOffset;
            into.RecipientSystemTitle = recipient;

            // Date-time: a DLMS octet string, empty or one 12-octet DLMS date-time (the RTDS CS06 responses carry one).
            if (!reader.TryReadByte(out byte dateTimeLength))
            {
                return GbcsStatus.TruncatedGroupingHeader;
            }

            if (dateTimeLength != 0 && dateTimeLength != DateTimeLength)
            {
                return GbcsStatus.BadDateTimeLength;
            }

            if (dateTimeLength == DateTimeLength)
            {
                if (!reader.TryReadSlice(DateTimeLength, out int dateTimeOffset))
                {
                    return GbcsStatus.TruncatedGroupingHeader;
                }

                into.SetDateTime(reader.Buffer, dateTimeOffset);
                layout.DateTimeOffset = dateTimeOffset;
            }

            GbcsStatus status = DecodeOtherInformation(reader, into);
            if (status != GbcsStatus.Ok)
            {
                return status;
            }

            status = TryReadCounted(reader, GbcsStatus.TruncatedGroupingHeader, GbcsStatus.TruncatedContent, out int contentOffset, out int contentLength);
            if (status != GbcsStatus.Ok)
            {
                return status;
            }

            into.ContentBuffer = reader.Buffer;
            into.ContentOffset = contentOffset;
            into.ContentLength = contentLength;
            layout.ContentOffset = contentOffset;
            layout.ContentLength = contentLength;
            layout.SignedDataLength = reader.Position - layout.SignedDataOffset;

            if (!preCommand)
            {
                layout.SignatureLengthOffset = reader.Position;
                status = TryReadCounted(reader, GbcsStatus.TruncatedSignature, GbcsStatus.TruncatedSignature, out int signatureOffset, out int signatureLength);
                if (status != GbcsStatus.Ok)
                {
                    return status;
                }

                into.SignatureBuffer = reader.Buffer;
                into.SignatureOffset = signatureOffset;
                into.SignatureLength = signatureLength;
                layout.SignatureLength = signatureLength;
                layout.SignatureOffset = signatureLength > 0 ? signatureOffset : -1;
            }

            layout.GeneralSigningLength = reader.Position - start;
            return GbcsStatus.Ok;
        }

        private static GbcsStatus DecodeOtherInformation(ByteReader reader, GbcsEnvelope into)
        {
            GbcsStatus lengthStatus = TryReadLength(reader, GbcsStatus.TruncatedGroupingHeader, out int otherLength);
            if (lengthStatus != GbcsStatus.Ok)
            {
                return lengthStatus;
            }

            // GBCS other information: message code, then optional supplementary fields, each 8 octets. A longer one
            // (a supplementary remote party key agreement certificate, CS02 only) is outside HanBench's use cases.
            if (otherLength != OtherInformationMessageCodeOnly && otherLength != OtherInformationWithRemoteParty
                && otherLength != OtherInformationWithRemotePartyCounter && otherLength != OtherInformationWithOriginatorCounter)
            {
                return GbcsStatus.BadOtherInformationLength;
            }

            if (reader.Remaining < otherLength)
            {
                return GbcsStatus.TruncatedGroupingHeader;
            }

            into.Layout.OtherInformationOffset = reader.Position;
            into.Layout.OtherInformationLength = otherLength;
            reader.TryReadUInt16BigEndian(out ushort messageCode);
            into.MessageCode = messageCode;
            if (otherLength >= OtherInformationWithRemoteParty)
            {
                reader.TryReadUInt64BigEndian(out ulong remoteParty);
                into.HasSupplementaryRemotePartyId = true;
                into.SupplementaryRemotePartyId = remoteParty;
            }

            if (otherLength >= OtherInformationWithRemotePartyCounter)
            {
                reader.TryReadUInt64BigEndian(out ulong remotePartyCounter);
                into.HasSupplementaryRemotePartyCounter = true;
                into.SupplementaryRemotePartyCounter = remotePartyCounter;
            }

            if (otherLength >= OtherInformationWithOriginatorCounter)
            {
                reader.TryReadUInt64BigEndian(out ulong originatorCounter);
                into.HasSupplementaryOriginatorCounter = true;
                into.SupplementaryOriginatorCounter = originatorCounter;
            }

            return GbcsStatus.Ok;
        }

        /// <summary>
        /// Reads a system title with its length octet, which must be 8 (false otherwise); the caller checked that the
        /// octets are there (the Grouping Header's fixed part).
        /// </summary>
        private static bool TryReadSystemTitle(ByteReader reader, out int offset, out ulong title)
        {
            reader.TryReadByte(out byte length);
            offset = reader.Position;
            title = 0;
            return length == SystemTitleLength && reader.TryReadUInt64BigEndian(out title);
        }

        /// <summary>
        /// Reads a GBCS length (<see cref="GbcsLength"/>): Ok, <paramref name="truncated"/> when the message stops inside it
        /// (a status naming the field it counts), or MalformedLength for a form DER does not allow.
        /// </summary>
        private static GbcsStatus TryReadLength(ByteReader reader, GbcsStatus truncated, out int length)
        {
            GbcsLengthStatus status = GbcsLength.TryRead(reader, out length);
            if (status == GbcsLengthStatus.Ok)
            {
                return GbcsStatus.Ok;
            }

            return status == GbcsLengthStatus.Truncated ? truncated : GbcsStatus.MalformedLength;
        }

        /// <summary>
        /// Reads a GBCS length and takes the octets it counts as a view into the reader's buffer (the content, the
        /// signature): <paramref name="lengthTruncated"/> when the message stops inside the length,
        /// <paramref name="octetsTruncated"/> when it stops inside those octets.
        /// </summary>
        private static GbcsStatus TryReadCounted(ByteReader reader, GbcsStatus lengthTruncated, GbcsStatus octetsTruncated, out int offset, out int length)
        {
            offset = 0;
            GbcsStatus status = TryReadLength(reader, lengthTruncated, out length);
            if (status != GbcsStatus.Ok)
            {
                return status;
            }

            return reader.TryReadSlice(length, out offset) ? GbcsStatus.Ok : octetsTruncated;
        }
    }
}

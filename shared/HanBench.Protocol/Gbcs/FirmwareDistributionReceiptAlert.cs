using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// Firmware Distribution Receipt alert 0x8F72 payload: the Manufacturer Image hash a meter calculated over the
    /// image it received. Two encodings, as in the RTDS FDRA alerts:
    /// <code>
    /// DLMS (ESME, message code 0x00CE)            GBZ (GSME, message code 0x00CF)
    /// 0F                 data-notification         01 09       ZigBee Smart Energy profile id
    /// ii ii ii ii        long-invoke-id-and-priority 01        number of GBZ components
    /// 00                 date-time absent          8F 72       alert code
    /// 02 03              structure of 3            tt tt tt tt time stamp, UTC seconds since 2000-01-01
    /// 12 8F 72           long-unsigned alert code  09 20 hh..  calculated hash (octet string of 32)
    /// 09 0C dd..dd       time stamp (DLMS date-time)
    /// 09 20 hh..hh       calculated hash (octet string of 32)
    /// </code>
    /// In the RTDS DLMS alert the low 16 bits of the invoke id equal the low bits of the alert's originator counter;
    /// the field is kept as given so a decoded alert re-encodes to the same octets.
    /// </summary>
    public sealed class FirmwareDistributionReceiptAlert
    {
        /// <summary>Octets of the calculated Manufacturer Image hash.</summary>
        public const int HashLength = 32;

        /// <summary>DLMS data-notification APDU tag.</summary>
        public const byte DataNotificationTag = 0x0F;

        /// <summary>DLMS data type: structure.</summary>
        public const byte DlmsStructure = 0x02;

        /// <summary>DLMS data type: long-unsigned (16 bits).</summary>
        public const byte DlmsLongUnsigned = 0x12;

        /// <summary>DLMS data type: octet-string.</summary>
        public const byte DlmsOctetString = 0x09;

        /// <summary>ZigBee Smart Energy profile id opening every GBZ payload.</summary>
        public const ushort GbzProfileId = 0x0109;

        private const int DlmsElementCount = 3;
        private const int GbzComponentCount = 1;

        private readonly byte[] _hash = new byte[HashLength];
        private readonly byte[] _dlmsTimeStamp = new byte[GbcsDlmsDateTime.Length];

        /// <summary>Creates a DLMS-form alert.</summary>
        public FirmwareDistributionReceiptAlert()
        {
            Form = FirmwareDistributionReceiptForm.Dlms;
        }

        /// <summary>DLMS (ESME) or GBZ (GSME).</summary>
        public FirmwareDistributionReceiptForm Form { get; set; }

        /// <summary>The message code that goes with <see cref="Form"/>.</summary>
        public ushort MessageCode => Form == FirmwareDistributionReceiptForm.Gbz
            ? GbcsMessageCode.FirmwareDistributionReceiptAlertGsme
            : GbcsMessageCode.FirmwareDistributionReceiptAlertEsme;

        /// <summary>Always <see cref="GbcsAlertCode.FirmwareVerificationSuccessful"/>.</summary>
        public ushort AlertCode => GbcsAlertCode.FirmwareVerificationSuccessful;

        /// <summary>DLMS form: the data-notification's long-invoke-id-and-priority.</summary>
        public uint LongInvokeIdAndPriority { get; set; }

        /// <summary>DLMS form: the 12-octet DLMS date-time time stamp (owned by this instance).</summary>
        public byte[] DlmsTimeStamp => _dlmsTimeStamp;

        /// <summary>GBZ form: the time stamp in UTC seconds since 2000-01-01.</summary>
        public uint GbzTimeStamp { get; set; }

        /// <summary>The calculated Manufacturer Image hash (owned by this instance).</summary>
        public byte[] CalculatedHash => _hash;

        /// <summary>Copies the 32-octet hash from <paramref name="source"/>.</summary>
        public void SetCalculatedHash(byte[] source, int offset)
        {
            if (source == null)
            {
                throw new System.ArgumentNullException(nameof(source));
            }

            if (offset < 0 || offset > source.Length - HashLength)
            {
                throw new System.ArgumentOutOfRangeException(nameof(offset));
            }

            System.Array.Copy(source, offset, _hash, 0, HashLength);
        }

        /// <summary>Sets the time stamp of the current <see cref="Form"/> (DLMS date-time in the RTDS style, or GBZ seconds).</summary>
        public void SetTimeStamp(GbcsTimestamp value)
        {
            if (Form == FirmwareDistributionReceiptForm.Gbz)
            {
                if (!value.TryGetSecondsSince2000(out uint seconds))
                {
                    throw new System.ArgumentOutOfRangeException(nameof(value));
                }

                GbzTimeStamp = seconds;
            }
            else
            {
                GbcsDlmsDateTime.Write(_dlmsTimeStamp, 0, value);
            }
        }

        /// <summary>Reads the time stamp of the current <see cref="Form"/>; false when the DLMS date-time leaves fields unspecified.</summary>
        public bool TryGetTimeStamp(out GbcsTimestamp value)
        {
            if (Form == FirmwareDistributionReceiptForm.Gbz)
            {
                value = GbcsTimestamp.FromSecondsSince2000(GbzTimeStamp);
                return true;
            }

            return GbcsDlmsDateTime.TryRead(_dlmsTimeStamp, 0, out value);
        }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => Form == FirmwareDistributionReceiptForm.Gbz
            ? 2 + 1 + 2 + 4 + 2 + HashLength
            : 1 + 4 + 1 + 2 + 3 + 2 + GbcsDlmsDateTime.Length + 2 + HashLength;

        /// <summary>Writes the payload in the current <see cref="Form"/>.</summary>
        public void WriteTo(ByteWriter writer)
        {
            if (Form == FirmwareDistributionReceiptForm.Gbz)
            {
                writer.WriteUInt16BigEndian(GbzProfileId);
                writer.WriteByte(GbzComponentCount);
                writer.WriteUInt16BigEndian(AlertCode);
                writer.WriteUInt32BigEndian(GbzTimeStamp);
            }
            else
            {
                writer.WriteByte(DataNotificationTag);
                writer.WriteUInt32BigEndian(LongInvokeIdAndPriority);
                writer.WriteByte(0x00);
                writer.WriteByte(DlmsStructure);
                writer.WriteByte(DlmsElementCount);
                writer.WriteByte(DlmsLongUnsigned);
                writer.WriteUInt16BigEndian(AlertCode);
                writer.WriteByte(DlmsOctetString);
                writer.WriteByte(GbcsDlmsDateTime.Length);
                writer.WriteBytes(_dlmsTimeStamp, 0, GbcsDlmsDateTime.Length);
            }

            writer.WriteByte(DlmsOctetString);
            writer.WriteByte(HashLength);
            writer.WriteBytes(_hash, 0, HashLength);
        }

        /// <summary>Decodes all of the reader's remaining bytes, in <paramref name="form"/>, into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, FirmwareDistributionReceiptForm form, FirmwareDistributionReceiptAlert into)
        {
            uint invokeId = 0;
            uint gbzTime = 0;
            int dlmsTimeOffset = 0;
            ushort alertCode;
            if (form == FirmwareDistributionReceiptForm.Gbz)
            {
                if (!reader.TryReadUInt16BigEndian(out ushort profile) || !reader.TryReadByte(out byte components))
                {
                    return GbcsPayloadStatus.Truncated;
                }

                if (profile != GbzProfileId || components != GbzComponentCount)
                {
                    return GbcsPayloadStatus.UnexpectedHeader;
                }

                if (!reader.TryReadUInt16BigEndian(out alertCode) || !reader.TryReadUInt32BigEndian(out gbzTime))
                {
                    return GbcsPayloadStatus.Truncated;
                }
            }
            else if (form == FirmwareDistributionReceiptForm.Dlms)
            {
                if (!reader.TryReadByte(out byte tag))
                {
                    return GbcsPayloadStatus.Truncated;
                }

                if (tag != DataNotificationTag)
                {
                    return GbcsPayloadStatus.UnexpectedTag;
                }

                if (!reader.TryReadUInt32BigEndian(out invokeId) || !reader.TryReadByte(out byte dateTimeLength)
                    || !reader.TryReadByte(out byte structure) || !reader.TryReadByte(out byte count))
                {
                    return GbcsPayloadStatus.Truncated;
                }

                // The RTDS alert leaves the notification's own date-time empty; the time stamp is in the body.
                if (dateTimeLength != 0x00 || structure != DlmsStructure || count != DlmsElementCount)
                {
                    return GbcsPayloadStatus.UnexpectedHeader;
                }

                if (!reader.TryReadByte(out byte alertType))
                {
                    return GbcsPayloadStatus.Truncated;
                }

                if (alertType != DlmsLongUnsigned)
                {
                    return GbcsPayloadStatus.UnexpectedTag;
                }

                if (!reader.TryReadUInt16BigEndian(out alertCode))
                {
                    return GbcsPayloadStatus.Truncated;
                }

                GbcsPayloadStatus timeStatus = TryReadDlmsOctetString(reader, GbcsDlmsDateTime.Length, out dlmsTimeOffset);
                if (timeStatus != GbcsPayloadStatus.Ok)
                {
                    return timeStatus;
                }
            }
            else
            {
                throw new System.ArgumentOutOfRangeException(nameof(form));
            }

            if (alertCode != GbcsAlertCode.FirmwareVerificationSuccessful)
            {
                return GbcsPayloadStatus.UnknownAlertCode;
            }

            GbcsPayloadStatus status = TryReadDlmsOctetString(reader, HashLength, out int hashOffset);
            if (status != GbcsPayloadStatus.Ok)
            {
                return status;
            }

            if (reader.Remaining != 0)
            {
                return GbcsPayloadStatus.TrailingBytes;
            }

            into.Form = form;
            into.LongInvokeIdAndPriority = invokeId;
            into.GbzTimeStamp = gbzTime;
            if (form == FirmwareDistributionReceiptForm.Dlms)
            {
                System.Array.Copy(reader.Buffer, dlmsTimeOffset, into._dlmsTimeStamp, 0, GbcsDlmsDateTime.Length);
            }

            System.Array.Copy(reader.Buffer, hashOffset, into._hash, 0, HashLength);
            return GbcsPayloadStatus.Ok;
        }

        private static GbcsPayloadStatus TryReadDlmsOctetString(ByteReader reader, int expectedLength, out int valueOffset)
        {
            valueOffset = 0;
            if (!reader.TryReadByte(out byte type))
            {
                return GbcsPayloadStatus.Truncated;
            }

            if (type != DlmsOctetString)
            {
                return GbcsPayloadStatus.UnexpectedTag;
            }

            if (!reader.TryReadByte(out byte length))
            {
                return GbcsPayloadStatus.Truncated;
            }

            if (length != expectedLength)
            {
                return GbcsPayloadStatus.BadFieldLength;
            }

            return reader.TryReadSlice(length, out valueOffset) ? GbcsPayloadStatus.Ok : GbcsPayloadStatus.Truncated;
        }
    }
}

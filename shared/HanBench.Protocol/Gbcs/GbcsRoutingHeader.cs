using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The Routing Header in front of every GBCS general-block-transfer APDU (a block or an acknowledgement,
    /// <see cref="GbcsBlockTransfer"/>): a DLMS general-ciphering header whose transaction id, system titles and message code
    /// are those of the message being transferred, so every block and every acknowledgement names its message. Layout as
    /// Wireshark's GBCS dissector reads a GBT frame (<c>epan/dissectors/packet-gbcs.c</c>: a general-ciphering tag followed
    /// by a 9-octet transaction id, where a MAC Header has an empty one; it reassembles GBT blocks per business originator
    /// and originator counter):
    /// <code>
    /// DD                      general-ciphering tag
    /// 09 CRA C1..C8           transaction id: CRA flag + originator counter of the message transferred
    /// 08 O1..O8               originator system title of the message
    /// 08 R1..R8               recipient system title of the message
    /// 00                      date-time: absent
    /// 02 MC MC                other information: the message's message code
    /// 00                      key info: absent
    /// L                       length of what follows (security header + GBT APDU)
    /// SC IC IC IC IC          security header (HanBench: 00 00000000, the blocks are not MAC'd themselves; the message
    ///                         they carry is)
    /// </code>
    /// An acknowledgement carries the Routing Header of the message it acknowledges (HanBench choice, GBCS's text not
    /// being available: the same transaction id names the same message both ways), so a sender can tell an
    /// acknowledgement of the message it is sending from a late one of an earlier message. One instance is meant to be
    /// reused: it holds its reader and writer. Never throws on input; not thread-safe.
    /// </summary>
    public sealed class GbcsRoutingHeader
    {
        /// <summary>Octets before the length field (tag, transaction id, two system titles, date-time, other information, key info).</summary>
        public const int FixedLength = 1 + 1 + GbcsEnvelope.TransactionIdLength + 1 + GbcsEnvelope.SystemTitleLength + 1 + GbcsEnvelope.SystemTitleLength + 1 + 1 + OtherInformationLength + 1;

        /// <summary>Longest Routing Header (a three-octet length field).</summary>
        public const int MaxLength = FixedLength + 3 + GbcsEnvelope.SecurityHeaderLength;

        /// <summary>Other information of a Routing Header: the message code only.</summary>
        public const int OtherInformationLength = 2;

        /// <summary>Security control of a Routing Header (HanBench: no security applied to the blocks themselves).</summary>
        public const byte SecurityControlNone = 0x00;

        private readonly ByteReader _reader = new ByteReader();
        private readonly ByteWriter _writer = new ByteWriter();

        /// <summary>CRA flag of the message transferred (a raw octet: a received one may be any value).</summary>
        public byte CraFlag { get; set; }

        /// <summary>Originator counter of the message transferred.</summary>
        public ulong OriginatorCounter { get; set; }

        /// <summary>Originator system title of the message transferred.</summary>
        public ulong OriginatorSystemTitle { get; set; }

        /// <summary>Recipient system title of the message transferred.</summary>
        public ulong RecipientSystemTitle { get; set; }

        /// <summary>Message code of the message transferred.</summary>
        public ushort MessageCode { get; set; }

        /// <summary>Takes the fields of the decoded message <paramref name="message"/>.</summary>
        public void SetFrom(GbcsEnvelope message)
        {
            if (message == null)
            {
                throw new System.ArgumentNullException(nameof(message));
            }

            CraFlag = (byte)message.CraFlag;
            OriginatorCounter = message.OriginatorCounter;
            OriginatorSystemTitle = message.OriginatorSystemTitle;
            RecipientSystemTitle = message.RecipientSystemTitle;
            MessageCode = message.MessageCode;
        }

        /// <summary>Takes the fields of <paramref name="other"/>.</summary>
        public void CopyFrom(GbcsRoutingHeader other)
        {
            CraFlag = other.CraFlag;
            OriginatorCounter = other.OriginatorCounter;
            OriginatorSystemTitle = other.OriginatorSystemTitle;
            RecipientSystemTitle = other.RecipientSystemTitle;
            MessageCode = other.MessageCode;
        }

        /// <summary>Whether <paramref name="other"/> names the same message (transaction id, system titles and message code).</summary>
        public bool NamesSameMessage(GbcsRoutingHeader other)
        {
            return other.CraFlag == CraFlag && other.OriginatorCounter == OriginatorCounter && other.OriginatorSystemTitle == OriginatorSystemTitle
                && other.RecipientSystemTitle == RecipientSystemTitle && other.MessageCode == MessageCode;
        }

        /// <summary>Octets of the Routing Header in front of an <paramref name="apduLength"/>-octet GBT APDU.</summary>
        public static int EncodedLength(int apduLength)
        {
            return FixedLength + GbcsLength.EncodedSize(GbcsEnvelope.SecurityHeaderLength + apduLength) + GbcsEnvelope.SecurityHeaderLength;
        }

        /// <summary>Whether the <paramref name="count"/> octets at <paramref name="offset"/> start like a Routing Header (a general-ciphering tag and a 9-octet transaction id).</summary>
        public static bool Starts(byte[] buffer, int offset, int count)
        {
            return count > 1 && buffer[offset] == GbcsEnvelope.GeneralCipheringTag && buffer[offset + 1] == GbcsEnvelope.TransactionIdLength;
        }

        /// <summary>
        /// Writes the Routing Header for an <paramref name="apduLength"/>-octet GBT APDU into <paramref name="into"/> at
        /// <paramref name="intoOffset"/>; returns its length (the APDU goes right after it).
        /// </summary>
        public int Write(int apduLength, byte[] into, int intoOffset)
        {
            ByteWriter w = _writer;
            w.Reset(into, intoOffset, into.Length - intoOffset);
            w.WriteByte(GbcsEnvelope.GeneralCipheringTag);
            w.WriteByte(GbcsEnvelope.TransactionIdLength);
            w.WriteByte(CraFlag);
            w.WriteUInt64BigEndian(OriginatorCounter);
            w.WriteByte(GbcsEnvelope.SystemTitleLength);
            w.WriteUInt64BigEndian(OriginatorSystemTitle);
            w.WriteByte(GbcsEnvelope.SystemTitleLength);
            w.WriteUInt64BigEndian(RecipientSystemTitle);
            w.WriteByte(0x00);
            w.WriteByte(OtherInformationLength);
            w.WriteUInt16BigEndian(MessageCode);
            w.WriteByte(0x00);
            GbcsLength.Write(w, GbcsEnvelope.SecurityHeaderLength + apduLength);
            w.WriteByte(SecurityControlNone);
            w.WriteUInt32BigEndian(0);
            return w.Written;
        }

        /// <summary>
        /// Reads the Routing Header at the start of the <paramref name="count"/> octets at <paramref name="offset"/> into this
        /// instance; <paramref name="apduOffset"/> is where the GBT APDU starts, which runs to the end of the octets. False
        /// (fields unspecified) when the octets are not a Routing Header whose length field covers exactly the rest.
        /// </summary>
        public bool TryRead(byte[] buffer, int offset, int count, out int apduOffset)
        {
            apduOffset = 0;
            ByteReader r = _reader;
            r.Reset(buffer, offset, count);
            byte craFlag = 0;
            ulong counter = 0;
            ulong originator = 0;
            ulong recipient = 0;
            ushort messageCode = 0;
            int length = 0;
            bool ok = Starts(buffer, offset, count) && r.TrySkip(2) && r.TryReadByte(out craFlag) && r.TryReadUInt64BigEndian(out counter)
                && ReadLength(r, GbcsEnvelope.SystemTitleLength) && r.TryReadUInt64BigEndian(out originator)
                && ReadLength(r, GbcsEnvelope.SystemTitleLength) && r.TryReadUInt64BigEndian(out recipient)
                && ReadLength(r, 0) && ReadLength(r, OtherInformationLength) && r.TryReadUInt16BigEndian(out messageCode) && ReadLength(r, 0)
                && GbcsLength.TryRead(r, out length) == GbcsLengthStatus.Ok && length == r.Remaining && r.TrySkip(GbcsEnvelope.SecurityHeaderLength);
            if (!ok)
            {
                return false;
            }

            CraFlag = craFlag;
            OriginatorCounter = counter;
            OriginatorSystemTitle = originator;
            RecipientSystemTitle = recipient;
            MessageCode = messageCode;
            apduOffset = r.Position;
            return true;
        }

        // A one-octet length field of the expected value.
        private static bool ReadLength(ByteReader r, int expected)
        {
            return r.TryReadByte(out byte length) && length == expected;
        }
    }
}

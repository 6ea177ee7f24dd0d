using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Builds the GBCS messages a role originates (CS08 and CS06 responses, 0x8F8B, CCS08, 0x8F66/0x8F67) into one reused
    /// buffer: the caller writes the payload through <see cref="BeginContent"/>, optionally <see cref="SetDateTime"/>, then
    /// a <c>Seal</c> wraps it, secured as the RTDS messages are (docs/GBCS-SECURITY.md §1): CS08 responses MAC'd for the
    /// ACB (<see cref="Seal"/>); alerts and CS06 responses
    /// signed with the device's DS key, not MAC'd (<see cref="SealSigned"/>). Receivers decode every form with
    /// <see cref="GbcsEnvelope.TryDecode"/>.
    /// </summary>
    public sealed class GbcsOutbox
    {
        // The largest payload a device sends: a CS02e response carries the device certificate (~420 octets in the RTDS).
        private const int MaxContentLength = 640;

        private readonly GbcsEnvelope _envelope = new GbcsEnvelope();
        private readonly byte[] _content = new byte[MaxContentLength];
        private readonly ByteWriter _contentWriter = new ByteWriter();
        private readonly byte[] _dateTime = new byte[GbcsDlmsDateTime.Length];
        private readonly byte[] _message = new byte[HanFrame.MaxPayloadLength];
        private readonly ByteWriter _messageWriter = new ByteWriter();
        private bool _hasDateTime;
        private bool _hasRemoteParty;
        private ulong _remoteParty;
        private ulong _remotePartyCounter;

        /// <summary>The sealed message (valid until the next <see cref="BeginContent"/>).</summary>
        public byte[] Buffer => _message;

        /// <summary>
        /// A writer for the payload of the next message (which carries no date-time unless <see cref="SetDateTime"/>, and
        /// no supplementary remote party unless <see cref="SetSupplementaryRemoteParty"/>).
        /// </summary>
        public ByteWriter BeginContent()
        {
            _hasDateTime = false;
            _hasRemoteParty = false;
            _contentWriter.Reset(_content, 0, _content.Length);
            return _contentWriter;
        }

        /// <summary>
        /// The next message carries <paramref name="time"/> as its Grouping Header date-time (a DLMS date-time with day of
        /// week, deviation and clock status not specified, as the RTDS 11.3 CS06 responses carry it).
        /// </summary>
        public void SetDateTime(GbcsTimestamp time)
        {
            GbcsDlmsDateTime.Write(_dateTime, 0, time);
            _hasDateTime = true;
        }

        /// <summary>
        /// The next message carries <paramref name="party"/> and <paramref name="counter"/> as its supplementary remote
        /// party id and counter (other information, docs/GBCS-SECURITY.md §1): a CS08 response echoes its command's, as the
        /// RTDS 11.2 CS08 responses do; the MAC covers them with the rest of the General-Signing block.
        /// </summary>
        public void SetSupplementaryRemoteParty(ulong party, ulong counter)
        {
            _hasRemoteParty = true;
            _remoteParty = party;
            _remotePartyCounter = counter;
        }

        /// <summary>
        /// Wraps the payload written since <see cref="BeginContent"/>, MAC'd with <paramref name="macWith"/> for the ACB;
        /// returns the message length in <see cref="Buffer"/>, 0 when the MAC could not be made (no usable key): send
        /// nothing. A device sends nothing unsecured (docs/GBCS-SECURITY.md §1).
        /// </summary>
        public int Seal(GbcsCraFlag cra, ulong originatorCounter, ulong originator, ulong recipient, ushort messageCode, GbcsDeviceSecurity macWith)
        {
            if (macWith == null)
            {
                throw new System.ArgumentNullException(nameof(macWith));
            }

            Write(cra, originatorCounter, originator, recipient, messageCode, true, false);
            return macWith.TryWriteMac(_message, _envelope) ? _messageWriter.Written : 0;
        }

        /// <summary>
        /// As <see cref="Seal"/>, signed (not MAC'd) with the device's DS key held by
        /// <paramref name="signWith"/>: ECDSA over the block after <c>DF</c> to the end of the payload, written as
        /// <c>40</c> ‖ r ‖ s (GBCS 6.3.3). 0 when the signature could not be made (no usable key): send nothing.
        /// </summary>
        public int SealSigned(GbcsCraFlag cra, ulong originatorCounter, ulong originator, ulong recipient, ushort messageCode, GbcsDeviceSecurity signWith)
        {
            if (signWith == null)
            {
                throw new System.ArgumentNullException(nameof(signWith));
            }

            Write(cra, originatorCounter, originator, recipient, messageCode, false, true);
            return signWith.Sign(_message, _envelope) ? _messageWriter.Written : 0;
        }

        private void Write(GbcsCraFlag cra, ulong originatorCounter, ulong originator, ulong recipient, ushort messageCode, bool macd, bool signed)
        {
            _envelope.Reset();
            _envelope.HasGeneralCiphering = macd;
            _envelope.CraFlag = cra;
            _envelope.OriginatorCounter = originatorCounter;
            _envelope.OriginatorSystemTitle = originator;
            _envelope.RecipientSystemTitle = recipient;
            _envelope.MessageCode = messageCode;
            if (_hasDateTime)
            {
                _envelope.SetDateTime(_dateTime, 0);
            }

            if (_hasRemoteParty)
            {
                _envelope.HasSupplementaryRemotePartyId = true;
                _envelope.SupplementaryRemotePartyId = _remoteParty;
                _envelope.HasSupplementaryRemotePartyCounter = true;
                _envelope.SupplementaryRemotePartyCounter = _remotePartyCounter;
            }

            _envelope.SetContent(_content, 0, _contentWriter.Written);
            if (signed)
            {
                _envelope.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);
            }

            _messageWriter.Reset(_message, 0, _message.Length);
            _envelope.WriteTo(_messageWriter);
        }

        /// <summary>The GBCS time <paramref name="nowMs"/> after clock 0, given UTC at clock 0 in seconds since 2000.</summary>
        public static GbcsTimestamp TimeAt(uint utcSecondsAtClockZero, long nowMs)
        {
            long seconds = utcSecondsAtClockZero + (nowMs / 1000);
            if (seconds > 0xFFFFFFFFL)
            {
                seconds = 0xFFFFFFFFL;
            }

            return GbcsTimestamp.FromSecondsSince2000((uint)seconds);
        }
    }
}

using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Builds the GBCS messages a role originates (CS08 responses, 0x8F8B, CCS08) into one reused buffer: the caller
    /// writes the payload through <see cref="BeginContent"/>, then a <c>Seal</c> wraps it.
    /// <para>
    /// CS08 responses are MAC'd for the ACB as the RTDS ones are (docs/GBCS-SECURITY.md §1: "MAC only"), with the device's
    /// <see cref="GbcsDeviceSecurity"/>; the Comms Hub's CCS08 alerts are signed with its DS key (docs/GBCS-SECURITY.md §1:
    /// "signed, not MAC'd"). The other alerts carry General Signing without a signature for now (issue 8 §3): a signed
    /// 0x8F8B (132 octets) would not fit one ZigBee-sized HAN frame (82-octet payload, RadioModel.ZigBee). Receivers
    /// decode every form with <see cref="GbcsEnvelope.TryDecode"/>.
    /// </para>
    /// </summary>
    public sealed class GbcsOutbox
    {
        private const int MaxContentLength = 64;

        private readonly GbcsEnvelope _envelope = new GbcsEnvelope();
        private readonly byte[] _content = new byte[MaxContentLength];
        private readonly ByteWriter _contentWriter = new ByteWriter();
        private readonly byte[] _message = new byte[HanFrame.MaxPayloadLength];
        private readonly ByteWriter _messageWriter = new ByteWriter();

        /// <summary>The sealed message (valid until the next <see cref="BeginContent"/>).</summary>
        public byte[] Buffer => _message;

        /// <summary>A writer for the payload of the next message.</summary>
        public ByteWriter BeginContent()
        {
            _contentWriter.Reset(_content, 0, _content.Length);
            return _contentWriter;
        }

        /// <summary>Wraps the payload written since <see cref="BeginContent"/>; returns the message length in <see cref="Buffer"/>.</summary>
        public int Seal(GbcsCraFlag cra, ulong originatorCounter, ulong originator, ulong recipient, ushort messageCode)
        {
            return Seal(cra, originatorCounter, originator, recipient, messageCode, null, false);
        }

        /// <summary>
        /// As <see cref="Seal(GbcsCraFlag, ulong, ulong, ulong, ushort)"/>, with <paramref name="security"/>'s keys: signed
        /// with the device's DS key when <paramref name="sign"/>, else MAC'd for the ACB (the recipient must be the ACB);
        /// 0 when the signature or MAC could not be made (no usable key): send nothing.
        /// </summary>
        public int Seal(GbcsCraFlag cra, ulong originatorCounter, ulong originator, ulong recipient, ushort messageCode, GbcsDeviceSecurity? security, bool sign)
        {
            GbcsDeviceSecurity? macWith = sign ? null : security;
            _envelope.Reset();
            _envelope.HasGeneralCiphering = macWith != null;
            _envelope.CraFlag = cra;
            _envelope.OriginatorCounter = originatorCounter;
            _envelope.OriginatorSystemTitle = originator;
            _envelope.RecipientSystemTitle = recipient;
            _envelope.MessageCode = messageCode;
            _envelope.SetContent(_content, 0, _contentWriter.Written);
            if (sign && security != null)
            {
                _envelope.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);
            }

            _messageWriter.Reset(_message, 0, _message.Length);
            _envelope.WriteTo(_messageWriter);
            if (macWith != null && !macWith.TryWriteMac(_message, _envelope))
            {
                return 0;
            }

            if (sign && security != null && !security.Sign(_message, _envelope))
            {
                return 0;
            }

            return _messageWriter.Written;
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

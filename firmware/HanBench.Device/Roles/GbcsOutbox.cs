using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Builds the GBCS messages a role originates (CS08 responses, 0x8F8B, CCS08) into one reused buffer: the caller
    /// writes the payload through <see cref="BeginContent"/>, then a <c>Seal</c> wraps it.
    /// <para>
    /// CS08 responses are MAC'd for the ACB as the RTDS ones are (docs/GBCS-SECURITY.md §1: "MAC only"), with the device's
    /// <see cref="GbcsDeviceSecurity"/>. Alerts carry General Signing only for now, with no signature (length 0): GBCS signs
    /// them with the device's DS key (issue 8 §3, not done yet). Receivers decode both forms with
    /// <see cref="GbcsEnvelope.TryDecode"/>.
    /// </para>
    /// </summary>
    public sealed class GbcsOutbox
    {
        // The largest payload a device sends: a CS02e response carries the device certificate (~420 octets in the RTDS).
        private const int MaxContentLength = 640;

        private readonly GbcsEnvelope _envelope = new GbcsEnvelope();
        private readonly byte[] _content = new byte[MaxContentLength];
        private readonly ByteWriter _contentWriter = new ByteWriter();
        private readonly byte[] _message = new byte[HanFrame.MaxPayloadLength];
        private readonly ByteWriter _messageWriter = new ByteWriter();
        private readonly EcdsaP256Signer _signer = new EcdsaP256Signer();

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
            return Seal(cra, originatorCounter, originator, recipient, messageCode, null);
        }

        /// <summary>
        /// As <see cref="Seal(GbcsCraFlag, ulong, ulong, ulong, ushort)"/>, MAC'd with <paramref name="macWith"/> when it is
        /// not null (the recipient must be the ACB); 0 when the MAC could not be made (no usable key): send nothing.
        /// </summary>
        public int Seal(GbcsCraFlag cra, ulong originatorCounter, ulong originator, ulong recipient, ushort messageCode, GbcsDeviceSecurity? macWith)
        {
            _envelope.Reset();
            _envelope.HasGeneralCiphering = macWith != null;
            _envelope.CraFlag = cra;
            _envelope.OriginatorCounter = originatorCounter;
            _envelope.OriginatorSystemTitle = originator;
            _envelope.RecipientSystemTitle = recipient;
            _envelope.MessageCode = messageCode;
            _envelope.SetContent(_content, 0, _contentWriter.Written);
            _messageWriter.Reset(_message, 0, _message.Length);
            _envelope.WriteTo(_messageWriter);
            if (macWith != null && !macWith.TryWriteMac(_message, _envelope))
            {
                return 0;
            }

            return _messageWriter.Written;
        }

        /// <summary>
        /// As <see cref="Seal(GbcsCraFlag, ulong, ulong, ulong, ushort)"/>, signed with the device's DS private key
        /// <paramref name="signingKey"/> over the block after <c>DF</c> to the end of the payload (GBCS 6.3.3: the CS02b–e
        /// responses); 0 when it could not be signed: send nothing.
        /// </summary>
        public int SealSigned(GbcsCraFlag cra, ulong originatorCounter, ulong originator, ulong recipient, ushort messageCode, byte[] signingKey)
        {
            _envelope.Reset();
            _envelope.CraFlag = cra;
            _envelope.OriginatorCounter = originatorCounter;
            _envelope.OriginatorSystemTitle = originator;
            _envelope.RecipientSystemTitle = recipient;
            _envelope.MessageCode = messageCode;
            _envelope.SetContent(_content, 0, _contentWriter.Written);
            _envelope.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);
            _messageWriter.Reset(_message, 0, _message.Length);
            _envelope.WriteTo(_messageWriter);
            GbcsLayout layout = _envelope.Layout;
            P256Status status = _signer.SignMessage(signingKey, 0, _message, layout.SignedDataOffset, layout.SignedDataLength, _message, layout.SignatureOffset);
            return status == P256Status.Ok ? _messageWriter.Written : 0;
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

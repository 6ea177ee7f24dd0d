using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The future-dated CS02b outcome alert (message code 0x00CB; 0x8F66 actioned, 0x8F67 not; RTDS 6.15.1, 6.23),
    /// device-signed: <c>30 L { 02 03 00 8F 66, 18 0F execution date-time, outcome }</c>.
    /// </summary>
    public sealed class UpdateCredentialsAlert
    {
        /// <summary>Creates an alert with code 0x8F66.</summary>
        public UpdateCredentialsAlert()
        {
            AlertCode = GbcsAlertCode.FutureDatedCommandActioned;
        }

        /// <summary><see cref="GbcsAlertCode.FutureDatedCommandActioned"/> or <see cref="GbcsAlertCode.FutureDatedCommandNotActioned"/>.</summary>
        public ushort AlertCode { get; set; }

        /// <summary>The execution date-time the command asked for.</summary>
        public GbcsTimestamp ExecutionDateTime { get; set; }

        /// <summary>What was done.</summary>
        public UpdateCredentialsOutcome Outcome { get; } = new UpdateCredentialsOutcome();

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => CredentialDer.HeaderLength(ContentLength, true) + ContentLength;

        private int ContentLength => GbcsAlertHeader.ContentLength(AlertCode) + Outcome.EncodedLength;

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, ContentLength, true);
            GbcsDer.WriteUnsigned(writer, AlertCode);
            GbcsDer.WriteGeneralizedTime(writer, ExecutionDateTime);
            Outcome.WriteTo(writer);
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, UpdateCredentialsAlert into)
        {
            GbcsPayloadStatus status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out int length);
            if (status == GbcsPayloadStatus.Ok && reader.Remaining != length)
            {
                return GbcsPayloadStatus.TrailingBytes;
            }

            ulong code = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadUnsigned(reader, 0xFFFF, out code);
            }

            if (status == GbcsPayloadStatus.Ok && code != GbcsAlertCode.FutureDatedCommandActioned && code != GbcsAlertCode.FutureDatedCommandNotActioned)
            {
                return GbcsPayloadStatus.UnknownAlertCode;
            }

            into.AlertCode = (ushort)code;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadGeneralizedTime(reader, out GbcsTimestamp time);
                into.ExecutionDateTime = time;
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = UpdateCredentialsOutcome.TryDecode(reader, into.Outcome);
            }

            return status == GbcsPayloadStatus.Ok && reader.Remaining != 0 ? GbcsPayloadStatus.TrailingBytes : status;
        }
    }
}

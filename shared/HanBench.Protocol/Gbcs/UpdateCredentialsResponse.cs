using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS02b response payload (RTDS 6.15.1, 8.5, 6.23), device-signed: <c>30 L { 05 00 [, outcome] }</c>, command
    /// accepted, then for an immediate replacement its <see cref="UpdateCredentialsOutcome"/> (a future-dated one, or its
    /// cancellation, reports in a 0x00CB alert later).
    /// </summary>
    public sealed class UpdateCredentialsResponse
    {
        /// <summary>Whether the outcome follows (immediate execution).</summary>
        public bool HasOutcome { get; set; }

        /// <summary>The outcome, when <see cref="HasOutcome"/>.</summary>
        public UpdateCredentialsOutcome Outcome { get; } = new UpdateCredentialsOutcome();

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => CredentialDer.HeaderLength(ContentLength, true) + ContentLength;

        private int ContentLength => GbcsDer.NullEncodedLength + (HasOutcome ? Outcome.EncodedLength : 0);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, ContentLength, true);
            GbcsDer.WriteNull(writer);
            if (HasOutcome)
            {
                Outcome.WriteTo(writer);
            }
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, UpdateCredentialsResponse into)
        {
            GbcsPayloadStatus status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out int length);
            if (status == GbcsPayloadStatus.Ok && reader.Remaining != length)
            {
                return GbcsPayloadStatus.TrailingBytes;
            }

            if (status == GbcsPayloadStatus.Ok)
            {
                status = GbcsDer.TryReadNull(reader);
            }

            into.HasOutcome = status == GbcsPayloadStatus.Ok && reader.Remaining > 0;
            if (into.HasOutcome)
            {
                status = UpdateCredentialsOutcome.TryDecode(reader, into.Outcome);
            }

            return status == GbcsPayloadStatus.Ok && reader.Remaining != 0 ? GbcsPayloadStatus.TrailingBytes : status;
        }
    }
}

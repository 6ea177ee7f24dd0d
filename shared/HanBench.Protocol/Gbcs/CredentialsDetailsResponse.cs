using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// CS02a Provide Security Credentials Details response payload (message code 0x0008; RTDS 6.24.1, NA_CS02aSignature):
    /// a SEQUENCE of <see cref="RemotePartyDetails"/>, one per role the command asked for, in its order. Written with the
    /// device's length form (<see cref="CredentialDer"/>: <c>30 82 00 9F</c> in the RTDS success response).
    /// </summary>
    public sealed class CredentialsDetailsResponse
    {
        private readonly RemotePartyDetails[] _parties = new RemotePartyDetails[CredentialDer.MaxItems];

        /// <summary>An empty response with room for 8 parties.</summary>
        public CredentialsDetailsResponse()
        {
            for (int i = 0; i < _parties.Length; i++)
            {
                _parties[i] = new RemotePartyDetails();
            }
        }

        /// <summary>Parties, the first <see cref="PartyCount"/> of them.</summary>
        public RemotePartyDetails[] Parties => _parties;

        /// <summary>How many of <see cref="Parties"/> are used.</summary>
        public int PartyCount { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => CredentialDer.HeaderLength(ContentLength, true) + ContentLength;

        private int ContentLength
        {
            get
            {
                int length = 0;
                for (int i = 0; i < PartyCount; i++)
                {
                    length += _parties[i].EncodedLength;
                }

                return length;
            }
        }

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            CredentialDer.WriteHeader(writer, GbcsDer.SequenceTag, ContentLength, true);
            for (int i = 0; i < PartyCount; i++)
            {
                _parties[i].WriteTo(writer);
            }
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/> (unspecified on failure).</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, CredentialsDetailsResponse into)
        {
            GbcsPayloadStatus status = CredentialDer.TryHeader(reader, GbcsDer.SequenceTag, true, out int length);
            if (status == GbcsPayloadStatus.Ok && reader.Remaining != length)
            {
                return GbcsPayloadStatus.TrailingBytes;
            }

            into.PartyCount = 0;
            while (status == GbcsPayloadStatus.Ok && reader.Remaining > 0)
            {
                if (into.PartyCount == CredentialDer.MaxItems)
                {
                    return GbcsPayloadStatus.LengthMismatch;
                }

                status = RemotePartyDetails.TryDecode(reader, into._parties[into.PartyCount++]);
            }

            return status;
        }
    }
}

using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The CS02c Issue Security Credentials and CS02e Provide Device Certificate command payload (message codes 0x000A,
    /// 0x000C; RTDS 6.17, 6.24.2): <c>30 04 { 03 02 uu vv }</c>, the key usage of the device key pair meant
    /// (<see cref="GbcsKeyUsage.DigitalSignature"/> or <see cref="GbcsKeyUsage.KeyAgreement"/>).
    /// </summary>
    public sealed class KeyUsageCommand
    {
        /// <summary>Octets of the payload.</summary>
        public const int EncodedLength = 2 + CredentialDer.KeyUsageLength;

        /// <summary>Which device key pair.</summary>
        public byte KeyUsage { get; set; }

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            GbcsDer.WriteSequenceHeader(writer, CredentialDer.KeyUsageLength);
            CredentialDer.WriteKeyUsage(writer, KeyUsage);
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, KeyUsageCommand into)
        {
            GbcsPayloadStatus status = GbcsDer.TryReadOuterSequence(reader);
            byte usage = 0;
            if (status == GbcsPayloadStatus.Ok)
            {
                status = CredentialDer.TryKeyUsage(reader, out usage);
            }

            into.KeyUsage = usage;
            return status == GbcsPayloadStatus.Ok && reader.Remaining != 0 ? GbcsPayloadStatus.LengthMismatch : status;
        }
    }
}

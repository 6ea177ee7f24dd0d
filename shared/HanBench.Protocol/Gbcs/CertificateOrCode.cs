using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The CS02 payloads that are one DER structure or one response code (RTDS 6.17, 6.15.2, 6.24.2):
    /// <list type="bullet">
    /// <item>CS02c response (0x000A): the PKCS#10 certification request for the new key pair, or a code (1 invalid key
    /// usage, 2 key pair generation failed, 3 request production failed);</item>
    /// <item>CS02d command (0x000B): the new device certificate; its response: a code (0 success, 1 invalid certificate,
    /// 2 wrong device identity, 3 invalid key usage, 4 no key pair generated, 5 wrong public key, 6 storage failed,
    /// 7 private key change failed);</item>
    /// <item>CS02e response (0x000C): the device certificate, or a code (1 invalid key usage, 2 none held, 3 retrieval
    /// failure).</item>
    /// </list>
    /// <c>30 L ...</c> (<see cref="Der"/>, a view) or <c>02 01 rr</c> (<see cref="ResponseCode"/>).
    /// </summary>
    public sealed class CertificateOrCode
    {
        /// <summary>The certificate or certification request, when <see cref="HasDer"/>.</summary>
        public DerView Der { get; } = new DerView();

        /// <summary>Whether the payload is a DER structure rather than a code.</summary>
        public bool HasDer { get; set; }

        /// <summary>The response code, when not <see cref="HasDer"/>.</summary>
        public byte ResponseCode { get; set; }

        /// <summary>Octets <see cref="WriteTo"/> writes.</summary>
        public int EncodedLength => HasDer ? Der.Length : GbcsDer.UnsignedEncodedLength(ResponseCode);

        /// <summary>Writes the payload.</summary>
        public void WriteTo(ByteWriter writer)
        {
            if (HasDer)
            {
                writer.WriteBytes(Der.Buffer, Der.Offset, Der.Length);
            }
            else
            {
                GbcsDer.WriteUnsigned(writer, ResponseCode);
            }
        }

        /// <summary>Decodes all of the reader's remaining bytes into <paramref name="into"/>; a DER structure is a view into the reader's buffer.</summary>
        public static GbcsPayloadStatus TryDecode(ByteReader reader, CertificateOrCode into)
        {
            GbcsPayloadStatus status;
            into.HasDer = reader.Remaining > 0 && reader.Buffer[reader.Position] == GbcsDer.SequenceTag;
            into.Der.Clear();
            into.ResponseCode = 0;
            if (into.HasDer)
            {
                status = CredentialDer.TryElement(reader, GbcsDer.SequenceTag, out int offset, out int length);
                into.Der.Set(reader.Buffer, offset, length);
            }
            else
            {
                status = GbcsResponseCode.TryRead(reader, 0x7F, out byte code);
                into.ResponseCode = code;
            }

            return status == GbcsPayloadStatus.Ok && reader.Remaining != 0 ? GbcsPayloadStatus.TrailingBytes : status;
        }
    }
}

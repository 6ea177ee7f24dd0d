using HanBench.Protocol.Bytes;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Writes the PKCS#10 certification request (RFC 2986) a device answers CS02c with (GBCS 6.17), in the shape of the
    /// RTDS 6.17 response: version 0, an empty subject, the new P-256 public key, and an extension request for a critical
    /// key usage (DS or KA) and a critical subjectAltName hardwareModuleName carrying the device's EUI-64 (the SMKI
    /// Device certificate's identity), signed ECDSA-SHA256 with the new private key (proof of possession). Only the key,
    /// the key usage octets, the EUI-64 and the signature vary, so the request is written from fixed octets around them.
    /// Allocated once.
    /// </summary>
    public sealed class CertificationRequestWriter
    {
        /// <summary>Largest request: the 189-octet info, the 12-octet algorithm and a 72-octet DER signature, with headers.</summary>
        public const int MaxLength = 4 + 189 + 12 + 75;

        private const int InfoLength = 189;

        // CertificationRequestInfo up to the public key: SEQUENCE (186), version 0, empty subject, SubjectPublicKeyInfo
        // header with id-ecPublicKey and prime256v1, BIT STRING (66) with no unused bits.
        private static readonly byte[] InfoStart = new byte[]
        {
            0x30, 0x81, 0xBA, 0x02, 0x01, 0x00, 0x30, 0x00, 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D,
            0x02, 0x01, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
        };

        // [0] attributes: extensionRequest (1.2.840.113549.1.9.14), critical keyUsage BIT STRING (03 02, then uu vv).
        private static readonly byte[] KeyUsageStart = new byte[]
        {
            0xA0, 0x58, 0x30, 0x56, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x0E, 0x31, 0x49, 0x30, 0x47,
            0x30, 0x0E, 0x06, 0x03, 0x55, 0x1D, 0x0F, 0x01, 0x01, 0xFF, 0x04, 0x04, 0x03, 0x02,
        };

        // critical subjectAltName: otherName hardwareModuleName (1.3.6.1.5.5.7.8.4) { hwType (the SMKI device OID as the
        // RTDS request carries it), hwSerialNum OCTET STRING (8) }.
        private static readonly byte[] NameStart = new byte[]
        {
            0x30, 0x35, 0x06, 0x03, 0x55, 0x1D, 0x11, 0x01, 0x01, 0xFF, 0x04, 0x2B, 0x30, 0x29, 0xA0, 0x27, 0x06, 0x08, 0x2B,
            0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x04, 0xA0, 0x1B, 0x30, 0x19, 0x06, 0x0D, 0x2A, 0x86, 0x3A, 0x00, 0x01, 0x84,
            0x8F, 0xB9, 0x0F, 0x01, 0x02, 0x02, 0x01, 0x04, 0x08,
        };

        // ecdsa-with-SHA256
        private static readonly byte[] SignatureAlgorithm = new byte[] { 0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02 };

        private readonly ByteWriter _writer = new ByteWriter();
        private readonly EcdsaP256Signer _signer = new EcdsaP256Signer();
        private readonly byte[] _signature = new byte[EcdsaP256Signer.SignatureLength];

        /// <summary>
        /// Writes the request for <paramref name="publicKey"/> (65 octets) and <paramref name="privateKey"/> into
        /// <paramref name="output"/> (room for <see cref="MaxLength"/>); returns its length, 0 when it could not be signed.
        /// </summary>
        public int Write(byte[] publicKey, byte[] privateKey, byte keyUsage, ulong eui64, byte[] output)
        {
            ByteWriter w = _writer;
            w.Reset(output, 4, output.Length - 4);
            w.WriteBytes(InfoStart, 0, InfoStart.Length);
            w.WriteBytes(publicKey, 0, EcdhP256.PublicKeyLength);
            w.WriteBytes(KeyUsageStart, 0, KeyUsageStart.Length);
            byte unused = 0;
            while (unused < 7 && ((keyUsage >> unused) & 1) == 0)
            {
                unused++;
            }

            w.WriteByte(unused);
            w.WriteByte(keyUsage);
            w.WriteBytes(NameStart, 0, NameStart.Length);
            w.WriteUInt64BigEndian(eui64);
            if (_signer.SignMessage(privateKey, 0, output, 4, InfoLength, _signature, 0) != P256Status.Ok)
            {
                return 0;
            }

            w.WriteBytes(SignatureAlgorithm, 0, SignatureAlgorithm.Length);
            int r = IntegerLength(0);
            int s = IntegerLength(32);
            int sequence = 4 + r + s;
            w.WriteByte(0x03);
            w.WriteByte((byte)(sequence + 3));
            w.WriteByte(0x00);
            w.WriteByte(0x30);
            w.WriteByte((byte)sequence);
            WriteInteger(w, 0, r);
            WriteInteger(w, 32, s);

            // Outer SEQUENCE: 82 hh ll (the content is always over 255 octets).
            int content = w.Written;
            output[0] = 0x30;
            output[1] = 0x82;
            output[2] = (byte)(content >> 8);
            output[3] = (byte)content;
            return content + 4;
        }

        // Octets of the DER INTEGER content for the 32-octet half at offset: leading zeros dropped, a 0x00 kept before a high bit.
        private int IntegerLength(int offset)
        {
            int start = offset;
            while (start < offset + 31 && _signature[start] == 0 && (_signature[start + 1] & 0x80) == 0)
            {
                start++;
            }

            return offset + 32 - start + ((_signature[start] & 0x80) != 0 ? 1 : 0);
        }

        private void WriteInteger(ByteWriter w, int offset, int length)
        {
            w.WriteByte(0x02);
            w.WriteByte((byte)length);
            int significant = length;
            if (length > 32)
            {
                w.WriteByte(0x00);
                significant = 32;
            }

            w.WriteBytes(_signature, offset + 32 - significant, significant);
        }
    }
}

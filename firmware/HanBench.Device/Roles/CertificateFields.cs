using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// What a device needs from an SMKI certificate (X.509 DER, P-256; the RTDS keystore's profiles): the subject's
    /// public key, entity id (an Organisation certificate's x500UniqueIdentifier, a Device certificate's
    /// hardwareModuleName in the subjectAltName), subject key identifier, key usage, and the signed part with its
    /// signature so the issuer's key can check it. Reads bounded DER and answers false on anything it does not expect;
    /// allocated once, reused.
    /// </summary>
    public sealed class CertificateFields
    {
        private const byte Sequence = 0x30;
        private const byte BitString = 0x03;
        private const byte OctetString = 0x04;
        private const byte Oid = 0x06;

        private readonly ByteReader _reader = new ByteReader();
        private readonly byte[] _publicKey = new byte[65];
        private readonly byte[] _signature = new byte[64];

        /// <summary>The subject's public key, SEC 1 uncompressed (65 octets).</summary>
        public byte[] PublicKey => _publicKey;

        /// <summary>The issuer's signature over the TBS part, r‖s.</summary>
        public byte[] Signature => _signature;

        /// <summary>The subject's entity id (EUI-64 form), 0 when the certificate names none.</summary>
        public ulong SubjectId { get; private set; }

        /// <summary>The 8-octet subject key identifier, 0 when absent.</summary>
        public ulong SubjectKeyId { get; private set; }

        /// <summary>The key usage octet (<see cref="GbcsKeyUsage"/>), 0 when absent.</summary>
        public byte KeyUsage { get; private set; }

        /// <summary>Where the signed TBSCertificate starts in the buffer last read.</summary>
        public int TbsOffset { get; private set; }

        /// <summary>Octets of the signed TBSCertificate.</summary>
        public int TbsLength { get; private set; }

        /// <summary>Reads the certificate of <paramref name="count"/> octets at <paramref name="offset"/>; false when it is not one this reader understands.</summary>
        public bool TryRead(byte[] buffer, int offset, int count)
        {
            SubjectId = 0;
            SubjectKeyId = 0;
            KeyUsage = 0;
            ByteReader r = _reader;
            r.Reset(buffer, offset, count);
            if (!Enter(r, Sequence, out int certificateEnd) || certificateEnd != offset + count)
            {
                return false;
            }

            TbsOffset = r.Position;
            if (!Enter(r, Sequence, out int tbsEnd))
            {
                return false;
            }

            TbsLength = tbsEnd - TbsOffset;
            if (r.Remaining > 0 && buffer[r.Position] == 0xA0 && !Skip(r))
            {
                return false;
            }

            // serial, signature algorithm, issuer, validity
            for (int i = 0; i < 4; i++)
            {
                if (!Skip(r))
                {
                    return false;
                }
            }

            int subjectStart = r.Position;
            if (!Skip(r))
            {
                return false;
            }

            // x500UniqueIdentifier (2.5.4.45): BIT STRING 03 09 00 + entity id
            int at = Find(buffer, subjectStart, r.Position, 0x55, 0x04, 0x2D);
            if (at > 0 && at + 3 + 11 <= r.Position && buffer[at + 3] == BitString && buffer[at + 4] == 9)
            {
                SubjectId = Read64(buffer, at + 6);
            }

            if (!Enter(r, Sequence, out int keyInfoEnd) || !Skip(r) || !Enter(r, BitString, out int keyEnd)
                || keyEnd - r.Position != 66 || keyEnd != keyInfoEnd || buffer[r.Position] != 0 || buffer[r.Position + 1] != 0x04)
            {
                return false;
            }

            System.Array.Copy(buffer, r.Position + 1, _publicKey, 0, 65);
            r.TrySkip(66);
            ReadExtensions(buffer, r.Position, tbsEnd);
            r.Reset(buffer, tbsEnd, certificateEnd - tbsEnd);
            return Skip(r) && ReadSignature(r);
        }

        private void ReadExtensions(byte[] buffer, int start, int end)
        {
            // key usage (2.5.29.15): 04 04 03 02 uu vv
            int at = Find(buffer, start, end, 0x55, 0x1D, 0x0F);
            if (at > 0 && at + 3 + 9 <= end)
            {
                int value = buffer[at + 3] == 0x01 ? at + 6 : at + 3;
                if (value + 6 <= end && buffer[value] == OctetString && buffer[value + 2] == BitString)
                {
                    KeyUsage = buffer[value + 5];
                }
            }

            // subject key identifier (2.5.29.14): 04 0A 04 08 + 8 octets
            at = Find(buffer, start, end, 0x55, 0x1D, 0x0E);
            if (at > 0 && at + 3 + 12 <= end && buffer[at + 3] == OctetString && buffer[at + 5] == OctetString && buffer[at + 6] == 8)
            {
                SubjectKeyId = Read64(buffer, at + 7);
            }

            // subjectAltName (2.5.29.17) hardwareModuleName: the entity id is its last 8 octets (04 08 + EUI-64)
            at = Find(buffer, start, end, 0x55, 0x1D, 0x11);
            if (SubjectId == 0 && at > 0)
            {
                int value = buffer[at + 3] == 0x01 ? at + 6 : at + 3;
                if (value + 2 <= end && buffer[value] == OctetString)
                {
                    int last = value + 2 + buffer[value + 1];
                    if (last <= end && last - 10 > value && buffer[last - 10] == OctetString && buffer[last - 9] == 8)
                    {
                        SubjectId = Read64(buffer, last - 8);
                    }
                }
            }
        }

        private bool ReadSignature(ByteReader r)
        {
            if (!Enter(r, BitString, out int end) || !r.TryReadByte(out byte unused) || unused != 0 || !Enter(r, Sequence, out int sequenceEnd) || sequenceEnd != end)
            {
                return false;
            }

            return ReadInteger(r, 0) && ReadInteger(r, 32) && r.Position == end;
        }

        // A DER INTEGER of at most 33 octets into 32 octets of the signature, right-aligned.
        private bool ReadInteger(ByteReader r, int into)
        {
            if (!Enter(r, 0x02, out int end))
            {
                return false;
            }

            int length = end - r.Position;
            int skip = length == 33 && r.Buffer[r.Position] == 0 ? 1 : 0;
            if (length - skip > 32 || length == 0)
            {
                return false;
            }

            System.Array.Clear(_signature, into, 32);
            System.Array.Copy(r.Buffer, r.Position + skip, _signature, into + 32 - (length - skip), length - skip);
            return r.TrySkip(length);
        }

        private static bool Enter(ByteReader r, byte tag, out int end)
        {
            end = 0;
            if (GbcsDer.TryReadHeader(r, tag, out int length) != GbcsPayloadStatus.Ok)
            {
                return false;
            }

            end = r.Position + length;
            return true;
        }

        private static bool Skip(ByteReader r)
        {
            if (r.Remaining < 2)
            {
                return false;
            }

            return Enter(r, r.Buffer[r.Position], out int end) && r.TrySkip(end - r.Position);
        }

        // Position after "06 03 a b c" in [start, end), or -1; the value follows at the returned index.
        private static int Find(byte[] buffer, int start, int end, byte a, byte b, byte c)
        {
            for (int i = start; i + 5 <= end; i++)
            {
                if (buffer[i] == Oid && buffer[i + 1] == 3 && buffer[i + 2] == a && buffer[i + 3] == b && buffer[i + 4] == c)
                {
                    return i + 2;
                }
            }

            return -1;
        }

        /// <summary>8 octets at <paramref name="offset"/>, big-endian.</summary>
        internal static ulong Read64(byte[] buffer, int offset)
        {
            ulong value = 0;
            for (int i = 0; i < 8; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }
    }
}

using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Protocol.Security
{
    /// <summary>
    /// GBCS message MACs (GBCS 4.3.3.3–4, 6.2.3, 6.4.5; docs/GBCS-SECURITY.md §1–2): wraps a General-Signing block in the
    /// General Ciphering header and appends its 12-octet MAC, and verifies a received frame's MAC.
    /// <list type="bullet">
    /// <item>Key: <see cref="GbcsKdf"/> from Z (static-static ECDH of the two KA keys: ACB ↔ recipient device for a
    /// command, originating device ↔ Grouping Header recipient for a response or alert) and the Grouping Header's
    /// originator title, CRA flag, originator counter and recipient title.</item>
    /// <item>GMAC (<see cref="AesGcm128"/>): IV = originator title ‖ 00 00 00 00, empty plaintext, AAD =
    /// <c>11 00 00 00 00 00</c> ‖ the General-Signing block from <c>DF</c> to the end of the signature; MAC = the
    /// tag's first 12 octets. (With 5 or 1 leading AAD octets no RTDS MAC verifies; with these 6, all do.)</item>
    /// </list>
    /// Parsing is <see cref="GbcsEnvelope"/>'s: after <see cref="Protect"/> or <see cref="Verify"/>,
    /// <see cref="Envelope"/> holds the Grouping Header fields and its <see cref="GbcsLayout"/> the signed range
    /// (docs/GBCS-SECURITY.md §3: <see cref="GbcsLayout.SignedDataOffset"/>, <see cref="GbcsLayout.SignedDataLength"/>) and the
    /// signature for whoever signs or verifies it. Z is the caller's (computed once per remote party and kept).
    /// Bad input gets a status, never an exception; everything is allocated once; one instance per thread.
    /// </summary>
    public sealed class GbcsMessageSecurity
    {
        /// <summary>The only security header GBCS uses: authentication only (0x11), invocation counter 0.</summary>
        private const uint GbcsInvocationCounter = 0;

        // Security control, the 4-octet invocation counter and one zero octet: the AAD before the General-Signing block.
        private static readonly byte[] AadPrefix = new byte[] { GbcsEnvelope.SecurityControlAuthenticatedOnly, 0x00, 0x00, 0x00, 0x00, 0x00 };

        private readonly GbcsEnvelope _envelope = new GbcsEnvelope();
        private readonly GbcsKdf _kdf = new GbcsKdf();
        private readonly AesGcm128 _gcm = new AesGcm128();
        private readonly ByteReader _reader = new ByteReader();
        private readonly ByteWriter _writer = new ByteWriter();
        private readonly byte[] _key = new byte[GbcsKdf.KeyLength];
        private readonly byte[] _iv = new byte[AesGcm128.IvLength];

        /// <summary>The message last MAC'd or verified (fields, and where everything sits in its buffer).</summary>
        public GbcsEnvelope Envelope => _envelope;

        /// <summary>The envelope decoder's verdict on the last input (<see cref="GbcsStatus.Ok"/> when it parsed).</summary>
        public GbcsStatus DecodeStatus { get; private set; }

        /// <summary>
        /// MACs a General-Signing block (from <c>DF</c> to the end of its signature, <paramref name="count"/> octets)
        /// for the pair of KA keys whose shared secret Z is at <paramref name="sharedSecretOffset"/>: writes the whole
        /// General Ciphering frame into <paramref name="output"/> (which must not overlap the block) and its length
        /// into <paramref name="written"/>.
        /// </summary>
        public GbcsMacStatus Protect(
            byte[] sharedSecret,
            int sharedSecretOffset,
            byte[] block,
            int offset,
            int count,
            byte[] output,
            int outputOffset,
            int capacity,
            out int written)
        {
            written = 0;
            GbcsMacStatus status = Decode(block, offset, count);
            if (status == GbcsMacStatus.Ok)
            {
                return GbcsMacStatus.AlreadyMacd;
            }

            if (status != GbcsMacStatus.NotMacd)
            {
                return status;
            }

            GbcsEnvelope envelope = _envelope;
            if (envelope.GeneralSigningLength > GbcsLength.MaxValue - GbcsEnvelope.SecurityHeaderLength - GbcsEnvelope.MacLength)
            {
                return GbcsMacStatus.NoRoom;
            }

            envelope.HasGeneralCiphering = true;
            envelope.SecurityControl = GbcsEnvelope.SecurityControlAuthenticatedOnly;
            envelope.InvocationCounter = GbcsInvocationCounter;
            envelope.ClearMac();
            int length = envelope.EncodedLength;
            if (output == null || outputOffset < 0 || capacity < length || outputOffset > output.Length - capacity)
            {
                return GbcsMacStatus.NoRoom;
            }

            _writer.Reset(output, outputOffset, capacity);
            envelope.WriteTo(_writer);
            WriteMac(sharedSecret, sharedSecretOffset, output, envelope);
            written = length;
            return GbcsMacStatus.Ok;
        }

        /// <summary>
        /// Computes the MAC of a frame <paramref name="envelope"/> has just written into <paramref name="buffer"/> with
        /// General Ciphering (its MAC as zeros) and writes it in place at <see cref="GbcsLayout.MacOffset"/>.
        /// </summary>
        public void WriteMac(byte[] sharedSecret, int sharedSecretOffset, byte[] buffer, GbcsEnvelope envelope)
        {
            if (envelope == null || buffer == null || !envelope.HasGeneralCiphering || envelope.Layout.MacOffset < 0)
            {
                throw new System.ArgumentException("GBCS: the envelope has not written a MAC'd frame", nameof(envelope));
            }

            Authenticate(sharedSecret, sharedSecretOffset, buffer, envelope);
            _gcm.GetTag(buffer, envelope.Layout.MacOffset, GbcsEnvelope.MacLength);
        }

        /// <summary>
        /// Verifies the MAC of the General Ciphering frame in <paramref name="frame"/> (exactly
        /// <paramref name="count"/> octets) for the pair of KA keys whose shared secret Z is given. The tag comparison
        /// takes the same time wherever the MACs differ.
        /// </summary>
        public GbcsMacStatus Verify(byte[] sharedSecret, int sharedSecretOffset, byte[] frame, int offset, int count)
        {
            GbcsMacStatus status = Decode(frame, offset, count);
            if (status != GbcsMacStatus.Ok)
            {
                return status;
            }

            GbcsEnvelope envelope = _envelope;
            if (envelope.SecurityControl != GbcsEnvelope.SecurityControlAuthenticatedOnly
                || envelope.InvocationCounter != GbcsInvocationCounter)
            {
                return GbcsMacStatus.UnsupportedSecurityHeader;
            }

            Authenticate(sharedSecret, sharedSecretOffset, frame, envelope);
            return _gcm.CheckTag(frame, envelope.Layout.MacOffset, GbcsEnvelope.MacLength) ? GbcsMacStatus.Ok : GbcsMacStatus.BadMac;
        }

        // Decodes into the envelope: Ok for a well-formed MAC'd frame, NotMacd for a well-formed General-Signing block.
        private GbcsMacStatus Decode(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                DecodeStatus = GbcsStatus.Empty;
                _envelope.Reset();
                return GbcsMacStatus.MalformedFrame;
            }

            _reader.Reset(buffer, offset, count);
            GbcsStatus decoded = GbcsEnvelope.TryDecode(_reader, _envelope);
            DecodeStatus = decoded;
            if (decoded == GbcsStatus.CipheredServiceLengthMismatch)
            {
                return GbcsMacStatus.LengthMismatch;
            }

            if (decoded != GbcsStatus.Ok)
            {
                return GbcsMacStatus.MalformedFrame;
            }

            return _envelope.HasGeneralCiphering ? GbcsMacStatus.Ok : GbcsMacStatus.NotMacd;
        }

        // Key, IV and AAD for the envelope's message in buffer; the tag is then the GCM's to give or check.
        private void Authenticate(byte[] sharedSecret, int sharedSecretOffset, byte[] buffer, GbcsEnvelope envelope)
        {
            _kdf.DeriveKey(
                sharedSecret,
                sharedSecretOffset,
                envelope.OriginatorSystemTitle,
                envelope.CraFlag,
                envelope.OriginatorCounter,
                envelope.RecipientSystemTitle,
                _key,
                0);
            byte[] iv = _iv;
            ulong title = envelope.OriginatorSystemTitle;
            for (int i = 7; i >= 0; i--)
            {
                iv[i] = (byte)title;
                title >>= 8;
            }

            AesGcm128 gcm = _gcm;
            gcm.SetKey(_key, 0);
            for (int i = 0; i < _key.Length; i++)
            {
                _key[i] = 0;
            }

            gcm.Start(iv, 0);
            gcm.AppendAad(AadPrefix, 0, AadPrefix.Length);
            GbcsLayout layout = envelope.Layout;
            gcm.AppendAad(buffer, layout.GeneralSigningOffset, layout.GeneralSigningLength);
        }
    }
}

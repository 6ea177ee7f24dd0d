using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;
using HanBench.Protocol.Transfer;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// A device's MAC security with the ACB (GBCS 6.2.3, 6.4.5; docs/GBCS-SECURITY.md §1–2), one Z for both directions since
    /// static-static ECDH gives the same Z for the pair of KA keys. Commands: the first check, the MAC made between the
    /// ACB's KA key and this device's whoever the Grouping Header names as originator, verified before the counter is
    /// looked at and before anything acts on the command, so no forged counter can move the replay guard. Responses to
    /// the ACB (CS08): MAC'd with the same Z (<see cref="TryWriteMac"/>). Supplier-signed commands (CS06): after the MAC,
    /// <see cref="CheckSupplierSignature"/> (GBCS 6.3.3, docs/GBCS-SECURITY.md §3). Alerts the device originates: signed
    /// with its DS key (<see cref="Sign"/>). Z is computed once, at first use, and kept.
    /// Credentials come from
    /// <see cref="RoleSettings.Credentials"/> when given, else from what the board was provisioned with
    /// (<see cref="RoleBase.Credentials"/>); a board with neither refuses every secured message, naming why — it never
    /// falls back to shared test keys. Allocated once; one per role; not thread-safe.
    /// </summary>
    public sealed class GbcsDeviceSecurity : IOtaSignatureCheck
    {
        private readonly RoleSettings _configuration;
        private readonly RoleBase _role;
        private readonly GbcsMessageSecurity _security = new GbcsMessageSecurity();
        private readonly EcdsaP256Verifier _verifier = new EcdsaP256Verifier();
        private EcdsaP256Signer? _signer;
        private DeviceCredentials? _credentials;
        private ProvisionedCredentials? _credentialsFrom;
        private readonly byte[] _z = new byte[EcdhP256.SharedSecretLength];
        private bool _hasZ;
        private bool _keyRefused;
        private TrustAnchorStore? _anchors;
        private DeviceKeyPairs? _deviceKeys;
        private readonly byte[] _privateKey = new byte[EcdsaP256Signer.PrivateKeyLength];
        private readonly byte[] _key = new byte[EcdhP256.PublicKeyLength];

        /// <summary>The GBCS security of <paramref name="role"/>, the device <paramref name="configuration"/> describes.</summary>
        public GbcsDeviceSecurity(RoleSettings configuration, RoleBase role)
        {
            _configuration = configuration;
            _role = role;
        }

        /// <summary>The credentials the device was given or provisioned with, or null when it has none (it then refuses).</summary>
        public DeviceCredentials? Provisioned => Credentials();

        /// <summary>
        /// Takes the ACB's KA key and the supplier's DS key from <paramref name="anchors"/> from now on (CS02b replaces
        /// them there), and the device's own KA private key from <paramref name="deviceKeys"/> once a CS02d has put a new
        /// one in use; forgets Z so the next check uses the keys held now.
        /// </summary>
        public void UseTrustAnchors(TrustAnchorStore anchors, DeviceKeyPairs deviceKeys)
        {
            _anchors = anchors;
            _deviceKeys = deviceKeys;
            _hasZ = false;
            _keyRefused = false;
        }

        /// <summary>A credential replacement changed a key in use: forgets Z so the next check uses the keys held now.</summary>
        public void KeysChanged()
        {
            _hasZ = false;
            _keyRefused = false;
        }

        /// <summary>Commands whose MAC was missing or did not verify.</summary>
        public long Failures { get; private set; }

        /// <summary>
        /// Of <see cref="Failures"/>, the commands acted on anyway because the device runs <see cref="RoleSettings.Insecure"/>.
        /// </summary>
        public long AcceptedInsecurely { get; private set; }

        /// <summary>
        /// Why the command being checked (since the last <see cref="Authenticate"/>) failed a check it was acted on
        /// anyway, or null: the role logs it as a warning.
        /// </summary>
        public string? LastInsecureAcceptance { get; private set; }

        /// <summary>The command last authenticated (valid after <see cref="Authenticate"/> returned null).</summary>
        public GbcsEnvelope Envelope => _security.Envelope;

        /// <summary>
        /// Null when the <paramref name="count"/>-octet command at <paramref name="offset"/> carries a MAC that verifies
        /// for the ACB ↔ device KA keys; otherwise the reason it does not (and <see cref="Failures"/> counts it).
        /// </summary>
        public string? Authenticate(byte[] buffer, int offset, int count)
        {
            LastInsecureAcceptance = null;
            string? reason = EnsureSharedSecret();
            bool decoded = false;
            if (reason == null)
            {
                GbcsMacStatus status = _security.Verify(_z, 0, buffer, offset, count);
                reason = Describe(status);
                decoded = _security.DecodeStatus == GbcsStatus.Ok;
            }

            return Failed(reason, decoded);
        }

        /// <summary>
        /// Null when the command last authenticated (in <paramref name="buffer"/>) carries a 64-octet ECDSA signature that
        /// verifies under the supplier's DS key over the block after <c>DF</c> to the end of the payload; otherwise the
        /// reason (counted in <see cref="Failures"/>). Call only after <see cref="Authenticate"/> returned null.
        /// </summary>
        public string? CheckSupplierSignature(byte[] buffer)
        {
            GbcsLayout layout = _security.Envelope.Layout;
            string? reason = null;
            if (layout.SignatureLength != GbcsEnvelope.EcdsaSignatureLength || layout.SignatureOffset < 0)
            {
                reason = "supplier signature missing";
            }
            else if (Credentials() == null)
            {
                reason = NoCredentialsReason();
            }
            else
            {
                int length = SupplierSigningKey(out byte[] key);
                P256Status status = _verifier.VerifyMessage(
                    key, 0, length, buffer, layout.SignedDataOffset, layout.SignedDataLength, buffer, layout.SignatureOffset, layout.SignatureLength);
                if (status != P256Status.Ok)
                {
                    reason = "supplier signature does not verify";
                }
            }

            return Failed(reason, true);
        }

        /// <summary>
        /// The supplier signature of a GBCS-signed firmware image (docs/PROTOCOL.md §2: ECDSA P-256 over the SHA-256 of the
        /// Manufacturer Image): true when the 64-octet r‖s verifies under the supplier's DS key, the device's trust anchor
        /// (the same lookup as <see cref="CheckSupplierSignature"/>: after a CS02b the new supplier governs images too).
        /// Not relaxed by <see cref="RoleSettings.Insecure"/>.
        /// </summary>
        public bool Verify(byte[] hash, int hashOffset, byte[] signature, int signatureOffset)
        {
            if (Credentials() == null)
            {
                return false;
            }

            int length = SupplierSigningKey(out byte[] key);
            return _verifier.VerifyDigest(key, 0, length, hash, hashOffset, signature, signatureOffset, GbcsEnvelope.EcdsaSignatureLength) == P256Status.Ok;
        }

        /// <summary>
        /// Signs the message <paramref name="envelope"/> has just written into <paramref name="buffer"/> with a 64-octet
        /// signature placeholder: ECDSA with the device's DS key over the block after <c>DF</c> to the end of the payload,
        /// written in place (GBCS 6.3.3; RFC 6979 nonces, no RNG). False when the key is unusable or the device has no keys.
        /// </summary>
        public bool Sign(byte[] buffer, GbcsEnvelope envelope)
        {
            GbcsLayout layout = envelope.Layout;
            if (layout.SignatureLength != GbcsEnvelope.EcdsaSignatureLength)
            {
                throw new System.ArgumentException("GBCS: the envelope has no signature placeholder", nameof(envelope));
            }

            DeviceCredentials? credentials = Credentials();
            if (credentials == null)
            {
                return false;
            }

            if (_signer == null)
            {
                _signer = new EcdsaP256Signer();
            }

            // The DS key a CS02d put in use, else the provisioned one (docs/GBCS-SECURITY.md §5).
            byte[] key = _deviceKeys != null && _deviceKeys.TryGetActive(DeviceKeyPairs.Signing, _privateKey) ? _privateKey : credentials.SigningPrivateKey;
            return _signer.SignMessage(key, 0, buffer, layout.SignedDataOffset, layout.SignedDataLength, buffer, layout.SignatureOffset) == P256Status.Ok;
        }

        /// <summary>
        /// Writes the MAC of the General Ciphering frame <paramref name="envelope"/> has just written into
        /// <paramref name="buffer"/> (MAC as zeros) for this device ↔ ACB; false when the device has no usable key.
        /// </summary>
        public bool TryWriteMac(byte[] buffer, GbcsEnvelope envelope)
        {
            if (EnsureSharedSecret() != null)
            {
                return false;
            }

            _security.WriteMac(_z, 0, buffer, envelope);
            return true;
        }

        /// <summary>The refusal reason for <paramref name="status"/>, null for <see cref="GbcsMacStatus.Ok"/>.</summary>
        public static string? Describe(GbcsMacStatus status)
        {
            switch (status)
            {
                case GbcsMacStatus.Ok:
                    return null;
                case GbcsMacStatus.NotMacd:
                    return "MAC missing (General Signing without General Ciphering)";
                case GbcsMacStatus.BadMac:
                    return "MAC does not verify";
                case GbcsMacStatus.UnsupportedSecurityHeader:
                    return "unsupported security header";
                case GbcsMacStatus.LengthMismatch:
                    return "ciphered service length mismatch";
                default:
                    return "malformed MAC'd frame";
            }
        }

        /// <summary>
        /// Counts a failed check and returns its reason; null when there was none, or when the device runs
        /// <see cref="RoleSettings.Insecure"/> and the message decoded (a malformed one is never acted on).
        /// </summary>
        private string? Failed(string? reason, bool decoded)
        {
            if (reason == null)
            {
                return null;
            }

            Failures++;
            if (!_configuration.Insecure || !decoded)
            {
                return reason;
            }

            AcceptedInsecurely++;
            LastInsecureAcceptance = reason;
            return null;
        }

        private string? EnsureSharedSecret()
        {
            DeviceCredentials? credentials = Credentials();
            if (credentials == null)
            {
                return NoCredentialsReason();
            }

            if (_hasZ)
            {
                return null;
            }

            if (_keyRefused)
            {
                return "no usable key-agreement key";
            }

            byte[] peer = credentials.AcbKeyAgreementPublicKey;
            int length = peer.Length;
            int cell = _anchors == null ? -1 : _anchors.Find(RemotePartyRole.AccessControlBroker, GbcsKeyUsage.KeyAgreement, 0);
            if (cell >= 0)
            {
                peer = _key;
                length = _anchors!.CopyKey(cell, peer);
            }

            byte[] own = _deviceKeys != null && _deviceKeys.TryGetActive(DeviceKeyPairs.KeyAgreement, _privateKey) ? _privateKey : credentials.KeyAgreementPrivateKey;
            P256Status status = new EcdhP256().ComputeSharedSecret(own, 0, peer, 0, length, _z, 0);
            if (status != P256Status.Ok)
            {
                _keyRefused = true;
                return "no usable key-agreement key";
            }

            _hasZ = true;
            return null;
        }

        // The one lookup of the supplier's DS key (signed images, CS06): the trust anchor store's supplier cell once the
        // device uses one (CS02b replaces it there), else the provisioned key. Call only when Credentials() is not null.
        private int SupplierSigningKey(out byte[] key)
        {
            int cell = _anchors == null ? -1 : _anchors.Find(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0);
            if (cell >= 0)
            {
                key = _key;
                return _anchors!.CopyKey(cell, _key);
            }

            key = Credentials()!.SupplierSigningPublicKey;
            return key.Length;
        }

        private string NoCredentialsReason()
        {
            return "no GBCS keys: " + (_role.CredentialsProblem.Length > 0 ? _role.CredentialsProblem : "no keys provisioned");
        }

        private DeviceCredentials? Credentials()
        {
            if (_configuration.Credentials != null)
            {
                return _configuration.Credentials;
            }

            // Provisioned credentials are loaded at every boot (and rewritten by a credential replacement): Z follows them.
            ProvisionedCredentials? provisioned = _role.Credentials;
            if (provisioned != _credentialsFrom)
            {
                _credentialsFrom = provisioned;
                _credentials = provisioned == null ? null : provisioned.ToDeviceCredentials();
                _hasZ = false;
                _keyRefused = false;
            }

            return _credentials;
        }
    }
}

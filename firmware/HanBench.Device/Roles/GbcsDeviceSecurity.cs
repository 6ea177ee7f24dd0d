using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// A device's MAC security with the ACB (GBCS 6.2.3, 6.4.5; docs/GBCS-SECURITY.md §1–2), one Z for both directions since
    /// static-static ECDH gives the same Z for the pair of KA keys. Commands: the first check, the MAC made between the
    /// ACB's KA key and this device's whoever the Grouping Header names as originator, verified before the counter is
    /// looked at and before anything acts on the command, so no forged counter can move the replay guard. Responses to
    /// the ACB (CS08): MAC'd with the same Z (<see cref="TryWriteMac"/>). Supplier-signed commands (CS06): after the MAC,
    /// <see cref="CheckSupplierSignature"/> (GBCS 6.3.3, docs/GBCS-SECURITY.md §3). Z is computed once, at first use, and kept.
    /// Credentials come from
    /// <see cref="RoleConfiguration.Credentials"/> when given, else from what the board was provisioned with
    /// (<see cref="RoleBase.Credentials"/>); a board with neither refuses every secured message, naming why — it never
    /// falls back to shared test keys. Allocated once; one per role; not thread-safe.
    /// </summary>
    public sealed class GbcsDeviceSecurity
    {
        private readonly RoleConfiguration _configuration;
        private readonly RoleBase _role;
        private readonly GbcsMessageSecurity _security = new GbcsMessageSecurity();
        private readonly EcdsaP256Verifier _verifier = new EcdsaP256Verifier();
        private DeviceCredentials? _credentials;
        private ProvisionedCredentials? _credentialsFrom;
        private readonly byte[] _z = new byte[EcdhP256.SharedSecretLength];
        private bool _hasZ;
        private bool _keyRefused;

        /// <summary>The GBCS security of <paramref name="role"/>, the device <paramref name="configuration"/> describes.</summary>
        public GbcsDeviceSecurity(RoleConfiguration configuration, RoleBase role)
        {
            _configuration = configuration;
            _role = role;
        }

        /// <summary>Commands whose MAC was missing or did not verify.</summary>
        public long Failures { get; private set; }

        /// <summary>The command last authenticated (valid after <see cref="Authenticate"/> returned null).</summary>
        public GbcsEnvelope Envelope => _security.Envelope;

        /// <summary>
        /// Null when the <paramref name="count"/>-octet command at <paramref name="offset"/> carries a MAC that verifies
        /// for the ACB ↔ device KA keys; otherwise the reason it does not (and <see cref="Failures"/> counts it).
        /// </summary>
        public string? Authenticate(byte[] buffer, int offset, int count)
        {
            string? reason = EnsureSharedSecret();
            if (reason == null)
            {
                GbcsMacStatus status = _security.Verify(_z, 0, buffer, offset, count);
                reason = Describe(status);
            }

            if (reason != null)
            {
                Failures++;
            }

            return reason;
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
                byte[] key = Credentials()!.SupplierSigningPublicKey;
                P256Status status = _verifier.VerifyMessage(
                    key, 0, key.Length, buffer, layout.SignedDataOffset, layout.SignedDataLength, buffer, layout.SignatureOffset, layout.SignatureLength);
                if (status != P256Status.Ok)
                {
                    reason = "supplier signature does not verify";
                }
            }

            if (reason != null)
            {
                Failures++;
            }

            return reason;
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
            P256Status status = new EcdhP256().ComputeSharedSecret(credentials.KeyAgreementPrivateKey, 0, peer, 0, peer.Length, _z, 0);
            if (status != P256Status.Ok)
            {
                _keyRefused = true;
                return "no usable key-agreement key";
            }

            _hasZ = true;
            return null;
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

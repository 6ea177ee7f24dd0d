using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Management;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// SMKI credential management on a PPMID, Alt HAN bridge or Comms Hub (SECMP0170 requirement 8; GBCS CS02a 6.24.1, CS02b 6.15.1,
    /// 8.5, 6.23, CS02c 6.17, CS02d 6.15.2, CS02e 6.24.2), acting on a command the role has already authenticated (MAC) and counter-checked:
    /// <list type="bullet">
    /// <item>CS02a: reports each asked-for role's trust anchors (<see cref="TrustAnchorStore"/>), MAC'd for the ACB.</item>
    /// <item>CS02b: replaces remote party trust anchors, immediately or at a future date-time (<see cref="RemotePartyReplacement"/>).
    /// Supplier by supplier and supplier by transitional CoS must be signed by the authorising party's DS trust anchor
    /// (<see cref="CheckSigner"/>), ACB by ACB is authorised by its MAC. The response carries the device's date-time
    /// (as the RTDS CS02b responses) and is signed with the device's DS key; a future-dated one reports later in alert
    /// 0x00CB (<see cref="Tick"/>).</item>
    /// <item>CS02e: the certificate of the device key pair in use for the key usage asked (<see cref="DeviceKeyPairs"/>;
    /// code 2, none held, otherwise), signed.</item>
    /// <item>CS02c: makes a new key pair for the usage asked from the board's random source (<see cref="DeviceContext.Random"/>,
    /// else a seeded <see cref="Memory.HmacDrbg"/> kept in settings), keeps it pending and answers with its PKCS#10
    /// request (<see cref="CertificationRequestWriter"/>), signed.</item>
    /// <item>CS02d: takes the certificate for the pending key pair (this device's EUI-64, its key usage, its public key,
    /// issued under the provisioned issuing-authority trust anchors: <see cref="CertificateChain"/>) and puts the key
    /// pair in use with it in one atomic step (<see cref="DeviceKeyPairs"/>): a new KA key changes the MAC's Z, a new DS
    /// key signs the following responses. Codes 1–7 as GBCS names them otherwise (1 also for a certificate that does
    /// not chain), nothing changed.</item>
    /// </list>
    /// Allocated once; one per role.
    /// </summary>
    public sealed partial class CredentialHandler
    {
        private readonly RoleSettings _configuration;
        private readonly GbcsDeviceSecurity _security;
        private readonly GbcsOutbox _outbox;
        private readonly TrustAnchorStore _anchors;
        private readonly DeviceKeyPairs _deviceKeys;
        private readonly Hal.IRandomSource _random;
        private readonly byte[] _newKey = new byte[EcdsaP256Signer.PrivateKeyLength];
        private readonly DeviceContext _context;
        private readonly ByteReader _reader = new ByteReader();
        private readonly EcdsaP256Verifier _verifier = new EcdsaP256Verifier();
        private readonly RemotePartyReplacement _replacement;
        private readonly byte[] _key = new byte[EcdhP256.PublicKeyLength];
        private readonly CredentialsDetailsCommand _details = new CredentialsDetailsCommand();
        private readonly CredentialsDetailsResponse _detailsResponse = new CredentialsDetailsResponse();
        private readonly UpdateCredentialsCommand _update = new UpdateCredentialsCommand();
        private readonly KeyUsageCommand _keyUsage = new KeyUsageCommand();
        private readonly CertificateOrCode _certificateResponse = new CertificateOrCode();

        /// <summary>The handler of the device <paramref name="configuration"/> describes; call <see cref="Load"/> at boot.</summary>
        public CredentialHandler(RoleSettings configuration, DeviceContext context, GbcsDeviceSecurity security, GbcsOutbox outbox)
        {
            _configuration = configuration;
            _security = security;
            _outbox = outbox;
            _context = context;
            _anchors = new TrustAnchorStore(context.Settings);
            _deviceKeys = new DeviceKeyPairs(context.Settings);
            _replacement = new RemotePartyReplacement(configuration, context.Settings, security, _anchors);
            _random = context.Random ?? new Memory.HmacDrbg(SeedOf(configuration.Eui64), context.Settings, RandomStateKey);
        }

        /// <summary>Settings key of the seeded random source's state when the board gives none (<see cref="DeviceContext.Random"/>).</summary>
        public const string RandomStateKey = "rng.state";

        /// <summary>The device's own key pairs (CS02c pending, CS02d in use).</summary>
        public DeviceKeyPairs DeviceKeys => _deviceKeys;

        /// <summary>The trust anchors.</summary>
        public TrustAnchorStore Anchors => _anchors;

        /// <summary>CS02b handling (pending future-dated replacement).</summary>
        public RemotePartyReplacement Replacement => _replacement;

        /// <summary>When <see cref="Tick"/> is next needed.</summary>
        public long NextWakeMs => _replacement.NextWakeMs;

        /// <summary>Whether <paramref name="messageCode"/> is a CS02 command this handler takes.</summary>
        public static bool Handles(ushort messageCode)
        {
            return messageCode == GbcsMessageCode.ProvideCredentialsDetails || messageCode == GbcsMessageCode.IssueCredentials
                || messageCode == GbcsMessageCode.UpdateDeviceCertificate || messageCode == GbcsMessageCode.ProvideDeviceCertificate
                || messageCode == GbcsMessageCode.UpdateCredentialsSupplierBySupplier || messageCode == GbcsMessageCode.UpdateCredentialsAcbByAcb
                || messageCode == GbcsMessageCode.UpdateCredentialsSupplierByTransCoS;
        }

        /// <summary>Restores the trust anchors and makes the MAC and CS06 checks use them.</summary>
        public void Load()
        {
            ulong supplier = _configuration.SupplierSystemTitle != 0 ? _configuration.SupplierSystemTitle : RoleSettings.DefaultSupplierSystemTitle;
            _anchors.Load(_security.Provisioned, _configuration.AcbSystemTitle, supplier);
            _deviceKeys.Load();
            _replacement.Load();
            _security.UseTrustAnchors(_anchors, _deviceKeys);
        }

        /// <summary>Drops RAM state at a restart.</summary>
        public void Shutdown()
        {
            _replacement.Shutdown();
        }

        /// <summary>
        /// Runs a future-dated CS02b whose time has come and seals its 0x00CB alert (originator counter from
        /// <paramref name="alertCounter"/>) in the outbox: its length in <paramref name="length"/> (0: nothing to send) and
        /// null, or what went wrong (the replacement's own outcome is in the alert either way).
        /// </summary>
        public string? Tick(long nowMs, PersistentCounter alertCounter, out int length)
        {
            length = 0;
            string? undeleted = _replacement.RetryDelete(nowMs);
            if (!_replacement.RunDue(nowMs))
            {
                return undeleted;
            }

            if (!alertCounter.TryNext(out ulong counter))
            {
                return "0x00CB: originator counter not stored; alert not sent";
            }

            _replacement.Alert.WriteTo(_outbox.BeginContent());
            length = _outbox.SealSigned(GbcsCraFlag.Alert, counter, _configuration.Eui64, _replacement.AlertRecipient, GbcsMessageCode.FutureDatedUpdateCredentialsAlert, _security);
            return length == 0 ? "0x00CB: no usable signing key; alert not sent" : null;
        }

        /// <summary>
        /// Carries out the CS02 command <paramref name="envelope"/> (in <paramref name="buffer"/>) whose MAC the device has
        /// checked: refused when the MAC only passed under --insecure (<paramref name="insecureAcceptance"/>: credential
        /// management is never relaxed, a forged CS02 would replace a trust anchor for good); then the authorising
        /// party's signature, still before the counter (GBCS 6.3.3); then <paramref name="guard"/>; then
        /// <see cref="Execute"/>; only a command carried out moves the counter. Null with the sealed response's length in
        /// <paramref name="length"/>, or why it was refused (nothing changed, nothing to send).
        /// </summary>
        public string? Carry(byte[] buffer, GbcsEnvelope envelope, string? insecureAcceptance, GbcsCommandGuard guard, out int length)
        {
            length = 0;
            if (insecureAcceptance != null)
            {
                return insecureAcceptance + " (--insecure does not apply to CS02)";
            }

            string? unsigned = CheckSigner(buffer, envelope);
            if (unsigned != null)
            {
                return unsigned;
            }

            ulong originator = envelope.OriginatorSystemTitle;
            ulong counter = envelope.OriginatorCounter;
            OriginatorCounterStatus check = guard.Check(originator, counter);
            if (check != OriginatorCounterStatus.Accepted)
            {
                return guard.Describe(check, originator, counter);
            }

            string? refused = Execute(envelope, out length);
            if (refused != null)
            {
                return refused;
            }

            guard.Accept(originator, counter);
            return null;
        }

        /// <summary>
        /// Null when the authenticated command in <paramref name="buffer"/> needs no signature (CS02a, ACB by ACB) or carries
        /// one that verifies under the DS trust anchor of its originator; otherwise why not.
        /// </summary>
        public string? CheckSigner(byte[] buffer, GbcsEnvelope envelope)
        {
            // GBCS 13.3.3.1: ACB by ACB is MAC'd only, except on a Comms Hub Function, where it carries the ACB's signature too.
            ushort code = envelope.MessageCode;
            bool hub = _configuration.Role == DeviceRoleKind.Hub;
            if (code == GbcsMessageCode.ProvideCredentialsDetails || (code == GbcsMessageCode.UpdateCredentialsAcbByAcb && !hub))
            {
                return null;
            }

            // CS02c, CS02d and CS02e are the supplier's (GBCS 6.17, 6.15.2, 6.24.2): another party holding a DS anchor
            // (the transitional CoS party, on a hub the ACB) may not have the device's own key pairs made or replaced.
            // CS02b checks its authorising role itself (RemotePartyReplacement).
            ulong originator = envelope.OriginatorSystemTitle;
            bool supplierOnly = code == GbcsMessageCode.IssueCredentials || code == GbcsMessageCode.UpdateDeviceCertificate || code == GbcsMessageCode.ProvideDeviceCertificate;
            int cell = supplierOnly ? _anchors.Find(RemotePartyRole.Supplier, GbcsKeyUsage.DigitalSignature, 0) : _anchors.FindParty(originator, GbcsKeyUsage.DigitalSignature);
            if (supplierOnly && (cell < 0 || _anchors.SubjectIdAt(cell) != originator))
            {
                return "originator " + originator.ToString("X16") + " is not the supplier its DS trust anchor names; only the supplier may send 0x" + code.ToString("X4");
            }

            if (cell < 0)
            {
                return "no DS trust anchor for originator " + originator.ToString("X16");
            }

            GbcsLayout layout = envelope.Layout;
            if (layout.SignatureLength != GbcsEnvelope.EcdsaSignatureLength)
            {
                return "signature missing";
            }

            int length = _anchors.CopyKey(cell, _key);
            P256Status status = _verifier.VerifyMessage(_key, 0, length, buffer, layout.SignedDataOffset, layout.SignedDataLength, buffer, layout.SignatureOffset, layout.SignatureLength);
            return status == P256Status.Ok ? null : "signature does not verify under the originator's DS trust anchor";
        }

        /// <summary>
        /// Acts on the authenticated, counter-checked command <paramref name="envelope"/> and seals the response in the
        /// outbox: its length in <paramref name="length"/> and null, or the refusal reason (nothing sent, nothing changed).
        /// </summary>
        public string? Execute(GbcsEnvelope envelope, out int length)
        {
            length = 0;
            _reader.Reset(envelope.ContentBuffer, envelope.ContentOffset, envelope.ContentLength);
            ushort code = envelope.MessageCode;
            ulong counter = envelope.OriginatorCounter;
            ulong originator = envelope.OriginatorSystemTitle;
            ulong self = _configuration.Eui64;
            if (code == GbcsMessageCode.ProvideCredentialsDetails)
            {
                if (CredentialsDetailsCommand.TryDecode(_reader, _details) != GbcsPayloadStatus.Ok)
                {
                    return "CS02a payload malformed";
                }

                ReportDetails();
                _detailsResponse.WriteTo(_outbox.BeginContent());
                length = _outbox.Seal(GbcsCraFlag.Response, counter, self, originator, code, _security);
                return length == 0 ? "CS02a response not MAC'd: no usable key" : null;
            }

            if (code == GbcsMessageCode.ProvideDeviceCertificate)
            {
                if (KeyUsageCommand.TryDecode(_reader, _keyUsage) != GbcsPayloadStatus.Ok)
                {
                    return "CS02e payload malformed";
                }

                ProvideCertificate(_keyUsage.KeyUsage);
                _certificateResponse.WriteTo(_outbox.BeginContent());
                return Signed(envelope, out length);
            }

            if (code == GbcsMessageCode.IssueCredentials)
            {
                if (KeyUsageCommand.TryDecode(_reader, _keyUsage) != GbcsPayloadStatus.Ok)
                {
                    return "CS02c payload malformed";
                }

                // Signed first, kept after: a response that cannot be signed must not replace an earlier pending key
                // pair (the one the supplier may be getting a certificate for).
                int made = IssueCredentials(_keyUsage.KeyUsage);
                _certificateResponse.WriteTo(_outbox.BeginContent());
                string? unsigned = Signed(envelope, out length);
                bool kept = unsigned == null && made >= 0 && _deviceKeys.TrySetPending(made, _newKey);
                System.Array.Clear(_newKey, 0, _newKey.Length);
                if (unsigned != null || made < 0 || kept)
                {
                    return unsigned;
                }

                _certificateResponse.ResponseCode = 2;
                _certificateResponse.HasDer = false;
                _certificateResponse.WriteTo(_outbox.BeginContent());
                return Signed(envelope, out length);
            }

            if (code == GbcsMessageCode.UpdateDeviceCertificate)
            {
                if (CertificateOrCode.TryDecode(_reader, _certificateResponse) != GbcsPayloadStatus.Ok || !_certificateResponse.HasDer)
                {
                    return "CS02d payload malformed";
                }

                byte updated = UpdateCertificate(_certificateResponse.Der, out int index);
                _certificateResponse.ResponseCode = updated;
                _certificateResponse.HasDer = false;
                _certificateResponse.WriteTo(_outbox.BeginContent());
                string? unsigned = Signed(envelope, out length);
                if (updated != 0 || unsigned != null)
                {
                    return unsigned;
                }

                // Signed before the new key pair is put in use, with the DS key the host knows: a new DS key signing its
                // own announcement could not be checked by a host that switches keys only on that answer.
                if (!_deviceKeys.TryActivate(index))
                {
                    _certificateResponse.ResponseCode = 7;
                    _certificateResponse.WriteTo(_outbox.BeginContent());
                    return Signed(envelope, out length);
                }

                // A new KA key changes Z with the ACB: the next MAC is checked with it.
                _security.UseTrustAnchors(_anchors, _deviceKeys);
                return null;
            }

            if (UpdateCredentialsCommand.TryDecode(_reader, _update) != GbcsPayloadStatus.Ok)
            {
                return "CS02b payload malformed";
            }

            string? refused = _replacement.Execute(_update, code, originator, counter, _context.Clock.NowMs);
            if (refused != null)
            {
                return refused;
            }

            // RTDS CS02b responses carry the device's date-time in the Grouping Header.
            _replacement.Response.WriteTo(_outbox.BeginContent());
            _outbox.SetDateTime(GbcsOutbox.TimeAt(_configuration.UtcSecondsAtClockZero, _context.Clock.NowMs));
            return Signed(envelope, out length);
        }

        private string? Signed(GbcsEnvelope envelope, out int length)
        {
            length = _outbox.SealSigned(GbcsCraFlag.Response, envelope.OriginatorCounter, _configuration.Eui64, envelope.OriginatorSystemTitle, envelope.MessageCode, _security);
            return length == 0 ? "response not signed: no usable DS key" : null;
        }

        private void ReportDetails()
        {
            CredentialsDetailsResponse response = _detailsResponse;
            response.PartyCount = 0;
            for (int i = 0; i < _details.RoleCount; i++)
            {
                RemotePartyRole role = _details.Roles[i];
                RemotePartyDetails party = response.Parties[response.PartyCount++];
                party.Role = role;
                party.CellCount = 0;
                for (int c = 0; c < _anchors.Count && party.CellCount < party.Cells.Length; c++)
                {
                    if (_anchors.RoleAt(c) == role)
                    {
                        TrustAnchorContents contents = party.Cells[party.CellCount++];
                        contents.KeyUsage = _anchors.KeyUsageAt(c);
                        contents.CellUsage = _anchors.CellUsageAt(c);
                        contents.SubjectId = _anchors.SubjectIdAt(c);
                        contents.SubjectKeyId = _anchors.SubjectKeyIdAt(c);
                    }
                }

                party.HasDetails = party.CellCount > 0;
                party.Status = party.HasDetails ? CredentialStatus.Success : CredentialStatus.TrustAnchorNotFound;
                party.SeqNumber = _anchors.SeqNumber(role);
            }
        }
    }
}

using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// SMKI credential management on a PPMID or Alt HAN bridge (SECMP0170 requirement 8; GBCS CS02a 6.24.1, CS02b 6.15.1,
    /// 8.5, 6.23, CS02c 6.17, CS02d 6.15.2, CS02e 6.24.2), acting on a command the role has already authenticated (MAC) and counter-checked:
    /// <list type="bullet">
    /// <item>CS02a: reports each asked-for role's trust anchors (<see cref="TrustAnchorStore"/>), MAC'd for the ACB.</item>
    /// <item>CS02b: replaces remote party trust anchors. Supplier by supplier and supplier by transitional CoS must be
    /// signed by the authorising party's DS trust anchor (<see cref="CheckSigner"/>), ACB by ACB is authorised by its MAC;
    /// the authorising sequence number must be the command's counter and the mode its message code's. Each new
    /// certificate must carry the target cell's key usage and verify under the certification path's first certificate;
    /// a refused one leaves its cell as it was (status in the outcome). All accepted replacements are stored in one write;
    /// if that fails nothing changes. The response is signed with the device's DS key.</item>
    /// <item>CS02e: the device certificate for the key usage asked, from settings <c>gbcs.cert.ds</c>/<c>gbcs.cert.ka</c>
    /// (code 2, none held, otherwise), signed.</item>
    /// <item>CS02c: makes a new key pair for the usage asked from the board's random source (<see cref="DeviceContext.Random"/>,
    /// else a seeded <see cref="Memory.HmacDrbg"/> kept in settings), keeps it pending and answers with its PKCS#10
    /// request (<see cref="CertificationRequestWriter"/>), signed.</item>
    /// <item>CS02d: takes the certificate for the pending key pair (this device's EUI-64, its key usage, its public key),
    /// stores it and puts the key pair in use (<see cref="DeviceKeyPairs"/>): a new KA key changes the MAC's Z, a new DS
    /// key signs the following responses. Codes 1–7 as GBCS names them otherwise, nothing changed.</item>
    /// </list>
    /// Not yet: future-dated CS02b (refused, no response); the CS02d certificate's issuer is not checked (the device holds
    /// no issuing-authority trust anchor yet).
    /// Allocated once; one per role.
    /// </summary>
    public sealed class CredentialHandler
    {
        /// <summary>Settings key of the device's DS certificate (DER) CS02e returns.</summary>
        public const string SigningCertificateKey = "gbcs.cert.ds";

        /// <summary>Settings key of the device's KA certificate (DER) CS02e returns.</summary>
        public const string KeyAgreementCertificateKey = "gbcs.cert.ka";

        private readonly RoleSettings _configuration;
        private readonly GbcsDeviceSecurity _security;
        private readonly GbcsOutbox _outbox;
        private readonly TrustAnchorStore _anchors;
        private readonly DeviceKeyPairs _deviceKeys;
        private readonly Hal.IRandomSource _random;
        private readonly CertificationRequestWriter _request = new CertificationRequestWriter();
        private readonly EcdhP256 _ecdh = new EcdhP256();
        private readonly byte[] _newKey = new byte[EcdsaP256Signer.PrivateKeyLength];
        private readonly byte[] _csr = new byte[CertificationRequestWriter.MaxLength];
        private readonly Hal.ISettingsStore _settings;
        private readonly ByteReader _reader = new ByteReader();
        private readonly EcdsaP256Verifier _verifier = new EcdsaP256Verifier();
        private readonly CertificateFields _certificate = new CertificateFields();
        private readonly CertificateFields _issuer = new CertificateFields();
        private readonly byte[] _key = new byte[EcdhP256.PublicKeyLength];
        private readonly byte[] _stored = new byte[640];
        private readonly CredentialsDetailsCommand _details = new CredentialsDetailsCommand();
        private readonly CredentialsDetailsResponse _detailsResponse = new CredentialsDetailsResponse();
        private readonly UpdateCredentialsCommand _update = new UpdateCredentialsCommand();
        private readonly UpdateCredentialsResponse _updateResponse = new UpdateCredentialsResponse();
        private readonly KeyUsageCommand _keyUsage = new KeyUsageCommand();
        private readonly CertificateOrCode _certificateResponse = new CertificateOrCode();

        /// <summary>The handler of the device <paramref name="configuration"/> describes; call <see cref="Load"/> at boot.</summary>
        public CredentialHandler(RoleSettings configuration, DeviceContext context, GbcsDeviceSecurity security, GbcsOutbox outbox)
        {
            _configuration = configuration;
            _security = security;
            _outbox = outbox;
            _settings = context.Settings;
            _anchors = new TrustAnchorStore(context.Settings);
            _deviceKeys = new DeviceKeyPairs(context.Settings);
            _random = context.Random ?? new Memory.HmacDrbg(SeedOf(configuration.Eui64), context.Settings, RandomStateKey);
        }

        /// <summary>Settings key of the seeded random source's state when the board gives none (<see cref="DeviceContext.Random"/>).</summary>
        public const string RandomStateKey = "rng.state";

        /// <summary>The device's own key pairs (CS02c pending, CS02d in use).</summary>
        public DeviceKeyPairs DeviceKeys => _deviceKeys;

        /// <summary>The trust anchors.</summary>
        public TrustAnchorStore Anchors => _anchors;

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
            _security.UseTrustAnchors(_anchors, _deviceKeys);
        }

        /// <summary>
        /// Null when the authenticated command in <paramref name="buffer"/> needs no signature (CS02a, ACB by ACB) or carries
        /// one that verifies under the DS trust anchor of its originator; otherwise why not.
        /// </summary>
        public string? CheckSigner(byte[] buffer, GbcsEnvelope envelope)
        {
            ushort code = envelope.MessageCode;
            if (code == GbcsMessageCode.ProvideCredentialsDetails || code == GbcsMessageCode.UpdateCredentialsAcbByAcb)
            {
                return null;
            }

            int cell = _anchors.FindParty(envelope.OriginatorSystemTitle, GbcsKeyUsage.DigitalSignature);
            if (cell < 0)
            {
                return "no DS trust anchor for originator " + envelope.OriginatorSystemTitle.ToString("X16");
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

                IssueCredentials(_keyUsage.KeyUsage);
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

            string? refused = Replace(code, originator, counter);
            if (refused != null)
            {
                return refused;
            }

            _updateResponse.WriteTo(_outbox.BeginContent());
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

        private void ProvideCertificate(byte keyUsage)
        {
            CertificateOrCode response = _certificateResponse;
            string? key = keyUsage == GbcsKeyUsage.DigitalSignature ? SigningCertificateKey : keyUsage == GbcsKeyUsage.KeyAgreement ? KeyAgreementCertificateKey : null;
            response.HasDer = false;
            response.ResponseCode = 1;
            if (key == null)
            {
                return;
            }

            response.ResponseCode = 2;
            if (_settings.TryRead(key, _stored, 0, out int length) == Hal.StoreStatus.Ok && length > 0)
            {
                response.HasDer = true;
                response.Der.Set(_stored, 0, length);
            }
        }

        // CS02c: a new key pair from the random source (scalars outside [1, n-1] drawn again), kept pending until a CS02d
        // certificate for it arrives; the response is its certification request, or code 1 (key usage), 2 (no key pair),
        // 3 (no request).
        private void IssueCredentials(byte keyUsage)
        {
            CertificateOrCode response = _certificateResponse;
            response.HasDer = false;
            int index = DeviceKeyPairs.IndexOf(keyUsage);
            if (index < 0)
            {
                response.ResponseCode = 1;
                return;
            }

            response.ResponseCode = 2;
            bool made = false;
            for (int attempt = 0; attempt < 8 && !made; attempt++)
            {
                made = _random.TryFill(_newKey, 0, _newKey.Length) && _ecdh.DerivePublicKey(_newKey, 0, _key, 0, false) == P256Status.Ok;
            }

            if (!made || !_deviceKeys.TrySetPending(index, _newKey))
            {
                return;
            }

            response.ResponseCode = 3;
            int length = _request.Write(_key, _newKey, keyUsage, _configuration.Eui64, _csr);
            System.Array.Clear(_newKey, 0, _newKey.Length);
            if (length > 0)
            {
                response.HasDer = true;
                response.Der.Set(_csr, 0, length);
            }
        }

        // CS02d: the certificate must be this device's (hardwareModuleName), carry DS or KA key usage and the public key
        // of the pending key pair of that usage; then it is stored (CS02e returns it). 0 and the pending pair's index
        // when it may be put in use (the caller does, after the response is signed).
        private byte UpdateCertificate(DerView der, out int index)
        {
            index = -1;
            if (!_certificate.TryRead(der.Buffer, der.Offset, der.Length))
            {
                return 1;
            }

            if (_certificate.SubjectId != _configuration.Eui64)
            {
                return 2;
            }

            index = DeviceKeyPairs.IndexOf(_certificate.KeyUsage);
            if (index < 0)
            {
                return 3;
            }

            if (!_deviceKeys.TryGetPending(index, _newKey))
            {
                return 4;
            }

            bool same = _ecdh.DerivePublicKey(_newKey, 0, _key, 0, false) == P256Status.Ok;
            for (int i = 0; i < _key.Length && same; i++)
            {
                same = _key[i] == _certificate.PublicKey[i];
            }

            if (!same)
            {
                System.Array.Clear(_newKey, 0, _newKey.Length);
                return 5;
            }

            string key = index == DeviceKeyPairs.Signing ? SigningCertificateKey : KeyAgreementCertificateKey;
            if (_settings.Write(key, der.Buffer, der.Offset, der.Length) != Hal.StoreStatus.Ok)
            {
                System.Array.Clear(_newKey, 0, _newKey.Length);
                return 6;
            }

            System.Array.Clear(_newKey, 0, _newKey.Length);
            return 0;
        }

        // The seed of the deterministic source a virtual board or test uses when its context gives none: the device's
        // identity, so two devices never draw the same keys (HanBench choice; a board supplies entropy of its own).
        private static byte[] SeedOf(ulong eui64)
        {
            byte[] seed = new byte[16];
            for (int i = 0; i < 8; i++)
            {
                seed[i] = (byte)(eui64 >> (56 - (8 * i)));
                seed[8 + i] = (byte)"HanBench"[i];
            }

            return seed;
        }

        private string? Replace(ushort code, ulong originator, ulong counter)
        {
            UpdateCredentialsCommand command = _update;
            ReplacementMode expected = code == GbcsMessageCode.UpdateCredentialsAcbByAcb ? ReplacementMode.AcbByAcb
                : code == GbcsMessageCode.UpdateCredentialsSupplierBySupplier ? ReplacementMode.SupplierBySupplier : ReplacementMode.SupplierByTransCoS;
            if (command.Mode != expected)
            {
                return "CS02b replacement mode " + ((byte)command.Mode).ToString() + " does not match message code 0x" + code.ToString("X4");
            }

            if (command.SeqNumber != counter)
            {
                return "CS02b authorising sequence number " + command.SeqNumber.ToString() + " is not the command's counter";
            }

            if (command.HasExecutionDateTime)
            {
                return "future-dated CS02b not supported yet";
            }

            RemotePartyRole target = expected == ReplacementMode.AcbByAcb ? RemotePartyRole.AccessControlBroker : RemotePartyRole.Supplier;
            RemotePartyRole authority = expected == ReplacementMode.AcbByAcb ? RemotePartyRole.AccessControlBroker
                : expected == ReplacementMode.SupplierBySupplier ? RemotePartyRole.Supplier : RemotePartyRole.TransitionalCoS;
            byte authorityUsage = expected == ReplacementMode.AcbByAcb ? GbcsKeyUsage.KeyAgreement : GbcsKeyUsage.DigitalSignature;
            int authorising = _anchors.Find(authority, authorityUsage, 0);
            if (authorising < 0 || _anchors.SubjectIdAt(authorising) != originator)
            {
                return "CS02b originator " + originator.ToString("X16") + " does not hold the authorising role";
            }

            if (command.PathCount < 1 || !_issuer.TryRead(command.Path[0].Buffer, command.Path[0].Offset, command.Path[0].Length))
            {
                return "CS02b certification path missing or unreadable";
            }

            UpdateCredentialsOutcome outcome = _updateResponse.Outcome;
            _updateResponse.HasOutcome = true;
            outcome.SeqNumber = command.SeqNumber;
            outcome.Mode = command.Mode;
            outcome.OutcomeCount = 0;
            bool changed = false;
            for (int i = 0; i < command.ReplacementCount; i++)
            {
                TrustAnchorReplacement replacement = command.Replacements[i];
                ReplacementOutcome result = outcome.Outcomes[outcome.OutcomeCount++];
                result.Cell.CopyFrom(replacement.Target);
                int cell = _anchors.Find(replacement.Target.Role, replacement.Target.KeyUsage, replacement.Target.CellUsage);
                result.ExistingId = cell < 0 ? 0 : _anchors.SubjectIdAt(cell);
                result.ExistingKeyId = cell < 0 ? 0 : _anchors.SubjectKeyIdAt(cell);
                result.Status = Check(replacement, target, cell);
                if (result.Status == CredentialStatus.Success)
                {
                    _anchors.Put(replacement.Target.Role, replacement.Target.KeyUsage, replacement.Target.CellUsage, _certificate.SubjectId, _certificate.SubjectKeyId, _certificate.PublicKey);
                    changed = true;
                }

                result.ReplacingId = result.Status == CredentialStatus.Success ? _certificate.SubjectId : result.ExistingId;
                result.ReplacingKeyId = result.Status == CredentialStatus.Success ? _certificate.SubjectKeyId : result.ExistingKeyId;
            }

            outcome.ChangeCount = 0;
            if (command.HasFloor)
            {
                _anchors.SetSeqNumber(target, command.FloorSeqNumber);
                SeqNumberChange change = outcome.Changes[outcome.ChangeCount++];
                change.Role = target;
                change.FloorSeqNumber = command.FloorSeqNumber;
                change.HasSpecialistFloors = command.HasSpecialistFloors;
                change.SpecialistFloors.CopyFrom(command.SpecialistFloors);
                changed = true;
            }

            if (changed && !_anchors.TrySave())
            {
                Load();
                return "CS02b: trust anchors could not be stored; nothing changed";
            }

            // A new ACB KA key changes Z: the next MAC is checked with it.
            _security.UseTrustAnchors(_anchors, _deviceKeys);
            return null;
        }

        // A replacement is taken when its cell exists and belongs to the mode's target role, and its certificate reads,
        // names its party, carries the cell's key usage and verifies under the certification path's issuing certificate.
        private CredentialStatus Check(TrustAnchorReplacement replacement, RemotePartyRole target, int cell)
        {
            if (cell < 0 || replacement.Target.Role != target)
            {
                return CredentialStatus.NoTrustAnchor;
            }

            DerView der = replacement.Certificate;
            // The new anchor must name its party (x500UniqueIdentifier): later commands are matched to it by that id.
            if (!_certificate.TryRead(der.Buffer, der.Offset, der.Length) || _certificate.KeyUsage != replacement.Target.KeyUsage || _certificate.SubjectId == 0)
            {
                return CredentialStatus.BadCertificate;
            }

            P256Status status = _verifier.VerifyMessage(_issuer.PublicKey, 0, _issuer.PublicKey.Length, der.Buffer, _certificate.TbsOffset, _certificate.TbsLength, _certificate.Signature, 0, 64);
            return status == P256Status.Ok ? CredentialStatus.Success : CredentialStatus.BadCertificate;
        }
    }
}

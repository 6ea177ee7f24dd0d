using HanBench.Device.Hal;
using HanBench.Protocol.Gbcs;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>
    /// CS02b, replacing remote party trust anchors (GBCS 6.15.1 supplier by supplier, 8.5 ACB by ACB, 6.23 supplier by
    /// transitional CoS; SECMP0170 requirement 8), on an authenticated, signer-checked command:
    /// <list type="bullet">
    /// <item>The mode must be the message code's, the authorising sequence number the command's counter, and the
    /// originator the party holding the authorising role; otherwise refused, no answer, nothing changed.</item>
    /// <item>Each new certificate must target an existing cell of the mode's target role, read, name its party, carry the
    /// cell's key usage and chain to the issuing-authority trust anchors the device was provisioned with
    /// (<see cref="CertificateChain"/>); a refused one keeps its cell (status 10 no trust anchor, 5 bad certificate in
    /// the outcome, as the RTDS outcomes show).</item>
    /// <item>The accepted replacements and the new floor sequence number (which <see cref="GbcsCommandGuard"/> then
    /// enforces) are stored in one trust anchor record write; if it fails nothing changes.</item>
    /// <item>Immediate: the response carries the outcome. Future-dated (RTDS 6.15.1, 6.23 FUTURE_DATED): the certificates
    /// are checked at once and the staged replacement kept in the settings store (<see cref="PendingKey"/>); the
    /// response is "command accepted" (<c>30 02 05 00</c>); at the execution date-time, on the device's clock, the
    /// replacement is applied and reported to the originator in alert 0x00CB: 0x8F66 when every replacement was taken
    /// and stored, 0x8F67 otherwise. The execution date-time 9999-12-31 23:59:59 cancels the pending one (RTDS
    /// CANCELLATION), answered alike. HanBench choices: one pending replacement at a time (a later CS02b, immediate or
    /// future-dated, replaces it); at most <see cref="MaxPendingReplacements"/> certificates and
    /// <see cref="MaxPendingSpecialistFloors"/> specialist floors (a settings value holds at most StoreKey.MaxValueLength octets); an
    /// execution date-time not after the device's clock is refused, naming it (the RTDS show no such case and the
    /// GBCS text for it was not available to check).</item>
    /// </list>
    /// Allocated once; one per role; not thread-safe.
    /// </summary>
    public sealed class RemotePartyReplacement
    {
        /// <summary>Settings key of the pending future-dated replacement.</summary>
        public const string PendingKey = "cs02b.pending";

        /// <summary>Certificates a future-dated CS02b may carry.</summary>
        public const int MaxPendingReplacements = 4;

        /// <summary>Specialist floor sequence numbers a future-dated CS02b may carry.</summary>
        public const int MaxPendingSpecialistFloors = 2;

        // Replacements a CS02b carries at most (as the decoder holds: CredentialDer.MaxItems).
        private const int MaxItems = 8;
        private const byte PendingVersion = 1;
        private const int KeyLength = 65;
        private const int EntryLength = 4 + 8 + 8 + KeyLength;
        private const int HeaderLength = 55;
        private const long MillisecondsPerSecond = 1000;

        /// <summary>How long after a failed delete of the done pending record it is tried again.</summary>
        public const long DeleteRetryMs = 1000;

        private readonly RoleSettings _configuration;
        private readonly GbcsDeviceSecurity _security;
        private readonly TrustAnchorStore _anchors;
        private readonly ISettingsStore _settings;
        private readonly CertificateChain _chain = new CertificateChain();
        private readonly CertificateFields _certificate = new CertificateFields();
        private readonly byte[] _record = new byte[HeaderLength + (MaxPendingReplacements * EntryLength)];

        // The staged replacement: the command's fields and each certificate's checked result.
        private readonly byte[] _roles = new byte[MaxItems];
        private readonly byte[] _usages = new byte[MaxItems];
        private readonly byte[] _cells = new byte[MaxItems];
        private readonly byte[] _statuses = new byte[MaxItems];
        private readonly ulong[] _ids = new ulong[MaxItems];
        private readonly ulong[] _keyIds = new ulong[MaxItems];
        private readonly byte[] _keys = new byte[MaxItems * KeyLength];
        private readonly byte[] _key = new byte[KeyLength];
        private readonly SpecialistSeqNumbers _specialist = new SpecialistSeqNumbers();
        private int _count;
        private ulong _originator;
        private ulong _seq;
        private ReplacementMode _mode;
        private bool _hasFloor;
        private ulong _floor;
        private bool _hasSpecialist;
        private uint _seconds;

        private bool _hasPending;
        private long _pendingAtMs = WakeTime.Never;

        // The pending record is done (run, replaced or cancelled) but its delete failed: it must not be loaded again, and
        // the delete is tried again at _retryAtMs, or a restart would run it a second time.
        private bool _deleteOwed;
        private long _retryAtMs = WakeTime.Never;

        /// <summary>The CS02b handling of a device with <paramref name="anchors"/>.</summary>
        public RemotePartyReplacement(RoleSettings configuration, ISettingsStore settings, GbcsDeviceSecurity security, TrustAnchorStore anchors)
        {
            _configuration = configuration;
            _settings = settings;
            _security = security;
            _anchors = anchors;
        }

        /// <summary>The response to the last CS02b carried out or accepted.</summary>
        public UpdateCredentialsResponse Response { get; } = new UpdateCredentialsResponse();

        /// <summary>The alert of the last future-dated replacement run.</summary>
        public UpdateCredentialsAlert Alert { get; } = new UpdateCredentialsAlert();

        /// <summary>Whether a future-dated replacement is pending.</summary>
        public bool HasPending => _hasPending;

        /// <summary>Device clock time of the pending replacement (<see cref="WakeTime.Never"/> when none).</summary>
        public long NextWakeMs => _deleteOwed && _retryAtMs < _pendingAtMs ? _retryAtMs : _pendingAtMs;

        /// <summary>The party the last alert goes to (the pending command's originator).</summary>
        public ulong AlertRecipient { get; private set; }

        /// <summary>Restores the pending future-dated replacement, if any (at every boot).</summary>
        public void Load()
        {
            _hasPending = false;
            _pendingAtMs = WakeTime.Never;
            if (_deleteOwed)
            {
                return;
            }

            if (_settings.TryRead(PendingKey, _record, 0, out int length) == StoreStatus.Ok && Import(length))
            {
                _hasPending = true;
                long atMs = ((long)_seconds - _configuration.UtcSecondsAtClockZero) * MillisecondsPerSecond;
                _pendingAtMs = atMs < 0 ? 0 : atMs;
            }
        }

        /// <summary>
        /// Carries out (or schedules, or cancels) the decoded CS02b <paramref name="command"/> with message code
        /// <paramref name="code"/> from <paramref name="originator"/> at counter <paramref name="counter"/>, and fills
        /// <see cref="Response"/>; null, or why it was refused (then nothing changed and nothing is answered).
        /// </summary>
        public string? Execute(UpdateCredentialsCommand command, ushort code, ulong originator, ulong counter, long nowMs)
        {
            string? refused = Validate(command, code, originator, counter);
            if (refused != null)
            {
                return refused;
            }

            if (!command.HasExecutionDateTime)
            {
                Stage(command, originator);
                refused = Apply(Response.Outcome);
                if (refused != null)
                {
                    // Stage overwrote the pending future-dated replacement held in RAM: take it back from the store,
                    // so its due time runs it and not this refused command.
                    Load();
                    return refused;
                }

                ClearPending(nowMs);
                Response.HasOutcome = true;
                return null;
            }

            Response.HasOutcome = false;
            if (command.ExecutionDateTime.Equals(ActivateFirmwareCommand.CancellationDateTime))
            {
                ClearPending(nowMs);
                return null;
            }

            if (!command.ExecutionDateTime.TryGetSecondsSince2000(out uint seconds))
            {
                return "CS02b execution date-time " + command.ExecutionDateTime.ToString() + " beyond the device's clock";
            }

            long atMs = ((long)seconds - _configuration.UtcSecondsAtClockZero) * MillisecondsPerSecond;
            if (atMs <= nowMs)
            {
                return "CS02b execution date-time " + command.ExecutionDateTime.ToString() + " is not after the device's clock ("
                    + GbcsOutbox.TimeAt(_configuration.UtcSecondsAtClockZero, nowMs).ToString() + ")";
            }

            if (command.ReplacementCount > MaxPendingReplacements || (command.HasSpecialistFloors && command.SpecialistFloors.Count > MaxPendingSpecialistFloors))
            {
                return "future-dated CS02b with more than " + MaxPendingReplacements.ToString() + " certificates or " + MaxPendingSpecialistFloors.ToString()
                    + " specialist floors cannot be kept (HanBench limit)";
            }

            Stage(command, originator);
            _seconds = seconds;
            if (_settings.Write(PendingKey, _record, 0, Export()) != StoreStatus.Ok)
            {
                Load();
                return "future-dated CS02b could not be stored; nothing changed";
            }

            // The new record replaced the done one the failed delete left.
            _deleteOwed = false;
            _retryAtMs = WakeTime.Never;
            _hasPending = true;
            _pendingAtMs = atMs;
            return null;
        }

        /// <summary>
        /// When the pending replacement's time has come (<paramref name="nowMs"/>): applies it, forgets it and fills
        /// <see cref="Alert"/> (to <see cref="AlertRecipient"/>); false when nothing was due.
        /// </summary>
        public bool RunDue(long nowMs)
        {
            if (!_hasPending || nowMs < _pendingAtMs)
            {
                return false;
            }

            // The staged replacement is what Load() imported; forget it first, so a failure cannot make it run twice.
            ClearPending(nowMs);
            AlertRecipient = _originator;
            string? failed = Apply(Alert.Outcome);
            bool all = failed == null;
            for (int i = 0; i < Alert.Outcome.OutcomeCount && all; i++)
            {
                all = Alert.Outcome.Outcomes[i].Status == CredentialStatus.Success;
            }

            Alert.AlertCode = all ? GbcsAlertCode.FutureDatedCommandActioned : GbcsAlertCode.FutureDatedCommandNotActioned;
            Alert.ExecutionDateTime = GbcsTimestamp.FromSecondsSince2000(_seconds);
            return true;
        }

        /// <summary>
        /// Tries again, when its time has come, the delete of a done pending record that failed; null, or why it failed
        /// again (tried again <see cref="DeleteRetryMs"/> later).
        /// </summary>
        public string? RetryDelete(long nowMs)
        {
            if (!_deleteOwed || nowMs < _retryAtMs)
            {
                return null;
            }

            StoreStatus status = _settings.Delete(PendingKey);
            if (status == StoreStatus.Ok || status == StoreStatus.NotFound)
            {
                _deleteOwed = false;
                _retryAtMs = WakeTime.Never;
                return null;
            }

            _retryAtMs = nowMs + DeleteRetryMs;
            return "CS02b: the done future-dated replacement could not be deleted (" + ((int)status).ToString() + "); a restart would run it again, retrying";
        }

        /// <summary>Drops RAM state at a restart (the pending replacement is in the settings store).</summary>
        public void Shutdown()
        {
            _hasPending = false;
            _pendingAtMs = WakeTime.Never;
            _deleteOwed = false;
            _retryAtMs = WakeTime.Never;
        }

        private string? Validate(UpdateCredentialsCommand command, ushort code, ulong originator, ulong counter)
        {
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

            RemotePartyRole authority = expected == ReplacementMode.AcbByAcb ? RemotePartyRole.AccessControlBroker
                : expected == ReplacementMode.SupplierBySupplier ? RemotePartyRole.Supplier : RemotePartyRole.TransitionalCoS;
            byte authorityUsage = expected == ReplacementMode.AcbByAcb ? GbcsKeyUsage.KeyAgreement : GbcsKeyUsage.DigitalSignature;
            int authorising = _anchors.Find(authority, authorityUsage, 0);
            if (authorising < 0 || _anchors.SubjectIdAt(authorising) != originator)
            {
                return "CS02b originator " + originator.ToString("X16") + " does not hold the authorising role";
            }

            return null;
        }

        // Checks every certificate now and keeps the results (and the command's floors) as the staged replacement.
        private void Stage(UpdateCredentialsCommand command, ulong originator)
        {
            RemotePartyRole target = TargetOf(command.Mode);
            _originator = originator;
            _seq = command.SeqNumber;
            _mode = command.Mode;
            _hasFloor = command.HasFloor;
            _floor = command.FloorSeqNumber;
            _hasSpecialist = command.HasSpecialistFloors;
            _specialist.CopyFrom(command.SpecialistFloors);
            _count = command.ReplacementCount;
            for (int i = 0; i < _count; i++)
            {
                TrustAnchorReplacement replacement = command.Replacements[i];
                _roles[i] = (byte)replacement.Target.Role;
                _usages[i] = replacement.Target.KeyUsage;
                _cells[i] = replacement.Target.CellUsage;
                CredentialStatus status = Check(replacement, target, command);
                _statuses[i] = (byte)status;
                _ids[i] = status == CredentialStatus.Success ? _certificate.SubjectId : 0;
                _keyIds[i] = status == CredentialStatus.Success ? _certificate.SubjectKeyId : 0;
                System.Array.Copy(_certificate.PublicKey, 0, _keys, i * KeyLength, KeyLength);
            }
        }

        // A replacement is taken when its cell exists and belongs to the mode's target role, and its certificate reads,
        // names its party, carries the cell's key usage and chains to the provisioned issuing authorities.
        private CredentialStatus Check(TrustAnchorReplacement replacement, RemotePartyRole target, UpdateCredentialsCommand command)
        {
            if (replacement.Target.Role != target || _anchors.Find(replacement.Target.Role, replacement.Target.KeyUsage, replacement.Target.CellUsage) < 0)
            {
                return CredentialStatus.NoTrustAnchor;
            }

            DerView der = replacement.Certificate;
            // The new anchor must name its party (x500UniqueIdentifier): later commands are matched to it by that id.
            if (!_certificate.TryRead(der.Buffer, der.Offset, der.Length) || _certificate.KeyUsage != replacement.Target.KeyUsage || _certificate.SubjectId == 0)
            {
                return CredentialStatus.BadCertificate;
            }

            string? unchained = _chain.Check(_certificate, der.Buffer, _security.Provisioned, command.Path, command.PathCount);
            return unchained == null ? CredentialStatus.Success : CredentialStatus.BadCertificate;
        }

        // Applies the staged replacement to the anchors and stores them in one write, writing what was done into
        // outcome; null, or why nothing changed.
        private string? Apply(UpdateCredentialsOutcome outcome)
        {
            outcome.SeqNumber = _seq;
            outcome.Mode = _mode;
            outcome.OutcomeCount = 0;
            bool changed = false;
            for (int i = 0; i < _count; i++)
            {
                ReplacementOutcome result = outcome.Outcomes[outcome.OutcomeCount++];
                result.Cell.Role = (RemotePartyRole)_roles[i];
                result.Cell.KeyUsage = _usages[i];
                result.Cell.CellUsage = _cells[i];
                int cell = _anchors.Find(result.Cell.Role, _usages[i], _cells[i]);
                CredentialStatus status = cell < 0 ? CredentialStatus.NoTrustAnchor : (CredentialStatus)_statuses[i];
                result.Status = status;
                result.ExistingId = cell < 0 ? 0 : _anchors.SubjectIdAt(cell);
                result.ExistingKeyId = cell < 0 ? 0 : _anchors.SubjectKeyIdAt(cell);
                result.ReplacingId = result.ExistingId;
                result.ReplacingKeyId = result.ExistingKeyId;
                if (status == CredentialStatus.Success)
                {
                    System.Array.Copy(_keys, i * KeyLength, _key, 0, KeyLength);
                    _anchors.Put(result.Cell.Role, _usages[i], _cells[i], _ids[i], _keyIds[i], _key);
                    result.ReplacingId = _ids[i];
                    result.ReplacingKeyId = _keyIds[i];
                    changed = true;
                }
            }

            outcome.ChangeCount = 0;
            if (_hasFloor)
            {
                RemotePartyRole target = TargetOf(_mode);
                _anchors.SetSeqNumber(target, _floor);
                SeqNumberChange change = outcome.Changes[outcome.ChangeCount++];
                change.Role = target;
                change.FloorSeqNumber = _floor;
                change.HasSpecialistFloors = _hasSpecialist;
                change.SpecialistFloors.CopyFrom(_specialist);
                changed = true;
            }

            if (changed && !_anchors.TrySave())
            {
                _anchors.Reload();
                return "CS02b: trust anchors could not be stored; nothing changed";
            }

            // A new ACB KA key changes Z: the next MAC is checked with it.
            _security.KeysChanged();
            return null;
        }

        // Forgets the pending replacement; a failed delete is owed and retried from the next tick (RetryDelete).
        private void ClearPending(long nowMs)
        {
            if (_hasPending || _deleteOwed || _settings.Contains(PendingKey))
            {
                StoreStatus status = _settings.Delete(PendingKey);
                _deleteOwed = status != StoreStatus.Ok && status != StoreStatus.NotFound;
                _retryAtMs = _deleteOwed ? nowMs : WakeTime.Never;
            }

            _hasPending = false;
            _pendingAtMs = WakeTime.Never;
        }

        private int Export()
        {
            byte[] r = _record;
            r[0] = PendingVersion;
            Write64(r, 1, _originator);
            Write64(r, 9, _seq);
            r[17] = (byte)_mode;
            Write64(r, 18, _seconds);
            r[26] = _hasFloor ? (byte)1 : (byte)0;
            Write64(r, 27, _floor);
            r[35] = _hasSpecialist ? (byte)(1 + _specialist.Count) : (byte)0;
            for (int i = 0; i < MaxPendingSpecialistFloors; i++)
            {
                r[36 + (i * 9)] = i < _specialist.Count ? _specialist.Usages[i] : (byte)0;
                Write64(r, 37 + (i * 9), i < _specialist.Count ? _specialist.Numbers[i] : 0);
            }

            r[HeaderLength - 1] = (byte)_count;
            int at = HeaderLength;
            for (int i = 0; i < _count; i++)
            {
                r[at] = _roles[i];
                r[at + 1] = _usages[i];
                r[at + 2] = _cells[i];
                r[at + 3] = _statuses[i];
                Write64(r, at + 4, _ids[i]);
                Write64(r, at + 12, _keyIds[i]);
                System.Array.Copy(_keys, i * KeyLength, r, at + 20, KeyLength);
                at += EntryLength;
            }

            return at;
        }

        private bool Import(int length)
        {
            byte[] r = _record;
            int count = length >= HeaderLength ? r[HeaderLength - 1] : 0;
            int specialist = length >= HeaderLength ? r[35] : 0;
            if (length < HeaderLength || r[0] != PendingVersion || count > MaxPendingReplacements || specialist > MaxPendingSpecialistFloors + 1
                || length != HeaderLength + (count * EntryLength))
            {
                return false;
            }

            _originator = CertificateFields.Read64(r, 1);
            _seq = CertificateFields.Read64(r, 9);
            _mode = (ReplacementMode)r[17];
            _seconds = (uint)CertificateFields.Read64(r, 18);
            _hasFloor = r[26] != 0;
            _floor = CertificateFields.Read64(r, 27);
            _hasSpecialist = specialist != 0;
            _specialist.Count = specialist == 0 ? 0 : specialist - 1;
            for (int i = 0; i < _specialist.Count; i++)
            {
                _specialist.Usages[i] = r[36 + (i * 9)];
                _specialist.Numbers[i] = CertificateFields.Read64(r, 37 + (i * 9));
            }

            _count = count;
            int at = HeaderLength;
            for (int i = 0; i < count; i++)
            {
                _roles[i] = r[at];
                _usages[i] = r[at + 1];
                _cells[i] = r[at + 2];
                _statuses[i] = r[at + 3];
                _ids[i] = CertificateFields.Read64(r, at + 4);
                _keyIds[i] = CertificateFields.Read64(r, at + 12);
                System.Array.Copy(r, at + 20, _keys, i * KeyLength, KeyLength);
                at += EntryLength;
            }

            return true;
        }

        private static void Write64(byte[] buffer, int offset, ulong value)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }

        // The remote party whose cells a replacement of this mode writes: the ACB's for ACB by ACB, the
        // supplier's otherwise (supplier by supplier, and supplier by transitional CoS on change of supplier).
        private static RemotePartyRole TargetOf(ReplacementMode mode)
        {
            return mode == ReplacementMode.AcbByAcb ? RemotePartyRole.AccessControlBroker : RemotePartyRole.Supplier;
        }
    }
}

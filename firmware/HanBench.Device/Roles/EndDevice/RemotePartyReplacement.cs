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
        private const long MillisecondsPerSecond = 1000;

        /// <summary>How long after a failed delete of the done pending record it is tried again.</summary>
        public const long DeleteRetryMs = 1000;

        private readonly RoleSettings _configuration;
        private readonly GbcsDeviceSecurity _security;
        private readonly TrustAnchorStore _anchors;
        private readonly ISettingsStore _settings;
        private readonly CertificateChain _chain = new CertificateChain();
        private readonly CertificateFields _certificate = new CertificateFields();

        // The staged replacement: the command's fields and each certificate's checked result.
        private readonly StagedReplacement _staged = new StagedReplacement(MaxItems, MaxPendingReplacements, MaxPendingSpecialistFloors);
        private readonly byte[] _key = new byte[TrustAnchorCells.KeyLength];

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

            if (_settings.TryRead(PendingKey, _staged.Record, 0, out int length) == StoreStatus.Ok && _staged.Import(length))
            {
                _hasPending = true;
                long atMs = ((long)_staged.Seconds - _configuration.UtcSecondsAtClockZero) * MillisecondsPerSecond;
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
            _staged.Seconds = seconds;
            if (_settings.Write(PendingKey, _staged.Record, 0, _staged.Export()) != StoreStatus.Ok)
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
            AlertRecipient = _staged.Originator;
            string? failed = Apply(Alert.Outcome);
            bool all = failed == null;
            for (int i = 0; i < Alert.Outcome.OutcomeCount && all; i++)
            {
                all = Alert.Outcome.Outcomes[i].Status == CredentialStatus.Success;
            }

            Alert.AlertCode = all ? GbcsAlertCode.FutureDatedCommandActioned : GbcsAlertCode.FutureDatedCommandNotActioned;
            Alert.ExecutionDateTime = GbcsTimestamp.FromSecondsSince2000(_staged.Seconds);
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
            StagedReplacement staged = _staged;
            RemotePartyRole target = TargetOf(command.Mode);
            staged.Originator = originator;
            staged.SeqNumber = command.SeqNumber;
            staged.Mode = command.Mode;
            staged.HasFloor = command.HasFloor;
            staged.Floor = command.FloorSeqNumber;
            staged.HasSpecialist = command.HasSpecialistFloors;
            staged.Specialist.CopyFrom(command.SpecialistFloors);
            staged.Cells.Clear();
            for (int i = 0; i < command.ReplacementCount; i++)
            {
                TrustAnchorReplacement replacement = command.Replacements[i];
                CredentialStatus status = Check(replacement, target, command);
                bool taken = status == CredentialStatus.Success;
                staged.Cells.Add(replacement.Target.Role, replacement.Target.KeyUsage, replacement.Target.CellUsage,
                    taken ? _certificate.SubjectId : 0, taken ? _certificate.SubjectKeyId : 0, _certificate.PublicKey, 0);
                staged.SetStatus(i, status);
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
            StagedReplacement staged = _staged;
            TrustAnchorCells cells = staged.Cells;
            outcome.SeqNumber = staged.SeqNumber;
            outcome.Mode = staged.Mode;
            outcome.OutcomeCount = 0;
            bool changed = false;
            for (int i = 0; i < cells.Count; i++)
            {
                ReplacementOutcome result = outcome.Outcomes[outcome.OutcomeCount++];
                result.Cell.Role = cells.RoleAt(i);
                result.Cell.KeyUsage = cells.KeyUsageAt(i);
                result.Cell.CellUsage = cells.CellUsageAt(i);
                int cell = _anchors.Find(result.Cell.Role, result.Cell.KeyUsage, result.Cell.CellUsage);
                CredentialStatus status = cell < 0 ? CredentialStatus.NoTrustAnchor : staged.StatusAt(i);
                result.Status = status;
                result.ExistingId = cell < 0 ? 0 : _anchors.SubjectIdAt(cell);
                result.ExistingKeyId = cell < 0 ? 0 : _anchors.SubjectKeyIdAt(cell);
                result.ReplacingId = result.ExistingId;
                result.ReplacingKeyId = result.ExistingKeyId;
                if (status == CredentialStatus.Success)
                {
                    System.Array.Clear(_key, 0, _key.Length);
                    cells.CopyKey(i, _key);
                    _anchors.Put(result.Cell.Role, result.Cell.KeyUsage, result.Cell.CellUsage, cells.SubjectIdAt(i), cells.SubjectKeyIdAt(i), _key);
                    result.ReplacingId = cells.SubjectIdAt(i);
                    result.ReplacingKeyId = cells.SubjectKeyIdAt(i);
                    changed = true;
                }
            }

            outcome.ChangeCount = 0;
            if (staged.HasFloor)
            {
                RemotePartyRole target = TargetOf(staged.Mode);
                _anchors.SetSeqNumber(target, staged.Floor);
                SeqNumberChange change = outcome.Changes[outcome.ChangeCount++];
                change.Role = target;
                change.FloorSeqNumber = staged.Floor;
                change.HasSpecialistFloors = staged.HasSpecialist;
                change.SpecialistFloors.CopyFrom(staged.Specialist);
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

        // The remote party whose cells a replacement of this mode writes: the ACB's for ACB by ACB, the
        // supplier's otherwise (supplier by supplier, and supplier by transitional CoS on change of supplier).
        private static RemotePartyRole TargetOf(ReplacementMode mode)
        {
            return mode == ReplacementMode.AcbByAcb ? RemotePartyRole.AccessControlBroker : RemotePartyRole.Supplier;
        }
    }
}

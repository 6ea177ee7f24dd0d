using HanBench.Host.Alerts;
using HanBench.Host.Inventory;

namespace HanBench.Host.Csp;

/// <summary>
/// Recording what happened to an update: each step's events and DCC alerts in one transaction, then the job re-read and
/// its progress published.
/// </summary>
public sealed partial class DistributionEngine
{
    /// <summary>Records <paramref name="e"/> for the job in a transaction of its own, then tells the listeners.</summary>
    internal FirmwareUpdateDecision Record(DistributionJob job, FirmwareUpdateEvent e, FirmwareUpdateFacts? facts = null)
    {
        FirmwareUpdateDecision decision = null!;
        Commit(job, s =>
        {
            FirmwareUpdateOutcome outcome = _recorder.Apply(s, job.Record.RequestRowId, job.Record.DeviceId, e, facts);
            decision = outcome.Decision;
            return outcome.Issued;
        });
        return decision;
    }

    /// <summary>Records <paramref name="e"/> for the job in the caller's transaction.</summary>
    internal IReadOnlyList<IssuedDccAlert> Apply(InventorySession s, DistributionJob job, FirmwareUpdateEvent e, FirmwareUpdateFacts? facts = null) =>
        _recorder.Apply(s, job.Record.RequestRowId, job.Record.DeviceId, e, facts).Issued;

    /// <summary>Runs one step with its alerts in one transaction, then tells the listeners.</summary>
    internal IReadOnlyList<IssuedDccAlert> Commit(DistributionJob? job, Func<InventorySession, IReadOnlyList<IssuedDccAlert>> work)
    {
        IReadOnlyList<IssuedDccAlert> issued = _store.Write(work);
        Raise(issued);
        if (job is not null)
        {
            Refresh(job);
        }

        return issued;
    }

    private FirmwareCancellationResult Commit(Func<InventorySession, FirmwareCancellationResult> work)
    {
        FirmwareCancellationResult result = _store.Write(work);
        Raise(result.Issued);
        return result;
    }

    private void Raise(IReadOnlyList<IssuedDccAlert> issued)
    {
        foreach (IssuedDccAlert alert in issued)
        {
            AlertIssued?.Invoke(alert);
        }
    }

    /// <summary>Re-reads the job's row; a finished one leaves the engine (its view stays).</summary>
    private void Refresh(DistributionJob job)
    {
        FirmwareProgressRecord? row = _store.Read(s => s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId));
        if (row is null)
        {
            _jobs.Remove(job.Key);
            return;
        }

        job.Moved(row, _session.Clock.NowMs);
        if (FirmwareProgressTransitions.IsTerminal(row.State))
        {
            _jobs.Remove(job.Key);
        }

        Publish(job);
    }

    /// <summary>
    /// Records the bytes of the job's leg in the inventory (<c>firmware_progress.bytes_done</c>): the leg's first bytes at
    /// once, then at most every <see cref="DistributionSettings.ProgressPersistMs"/>, and at once when the leg has gone
    /// <paramref name="quiet"/> (audit nit: it read 0 through a whole outage); only while the row is still in
    /// <paramref name="state"/> (hub leg: DeliveringToHub; HAN leg: Transferring): what a user, the SSI and a restarted
    /// host see of a leg under way.
    /// </summary>
    internal void PersistBytes(DistributionJob job, long nowMs, FirmwareProgressState state, bool quiet = false)
    {
        bool firstBytes = job.PersistedBytes == 0;
        if (job.LastPersistMs is { } last && (job.BytesDone == job.PersistedBytes || (!quiet && !firstBytes && nowMs - last < _settings.ProgressPersistMs)))
        {
            return;
        }

        job.LastPersistMs = nowMs;
        job.PersistedBytes = job.BytesDone;
        long bytes = Math.Min(job.BytesDone, job.Record.BytesTotal);
        _store.Write(s =>
        {
            if (s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId) is { } row && row.State == state)
            {
                s.Firmware.RecordBytes(job.Record.RequestRowId, job.Record.DeviceId, bytes);
            }
        });
    }

    internal void Publish(DistributionJob job)
    {
        DistributionProgress view = job.View();
        _views[job.Key] = view;
        ProgressChanged?.Invoke(view);
    }

    internal bool IsCurrent(DistributionJob job) => _jobs.TryGetValue(job.Key, out DistributionJob? held) && ReferenceEquals(held, job) && RefreshState(job);

    private bool RefreshState(DistributionJob job)
    {
        FirmwareProgressRecord? row = _store.Read(s => s.Firmware.FindProgress(job.Record.RequestRowId, job.Record.DeviceId));
        if (row is null || FirmwareProgressTransitions.IsTerminal(row.State))
        {
            Refresh(job);
            return false;
        }

        job.Record = row;
        return true;
    }
}

using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>
/// Firmware files, distribution requests and per-device progress (tables <c>firmware_files</c>, <c>firmware_images</c>,
/// <c>firmware_requests</c>, <c>firmware_progress</c>). A stored file is identified by the SHA-256 of the whole file the
/// device receives (migration 15), its Manufacturer Image hash naming what the CPL lists and CS06 activates. The service-request handlers enqueue; the distribution
/// engine moves devices along <see cref="FirmwareProgressState"/> with <see cref="Transition"/>,
/// <see cref="RecordBytes"/> and <see cref="ScheduleRetry"/>. Because the image itself is stored here, a restarted
/// host has everything it needs to resume.
/// </summary>
public sealed class FirmwareQueue
{
    private const string ProgressColumns =
        "request_row, eui64, comms_hub_eui64, component, state, attempts, next_retry_utc, bytes_done, bytes_total, failure_reason, updated_utc";

    private const string RequestColumns =
        "r.id, r.request_id, r.service_reference, r.firmware_version, r.image_hash, COALESCE(f.size_bytes, i.size_bytes), r.created_utc, r.file_hash";

    private const string RequestsJoined =
        "firmware_requests r JOIN firmware_images i ON i.image_hash = r.image_hash LEFT JOIN firmware_files f ON f.file_hash = r.file_hash";

    private readonly InventorySession _session;

    internal FirmwareQueue(InventorySession session) => _session = session;

    /// <summary>
    /// Stores the image file (once per file: the SHA-256 of all its bytes), the request and one
    /// <see cref="FirmwareProgressState.Queued"/> row per target — all in the caller's transaction. Two files with one
    /// Manufacturer Image and different headers are two files: each request is served the file it came with.
    /// </summary>
    /// <exception cref="SqliteException">
    /// A target already has an update in progress, or is not in the inventory (the constraints refuse it; the
    /// handler checks first, so this means a caller skipped validation).
    /// </exception>
    public FirmwareRequestRecord Enqueue(
        string requestId,
        string serviceReferenceVariant,
        string firmwareVersion,
        string manufacturerImageHash,
        byte[] image,
        IReadOnlyList<FirmwareTarget> targets)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(image);
        if (targets.Count == 0)
        {
            throw new ArgumentException("a firmware request needs at least one target device", nameof(targets));
        }

        string hash = CentralProductList.NormaliseHash(manufacturerImageHash);
        string fileHash = Convert.ToHexStringLower(SHA256.HashData(image));
        string now = Sql.Time(_session.Now);
        _session.Execute(
            "INSERT OR IGNORE INTO firmware_images (image_hash, size_bytes, data, created_utc) VALUES ($h, 0, X'', $now)",
            ("$h", hash),
            ("$now", now));
        _session.Execute(
            "INSERT OR IGNORE INTO firmware_files (file_hash, image_hash, file_version, size_bytes, data, created_utc) VALUES ($f, $h, $v, $size, $data, $now)",
            ("$f", fileHash),
            ("$h", hash),
            ("$v", FirmwareVersionText.OfOtaFile(image) is { } header ? FirmwareVersionText.Of(header) : null),
            ("$size", image.LongLength),
            ("$data", image),
            ("$now", now));

        long rowId;
        using (SqliteCommand insert = _session.Command(
            "INSERT INTO firmware_requests (request_id, service_reference, firmware_version, image_hash, file_hash, created_utc) VALUES ($rid, $srv, $v, $h, $f, $now) RETURNING id",
            ("$rid", requestId),
            ("$srv", serviceReferenceVariant),
            ("$v", firmwareVersion),
            ("$h", hash),
            ("$f", fileHash),
            ("$now", now)))
        {
            rowId = (long)insert.ExecuteScalar()!;
        }

        foreach (FirmwareTarget target in targets)
        {
            _session.Execute(
                """
                INSERT INTO firmware_progress (request_row, eui64, comms_hub_eui64, component, state, attempts, bytes_done, bytes_total, updated_utc)
                VALUES ($row, $id, $hub, $c, $state, 0, 0, $total, $now)
                """,
                ("$row", rowId),
                ("$id", target.DeviceId.ToString()),
                ("$hub", target.CommsHubId.ToString()),
                ("$c", target.Component),
                ("$state", FirmwareProgressState.Queued.ToString()),
                ("$total", image.LongLength),
                ("$now", now));
        }

        return new FirmwareRequestRecord(rowId, requestId, serviceReferenceVariant, firmwareVersion, hash, image.LongLength, _session.Now, fileHash);
    }

    /// <summary>The device's update in progress (non-terminal state), or null. SECMP0170 §4.2: at most one.</summary>
    public FirmwareProgressRecord? ActiveFor(Eui64 deviceId) =>
        _session.Query(
            $"SELECT {ProgressColumns} FROM firmware_progress WHERE eui64 = $id AND state NOT IN ('Activated', 'Failed')",
            MapProgress,
            ("$id", deviceId.ToString())).SingleOrDefault();

    /// <summary>A request by its row id.</summary>
    public FirmwareRequestRecord? FindRequest(long requestRowId) =>
        _session.Query(
            $"SELECT {RequestColumns} FROM {RequestsJoined} WHERE r.id = $row",
            MapRequest,
            ("$row", requestRowId)).SingleOrDefault();

    /// <summary>A request by its DUIS RequestID.</summary>
    public FirmwareRequestRecord? FindRequest(string requestId) =>
        _session.Query(
            $"SELECT {RequestColumns} FROM {RequestsJoined} WHERE r.request_id = $rid",
            MapRequest,
            ("$rid", requestId)).SingleOrDefault();

    /// <summary>
    /// <paramref name="deviceId"/>'s progress in every request for the image with <paramref name="manufacturerImageHash"/>,
    /// oldest request first: what a resumed run finds it asked for already.
    /// </summary>
    public IReadOnlyList<FirmwareProgressRecord> ProgressOfImage(Eui64 deviceId, string manufacturerImageHash) =>
        _session.Query(
            $"SELECT {ProgressColumns} FROM firmware_progress WHERE eui64 = $id AND request_row IN (SELECT id FROM firmware_requests WHERE image_hash = $h) ORDER BY request_row",
            MapProgress,
            ("$id", deviceId.ToString()),
            ("$h", CentralProductList.NormaliseHash(manufacturerImageHash)));

    /// <summary>
    /// The image file <paramref name="request"/> came with, or null: the file it names, or for a request stored before
    /// files had their own key (migration 15) the bytes kept with its Manufacturer Image.
    /// </summary>
    public byte[]? ReadImage(FirmwareRequestRecord request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.FileHash is { } file
            ? _session.Query("SELECT data FROM firmware_files WHERE file_hash = $f", r => (byte[])r.GetValue(0), ("$f", file)).SingleOrDefault()
            : _session.Query("SELECT data FROM firmware_images WHERE image_hash = $h AND size_bytes > 0", r => (byte[])r.GetValue(0), ("$h", request.ManufacturerImageHash)).SingleOrDefault();
    }

    /// <summary>One device's progress in one request, or null.</summary>
    public FirmwareProgressRecord? FindProgress(long requestRowId, Eui64 deviceId) =>
        _session.Query(
            $"SELECT {ProgressColumns} FROM firmware_progress WHERE request_row = $row AND eui64 = $id",
            MapProgress,
            ("$row", requestRowId),
            ("$id", deviceId.ToString())).SingleOrDefault();

    /// <summary>The <paramref name="count"/> progress rows of the newest requests, newest request first, then by device.</summary>
    public IReadOnlyList<FirmwareProgressRecord> Latest(int count) =>
        _session.Query(
            $"SELECT {ProgressColumns} FROM firmware_progress ORDER BY request_row DESC, eui64 LIMIT $n",
            MapProgress,
            ("$n", count));

    /// <summary>Every device's progress in a request.</summary>
    public IReadOnlyList<FirmwareProgressRecord> Progress(long requestRowId) =>
        _session.Query(
            $"SELECT {ProgressColumns} FROM firmware_progress WHERE request_row = $row ORDER BY eui64",
            MapProgress,
            ("$row", requestRowId));

    /// <summary>
    /// Progress rows the engine should act on at <paramref name="nowUtc"/>: non-terminal, and either never
    /// deferred or past their retry time. Oldest request first.
    /// </summary>
    public IReadOnlyList<FirmwareProgressRecord> Due(DateTimeOffset nowUtc) =>
        _session.Query(
            $"""
            SELECT {ProgressColumns} FROM firmware_progress
            WHERE state NOT IN ('Activated', 'Failed') AND (next_retry_utc IS NULL OR next_retry_utc <= $now)
            ORDER BY request_row, eui64
            """,
            MapProgress,
            ("$now", Sql.Time(nowUtc)));

    /// <summary>Every non-terminal progress row (what a restarted host resumes).</summary>
    public IReadOnlyList<FirmwareProgressRecord> Active() =>
        _session.Query(
            $"SELECT {ProgressColumns} FROM firmware_progress WHERE state NOT IN ('Activated', 'Failed') ORDER BY request_row, eui64",
            MapProgress);

    /// <summary>
    /// Moves a device to <paramref name="to"/>. Bytes done are those of the leg under way: a leg starting (Queued,
    /// DeliveringToHub, Transferring) counts from 0, one ending (OnHub, Transferred) holds the total, and Activated or
    /// Failed keep where it got to. A failure reason is kept for <see cref="FirmwareProgressState.Failed"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such row, or the move is not in <see cref="FirmwareProgressTransitions"/>.</exception>
    public FirmwareProgressRecord Transition(long requestRowId, Eui64 deviceId, FirmwareProgressState to, string? reason = null)
    {
        FirmwareProgressRecord current = Require(requestRowId, deviceId);
        EnsureAllowed(current, to);
        _session.Execute(
            """
            UPDATE firmware_progress SET state = $state, next_retry_utc = NULL, failure_reason = COALESCE($reason, failure_reason),
                bytes_done = CASE WHEN $state IN ('OnHub', 'Transferred') THEN bytes_total WHEN $state IN ('Queued', 'DeliveringToHub', 'Transferring') THEN 0 ELSE bytes_done END,
                updated_utc = $now
            WHERE request_row = $row AND eui64 = $id
            """,
            ("$state", to.ToString()),
            ("$reason", reason),
            ("$now", Sql.Time(_session.Now)),
            ("$row", requestRowId),
            ("$id", deviceId.ToString()));
        return Require(requestRowId, deviceId);
    }

    /// <summary>Records how many bytes of the leg under way are done: the hub's (DeliveringToHub) or the device's (Transferring).</summary>
    /// <exception cref="InvalidOperationException">No leg is under way.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0..total.</exception>
    public void RecordBytes(long requestRowId, Eui64 deviceId, long bytesDone)
    {
        FirmwareProgressRecord current = Require(requestRowId, deviceId);
        if (current.State is not (FirmwareProgressState.DeliveringToHub or FirmwareProgressState.Transferring))
        {
            throw new InvalidOperationException($"{deviceId} is {current.State}, not DeliveringToHub or Transferring: bytes are recorded only while a leg is under way");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(bytesDone);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytesDone, current.BytesTotal);
        _session.Execute(
            "UPDATE firmware_progress SET bytes_done = $b, updated_utc = $now WHERE request_row = $row AND eui64 = $id",
            ("$b", bytesDone),
            ("$now", Sql.Time(_session.Now)),
            ("$row", requestRowId),
            ("$id", deviceId.ToString()));
    }

    /// <summary>
    /// Counts a failed attempt and defers the device: it goes back to <paramref name="resumeFrom"/>
    /// (<see cref="FirmwareProgressState.Queued"/> to deliver to the hub again, <see cref="FirmwareProgressState.OnHub"/>
    /// to transfer again) and is not <see cref="Due"/> before <paramref name="notBeforeUtc"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The move back is not allowed from the current state.</exception>
    public FirmwareProgressRecord ScheduleRetry(long requestRowId, Eui64 deviceId, FirmwareProgressState resumeFrom, DateTimeOffset notBeforeUtc, string reason)
    {
        if (resumeFrom is not (FirmwareProgressState.Queued or FirmwareProgressState.OnHub))
        {
            throw new ArgumentOutOfRangeException(nameof(resumeFrom), resumeFrom, "a retry resumes from Queued or OnHub");
        }

        FirmwareProgressRecord current = Require(requestRowId, deviceId);
        EnsureAllowed(current, resumeFrom);
        _session.Execute(
            """
            UPDATE firmware_progress SET state = $state, attempts = attempts + 1, next_retry_utc = $retry, failure_reason = $reason, updated_utc = $now
            WHERE request_row = $row AND eui64 = $id
            """,
            ("$state", resumeFrom.ToString()),
            ("$retry", Sql.Time(notBeforeUtc)),
            ("$reason", reason),
            ("$now", Sql.Time(_session.Now)),
            ("$row", requestRowId),
            ("$id", deviceId.ToString()));
        return Require(requestRowId, deviceId);
    }

    private static void EnsureAllowed(FirmwareProgressRecord current, FirmwareProgressState to)
    {
        if (!FirmwareProgressTransitions.IsAllowed(current.State, to))
        {
            throw new InvalidOperationException($"firmware progress of {current.DeviceId} (request row {current.RequestRowId}) cannot go from {current.State} to {to}");
        }
    }

    private FirmwareProgressRecord Require(long requestRowId, Eui64 deviceId) =>
        FindProgress(requestRowId, deviceId)
        ?? throw new InvalidOperationException($"no firmware progress for {deviceId} in request row {requestRowId}");

    private static FirmwareProgressRecord MapProgress(SqliteDataReader r) => new(
        r.GetInt64(0),
        Eui64.Parse(r.GetString(1)),
        Eui64.Parse(r.GetString(2)),
        r.GetString(3),
        EnumText.ParseStored<FirmwareProgressState>(r.GetString(4)),
        r.GetInt32(5),
        Sql.ReadTimeOrNull(r, 6),
        r.GetInt64(7),
        r.GetInt64(8),
        Sql.ReadStringOrNull(r, 9),
        Sql.ReadTime(r, 10));

    private static FirmwareRequestRecord MapRequest(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetInt64(5),
        Sql.ReadTime(r, 6),
        Sql.ReadStringOrNull(r, 7));
}

using System.Globalization;

namespace HanBench.Host.Inventory;

/// <summary>A credential change sent to a device whose outcome the inventory has not recorded yet (table <c>credential_intents</c>, migration 12).</summary>
/// <param name="RequestId">The service request.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="UseCase">The GBCS use case, as the request names it (ReplaceRemoteParty, UpdateDeviceCertificate).</param>
/// <param name="RequestJson">The request, as <c>CredentialRequestJson</c> writes it.</param>
/// <param name="CommandCounter">A future-dated CS02b the device accepted: its command's originator counter, which the 0x00CB alert names; null while the answer is awaited.</param>
/// <param name="Execution">A future-dated CS02b: when the device carries it out.</param>
/// <param name="Expires">A future-dated CS02b the device accepted: when the host stops waiting for its alert and reads back instead.</param>
/// <param name="Created">When it was sent.</param>
/// <param name="SentCounters">A future-dated CS02b: the originator counter of every attempt sent, in order (migration 13), one of which its 0x00CB alert names.</param>
public sealed record CredentialIntentRecord(
    string RequestId,
    Eui64 DeviceId,
    string UseCase,
    string RequestJson,
    ulong? CommandCounter,
    DateTimeOffset? Execution,
    DateTimeOffset? Expires,
    DateTimeOffset Created,
    IReadOnlyList<ulong> SentCounters)
{
    /// <summary>Accepted by the device as a future-dated CS02b and waiting for its alert.</summary>
    public bool IsPending => CommandCounter is not null;

    /// <summary>When a CSP first held the device's commands for this change (migration 17); null while it has not.</summary>
    public DateTimeOffset? DoubtSince { get; init; }

    /// <summary>Read-backs answered under neither key set so far.</summary>
    public int ReadBacks { get; init; }

    /// <summary>When the next read-back goes out (null: none scheduled).</summary>
    public DateTimeOffset? NextReadBack { get; init; }

    /// <summary>What the last read-back found.</summary>
    public string? LastReadBack { get; init; }

    /// <summary>When the CSP stopped reading back (the bound reached): the request failed naming it, commands to the device are refused until an operator settles it.</summary>
    public DateTimeOffset? Unresolved { get; init; }

    /// <summary>
    /// Whether an operator may settle it (<c>hanbench credentials settle</c>): a CSP has held the device for it (reading it
    /// back, or given up). A change still in flight, or a future-dated CS02b before its date-time, may yet be answered.
    /// </summary>
    public bool IsInDoubt => DoubtSince is not null || Unresolved is not null;

    /// <summary>In words, for <c>credentials show</c>.</summary>
    public string Describe(DateTimeOffset now) =>
        Unresolved is { } given ? $"unresolved since {given:O} after {ReadBacks} read-back(s): commands to the device are refused until settled"
        : DoubtSince is { } since ? $"in doubt since {since:O}, {ReadBacks} read-back(s) unanswered" + (NextReadBack is { } next ? $", next at {next:O}" : string.Empty)
        : IsPending ? $"accepted, waiting for its 0x00CB alert{(Execution <= now ? " (its date-time has come)" : string.Empty)}"
        : "sent, outcome not recorded";
}

/// <summary>
/// Credential changes (CS02b, CS02d) sent to devices and not yet recorded (SECMP0170 requirement 8; issue 8 §4): one row
/// per request, written before its command goes out and removed in the transaction that records its outcome, so a host
/// that stops in between knows at start which devices' keys are in doubt.
/// </summary>
public sealed class CredentialIntents(InventorySession session)
{
    private const string Columns = "request_id, eui64, use_case, request_json, command_counter, execution_utc, expires_utc, created_utc, sent_counters, doubt_since_utc, read_backs, next_read_back_utc, last_read_back, unresolved_utc";

    /// <summary>Records that <paramref name="requestId"/>'s change is being sent to <paramref name="device"/> (again: its earlier row is replaced).</summary>
    public void Sent(string requestId, Eui64 device, string useCase, string requestJson, DateTimeOffset? execution)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(requestJson);
        string now = Sql.Time(session.Now);
        session.Execute(
            """
            INSERT OR REPLACE INTO credential_intents (request_id, eui64, use_case, request_json, execution_utc, created_utc, updated_utc)
            VALUES ($request, $id, $use, $json, $execution, $now, $now)
            """,
            ("$request", requestId),
            ("$id", device.ToString()),
            ("$use", useCase),
            ("$json", requestJson),
            ("$execution", execution is { } at ? Sql.Time(at) : null),
            ("$now", now));
    }

    /// <summary>The device accepted the future-dated CS02b <paramref name="requestId"/>: its alert will name <paramref name="counter"/>; waited for until <paramref name="expires"/>. False when no such intent is recorded.</summary>
    public bool Accepted(string requestId, ulong counter, DateTimeOffset expires) =>
        session.Execute(
            "UPDATE credential_intents SET command_counter = $counter, expires_utc = $expires, updated_utc = $now WHERE request_id = $request",
            ("$counter", counter.ToString("D20", CultureInfo.InvariantCulture)),
            ("$expires", Sql.Time(expires)),
            ("$now", Sql.Time(session.Now)),
            ("$request", requestId)) == 1;

    /// <summary>
    /// An attempt of <paramref name="requestId"/>'s command is about to go out with originator counter
    /// <paramref name="counter"/> (written before it leaves); false when no such intent is recorded.
    /// </summary>
    public bool CounterSent(string requestId, ulong counter) =>
        session.Execute(
            """
            UPDATE credential_intents SET sent_counters = CASE WHEN sent_counters IS NULL THEN $counter ELSE sent_counters || ' ' || $counter END, updated_utc = $now
            WHERE request_id = $request
            """,
            ("$counter", counter.ToString("D20", CultureInfo.InvariantCulture)),
            ("$now", Sql.Time(session.Now)),
            ("$request", requestId)) == 1;

    /// <summary>The host waits for <paramref name="requestId"/>'s alert until <paramref name="expires"/> (again: a read-back at its expiry was answered under neither key set); false when no such intent is recorded.</summary>
    public bool Extend(string requestId, DateTimeOffset expires) =>
        session.Execute(
            "UPDATE credential_intents SET expires_utc = $expires, updated_utc = $now WHERE request_id = $request",
            ("$expires", Sql.Time(expires)),
            ("$now", Sql.Time(session.Now)),
            ("$request", requestId)) == 1;

    /// <summary>A CSP holds the device's commands for <paramref name="requestId"/>'s change from now (kept if it already did); false when no such intent is recorded.</summary>
    public bool InDoubt(string requestId) =>
        session.Execute(
            "UPDATE credential_intents SET doubt_since_utc = COALESCE(doubt_since_utc, $now), updated_utc = $now WHERE request_id = $request",
            ("$now", Sql.Time(session.Now)),
            ("$request", requestId)) == 1;

    /// <summary>
    /// A read-back of <paramref name="requestId"/>'s change was answered under neither key set (<paramref name="found"/>);
    /// the next goes out at <paramref name="next"/> (null: none). Returns how many have been so far, 0 when no such intent is recorded.
    /// </summary>
    public int ReadBackUnanswered(string requestId, string found, DateTimeOffset? next)
    {
        session.Execute(
            """
            UPDATE credential_intents SET read_backs = read_backs + 1, last_read_back = $found, next_read_back_utc = $next,
                doubt_since_utc = COALESCE(doubt_since_utc, $now), updated_utc = $now
            WHERE request_id = $request
            """,
            ("$found", found),
            ("$next", next is { } at ? Sql.Time(at) : null),
            ("$now", Sql.Time(session.Now)),
            ("$request", requestId));
        return Find(requestId)?.ReadBacks ?? 0;
    }

    /// <summary>
    /// The CSP stopped reading back <paramref name="requestId"/>'s change (<paramref name="why"/>): the row stays, so the
    /// device's commands are refused until an operator settles it; false when no such intent is recorded.
    /// </summary>
    public bool GiveUp(string requestId, string why) =>
        session.Execute(
            "UPDATE credential_intents SET unresolved_utc = $now, last_read_back = $why, next_read_back_utc = NULL, updated_utc = $now WHERE request_id = $request",
            ("$now", Sql.Time(session.Now)),
            ("$why", why),
            ("$request", requestId)) == 1;

    /// <summary>The unsettled intent of <paramref name="requestId"/>, or null.</summary>
    public CredentialIntentRecord? Find(string requestId) =>
        session.Query($"SELECT {Columns} FROM credential_intents WHERE request_id = $request", Map, ("$request", requestId)).FirstOrDefault();

    /// <summary>Removes <paramref name="requestId"/>'s intent (its outcome is recorded in the same transaction); false when none was recorded.</summary>
    public bool Settled(string requestId) =>
        session.Execute("DELETE FROM credential_intents WHERE request_id = $request", ("$request", requestId)) == 1;

    /// <summary>Every unsettled intent, oldest first.</summary>
    public IReadOnlyList<CredentialIntentRecord> All() =>
        session.Query($"SELECT {Columns} FROM credential_intents ORDER BY created_utc, request_id", Map);

    /// <summary>The unsettled intents for <paramref name="device"/>, oldest first.</summary>
    public IReadOnlyList<CredentialIntentRecord> For(Eui64 device) =>
        session.Query($"SELECT {Columns} FROM credential_intents WHERE eui64 = $id ORDER BY created_utc, request_id", Map, ("$id", device.ToString()));

    private static CredentialIntentRecord Map(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetString(0),
        Eui64.Parse(r.GetString(1)),
        r.GetString(2),
        r.GetString(3),
        r.IsDBNull(4) ? null : ulong.Parse(r.GetString(4), CultureInfo.InvariantCulture),
        Sql.ReadTimeOrNull(r, 5),
        Sql.ReadTimeOrNull(r, 6),
        Sql.ReadTime(r, 7),
        r.IsDBNull(8) ? [] : [.. r.GetString(8).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => ulong.Parse(c, CultureInfo.InvariantCulture))])
    {
        DoubtSince = Sql.ReadTimeOrNull(r, 9),
        ReadBacks = r.GetInt32(10),
        NextReadBack = Sql.ReadTimeOrNull(r, 11),
        LastReadBack = Sql.ReadStringOrNull(r, 12),
        Unresolved = Sql.ReadTimeOrNull(r, 13),
    };
}

using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>Where a queued credential service request stands.</summary>
public enum CredentialRequestState
{
    /// <summary>Accepted and acknowledged; waiting for the CSP engine on the device's Comms Hub.</summary>
    Queued,

    /// <summary>The CS02 command went out; waiting for the device's answer.</summary>
    Sent,

    /// <summary>The device answered and reported the use case done.</summary>
    Done,

    /// <summary>Not done: the device refused, did not answer, or the request no longer passed its checks (the reason says which).</summary>
    Refused,
}

/// <summary>A credential service request in the queue (table <c>credential_requests</c>, migration 11).</summary>
/// <param name="RowId">Inventory row id.</param>
/// <param name="RequestId">The RequestID it came with (unique).</param>
/// <param name="ServiceReferenceVariant">The SRV (6.15.1, 6.23, 8.5, 6.17, 6.15.2, 6.24.1, 6.24.2).</param>
/// <param name="DuisServiceReference">The DUIS ServiceReference when a DUIS Service User waits for the later response; null from the CLI.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="CommsHubId">The Comms Hub whose CSP carries it out (the device itself for a Comms Hub's own credentials).</param>
/// <param name="UseCase">The GBCS use case's name (CS02a–e as <c>CredentialUseCase</c> names it).</param>
/// <param name="Payload">The request itself, as the service-request layer wrote it.</param>
/// <param name="State">Where it stands.</param>
/// <param name="ResponseCode">The DUIS response code of the outcome, once there is one.</param>
/// <param name="Outcome">What happened, in words (the reason for a refusal).</param>
/// <param name="GbcsResponse">The device's GBCS response as received, when it answered.</param>
/// <param name="CreatedUtc">When it was accepted.</param>
/// <param name="UpdatedUtc">Last change.</param>
public sealed record CredentialRequestRecord(
    long RowId,
    string RequestId,
    string ServiceReferenceVariant,
    string? DuisServiceReference,
    Eui64 DeviceId,
    Eui64 CommsHubId,
    string UseCase,
    string Payload,
    CredentialRequestState State,
    string? ResponseCode,
    string? Outcome,
    byte[]? GbcsResponse,
    DateTimeOffset CreatedUtc,
    DateTimeOffset UpdatedUtc)
{
    /// <summary>Done or Refused: nothing more happens to it.</summary>
    public bool IsFinished => State is CredentialRequestState.Done or CredentialRequestState.Refused;
}

/// <summary>
/// Credential service requests waiting for, or carried out by, the CSP (table <c>credential_requests</c>): the
/// credential counterpart of <see cref="FirmwareQueue"/>. The handlers enqueue what the CLI and DUIS accept; the CSP
/// engine on the device's Comms Hub takes <see cref="Open"/> rows, marks one <see cref="CredentialRequestState.Sent"/>
/// before the command goes out and <see cref="Finish"/>es it with the outcome. Being in the inventory, the queue
/// outlives the process that accepted a request and the one that carries it out.
/// </summary>
public sealed class CredentialQueue
{
    private const string Columns =
        "id, request_id, service_reference_variant, duis_service_reference, eui64, comms_hub_eui64, use_case, payload, state, response_code, outcome, gbcs_response, created_utc, updated_utc";

    private readonly InventorySession _session;

    internal CredentialQueue(InventorySession session) => _session = session;

    /// <summary>Queues a request, in the caller's transaction.</summary>
    /// <exception cref="SqliteException">The RequestID was used already, or the device is not in the inventory.</exception>
    public CredentialRequestRecord Enqueue(string requestId, string serviceReferenceVariant, string? duisServiceReference, Eui64 deviceId, Eui64 commsHubId, string useCase, string payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentException.ThrowIfNullOrEmpty(payload);
        string now = Sql.Time(_session.Now);
        _session.Execute(
            """
            INSERT INTO credential_requests (request_id, service_reference_variant, duis_service_reference, eui64, comms_hub_eui64, use_case, payload, state, created_utc, updated_utc)
            VALUES ($rid, $srv, $sr, $id, $hub, $use, $payload, $state, $now, $now)
            """,
            ("$rid", requestId),
            ("$srv", serviceReferenceVariant),
            ("$sr", duisServiceReference),
            ("$id", deviceId.ToString()),
            ("$hub", commsHubId.ToString()),
            ("$use", useCase),
            ("$payload", payload),
            ("$state", CredentialRequestState.Queued.ToString()),
            ("$now", now));
        return Find(requestId)!;
    }

    /// <summary>A request by its RequestID, or null.</summary>
    public CredentialRequestRecord? Find(string requestId) =>
        _session.Query($"SELECT {Columns} FROM credential_requests WHERE request_id = $rid", Map, ("$rid", requestId)).SingleOrDefault();

    /// <summary>Queued and Sent requests the CSP of <paramref name="commsHubId"/> carries out, oldest first.</summary>
    public IReadOnlyList<CredentialRequestRecord> Open(Eui64 commsHubId) =>
        _session.Query(
            $"SELECT {Columns} FROM credential_requests WHERE comms_hub_eui64 = $hub AND state IN ('Queued', 'Sent') ORDER BY id",
            Map,
            ("$hub", commsHubId.ToString()));

    /// <summary>The newest <paramref name="count"/> requests (of one device, when given), newest first.</summary>
    public IReadOnlyList<CredentialRequestRecord> Latest(Eui64? deviceId = null, int count = 100) =>
        _session.Query(
            $"SELECT {Columns} FROM credential_requests WHERE ($id IS NULL OR eui64 = $id) ORDER BY id DESC LIMIT $n",
            Map,
            ("$id", deviceId?.ToString()),
            ("$n", count));

    /// <summary>Marks a queued request sent (the command is about to go out).</summary>
    /// <exception cref="InvalidOperationException">No such request, or it is not queued.</exception>
    public void MarkSent(string requestId) => Move(requestId, CredentialRequestState.Queued, CredentialRequestState.Sent, null, null, null);

    /// <summary>
    /// Ends a queued or sent request: <see cref="CredentialRequestState.Done"/> or <see cref="CredentialRequestState.Refused"/>,
    /// with the DUIS response code, what happened and the device's GBCS response when it answered.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such request, it is already finished, or <paramref name="state"/> is not an end.</exception>
    public CredentialRequestRecord Finish(string requestId, CredentialRequestState state, string responseCode, string outcome, byte[]? gbcsResponse)
    {
        if (state is not (CredentialRequestState.Done or CredentialRequestState.Refused))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "a request ends Done or Refused");
        }

        Move(requestId, null, state, responseCode, outcome, gbcsResponse);
        return Find(requestId)!;
    }

    private void Move(string requestId, CredentialRequestState? from, CredentialRequestState to, string? responseCode, string? outcome, byte[]? gbcsResponse)
    {
        CredentialRequestRecord current = Find(requestId) ?? throw new InvalidOperationException($"no credential request {requestId}");
        if (current.IsFinished || (from is { } expected && current.State != expected))
        {
            throw new InvalidOperationException($"credential request {requestId} is {current.State}; it cannot become {to}");
        }

        _session.Execute(
            """
            UPDATE credential_requests SET state = $state, response_code = COALESCE($code, response_code), outcome = COALESCE($outcome, outcome),
                gbcs_response = COALESCE($gbcs, gbcs_response), updated_utc = $now
            WHERE request_id = $rid
            """,
            ("$state", to.ToString()),
            ("$code", responseCode),
            ("$outcome", outcome),
            ("$gbcs", gbcsResponse),
            ("$now", Sql.Time(_session.Now)),
            ("$rid", requestId));
    }

    private static CredentialRequestRecord Map(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        Sql.ReadStringOrNull(r, 3),
        Eui64.Parse(r.GetString(4)),
        Eui64.Parse(r.GetString(5)),
        r.GetString(6),
        r.GetString(7),
        EnumText.ParseStored<CredentialRequestState>(r.GetString(8)),
        Sql.ReadStringOrNull(r, 9),
        Sql.ReadStringOrNull(r, 10),
        r.IsDBNull(11) ? null : (byte[])r.GetValue(11),
        Sql.ReadTime(r, 12),
        Sql.ReadTime(r, 13));
}

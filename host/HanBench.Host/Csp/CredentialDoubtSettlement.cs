using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Csp;

/// <summary>What an operator's settlement did: settled (the outcome recorded) or refused, and why.</summary>
/// <param name="Settled">Whether the change was settled.</param>
/// <param name="Message">What was done, or why nothing was.</param>
/// <param name="Outcome">The request's recorded outcome, when settled.</param>
public sealed record CredentialSettlementResult(bool Settled, string Message, CredentialResult? Outcome = null)
{
    /// <summary>Refused because the inventory knows no credential request or change of that RequestID (bad input, not a refused settlement).</summary>
    public bool UnknownRequest { get; init; }
}

/// <summary>
/// The operator's way out of a credential change whose outcome no read-back could find (issue 8 §4; <c>hanbench
/// credentials settle REQUEST --keys new|old</c>): the operator, who can see the device, says which credentials it holds,
/// and the inventory records that as the device answering would have — with <c>new</c>, its new certificates (and, for 6.23,
/// the incoming supplier) through the credential handler's own recording; with <c>old</c>, nothing changed — in one
/// transaction that removes the change's intent, ends its queue row if still open (with a DUIS request's later
/// response) and writes the audit line naming the operator. Refused, changing nothing, unless a CSP has put the device
/// in doubt for that change (reading it back, or given up on it): a change still in flight or a future-dated CS02b
/// before its date-time may yet be answered. A CSP running on the device's hub notices at once
/// (<see cref="CspRuntime.InventoryChanged"/>): it takes up the credentials the inventory records and releases what it
/// held for the device. GBCS and DUIS describe no such action; it is HanBench's.
/// </summary>
public static class CredentialDoubtSettlement
{
    /// <summary>The audit log's name for this action (its service reference column).</summary>
    public const string AuditName = "credentials settle";

    /// <summary>Settles <paramref name="requestId"/>'s change with the new (<paramref name="newKeys"/>) or the old credentials, on <paramref name="operatorName"/>'s word.</summary>
    public static CredentialSettlementResult Settle(ServiceRequestHandlers handlers, string requestId, bool newKeys, string operatorName)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorName);
        return handlers.Store.Write(session =>
        {
            CredentialIntentRecord? intent = new CredentialIntents(session).Find(requestId);
            if (Refusal(session, requestId, intent) is { } refusal)
            {
                session.Audit.Append(requestId, AuditName, intent?.DeviceId.ToString(), DuisResponseCodes.NotApplicableToDevice, $"{refusal} (asked by {operatorName})");
                return new CredentialSettlementResult(false, refusal) { UnknownRequest = intent is null && session.Credentials.Find(requestId) is null };
            }

            CredentialRequest request = CredentialRequestJson.Read(intent!.RequestJson);
            string keys = newKeys ? "new" : "old";
            string detail = $"settled by operator {operatorName} with --keys {keys} after {intent.ReadBacks} unanswered read-back(s)"
                + (intent.DoubtSince is { } since ? $" in doubt since {since:O}" : string.Empty)
                + $": the inventory records the {keys} credentials as the device's";
            CredentialReply reply = newKeys
                ? new CredentialReply(FirmwareVersionReadStatus.Read, true, detail) { ReplacedUsages = [.. request.Replacements.Select(r => r.Usage)] }
                : new CredentialReply(FirmwareVersionReadStatus.NoResponse, false, detail);
            // The row's DUIS later response goes to the outbox, which serve delivers.
            CredentialResult outcome = handlers.ManageCredentials.SettleIn(session, request, reply, (s, result) =>
                _ = CredentialRequestRunner.QueueRowEnd.Finish(s, handlers.Alerts, requestId, result));
            return new CredentialSettlementResult(true, $"{requestId} to {intent.DeviceId}: {outcome.ResponseCode} {outcome.Message}", outcome);
        });
    }

    private static string? Refusal(InventorySession session, string requestId, CredentialIntentRecord? intent)
    {
        if (intent is null)
        {
            string state = session.Credentials.Find(requestId) is { } row ? $"its request is {row.State}{(row.ResponseCode is { } code ? $" ({code})" : string.Empty)}" : "no such request";
            return $"{requestId} is not in doubt: no unsettled CS02b/CS02d change has that RequestID ({state}); nothing changed";
        }

        if (!intent.IsInDoubt)
        {
            return $"{requestId} to {intent.DeviceId} is not in doubt ({intent.Describe(session.Now)}): no CSP has held the device for it, so its outcome may still come; nothing changed";
        }

        try
        {
            _ = CredentialRequestJson.Read(intent.RequestJson);
            return null;
        }
        catch (FormatException e)
        {
            return $"{requestId}: the recorded change cannot be read ({e.Message}); nothing changed";
        }
    }
}

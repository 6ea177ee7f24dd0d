namespace HanBench.Host.Inventory;

/// <summary>One line of the audit log: a service request (or internal event) and its outcome.</summary>
/// <param name="AtUtc">When.</param>
/// <param name="RequestId">DUIS RequestID, if the entry is about a request.</param>
/// <param name="ServiceReferenceVariant">SRV such as "8.11", or an event name for internal entries.</param>
/// <param name="Target">Device or devices concerned.</param>
/// <param name="ResponseCode">DUIS response code of the outcome.</param>
/// <param name="Message">What happened, in words.</param>
public sealed record AuditEntry(
    DateTimeOffset AtUtc,
    string? RequestId,
    string ServiceReferenceVariant,
    string? Target,
    string ResponseCode,
    string Message);

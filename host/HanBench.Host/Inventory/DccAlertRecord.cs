namespace HanBench.Host.Inventory;

/// <summary>
/// A DCC alert the host has issued (N39, N59–N62, N64, N999, …). The <paramref name="IdempotencyKey"/> names
/// the event that caused it (e.g. "N62:&lt;hub&gt;:&lt;device&gt;:&lt;request&gt;"), so replaying the same device alert after a
/// restart finds the row and issues nothing twice.
/// </summary>
/// <param name="IdempotencyKey">Unique key of the causing event.</param>
/// <param name="AlertCode">DUIS DCCAlertCode, e.g. "N39".</param>
/// <param name="DeviceId">Device the alert is about, if any.</param>
/// <param name="RequestId">Service request it relates to, if any.</param>
/// <param name="Body">The alert as sent (DUIS XML or JSON), if kept.</param>
/// <param name="CreatedUtc">When it was recorded.</param>
/// <param name="DeliveredUtc">When it was handed to the Service User's interface; null while undelivered.</param>
public sealed record DccAlertRecord(
    string IdempotencyKey,
    string AlertCode,
    Eui64? DeviceId,
    string? RequestId,
    string? Body,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? DeliveredUtc = null);

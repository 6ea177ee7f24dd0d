using HanBench.Host.Inventory;

namespace HanBench.Host.Alerts;

/// <summary>A DCC alert as the outbox holds it, with its recipient and delivery state (inventory migration 4).</summary>
/// <param name="Id">Row id (also the counter of the alert's ResponseID).</param>
/// <param name="IdempotencyKey">The causing event's key: a replayed event finds it and issues nothing.</param>
/// <param name="AlertCode">DCCAlertCode.</param>
/// <param name="DeviceId">The device the alert is about.</param>
/// <param name="RequestId">The service request it relates to.</param>
/// <param name="RecipientId">The Service User it is for; null: the endpoint's default recipient.</param>
/// <param name="Body">The DUIS XML as sent.</param>
/// <param name="CreatedUtc">When it was raised.</param>
/// <param name="DeliveredUtc">When a Service User accepted it; null while pending.</param>
/// <param name="DeliveryAttempts">POSTs tried so far.</param>
/// <param name="LastDeliveryError">Why the last POST failed.</param>
public sealed record IssuedDccAlert(
    long Id,
    string IdempotencyKey,
    string AlertCode,
    Eui64? DeviceId,
    string? RequestId,
    Eui64? RecipientId,
    string? Body,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? DeliveredUtc,
    int DeliveryAttempts,
    string? LastDeliveryError);

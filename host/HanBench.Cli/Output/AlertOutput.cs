using System.Text.Json.Serialization;
using HanBench.Cli.Commands;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;

namespace HanBench.Cli.Output;

/// <summary><c>alerts --json</c>: one DCC alert issued and its delivery (<c>body</c> only with <c>--body</c>).</summary>
internal sealed record AlertJson(
    long Id,
    string AlertCode,
    string IdempotencyKey,
    string? DeviceId,
    string? RequestId,
    string? RecipientId,
    string CreatedUtc,
    string? DeliveredUtc,
    int DeliveryAttempts,
    string? LastDeliveryError,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Body)
{
    public static AlertJson From(IssuedDccAlert a, bool withBody) => new(
        a.Id, a.AlertCode, a.IdempotencyKey, a.DeviceId?.ToString(), a.RequestId, a.RecipientId?.ToString(), InventoryAccess.Time(a.CreatedUtc),
        a.DeliveredUtc is null ? null : InventoryAccess.Time(a.DeliveredUtc), a.DeliveryAttempts, a.LastDeliveryError, withBody ? a.Body : null);
}

/// <summary><c>alerts refused --json</c>: GBCS messages refused before acting, per originator, message and reason.</summary>
internal sealed record AlertRefusalJson(string Originator, string Message, string Reason, long Count, string FirstUtc, string LastUtc)
{
    public static AlertRefusalJson From(GbcsRefusalCount c) => new(c.Originator, c.Message, c.Reason, c.Count, InventoryAccess.Time(c.FirstUtc), InventoryAccess.Time(c.LastUtc));
}

/// <summary><c>alerts deliver --json</c>: what the delivery did, and why each still-pending alert failed.</summary>
internal sealed record AlertDeliveryJson(int Delivered, int Failed, int NoDestination, IReadOnlyList<AlertDeliveryFailureJson> Failures)
{
    public static AlertDeliveryJson From(AlertDeliveryReport report, IEnumerable<IssuedDccAlert> failing) => new(
        report.Delivered, report.Failed, report.NoDestination, [.. failing.Select(a => new AlertDeliveryFailureJson(a.Id, a.AlertCode, a.DeviceId?.ToString(), a.LastDeliveryError))]);
}

/// <summary>One alert <c>alerts deliver</c> could not deliver.</summary>
internal sealed record AlertDeliveryFailureJson(long Id, string AlertCode, string? DeviceId, string? Reason);

/// <summary><c>alerts service-user add|list --json</c>: a Service User.</summary>
internal sealed record ServiceUserJson(string Id, string Name, string Role, string DuisVersion, string? AlertUrl)
{
    public static ServiceUserJson From(ServiceUser u) => new(u.Id.ToString(), u.Name, u.Role.ToString(), u.DuisVersion, u.AlertUrl);
}

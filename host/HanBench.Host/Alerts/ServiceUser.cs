using HanBench.Host.Inventory;

namespace HanBench.Host.Alerts;

/// <summary>What a Service User is to HanBench's alert routing.</summary>
public enum ServiceUserRole
{
    /// <summary>
    /// An energy supplier. HanBench choice: on a bench every registered supplier is a responsible supplier of every
    /// Comms Hub, so each gets N64 (SECMP0024 §4.1 "All Responsible Suppliers").
    /// </summary>
    Supplier,

    /// <summary>Any other Service User: gets the alerts about its own requests only.</summary>
    Other,

    /// <summary>A network operator: may read firmware versions and the inventory; gets the alerts about its own requests.</summary>
    NetworkOperator,
}

/// <summary>A Service User known to the host (table <c>service_users</c>).</summary>
/// <param name="Id">The Service User's EUI-64: the originator part of the RequestIDs it sends.</param>
/// <param name="Name">A name for people.</param>
/// <param name="Role">Supplier or other.</param>
/// <param name="DuisVersion">The DUIS interface version it speaks, e.g. "5.4": decides N64 or N999 (SECMP0024 §4.1).</param>
/// <param name="AlertUrl">Where its alerts are POSTed; null: the endpoint's default (<c>serve --alerts-to</c>).</param>
public sealed record ServiceUser(Eui64 Id, string Name, ServiceUserRole Role, string DuisVersion, string? AlertUrl = null);

using System.Globalization;
using HanBench.Host.Inventory;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Alerts;

/// <summary>The Service Users table (<c>service_users</c>, inventory migration 4), over one open session.</summary>
public sealed class ServiceUserDirectory(InventorySession session)
{
    private const string Columns = "eui64, name, role, duis_version, alert_url";

    /// <summary>Adds or replaces a Service User.</summary>
    /// <exception cref="ArgumentException">The DUIS version is not a number such as 5.4, or the name is empty.</exception>
    public void Put(ServiceUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(user.Name);
        if (!TryParseDuisVersion(user.DuisVersion, out _))
        {
            throw new ArgumentException($"DUIS version '{user.DuisVersion}' is not a version number such as 5.4", nameof(user));
        }

        string now = session.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        using SqliteCommand command = session.Command(
            $"""
            INSERT INTO service_users ({Columns}, created_utc, updated_utc) VALUES ($id, $name, $role, $version, $url, $now, $now)
            ON CONFLICT (eui64) DO UPDATE SET name = excluded.name, role = excluded.role, duis_version = excluded.duis_version,
                alert_url = excluded.alert_url, updated_utc = excluded.updated_utc
            """,
            ("$id", user.Id.ToString()),
            ("$name", user.Name),
            ("$role", user.Role.ToString()),
            ("$version", user.DuisVersion),
            ("$url", user.AlertUrl),
            ("$now", now));
        command.ExecuteNonQuery();
    }

    /// <summary>The Service User, or null.</summary>
    public ServiceUser? Find(Eui64 id) => Query($"SELECT {Columns} FROM service_users WHERE eui64 = $id", ("$id", id.ToString())).SingleOrDefault();

    /// <summary>Every Service User, by EUI-64.</summary>
    public IReadOnlyList<ServiceUser> All() => Query($"SELECT {Columns} FROM service_users ORDER BY eui64");

    /// <summary>The responsible suppliers (HanBench choice: every registered supplier), by EUI-64.</summary>
    public IReadOnlyList<ServiceUser> Suppliers() =>
        Query($"SELECT {Columns} FROM service_users WHERE role = $role ORDER BY eui64", ("$role", nameof(ServiceUserRole.Supplier)));

    /// <summary>Removes a Service User; false if there was none.</summary>
    public bool Delete(Eui64 id)
    {
        using SqliteCommand command = session.Command("DELETE FROM service_users WHERE eui64 = $id", ("$id", id.ToString()));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Parses a DUIS version ("5.4", "4.1", "5"); DUIS writes it as an <c>xs:decimal</c> schemaVersion.</summary>
    public static bool TryParseDuisVersion(string? text, out decimal version) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out version) && version > 0;

    private List<ServiceUser> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = session.Command(sql, parameters);
        using SqliteDataReader r = command.ExecuteReader();
        var users = new List<ServiceUser>();
        while (r.Read())
        {
            ServiceUserRole role = Enum.TryParse(r.GetString(2), ignoreCase: false, out ServiceUserRole parsed) ? parsed : ServiceUserRole.Other;
            users.Add(new ServiceUser(Eui64.Parse(r.GetString(0)), r.GetString(1), role, r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4)));
        }

        return users;
    }
}

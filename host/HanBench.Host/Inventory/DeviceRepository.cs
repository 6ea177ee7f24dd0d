using System.Globalization;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>Devices (table <c>devices</c>) and their firmware version per component (table <c>device_firmware</c>).</summary>
public sealed class DeviceRepository
{
    private const string Columns =
        "eui64, device_type, status, manufacturer, model, smets_chts_version, smets_variant, comms_hub_eui64, install_code, join_period_seconds, date_commissioned";

    /// <summary>SQL for <see cref="DeviceRecord.IsAltHan"/>: a PPMID carrying an Alt HAN Device Variant (SECMP0170 §4.2).</summary>
    private static readonly string AltHanCondition =
        $"device_type = '{DeviceType.PPMID}' AND COALESCE(smets_variant, '') IN ({AltHanVariants.SqlList})";

    private readonly InventorySession _session;

    internal DeviceRepository(InventorySession session) => _session = session;

    /// <summary>The device, or null when the inventory does not hold it.</summary>
    public DeviceRecord? Find(Eui64 deviceId) =>
        _session.Query($"SELECT {Columns} FROM devices WHERE eui64 = $id", Map, ("$id", deviceId.ToString())).SingleOrDefault();

    /// <summary>Every device, ordered by EUI-64.</summary>
    public IReadOnlyList<DeviceRecord> All() =>
        _session.Query($"SELECT {Columns} FROM devices ORDER BY eui64", Map);

    /// <summary>
    /// Up to <paramref name="count"/> devices in EUI-64 order, optionally of one type and only those with (true) or
    /// without (false) an Alt HAN variant: a bounded page for views over inventories of millions of devices.
    /// </summary>
    public IReadOnlyList<DeviceRecord> Page(int count, DeviceType? type = null, bool? altHan = null) =>
        _session.Query(
            $"SELECT {Columns} FROM devices WHERE ($type IS NULL OR device_type = $type) AND ($alt IS NULL OR ({AltHanCondition}) = $alt) ORDER BY eui64 LIMIT $n",
            Map,
            ("$type", type?.ToString()),
            ("$alt", altHan),
            ("$n", count));

    /// <summary>The devices on a Comms Hub's whitelist (SRV 8.11), ordered by EUI-64.</summary>
    public IReadOnlyList<DeviceRecord> OnCommsHub(Eui64 commsHubId) =>
        _session.Query($"SELECT {Columns} FROM devices WHERE comms_hub_eui64 = $hub ORDER BY eui64", Map, ("$hub", commsHubId.ToString()));

    /// <summary>Adds a device. Throws <see cref="SqliteException"/> if it exists (callers check first).</summary>
    public void Insert(DeviceRecord device)
    {
        _session.Execute(
            $"INSERT INTO devices ({Columns}, created_utc, updated_utc) VALUES ($id, $type, $status, $man, $model, $chts, $variant, $hub, $code, $join, $date, $now, $now)",
            Parameters(device));
    }

    /// <summary>Rewrites every field of an existing device. Returns false if there is no such device.</summary>
    public bool Update(DeviceRecord device) =>
        _session.Execute(
            """
            UPDATE devices SET device_type = $type, status = $status, manufacturer = $man, model = $model,
                smets_chts_version = $chts, smets_variant = $variant, comms_hub_eui64 = $hub, install_code = $code,
                join_period_seconds = $join, date_commissioned = $date, updated_utc = $now
            WHERE eui64 = $id
            """,
            Parameters(device)) == 1;

    /// <summary>
    /// What the inventory records that names <paramref name="deviceId"/> and would be lost or left dangling with it, one
    /// phrase each ("2 credential requests", …); empty when it can go. The history of service requests carried out on a
    /// device (firmware updates, credential requests, its certificates) and changes whose outcome is still unknown are
    /// kept: <c>firmware_progress</c> and <c>credential_requests</c> reference the device without ON DELETE CASCADE on
    /// purpose, and <see cref="Delete"/>'s caller refuses naming these instead of letting SQLite refuse.
    /// </summary>
    public IReadOnlyList<string> RecordsNaming(Eui64 deviceId)
    {
        string id = deviceId.ToString();
        var named = new List<string>();
        foreach ((string table, string column, string what) in new[]
        {
            ("firmware_progress", "eui64", "firmware update"),
            ("credential_requests", "eui64", "credential request"),
            ("credential_intents", "eui64", "credential change not yet settled"),
            ("device_certificates", "eui64", "certificate record"),
            ("devices", "comms_hub_eui64", "device on it as its Comms Hub"),
        })
        {
            long count = _session.Query($"SELECT COUNT(*) FROM {table} WHERE {column} = $id", r => r.GetInt64(0), ("$id", id))[0];
            if (count > 0)
            {
                named.Add(count == 1 ? $"1 {what}" : $"{count} {Plural(what)}");
            }
        }

        return named;
    }

    private static string Plural(string what) => what switch
    {
        "credential change not yet settled" => "credential changes not yet settled",
        "device on it as its Comms Hub" => "devices on it as their Comms Hub",
        _ => what + "s",
    };

    /// <summary>Removes a device and its firmware versions. Returns false if there was none.</summary>
    public bool Delete(Eui64 deviceId) =>
        _session.Execute("DELETE FROM devices WHERE eui64 = $id", ("$id", deviceId.ToString())) == 1;

    /// <summary>
    /// How many devices with an EUI-64 from <paramref name="from"/> up to (not including) <paramref name="to"/> name a Comms
    /// Hub the inventory does not hold: the foreign key of <c>devices.comms_hub_eui64</c> checked set-based, for a batch of
    /// <see cref="InventoryStore.Bulk{T}"/> run without SQLite enforcing it row by row.
    /// </summary>
    public long MissingCommsHubs(Eui64 from, Eui64 to) =>
        _session.Query(
            """
            SELECT COUNT(*) FROM devices d
            WHERE d.eui64 >= $lo AND d.eui64 < $hi AND d.comms_hub_eui64 IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM devices h WHERE h.eui64 = d.comms_hub_eui64)
            """,
            r => r.GetInt64(0),
            ("$lo", from.ToString()),
            ("$hi", to.ToString()))[0];

    /// <summary>The version recorded for one component, or null.</summary>
    public string? FirmwareVersion(Eui64 deviceId, string component) =>
        _session.Query(
            "SELECT version FROM device_firmware WHERE eui64 = $id AND component = $c",
            r => r.GetString(0),
            ("$id", deviceId.ToString()),
            ("$c", component)).SingleOrDefault();

    /// <summary>Every component's version, keyed by component name.</summary>
    public IReadOnlyDictionary<string, string> FirmwareVersions(Eui64 deviceId) =>
        _session.Query(
            "SELECT component, version FROM device_firmware WHERE eui64 = $id ORDER BY component",
            r => KeyValuePair.Create(r.GetString(0), r.GetString(1)),
            ("$id", deviceId.ToString())).ToDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Records the version a component runs (insert or replace). A change is written to the history by migration 4's
    /// trigger; the version first recorded moves to <c>first_version</c> the first time the row changes (migration 16).
    /// </summary>
    public void SetFirmwareVersion(Eui64 deviceId, string component, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentException.ThrowIfNullOrEmpty(version);
        _session.Execute(
            """
            INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ($id, $c, $v, $now)
            ON CONFLICT (eui64, component) DO UPDATE SET version = excluded.version, updated_utc = excluded.updated_utc,
                first_version = COALESCE(first_version, version), first_utc = COALESCE(first_utc, updated_utc)
            """,
            ("$id", deviceId.ToString()),
            ("$c", component),
            ("$v", version),
            ("$now", Sql.Time(_session.Now)));
    }

    private (string, object?)[] Parameters(DeviceRecord d) =>
    [
        ("$id", d.DeviceId.ToString()),
        ("$type", d.Type.ToString()),
        ("$status", d.Status.ToString()),
        ("$man", d.Manufacturer),
        ("$model", d.Model),
        ("$chts", d.SmetsChtsVersion),
        ("$variant", d.SmetsVariant),
        ("$hub", d.CommsHubId?.ToString()),
        ("$code", d.InstallCode),
        ("$join", d.JoinTimePeriodSeconds),
        ("$date", d.DateCommissioned?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("$now", Sql.Time(_session.Now)),
    ];

    private static DeviceRecord Map(SqliteDataReader r) => new(
        Eui64.Parse(r.GetString(0)),
        EnumText.ParseStored<DeviceType>(r.GetString(1)),
        EnumText.ParseStored<DeviceStatus>(r.GetString(2)),
        r.GetString(3),
        r.GetString(4),
        Sql.ReadStringOrNull(r, 5),
        Sql.ReadStringOrNull(r, 6),
        r.IsDBNull(7) ? null : Eui64.Parse(r.GetString(7)),
        Sql.ReadStringOrNull(r, 8),
        r.IsDBNull(9) ? null : r.GetInt32(9),
        r.IsDBNull(10) ? null : DateOnly.ParseExact(r.GetString(10), "yyyy-MM-dd", CultureInfo.InvariantCulture));
}

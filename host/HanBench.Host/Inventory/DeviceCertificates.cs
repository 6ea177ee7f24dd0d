namespace HanBench.Host.Inventory;

/// <summary>One certificate a device holds, held, or is to hold (table <c>device_certificates</c>, migration 6).</summary>
/// <param name="Id">Row id: the order certificates were recorded in.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Holder">Whose certificate it is to the device: <see cref="DeviceCertificates.DeviceHolder"/> for its own, else the remote party role whose trust anchor it is (Supplier, ACB, …).</param>
/// <param name="Usage">DS, KA or KA-TopUp (<see cref="DeviceCertificates"/>).</param>
/// <param name="Party">The certificate's subject EUI-64, when it names one.</param>
/// <param name="Serial">The certificate serial number (decimal).</param>
/// <param name="Der">The certificate, DER.</param>
/// <param name="RequestId">The service request that issued or installed it, if any.</param>
/// <param name="Issued">When HanBench recorded it.</param>
/// <param name="Installed">When the device took it; null while it waits for CS02d (a CS02c certificate).</param>
/// <param name="Replaced">When a later certificate for the same holder and usage replaced it; null while current.</param>
public sealed record DeviceCertificateRecord(
    long Id,
    Eui64 DeviceId,
    string Holder,
    string Usage,
    Eui64? Party,
    string Serial,
    byte[] Der,
    string? RequestId,
    DateTimeOffset Issued,
    DateTimeOffset? Installed,
    DateTimeOffset? Replaced)
{
    /// <summary>On the device now.</summary>
    public bool IsCurrent => Installed is not null && Replaced is null;

    /// <summary>Issued for the device and waiting to be put on it.</summary>
    public bool IsPending => Installed is null && Replaced is null;

    /// <summary>"current", "pending" or "replaced".</summary>
    public string State => IsCurrent ? "current" : IsPending ? "pending" : "replaced";

    /// <summary>Writes the record as one JSON object (the certificate as Base64 DER).</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("holder", Holder);
        json.WriteString("usage", Usage);
        json.WriteString("state", State);
        json.WriteString("party", Party?.ToString());
        json.WriteString("serial", Serial);
        json.WriteString("requestId", RequestId);
        json.WriteString("issuedUtc", Sql.Time(Issued));
        json.WriteString("installedUtc", Installed is { } installed ? Sql.Time(installed) : null);
        json.WriteString("replacedUtc", Replaced is { } replaced ? Sql.Time(replaced) : null);
        json.WriteBase64String("certificate", Der);
        json.WriteEndObject();
    }
}

/// <summary>
/// The SMKI certificates of each device and their history (SECMP0170 requirement 8, issue 8 §4), over one session: a
/// replacement closes the certificate it replaces and records the new one in the same transaction.
/// </summary>
public sealed class DeviceCertificates(InventorySession session)
{
    /// <summary>The holder of a device's own certificates.</summary>
    public const string DeviceHolder = "Device";

    /// <summary>The holder of the supplier's certificates (its trust anchors on the device: CS02b 6.15.1, 6.23).</summary>
    public const string SupplierHolder = "Supplier";

    /// <summary>The holder of the Access Control Broker's certificates (CS02b 8.5).</summary>
    public const string AcbHolder = "ACB";

    /// <summary>Digital signing.</summary>
    public const string DigitalSigning = "DS";

    /// <summary>Key agreement.</summary>
    public const string KeyAgreement = "KA";

    /// <summary>Key agreement for prepayment top-up (a supplier's third certificate).</summary>
    public const string KeyAgreementTopUp = "KA-TopUp";

    /// <summary>
    /// The usage name of a device trust anchor cell with GBCS key usage <paramref name="keyUsage"/> and cell usage
    /// <paramref name="cellUsage"/> (a CS02a/CS02b outcome's cell).
    /// </summary>
    public static string UsageOfCell(byte keyUsage, byte cellUsage) =>
        keyUsage == HanBench.Protocol.Gbcs.GbcsKeyUsage.DigitalSignature ? DigitalSigning
        : cellUsage == HanBench.Protocol.Gbcs.TrustAnchorCell.PrepaymentTopUp ? KeyAgreementTopUp
        : KeyAgreement;

    private const string Columns = "id, eui64, holder, usage, party_eui64, serial, certificate_der, request_id, issued_utc, installed_utc, replaced_utc";

    /// <summary>Every certificate recorded for <paramref name="device"/>, oldest first.</summary>
    public IReadOnlyList<DeviceCertificateRecord> History(Eui64 device) =>
        session.Query($"SELECT {Columns} FROM device_certificates WHERE eui64 = $id ORDER BY id", Map, ("$id", device.ToString()));

    /// <summary>The certificates on every device now, oldest first (what a starting host takes up: <see cref="Csp.GbcsPartyKeys.UseCurrentCertificates"/>).</summary>
    public IReadOnlyList<DeviceCertificateRecord> AllCurrent() =>
        session.Query($"SELECT {Columns} FROM device_certificates WHERE installed_utc IS NOT NULL AND replaced_utc IS NULL ORDER BY id", Map);

    /// <summary>The certificates on <paramref name="device"/> now.</summary>
    public IReadOnlyList<DeviceCertificateRecord> Current(Eui64 device) => [.. History(device).Where(c => c.IsCurrent)];

    /// <summary>The certificate issued for the device's <paramref name="usage"/> key and not yet on it, if any (the newest).</summary>
    public DeviceCertificateRecord? Pending(Eui64 device, string usage) =>
        History(device).LastOrDefault(c => c.IsPending && c.Holder == DeviceHolder && c.Usage == usage);

    /// <summary>Records a certificate issued for a new device key (CS02c), to be installed by CS02d.</summary>
    public void RecordIssued(Eui64 device, string usage, Eui64? party, string serial, byte[] der, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(der);
        Insert(device, DeviceHolder, usage, party, serial, der, requestId, installed: null);
    }

    /// <summary>
    /// Records that <paramref name="device"/> now holds <paramref name="der"/> for <paramref name="holder"/> and
    /// <paramref name="usage"/>: the current one for the pair (if any) is replaced and a waiting issued copy of the
    /// same certificate is marked installed rather than recorded twice. Recording the current certificate again changes nothing.
    /// </summary>
    public void Install(Eui64 device, string holder, string usage, Eui64? party, string serial, byte[] der, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(der);
        IReadOnlyList<DeviceCertificateRecord> history = History(device);
        if (history.Any(c => c.IsCurrent && c.Holder == holder && c.Usage == usage && c.Der.AsSpan().SequenceEqual(der)))
        {
            return;
        }

        string now = Now();
        foreach (DeviceCertificateRecord current in history.Where(c => c.IsCurrent && c.Holder == holder && c.Usage == usage))
        {
            session.Execute("UPDATE device_certificates SET replaced_utc = $now WHERE id = $row", ("$now", now), ("$row", current.Id));
        }

        if (history.LastOrDefault(c => c.IsPending && c.Holder == holder && c.Usage == usage && c.Der.AsSpan().SequenceEqual(der)) is { } pending)
        {
            session.Execute("UPDATE device_certificates SET installed_utc = $now WHERE id = $row", ("$now", now), ("$row", pending.Id));
            return;
        }

        Insert(device, holder, usage, party, serial, der, requestId, installed: now);
    }

    private void Insert(Eui64 device, string holder, string usage, Eui64? party, string serial, byte[] der, string? requestId, string? installed) =>
        session.Execute(
            """
            INSERT INTO device_certificates (eui64, holder, usage, party_eui64, serial, certificate_der, request_id, issued_utc, installed_utc)
            VALUES ($id, $holder, $usage, $party, $serial, $der, $request, $now, $installed)
            """,
            ("$id", device.ToString()),
            ("$holder", holder),
            ("$usage", usage),
            ("$party", party?.ToString()),
            ("$serial", serial),
            ("$der", der),
            ("$request", requestId),
            ("$now", Now()),
            ("$installed", installed));

    private string Now() => Sql.Time(session.Now);

    private static DeviceCertificateRecord Map(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetInt64(0),
        Eui64.Parse(r.GetString(1)),
        r.GetString(2),
        r.GetString(3),
        r.IsDBNull(4) ? null : Eui64.Parse(r.GetString(4)),
        r.GetString(5),
        (byte[])r.GetValue(6),
        Sql.ReadStringOrNull(r, 7),
        Sql.ReadTime(r, 8),
        Sql.ReadTimeOrNull(r, 9),
        Sql.ReadTimeOrNull(r, 10));
}

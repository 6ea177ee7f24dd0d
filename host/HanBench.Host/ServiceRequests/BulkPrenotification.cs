using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.ServiceRequests;

/// <summary>One refused entry of a bulk pre-notification.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="ResponseCode">The 12.2 code it would have got (E120201 duplicate, E120203 bad details).</param>
/// <param name="Message">Why.</param>
public sealed record BulkPrenotificationRefusal(Eui64 DeviceId, string ResponseCode, string Message);

/// <summary>What a bulk pre-notification did.</summary>
/// <param name="Added">Devices added as Pending.</param>
/// <param name="Refused">Entries refused, each with its reason.</param>
public sealed record BulkPrenotificationResult(long Added, IReadOnlyList<BulkPrenotificationRefusal> Refused);

/// <summary>
/// SRV 12.2 for many devices at once (a roll-out file, the scale benchmark): the same checks as
/// <see cref="DevicePrenotificationHandler"/> (shared <see cref="DuisFieldRules"/>, duplicates refused), but written in
/// batches of <c>batchSize</c> devices per transaction, a row at a time through statements prepared once per batch,
/// so 1.6 million bridges take seconds rather than one synchronous commit each. A batch is all or nothing; the audit log gets one line per refusal and one
/// per batch for the accepted devices (HanBench choice: a line per device would double the writes).
/// </summary>
public sealed class BulkPrenotificationHandler(InventoryStore store)
{
    /// <summary>Devices per transaction unless told otherwise.</summary>
    public const int DefaultBatchSize = 50_000;

    /// <summary>Pre-notifies every request; <paramref name="progress"/> hears the running count after each batch.</summary>
    public BulkPrenotificationResult Handle(IEnumerable<DevicePrenotificationRequest> requests, int batchSize = DefaultBatchSize, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // Foreign keys unchecked row by row: the only reference a batch writes, device_firmware.eui64, names the device
        // inserted by the statement just before it (a version is recorded only when its device was added), so it holds by
        // construction (InventoryStore.Bulk). SQLite's check was one more index seek per version, a tenth of the step.
        return store.Bulk(() => WriteAll(requests, batchSize, progress), enforceForeignKeys: false);
    }

    private BulkPrenotificationResult WriteAll(IEnumerable<DevicePrenotificationRequest> requests, int batchSize, IProgress<long>? progress)
    {
        var refused = new List<BulkPrenotificationRefusal>();
        long added = 0;
        var batch = new List<DevicePrenotificationRequest>(Math.Min(batchSize, 100_000));
        foreach (DevicePrenotificationRequest request in requests)
        {
            batch.Add(request);
            if (batch.Count == batchSize)
            {
                added += WriteBatch(batch, refused);
                batch.Clear();
                progress?.Report(added);
            }
        }

        if (batch.Count > 0)
        {
            added += WriteBatch(batch, refused);
            progress?.Report(added);
        }

        return new BulkPrenotificationResult(added, refused);
    }

    /// <summary>
    /// One batch in one transaction, a row at a time through two <see cref="RowStatement"/>s: each device is checked as
    /// <see cref="DevicePrenotificationHandler"/> checks it, inserted unless the inventory holds it already (refused then,
    /// E120201, as the one-request path does, with nothing of it written), then its versions are recorded. The batch's
    /// devices come in EUI-64 order in a roll-out file, so every row goes at the end of its B-tree.
    /// </summary>
    private long WriteBatch(List<DevicePrenotificationRequest> batch, List<BulkPrenotificationRefusal> refused) => store.Write(session =>
    {
        var refusals = new List<(DevicePrenotificationRequest Request, string Code, string Message)>();
        long added = 0;
        using var devices = new RowStatement(session,
            """
            INSERT INTO devices (eui64, device_type, status, manufacturer, model, smets_chts_version, smets_variant, created_utc, updated_utc)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
            ON CONFLICT (eui64) DO NOTHING
            """);
        using var firmware = new RowStatement(session, "INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES (?1, ?2, ?3, ?4)");
        string now = Sql.Time(session.Now);
        devices.Bind(3, nameof(DeviceStatus.Pending));
        devices.Bind(8, now);
        firmware.Bind(4, now);
        Span<byte> id = stackalloc byte[Eui64.TextLength];
        foreach (DevicePrenotificationRequest r in batch)
        {
            if (DevicePrenotificationHandler.Problem(r) is { } problem)
            {
                refusals.Add((r, DuisResponseCodes.PrenotificationInvalidDetails, problem));
                continue;
            }

            // Enum names are interned strings: a run of devices of one type and variant binds them once.
            r.DeviceId.WriteUtf8(id);
            devices.Bind(1, id);
            devices.Bind(2, r.DeviceType.ToString());
            devices.Bind(4, r.Manufacturer);
            devices.Bind(5, r.Model);
            devices.Bind(6, r.SmetsChtsVersion);
            devices.Bind(7, r.AltHanVariant?.ToString() ?? r.EsmeVariant);
            if (devices.Step() == 0)
            {
                refusals.Add((r, DuisResponseCodes.PrenotificationDuplicate, $"{r.DeviceId} is already in the inventory"));
                continue;
            }

            // In device_firmware's key order ("broadcom" sorts first), so a batch in EUI-64 order only appends.
            firmware.Bind(1, id);
            RecordVersion(firmware, FirmwareComponents.Broadcom, r.BroadcomVersion);
            RecordVersion(firmware, FirmwareComponents.DuisVisible(r.AltHanVariant is not null), r.FirmwareVersion);
            added++;
        }

        foreach ((DevicePrenotificationRequest r, string code, string message) in refusals)
        {
            refused.Add(new BulkPrenotificationRefusal(r.DeviceId, code, message));
            session.Audit.Append(r.RequestId, ServiceReferenceVariants.DevicePrenotification, r.DeviceId.ToString(), code, message);
        }

        session.Audit.Append(null, ServiceReferenceVariants.DevicePrenotification, $"{batch.Count} devices", DuisResponseCodes.Success,
            $"bulk pre-notification: {added} added as Pending, {refusals.Count} refused");
        return added;
    });

    private static void RecordVersion(RowStatement firmware, string component, string? version)
    {
        if (version is not null)
        {
            firmware.Bind(2, component);
            firmware.Bind(3, version);
            firmware.Step();
        }
    }
}

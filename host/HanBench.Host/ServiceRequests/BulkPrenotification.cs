using System.Globalization;
using HanBench.Host.Inventory;
using Microsoft.Data.Sqlite;

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
/// batches of <c>batchSize</c> devices per transaction through prepared statements, so 1.6 million bridges take seconds
/// rather than one synchronous commit each. A batch is all or nothing; the audit log gets one line per refusal and one
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

    private long WriteBatch(List<DevicePrenotificationRequest> batch, List<BulkPrenotificationRefusal> refused) => store.Write(session =>
    {
        string now = session.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        using SqliteCommand device = session.Command(
            """
            INSERT INTO devices (eui64, device_type, status, manufacturer, model, smets_chts_version, smets_variant, created_utc, updated_utc)
            VALUES ($id, $type, $status, $man, $model, $chts, $variant, $now, $now)
            ON CONFLICT (eui64) DO NOTHING
            """);
        SqliteParameter id = device.Parameters.Add("$id", SqliteType.Text);
        SqliteParameter type = device.Parameters.Add("$type", SqliteType.Text);
        SqliteParameter status = device.Parameters.Add("$status", SqliteType.Text);
        SqliteParameter man = device.Parameters.Add("$man", SqliteType.Text);
        SqliteParameter model = device.Parameters.Add("$model", SqliteType.Text);
        SqliteParameter chts = device.Parameters.Add("$chts", SqliteType.Text);
        SqliteParameter variant = device.Parameters.Add("$variant", SqliteType.Text);
        device.Parameters.AddWithValue("$now", now);
        status.Value = nameof(DeviceStatus.Pending);
        device.Prepare();

        using SqliteCommand firmware = session.Command(
            "INSERT INTO device_firmware (eui64, component, version, updated_utc) VALUES ($id, $c, $v, $now)");
        SqliteParameter firmwareId = firmware.Parameters.Add("$id", SqliteType.Text);
        SqliteParameter version = firmware.Parameters.Add("$v", SqliteType.Text);
        SqliteParameter component = firmware.Parameters.Add("$c", SqliteType.Text);
        firmware.Parameters.AddWithValue("$now", now);
        firmware.Prepare();

        int batchRefusals = refused.Count;
        long added = 0;
        foreach (DevicePrenotificationRequest r in batch)
        {
            if (DevicePrenotificationHandler.Problem(r) is { } problem)
            {
                Refuse(session, r, DuisResponseCodes.PrenotificationInvalidDetails, problem, refused);
                continue;
            }

            string text = r.DeviceId.ToString();
            id.Value = text;
            type.Value = r.DeviceType.ToString();
            man.Value = r.Manufacturer;
            model.Value = r.Model;
            chts.Value = (object?)r.SmetsChtsVersion ?? DBNull.Value;
            variant.Value = (object?)r.AltHanVariant?.ToString() ?? (object?)r.EsmeVariant ?? DBNull.Value;
            if (device.ExecuteNonQuery() == 0)
            {
                Refuse(session, r, DuisResponseCodes.PrenotificationDuplicate, $"{text} is already in the inventory", refused);
                continue;
            }

            if (r.FirmwareVersion is not null)
            {
                firmwareId.Value = text;
                component.Value = FirmwareComponents.DuisVisible(r.AltHanVariant is not null);
                version.Value = r.FirmwareVersion;
                firmware.ExecuteNonQuery();
            }

            if (r.BroadcomVersion is not null)
            {
                firmwareId.Value = text;
                component.Value = FirmwareComponents.Broadcom;
                version.Value = r.BroadcomVersion;
                firmware.ExecuteNonQuery();
            }

            added++;
        }

        session.Audit.Append(null, ServiceReferenceVariants.DevicePrenotification, $"{batch.Count} devices", DuisResponseCodes.Success,
            $"bulk pre-notification: {added} added as Pending, {refused.Count - batchRefusals} refused");
        return added;
    });

    private static void Refuse(InventorySession session, DevicePrenotificationRequest r, string code, string message, List<BulkPrenotificationRefusal> refused)
    {
        refused.Add(new BulkPrenotificationRefusal(r.DeviceId, code, message));
        session.Audit.Append(r.RequestId, ServiceReferenceVariants.DevicePrenotification, r.DeviceId.ToString(), code, message);
    }
}

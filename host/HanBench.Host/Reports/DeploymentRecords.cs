using System.Globalization;
using System.Text.Json;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Reports;

/// <summary>A version change of one component of one device: the first version recorded (from nothing) or a change (table <c>firmware_history</c>).</summary>
/// <param name="Component">Firmware component.</param>
/// <param name="FromVersion">The version before; null when the first version was recorded.</param>
/// <param name="ToVersion">The version after.</param>
/// <param name="AtUtc">When.</param>
public sealed record FirmwareVersionChange(string Component, string? FromVersion, string ToVersion, DateTimeOffset AtUtc);

/// <summary>One distribution a device took part in.</summary>
/// <param name="RequestId">The 11.4/11.1 RequestID.</param>
/// <param name="ServiceReferenceVariant">11.4 or 11.1.</param>
/// <param name="Component">Firmware component.</param>
/// <param name="FirmwareVersion">The version distributed.</param>
/// <param name="State">Where the device stands in it.</param>
/// <param name="FailureReason">Why it failed (or the last retry's reason).</param>
/// <param name="AcceptedUtc">When the request was accepted.</param>
/// <param name="UpdatedUtc">Last change of the device's progress.</param>
public sealed record FirmwareDeployment(string RequestId, string ServiceReferenceVariant, string Component, string FirmwareVersion, FirmwareProgressState State, string? FailureReason, DateTimeOffset AcceptedUtc, DateTimeOffset UpdatedUtc);

/// <summary>
/// The DCC's records of one device's firmware (SECMP0170 §3.4 requirement 5: "records on firmware deployments and
/// current firmware versions of Alt HAN P2P Devices"): its current version per component, every version change and
/// every distribution it was part of.
/// </summary>
/// <param name="Device">The inventory entry.</param>
/// <param name="CurrentVersions">Component → version now.</param>
/// <param name="History">Version changes, oldest first.</param>
/// <param name="Deployments">Distributions, oldest first.</param>
public sealed record DeviceDeploymentRecord(
    DeviceRecord Device,
    IReadOnlyDictionary<string, string> CurrentVersions,
    IReadOnlyList<FirmwareVersionChange> History,
    IReadOnlyList<FirmwareDeployment> Deployments)
{
    /// <summary>The record of <paramref name="deviceId"/>, or null when the inventory does not hold it.</summary>
    public static DeviceDeploymentRecord? For(InventorySession session, Eui64 deviceId)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Devices.Find(deviceId) is not { } device)
        {
            return null;
        }

        string id = deviceId.ToString();
        var history = new List<FirmwareVersionChange>();
        // The first version of each component lives in its device_firmware row, the rest in firmware_history (its changes,
        // and first versions of rows since deleted: migration 16); oldest first, a first record before a change made at
        // the same time, the history in the order it was written.
        using (SqliteCommand command = session.Command(
            """
            SELECT component, NULL, COALESCE(first_version, version), COALESCE(first_utc, updated_utc), 0 AS change, 0 AS id
            FROM device_firmware WHERE eui64 = $id
            UNION ALL
            SELECT component, from_version, to_version, at_utc, 1, id FROM firmware_history WHERE eui64 = $id
            ORDER BY 4, 5, 6, 1
            """,
            ("$id", id)))
        using (SqliteDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                history.Add(new FirmwareVersionChange(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), Time(r, 3)));
            }
        }

        var deployments = new List<FirmwareDeployment>();
        using (SqliteCommand command = session.Command(
            """
            SELECT q.request_id, q.service_reference, p.component, q.firmware_version, p.state, p.failure_reason, q.created_utc, p.updated_utc
            FROM firmware_progress p JOIN firmware_requests q ON q.id = p.request_row
            WHERE p.eui64 = $id ORDER BY q.id
            """,
            ("$id", id)))
        using (SqliteDataReader r = command.ExecuteReader())
        {
            while (r.Read())
            {
                deployments.Add(new FirmwareDeployment(
                    r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    Enum.Parse<FirmwareProgressState>(r.GetString(4)), r.IsDBNull(5) ? null : r.GetString(5), Time(r, 6), Time(r, 7)));
            }
        }

        return new DeviceDeploymentRecord(device, session.Devices.FirmwareVersions(deviceId), history, deployments)
        {
            Certificates = new DeviceCertificates(session).History(deviceId),
        };
    }

    /// <summary>The device's SMKI certificates, current, pending and replaced, oldest first (SECMP0170 requirement 8).</summary>
    public IReadOnlyList<DeviceCertificateRecord> Certificates { get; init; } = [];

    /// <summary>Writes this record as one JSON object.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("deviceId", Device.DeviceId.ToString());
        json.WriteString("deviceType", Device.Type.ToString());
        json.WriteString("status", Device.Status.ToString());
        if (Device.AltHanVariant is { } variant)
        {
            json.WriteString("altHanVariant", variant.ToString());
        }
        else
        {
            json.WriteNull("altHanVariant");
        }

        json.WriteStartObject("currentVersions");
        foreach ((string component, string version) in CurrentVersions)
        {
            json.WriteString(component, version);
        }

        json.WriteEndObject();
        json.WriteStartArray("history");
        foreach (FirmwareVersionChange change in History)
        {
            json.WriteStartObject();
            json.WriteString("component", change.Component);
            if (change.FromVersion is null)
            {
                json.WriteNull("fromVersion");
            }
            else
            {
                json.WriteString("fromVersion", change.FromVersion);
            }

            json.WriteString("toVersion", change.ToVersion);
            json.WriteString("atUtc", AltHanCoReport.Time(change.AtUtc));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("deployments");
        foreach (FirmwareDeployment d in Deployments)
        {
            json.WriteStartObject();
            json.WriteString("requestId", d.RequestId);
            json.WriteString("serviceReferenceVariant", d.ServiceReferenceVariant);
            json.WriteString("component", d.Component);
            json.WriteString("firmwareVersion", d.FirmwareVersion);
            json.WriteString("state", d.State.ToString());
            if (d.FailureReason is null)
            {
                json.WriteNull("failureReason");
            }
            else
            {
                json.WriteString("failureReason", d.FailureReason);
            }

            json.WriteString("acceptedUtc", AltHanCoReport.Time(d.AcceptedUtc));
            json.WriteString("updatedUtc", AltHanCoReport.Time(d.UpdatedUtc));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("certificates");
        foreach (DeviceCertificateRecord certificate in Certificates)
        {
            certificate.WriteJson(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>CSV of the history, one line per change: <c>device,variant,component,from_version,to_version,at_utc</c> (no header).</summary>
    public void WriteHistoryCsv(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (FirmwareVersionChange change in History)
        {
            output.WriteLine(string.Join(",", Device.DeviceId.ToString(), Device.AltHanVariant?.ToString() ?? string.Empty, AltHanCoReport.Csv(change.Component),
                AltHanCoReport.Csv(change.FromVersion ?? string.Empty), AltHanCoReport.Csv(change.ToVersion), AltHanCoReport.Time(change.AtUtc)));
        }
    }

    /// <summary>The CSV header for <see cref="WriteHistoryCsv"/>.</summary>
    public const string HistoryCsvHeader = "device,variant,component,from_version,to_version,at_utc";

    private static DateTimeOffset Time(SqliteDataReader r, int i) =>
        DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

using System.Globalization;
using System.Net;
using System.Text;
using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Protocol.Management;

namespace HanBench.Host.Ssi;

/// <summary>
/// The SSI's HTML, rendered on the server: every view works with JavaScript off; the live views (firmware requests and
/// alerts) also carry a few lines of script that replace their table bodies with fragments pushed by <c>/events</c>,
/// rendered here by the same methods as the page itself.
/// </summary>
public static class SsiPages
{
    /// <summary>The id of the table body the live firmware progress fragment replaces.</summary>
    public const string ProgressRowsId = "progress-rows";

    /// <summary>The id of the table body the live alert fragment replaces.</summary>
    public const string AlertRowsId = "alert-rows";

    private static readonly (string Path, string Label)[] Navigation =
        [("/devices", "Devices"), ("/firmware", "Firmware requests"), ("/alerts", "DCC alerts"), ("/reports", "Reports"), ("/topology", "HAN topology")];

    /// <summary>The whole page around <paramref name="body"/>.</summary>
    public static string Layout(string title, string body, string inventory, bool live = false)
    {
        var html = new StringBuilder(body.Length + 2048);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append(" · HanBench SSI</title>")
            .Append("<style>body{font:14px system-ui,sans-serif;margin:0;color:#222}header{background:#12344d;color:#fff;padding:.6em 1em}")
            .Append("header a{color:#fff;margin-right:1.2em;text-decoration:none}main{padding:1em}table{border-collapse:collapse;margin:.5em 0 1.5em}")
            .Append("th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top;white-space:nowrap}th{background:#eef2f5}")
            .Append(".althan{font-weight:600;color:#7a3e00}.Failed{color:#b00020}.Activated{color:#1b6e20}footer{color:#666;padding:1em;font-size:12px}")
            .Append("progress{width:8em}</style></head><body><header><strong>HanBench SSI</strong> &nbsp; ");
        foreach ((string path, string label) in Navigation)
        {
            html.Append("<a href=\"").Append(path).Append("\">").Append(E(label)).Append("</a>");
        }

        html.Append("</header><main><h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main><footer>")
            .Append("Read-only view of the inventory ").Append(E(inventory))
            .Append(". It changes nothing, so it needs no login on loopback: actions go through the signed DUIS endpoint and the hanbench CLI.</footer>");
        if (live)
        {
            // Server-sent events (GET /events): each message holds the two table bodies, rendered by the server.
            html.Append("<script>(function(){var s=new EventSource('/events');s.onmessage=function(m){var d=JSON.parse(m.data);")
                .Append("var p=document.getElementById('").Append(ProgressRowsId).Append("');if(p)p.innerHTML=d.progress;")
                .Append("var a=document.getElementById('").Append(AlertRowsId).Append("');if(a)a.innerHTML=d.alerts;};})();</script>");
        }

        return html.Append("</body></html>").ToString();
    }

    /// <summary>The inventory, filtered by display type.</summary>
    public static string Devices(IReadOnlyList<SsiDevice> devices, string? type)
    {
        var html = new StringBuilder();
        html.Append("<form method=\"get\" action=\"/devices\"><label>Device type <select name=\"type\"><option value=\"\">all</option>");
        foreach (string t in SsiReadModel.DeviceTypes)
        {
            html.Append("<option").Append(t == type ? " selected" : string.Empty).Append('>').Append(E(t)).Append("</option>");
        }

        html.Append("</select></label> <button>Filter</button></form>")
            .Append("<table id=\"devices\"><thead><tr><th>Device</th><th>Device type</th><th>Alt HAN Variant</th><th>Status</th><th>Comms Hub</th>")
            .Append("<th>Manufacturer / model</th><th>Firmware</th></tr></thead><tbody>");
        foreach (SsiDevice d in devices)
        {
            DeviceRecord r = d.Device;
            html.Append("<tr><td>").Append(DeviceLink(r.DeviceId)).Append("</td><td").Append(r.IsAltHan ? " class=\"althan\"" : string.Empty).Append('>')
                .Append(E(d.DisplayType)).Append("</td><td>").Append(E(r.AltHanVariant?.ToString())).Append("</td><td>").Append(E(r.Status.ToString()))
                .Append("</td><td>").Append(r.CommsHubId is { } hub ? DeviceLink(hub) : string.Empty).Append("</td><td>").Append(E($"{r.Manufacturer} / {r.Model}"))
                .Append("</td><td>").Append(E(string.Join(", ", d.Firmware.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"))))
                .Append("</td></tr>");
        }

        html.Append("</tbody></table><p>").Append(devices.Count).Append(devices.Count == SsiReadModel.MaxRows ? " devices shown (the first ones; filter to narrow)" : " devices").Append("</p>");
        return html.ToString();
    }

    /// <summary>One device: its fields (with the Alt HAN Variant where set), firmware per component, history, requests, SMKI certificates and alerts.</summary>
    public static string Device(SsiDeviceDetails details)
    {
        DeviceRecord d = details.Record.Device;
        var html = new StringBuilder();
        html.Append("<table id=\"fields\"><tbody>");
        Field(html, "Device type", SsiReadModel.DisplayType(d));
        Field(html, "DUIS device type", d.Type.ToString());

        // SECMP0170 §4.4: "when displaying device details, include Alt HAN Variant where set".
        if (d.AltHanVariant is { } variant)
        {
            Field(html, "Alt HAN Variant", variant.ToString());
        }

        Field(html, "Status", d.Status.ToString());
        Field(html, "Manufacturer", d.Manufacturer);
        Field(html, "Model", d.Model);
        Field(html, "Comms Hub", d.CommsHubId?.ToString());
        Field(html, "Commissioned", d.DateCommissioned?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        html.Append("</tbody></table><h2>Firmware</h2><table id=\"firmware\"><thead><tr><th>Component</th><th>Version</th></tr></thead><tbody>");
        foreach (KeyValuePair<string, string> f in details.Record.CurrentVersions.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            html.Append("<tr><td>").Append(E(f.Key)).Append("</td><td>").Append(E(f.Value)).Append("</td></tr>");
        }

        html.Append("</tbody></table><h2>Firmware history</h2><table id=\"history\"><thead><tr><th>Component</th><th>From</th><th>To</th><th>At (UTC)</th></tr></thead><tbody>");
        foreach (FirmwareVersionChange c in details.Record.History)
        {
            html.Append("<tr><td>").Append(E(c.Component)).Append("</td><td>").Append(E(c.FromVersion)).Append("</td><td>").Append(E(c.ToVersion))
                .Append("</td><td>").Append(Time(c.AtUtc)).Append("</td></tr>");
        }

        html.Append("</tbody></table><h2>Firmware requests</h2><table id=\"requests\"><thead><tr><th>RequestID</th><th>Service reference</th><th>Component</th>")
            .Append("<th>Version</th><th>State</th><th>Failure</th><th>Updated (UTC)</th></tr></thead><tbody>");
        foreach (FirmwareDeployment r in details.Record.Deployments)
        {
            html.Append("<tr><td>").Append(E(r.RequestId)).Append("</td><td>").Append(E(r.ServiceReferenceVariant)).Append("</td><td>").Append(E(r.Component))
                .Append("</td><td>").Append(E(r.FirmwareVersion)).Append("</td><td class=\"").Append(r.State).Append("\">").Append(r.State).Append("</td><td>")
                .Append(E(r.FailureReason)).Append("</td><td>").Append(Time(r.UpdatedUtc)).Append("</td></tr>");
        }

        // SECMP0170 requirement 8: the SMKI certificates the device holds and held.
        html.Append("</tbody></table><h2>SMKI certificates</h2><table id=\"certificates\"><thead><tr><th>Holder</th><th>Usage</th><th>State</th>")
            .Append("<th>Party</th><th>Serial</th><th>Installed (UTC)</th><th>Replaced (UTC)</th><th>RequestID</th></tr></thead><tbody>");
        foreach (DeviceCertificateRecord c in details.Record.Certificates)
        {
            html.Append("<tr><td>").Append(E(c.Holder)).Append("</td><td>").Append(E(c.Usage)).Append("</td><td>").Append(c.State).Append("</td><td>")
                .Append(E(c.Party?.ToString())).Append("</td><td>").Append(E(c.Serial)).Append("</td><td>").Append(c.Installed is { } i ? Time(i) : string.Empty)
                .Append("</td><td>").Append(c.Replaced is { } r ? Time(r) : string.Empty).Append("</td><td>").Append(E(c.RequestId)).Append("</td></tr>");
        }

        html.Append("</tbody></table><h2>DCC alerts</h2>").Append(AlertTable(AlertRows(details.Alerts), id: null));
        return html.ToString();
    }

    /// <summary>Firmware requests with each device's state, bytes, percent and remaining time, and the alert feed; live.</summary>
    public static string Firmware(string progressRows, string alertRows) =>
        "<table><thead><tr><th>RequestID</th><th>Device</th><th>Component</th><th>Version</th><th>State</th><th>Bytes</th><th>Progress</th>"
        + "<th>Remaining</th><th>Failure</th></tr></thead><tbody id=\"" + ProgressRowsId + "\">" + progressRows + "</tbody></table>"
        + "<h2>DCC alerts</h2>" + AlertTable(alertRows, AlertRowsId);

    /// <summary>The rows of the firmware progress table (also pushed live).</summary>
    public static string ProgressRows(IReadOnlyList<SsiProgress> rows, SsiRemainingTime remaining)
    {
        var html = new StringBuilder();
        foreach (SsiProgress row in rows)
        {
            FirmwareProgressRecord p = row.Progress;
            string percent = row.Percent.ToString("0.0", CultureInfo.InvariantCulture);
            TimeSpan? left = remaining.Estimate(row);
            html.Append("<tr data-device=\"").Append(p.DeviceId).Append("\" data-component=\"").Append(E(p.Component)).Append("\" data-state=\"").Append(p.State).Append("\" data-percent=\"").Append(percent).Append("\"><td>")
                .Append(E(row.Request.RequestId)).Append("</td><td>").Append(DeviceLink(p.DeviceId)).Append("</td><td>").Append(E(p.Component)).Append("</td><td>")
                .Append(E(row.Request.FirmwareVersion)).Append("</td><td class=\"").Append(p.State).Append("\">").Append(p.State).Append("</td><td>")
                .Append(p.BytesDone.ToString("N0", CultureInfo.InvariantCulture)).Append(" / ").Append(p.BytesTotal.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td><td><progress max=\"100\" value=\"").Append(percent).Append("\"></progress> ").Append(percent).Append(" %</td><td>")
                .Append(left is { } t ? E(Duration(t)) : string.Empty).Append("</td><td>").Append(E(p.FailureReason)).Append("</td></tr>");
        }

        return html.ToString();
    }

    /// <summary>The rows of an alert table (also pushed live).</summary>
    public static string AlertRows(IReadOnlyList<DccAlertRecord> alerts)
    {
        var html = new StringBuilder();
        foreach (DccAlertRecord a in alerts)
        {
            html.Append("<tr data-code=\"").Append(E(a.AlertCode)).Append("\" data-device=\"").Append(a.DeviceId?.ToString()).Append("\"><td>").Append(E(a.AlertCode))
                .Append("</td><td>").Append(a.DeviceId is { } id ? DeviceLink(id) : string.Empty).Append("</td><td>").Append(E(a.RequestId)).Append("</td><td>")
                .Append(Time(a.CreatedUtc)).Append("</td><td>").Append(a.DeliveredUtc is { } at ? Time(at) : "pending").Append("</td></tr>");
        }

        return html.ToString();
    }

    /// <summary>An alert table around <paramref name="rows"/>; <paramref name="id"/> names its body for live updates.</summary>
    public static string AlertTable(string rows, string? id) =>
        "<table><thead><tr><th>Alert</th><th>Device</th><th>RequestID</th><th>Issued (UTC)</th><th>Delivered (UTC)</th></tr></thead><tbody"
        + (id is null ? string.Empty : " id=\"" + id + "\"") + ">" + rows + "</tbody></table>";

    /// <summary>The AltHANCo report (requirement 4) and the Alt HAN deployment records (requirement 5), with CSV downloads.</summary>
    public static string Reports(AltHanCoReport report, IReadOnlyList<DeviceDeploymentRecord> deployments)
    {
        var html = new StringBuilder();
        html.Append("<h2>AltHANCo report</h2><p>Deployed firmware versions per Alt HAN variant and component (SECMP0170 requirement 4). ")
            .Append("<a href=\"/reports/althanco.csv\">Download CSV</a></p><table id=\"althanco\"><thead><tr><th>Variant</th><th>Component</th><th>Version</th>")
            .Append("<th>Devices</th><th>Last change (UTC)</th></tr></thead><tbody>");
        foreach (AltHanCoReportLine line in report.Lines)
        {
            html.Append("<tr><td>").Append(line.Variant).Append("</td><td>").Append(E(line.Component)).Append("</td><td>").Append(E(line.FirmwareVersion ?? "unknown"))
                .Append("</td><td>").Append(line.Devices).Append("</td><td>").Append(line.LastChangeUtc is { } at ? Time(at) : string.Empty).Append("</td></tr>");
        }

        html.Append("</tbody></table><h2>Deployment records</h2><p>Firmware version history of every Alt HAN P2P Device (requirement 5). ")
            .Append("<a href=\"/reports/deployments.csv\">Download CSV</a></p><table id=\"deployments\"><thead><tr><th>Device</th><th>Variant</th><th>Component</th>")
            .Append("<th>From</th><th>To</th><th>At (UTC)</th></tr></thead><tbody>");
        foreach (DeviceDeploymentRecord record in deployments)
        {
            foreach (FirmwareVersionChange c in record.History)
            {
                html.Append("<tr><td>").Append(DeviceLink(record.Device.DeviceId)).Append("</td><td>").Append(record.Device.AltHanVariant).Append("</td><td>")
                    .Append(E(c.Component)).Append("</td><td>").Append(E(c.FromVersion)).Append("</td><td>").Append(E(c.ToVersion)).Append("</td><td>")
                    .Append(Time(c.AtUtc)).Append("</td></tr>");
            }
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>An error page body: what was wrong, in words.</summary>
    public static string Error(string message) => "<p class=\"Failed\">" + E(message) + "</p><p><a href=\"/devices\">Back to the devices</a></p>";

    /// <summary>HTML-encodes text (null: empty).</summary>
    internal static string E(string? text) => text is null ? string.Empty : WebUtility.HtmlEncode(text);

    private static string DeviceLink(Eui64 id) => "<a href=\"/devices/" + id + "\">" + id + "</a>";

    private static void Field(StringBuilder html, string name, string? value) =>
        html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{Math.Max(1, (int)Math.Ceiling(t.TotalSeconds))} s";
}

using System.Globalization;
using System.Text;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;

namespace HanBench.Host.Ssi;

/// <summary>
/// The HAN behind each Comms Hub as an SVG, with the bytes of the transfers in progress on every hop they cross
/// (SECMP0170 requirement 10, "minimise the impact to other Devices on the HAN", made visible).
/// <para>
/// The inventory knows which devices a hub serves, not how the radio reaches them. HanBench choice, as on its standard
/// bench: the Alt HAN bridges of one hub pair up B1 ═ B2 and B3 ═ B4; B1 and B3 join the hub's ZigBee HAN, and B2 and B4
/// are reached over their partner's Alt HAN point-to-point link, so a transfer to B2 crosses both hops.
/// </para>
/// </summary>
public static class SsiTopology
{
    /// <summary>Hubs drawn at most (one SVG each).</summary>
    public const int MaxHubs = 16;

    /// <summary>Devices drawn per hub at most (a HAN whitelist holds far fewer).</summary>
    public const int MaxDevicesPerHub = 32;

    private const int RowHeight = 56;
    private const int NodeWidth = 190;
    private const int NodeHeight = 40;

    /// <summary>One SVG per Comms Hub in <paramref name="devices"/>, each hop labelled with the bytes in flight over it.</summary>
    public static string Render(IReadOnlyList<DeviceRecord> devices, IReadOnlyList<SsiProgress> progress)
    {
        var inFlight = new Dictionary<Eui64, long>();
        foreach (SsiProgress row in progress)
        {
            if (!row.Ended && row.Progress.State == FirmwareProgressState.Transferring)
            {
                inFlight[row.Progress.DeviceId] = inFlight.GetValueOrDefault(row.Progress.DeviceId) + row.Progress.BytesDone;
            }
        }

        var html = new StringBuilder();
        List<DeviceRecord> hubs = devices.Where(d => d.Type == DeviceType.CHF).Take(MaxHubs).ToList();
        if (hubs.Count == 0)
        {
            return "<p>No Comms Hub in the inventory.</p>";
        }

        foreach (DeviceRecord hub in hubs)
        {
            List<DeviceRecord> served = devices.Where(d => d.CommsHubId == hub.DeviceId && d.DeviceId != hub.DeviceId).Take(MaxDevicesPerHub).ToList();
            html.Append(RenderHub(hub, served, inFlight));
        }

        return html.ToString();
    }

    private static string RenderHub(DeviceRecord hub, List<DeviceRecord> served, Dictionary<Eui64, long> inFlight)
    {
        // Place each device: on the HAN (column 1), or behind its Alt HAN partner (column 2, same row).
        var farOf = new Dictionary<AltHanVariant, AltHanVariant> { [AltHanVariant.B1] = AltHanVariant.B2, [AltHanVariant.B3] = AltHanVariant.B4 };
        var byVariant = served.Where(d => d.AltHanVariant is not null).GroupBy(d => d.AltHanVariant!.Value).ToDictionary(g => g.Key, g => g.First());
        var rows = new List<(DeviceRecord Near, DeviceRecord? Far)>();
        foreach (DeviceRecord d in served)
        {
            bool behindPartner = d.AltHanVariant is { } v && farOf.Any(pair => pair.Value == v && byVariant.ContainsKey(pair.Key) && byVariant[v] == d);
            if (!behindPartner)
            {
                DeviceRecord? far = d.AltHanVariant is { } near && farOf.TryGetValue(near, out AltHanVariant farVariant) && byVariant[near] == d
                    && byVariant.TryGetValue(farVariant, out DeviceRecord? partner) ? partner : null;
                rows.Add((d, far));
            }
        }

        int height = Math.Max(1, rows.Count) * RowHeight + 20;
        int hubY = (height / 2) - (NodeHeight / 2);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<h2>{SsiPages.E(hub.DeviceId.ToString())}</h2><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"860\" height=\"{height}\" role=\"img\" aria-label=\"HAN of Comms Hub {hub.DeviceId}\">");
        svg.Append("<style>text{font:12px sans-serif}rect{fill:#f4f7fa;stroke:#12344d}.hot{stroke:#d2691e;stroke-width:4}line{stroke:#12344d;stroke-width:1.5}.althan{stroke-dasharray:6 3}</style>");
        for (int i = 0; i < rows.Count; i++)
        {
            int y = 10 + (i * RowHeight);
            (DeviceRecord near, DeviceRecord? far) = rows[i];
            long nearBytes = inFlight.GetValueOrDefault(near.DeviceId) + (far is null ? 0 : inFlight.GetValueOrDefault(far.DeviceId));
            Hop(svg, 10 + NodeWidth, hubY + (NodeHeight / 2), 330, y + (NodeHeight / 2), nearBytes, altHan: false);
            Node(svg, 330, y, near, inFlight);
            if (far is not null)
            {
                Hop(svg, 330 + NodeWidth, y + (NodeHeight / 2), 620, y + (NodeHeight / 2), inFlight.GetValueOrDefault(far.DeviceId), altHan: true);
                Node(svg, 620, y, far, inFlight);
            }
        }

        Node(svg, 10, hubY, hub, inFlight);
        return svg.Append("</svg>").ToString();
    }

    private static void Node(StringBuilder svg, int x, int y, DeviceRecord d, Dictionary<Eui64, long> inFlight)
    {
        string label = d.AltHanVariant is { } v ? $"Alt HAN {v}" : d.Type.ToString();
        string busy = inFlight.TryGetValue(d.DeviceId, out long bytes) ? $" · receiving {bytes.ToString("N0", CultureInfo.InvariantCulture)} B" : string.Empty;
        svg.Append(CultureInfo.InvariantCulture, $"<g data-device=\"{d.DeviceId}\"><rect x=\"{x}\" y=\"{y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"5\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y + 16}\">{SsiPages.E(label)}{SsiPages.E(busy)}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6}\" y=\"{y + 32}\">{d.DeviceId}</text></g>");
    }

    private static void Hop(StringBuilder svg, int x1, int y1, int x2, int y2, long bytes, bool altHan)
    {
        string css = (altHan ? "althan" : string.Empty) + (bytes > 0 ? " hot" : string.Empty);
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"{css.Trim()}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>");
        if (bytes > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"hop\" x=\"{(x1 + x2) / 2 - 30}\" y=\"{((y1 + y2) / 2) - 4}\">{bytes.ToString("N0", CultureInfo.InvariantCulture)} B</text>");
        }
    }
}

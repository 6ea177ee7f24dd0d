using System.Globalization;
using System.Text;
using System.Text.Json;

namespace HanBench.Host.Serve;

/// <summary>One request as <see cref="DuisServer"/> logs it.</summary>
/// <param name="Time">When the request arrived (UTC).</param>
/// <param name="Path">The path it was POSTed to.</param>
/// <param name="RequestId">Its DUIS RequestID, when the header was read.</param>
/// <param name="ServiceReference">Its Service Reference Variant (e.g. 11.4), when the header was read.</param>
/// <param name="Outcome">The DUIS response code (I0, E110405…) when a response was made; otherwise why not
/// (<c>schema-invalid</c>, <c>too-large</c>, <c>too-deep</c>, <c>timeout</c>, <c>client-gone</c>…).</param>
/// <param name="Status">The HTTP status sent (499 when the client went away first: nothing was sent).</param>
/// <param name="Milliseconds">Time from arrival to the end of the response.</param>
public sealed record DuisRequestLogEntry(DateTimeOffset Time, string Path, string? RequestId, string? ServiceReference, string Outcome, int Status, long Milliseconds);

/// <summary>
/// One line per request, text for people or JSON (one object a line) for machines; safe from every request thread.
/// </summary>
public sealed class DuisRequestLog(TextWriter writer, bool json)
{
    private readonly Lock _lock = new();

    /// <summary>Writes one entry as one line and flushes it (a log read live, e.g. by journald, sees it at once).</summary>
    public void Write(DuisRequestLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string line = json ? Json(entry) : Text(entry);
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    /// <summary>The text form: time, path, RequestID, service reference, outcome, status, milliseconds ('-' for none).</summary>
    public static string Text(DuisRequestLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{entry.Time:yyyy-MM-ddTHH:mm:ss.fffZ} {entry.Path} {entry.RequestId ?? "-"} {entry.ServiceReference ?? "-"} {entry.Outcome} {entry.Status} {entry.Milliseconds}ms");
    }

    /// <summary>The JSON form: one object with the same fields.</summary>
    public static string Json(DuisRequestLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("time", entry.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.WriteString("path", entry.Path);
            w.WriteString("requestId", entry.RequestId);
            w.WriteString("serviceReference", entry.ServiceReference);
            w.WriteString("outcome", entry.Outcome);
            w.WriteNumber("status", entry.Status);
            w.WriteNumber("ms", entry.Milliseconds);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

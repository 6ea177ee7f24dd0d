using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>Small helpers shared by the repositories: one text form for times, typed reads of nullable columns.</summary>
internal static class Sql
{
    /// <summary>Times are stored as ISO 8601 UTC text ("O" format), which sorts as it reads.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ReadTime(SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ReadTimeOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public static string? ReadStringOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static object Value(object? value) => value ?? DBNull.Value;
}

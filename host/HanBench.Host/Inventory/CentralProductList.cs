using Microsoft.Data.Sqlite;

namespace HanBench.Host.Inventory;

/// <summary>
/// The Central Product List (table <c>cpl_entries</c>): per device model, the firmware versions and Manufacturer
/// Image hashes known for each component. SECMP0170 §3.4 requirement 12: an image is sent only if its hash is
/// listed, Active, for the target device's model.
/// </summary>
public sealed class CentralProductList
{
    private const string Columns = "manufacturer, model, component, firmware_version, image_hash, status";

    private readonly InventorySession _session;

    internal CentralProductList(InventorySession session) => _session = session;

    /// <summary>Adds an entry, or replaces the one with the same manufacturer, model, component and version.</summary>
    /// <exception cref="ArgumentException">The hash is not 64 hex digits.</exception>
    public void Put(CplEntry entry)
    {
        string hash = NormaliseHash(entry.ManufacturerImageHash);
        _session.Execute(
            $"INSERT OR REPLACE INTO cpl_entries ({Columns}) VALUES ($man, $model, $c, $v, $h, $s)",
            ("$man", entry.Manufacturer),
            ("$model", entry.Model),
            ("$c", entry.Component),
            ("$v", entry.FirmwareVersion),
            ("$h", hash),
            ("$s", entry.Status.ToString()));
    }

    /// <summary>Every entry.</summary>
    public IReadOnlyList<CplEntry> All() =>
        _session.Query($"SELECT {Columns} FROM cpl_entries ORDER BY manufacturer, model, component, firmware_version", Map);

    /// <summary>
    /// The Active entry admitting the image with <paramref name="manufacturerImageHash"/> as <paramref name="firmwareVersion"/>
    /// for this model, or null when the image is unknown for it (requirement 12) or known as another version.
    /// </summary>
    public CplEntry? FindActiveImage(string manufacturer, string model, string manufacturerImageHash, string firmwareVersion) =>
        _session.Query(
            $"SELECT {Columns} FROM cpl_entries WHERE manufacturer = $man AND model = $model AND image_hash = $h AND status = 'Active' AND firmware_version = $v COLLATE NOCASE ORDER BY component",
            Map,
            ("$man", manufacturer),
            ("$model", model),
            ("$h", NormaliseHash(manufacturerImageHash)),
            ("$v", firmwareVersion)).FirstOrDefault();

    /// <summary>The versions the image with <paramref name="manufacturerImageHash"/> is listed as, Active, for this model.</summary>
    public IReadOnlyList<string> ActiveVersionsOf(string manufacturer, string model, string manufacturerImageHash) =>
        _session.Query(
            "SELECT DISTINCT firmware_version FROM cpl_entries WHERE manufacturer = $man AND model = $model AND image_hash = $h AND status = 'Active' ORDER BY firmware_version",
            r => r.GetString(0),
            ("$man", manufacturer),
            ("$model", model),
            ("$h", NormaliseHash(manufacturerImageHash)));

    /// <summary>Lower-case hex, checked to be a SHA-256 (64 hex digits).</summary>
    /// <exception cref="ArgumentException">Not 64 hex digits.</exception>
    public static string NormaliseHash(string hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        string trimmed = hash.Trim();
        if (trimmed.Length != 64 || !trimmed.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"a Manufacturer Image hash is 64 hex digits (SHA-256); got '{hash}'", nameof(hash));
        }

        return trimmed.ToLowerInvariant();
    }

    private static CplEntry Map(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        EnumText.ParseStored<CplStatus>(r.GetString(5)));
}

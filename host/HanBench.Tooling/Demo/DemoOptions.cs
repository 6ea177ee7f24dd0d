namespace HanBench.Tooling.Demo;

/// <summary>How <c>hanbench demo</c> runs.</summary>
public sealed record DemoOptions
{
    /// <summary>Seed of the bench (radio loss, jitter) and of the image bodies.</summary>
    public ulong Seed { get; init; } = 0x4A17_2025;

    /// <summary>SiLabs image bytes for B1–B4 (SECMP0170 §4.2: 505 / 514 / 621 / 621 KB).</summary>
    public IReadOnlyList<int> SiLabsBytes { get; init; } = [505_000, 514_000, 621_000, 621_000];

    /// <summary>The Broadcom image as AltHANCo ships it (869 KB: over the 11.4 Base64 limit, E110405).</summary>
    public int BroadcomBytes { get; init; } = 869_000;

    /// <summary>The Broadcom image trimmed to fit the limit (1,024,000 Base64 characters hold 768,000 bytes).</summary>
    public int TrimmedBroadcomBytes { get; init; } = 740_000;

    /// <summary>The PPMID's image.</summary>
    public int PpmidBytes { get; init; } = 240_000;

    /// <summary>The Comms Hub's own image (SRV 11.1, then 11.3 activates it).</summary>
    public int HubBytes { get; init; } = 256_000;

    /// <summary>Bench time allowed for each wave of updates before the demo gives up.</summary>
    public long WaveTimeoutMs { get; init; } = 6 * 60 * 60 * 1000L;

    /// <summary>Where the inventory goes (a new temporary file if null; deleted at the end unless <see cref="KeepInventory"/>).</summary>
    public string? InventoryPath { get; init; }

    /// <summary>Keep the inventory file after the run.</summary>
    public bool KeepInventory { get; init; }
}

namespace HanBench.Tooling.Boards;

/// <summary>
/// Facts about the chips and the nanoFramework firmware targets that profile validation checks against
/// (docs/PLATFORM.md: targets and flashing; memory and storage on ESP32).
/// </summary>
public static class ChipFacts
{
    /// <summary>Chips HanBench has profiles for.</summary>
    public static IReadOnlyList<string> Chips { get; } = ["ESP32", "ESP32-S3", "ESP32-C3", "ESP32-C6"];

    /// <summary>Every nanoff firmware target docs/PLATFORM.md names.</summary>
    public static IReadOnlyList<string> Targets { get; } =
    [
        "ESP32_REV0", "ESP32_REV3", "ESP32_PSRAM_REV0", "ESP32_PSRAM_REV3", "ESP32_BLE_REV0", "ESP32_PICO",
        "ESP32_S3_QUAD", "ESP32_S3_OCTAL", "ESP32_C3", "ESP32_C6_THREAD", "ESP32_H2_THREAD",
    ];

    /// <summary>Flash sizes with a known <c>I:</c> partition.</summary>
    public static IReadOnlyList<long> FlashSizes { get; } = [4L << 20, 8L << 20, 16L << 20];

    /// <summary>Highest GPIO number of <paramref name="chip"/> (ESP32: 39, S3: 48, C3: 21, C6: 30).</summary>
    public static int MaxGpio(string chip) => chip switch
    {
        "ESP32" => 39,
        "ESP32-S3" => 48,
        "ESP32-C3" => 21,
        "ESP32-C6" => 30,
        _ => throw new ArgumentOutOfRangeException(nameof(chip), chip, null),
    };

    /// <summary>The firmware targets built for <paramref name="chip"/>.</summary>
    public static IReadOnlyList<string> TargetsFor(string chip) => chip switch
    {
        "ESP32" => ["ESP32_REV0", "ESP32_REV3", "ESP32_PSRAM_REV0", "ESP32_PSRAM_REV3", "ESP32_BLE_REV0", "ESP32_PICO"],
        "ESP32-S3" => ["ESP32_S3_QUAD", "ESP32_S3_OCTAL"],
        "ESP32-C3" => ["ESP32_C3"],
        "ESP32-C6" => ["ESP32_C6_THREAD"],
        _ => [],
    };

    /// <summary>Whether <paramref name="target"/> is a PSRAM build (needs PSRAM on the board).</summary>
    public static bool NeedsPsram(string target) => target.Contains("PSRAM", StringComparison.Ordinal) || target == "ESP32_S3_OCTAL";

    /// <summary>
    /// Size of the <c>I:</c> drive (LittleFS on the <c>config</c> partition) for a flash size: 256 KB on 4 MB parts,
    /// 2 MB on 8 MB, 3 MB on 16 MB (docs/PLATFORM.md, from the ESP32/S3/C6 partition tables).
    /// </summary>
    public static long InternalDriveBytes(long flashBytes) => flashBytes switch
    {
        4L << 20 => 256L * 1024,
        8L << 20 => 2L << 20,
        16L << 20 => 3L << 20,
        _ => 0,
    };

    /// <summary>How many UARTs nanoFramework opens besides COM1 (the debugger): 2 on ESP32 and S3, 1 on C3 and C6.</summary>
    public static int SpareUarts(string chip) => chip is "ESP32-C3" or "ESP32-C6" ? 1 : 2;
}

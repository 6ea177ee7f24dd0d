namespace HanBench.Host.ServiceRequests;

/// <summary>DUIS 5.4 field limits the handlers re-check for callers that do not come through the schema (CLI, API).</summary>
internal static class DuisFieldRules
{
    /// <summary>DUIS FirmwareVersion: 1–8 characters.</summary>
    public static bool IsFirmwareVersion(string? version) => version is { Length: >= 1 and <= 8 };

    /// <summary>DUIS DeviceManufacturer/DeviceModel: at most 30 characters (and HanBench needs one).</summary>
    public static bool IsNameField(string? value) => value is { Length: >= 1 and <= 30 };
}

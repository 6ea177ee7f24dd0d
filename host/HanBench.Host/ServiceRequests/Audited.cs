using HanBench.Host.Inventory;

namespace HanBench.Host.ServiceRequests;

/// <summary>Every handler ends through here, so every request and its outcome land in the audit log.</summary>
internal static class Audited
{
    public static T Finish<T>(InventorySession session, string? requestId, string serviceReferenceVariant, string? target, T result)
        where T : ServiceResult
    {
        session.Audit.Append(requestId, serviceReferenceVariant, target, result.ResponseCode, result.Message);
        return result;
    }

    /// <summary>DUIS FirmwareVersion: 1–8 characters.</summary>
    public static bool IsFirmwareVersion(string? version) => version is { Length: >= 1 and <= 8 };

    /// <summary>DUIS DeviceManufacturer/DeviceModel: at most 30 characters (and HanBench needs one).</summary>
    public static bool IsNameField(string? value) => value is { Length: >= 1 and <= 30 };
}

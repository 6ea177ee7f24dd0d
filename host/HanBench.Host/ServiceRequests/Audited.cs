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
}

using System.Text.Json.Serialization;
using HanBench.Cli.Commands;
using HanBench.Host.Alerts;
using HanBench.Host.Inventory;
using HanBench.Host.Reports;
using HanBench.Host.ServiceRequests;

namespace HanBench.Cli.Output;

/// <summary>The outcome of a service request the CLI made (<c>--json</c> of prenotify, update, add-to-han, …).</summary>
internal sealed record ServiceOutcomeJson(string ResponseCode, string Message, bool Refused)
{
    public static ServiceOutcomeJson From(ServiceResult result) => new(result.ResponseCode, result.Message, result.IsRefused);
}

/// <summary><c>firmware submit --json</c>: the outcome, the RequestID, the queued image's hash and each device's outcome.</summary>
internal sealed record FirmwareSubmitJson(
    string ResponseCode,
    string Message,
    bool Refused,
    string RequestId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ManufacturerImageHash,
    IReadOnlyList<FirmwareSubmitDeviceJson> Devices)
{
    public static FirmwareSubmitJson From(string requestId, FirmwareUpdateResult result) => new(
        result.ResponseCode, result.Message, result.IsRefused, requestId, result.Request?.ManufacturerImageHash,
        [.. result.Devices.Select(d => new FirmwareSubmitDeviceJson(d.DeviceId.ToString(), d.Outcome.ToString(), d.Reason))]);
}

/// <summary>One target device of <c>firmware submit</c>.</summary>
internal sealed record FirmwareSubmitDeviceJson(string DeviceId, string Outcome, string Reason);

/// <summary><c>firmware status --json</c> without a request: one request and its devices per state (in state order).</summary>
internal sealed record FirmwareRequestSummaryJson(
    string RequestId,
    string ServiceReferenceVariant,
    string FirmwareVersion,
    string ManufacturerImageHash,
    string AcceptedUtc,
    long Devices,
    IReadOnlyDictionary<string, long> States)
{
    public static FirmwareRequestSummaryJson From(FirmwareRequestSummary s) => new(
        s.Request.RequestId, s.Request.ServiceReferenceVariant, s.Request.FirmwareVersion, s.Request.ManufacturerImageHash,
        InventoryAccess.Time(s.Request.CreatedUtc), s.Devices, s.DevicesPerState.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(), p => p.Value));
}

/// <summary><c>firmware status REQUEST --json</c>: the request and each device's progress.</summary>
internal sealed record FirmwareRequestStatusJson(
    string RequestId,
    string ServiceReferenceVariant,
    string FirmwareVersion,
    string ManufacturerImageHash,
    long ImageBytes,
    IReadOnlyList<FirmwareProgressJson> Devices)
{
    public static FirmwareRequestStatusJson From(FirmwareRequestRecord request, IEnumerable<FirmwareProgressRecord> progress) => new(
        request.RequestId, request.ServiceReferenceVariant, request.FirmwareVersion, request.ManufacturerImageHash, request.ImageSizeBytes,
        [.. progress.Select(FirmwareProgressJson.From)]);
}

/// <summary>One device's progress in a request.</summary>
internal sealed record FirmwareProgressJson(
    string DeviceId,
    string CommsHubId,
    string Component,
    string State,
    int Attempts,
    long BytesDone,
    long BytesTotal,
    string? FailureReason,
    string UpdatedUtc)
{
    public static FirmwareProgressJson From(FirmwareProgressRecord p) => new(
        p.DeviceId.ToString(), p.CommsHubId.ToString(), p.Component, p.State.ToString(), p.Attempts, p.BytesDone, p.BytesTotal, p.FailureReason, InventoryAccess.Time(p.UpdatedUtc));
}

/// <summary><c>firmware cancel --json</c>: how many updates it ended and the alerts issued ("N61 device").</summary>
internal sealed record FirmwareCancelJson(string RequestId, int Cancelled, IReadOnlyList<string> Alerts)
{
    public static FirmwareCancelJson From(string requestId, IReadOnlyList<IssuedDccAlert> issued) => new(requestId, issued.Count, [.. issued.Select(a => $"{a.AlertCode} {a.DeviceId}")]);
}

/// <summary><c>firmware status REQUEST --watch --json</c>: one line per device change (JSON Lines).</summary>
internal sealed record FirmwareWatchJson(
    string DeviceId,
    string Component,
    string State,
    int Percent,
    long BytesDone,
    long BytesTotal,
    long? RemainingSeconds,
    string? FailureReason)
{
    public static FirmwareWatchJson From(FirmwareProgressRecord p, int percent, long? leftMs) => new(
        p.DeviceId.ToString(), p.Component, p.State.ToString(), percent, p.BytesDone, p.BytesTotal, leftMs / 1000, p.FailureReason);
}

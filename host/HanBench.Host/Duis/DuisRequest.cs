namespace HanBench.Host.Duis;

/// <summary>The header of a DUIS request.</summary>
/// <param name="RequestId">RequestID.</param>
/// <param name="CommandVariant">CommandVariant (1–8).</param>
/// <param name="ServiceReference">ServiceReference, e.g. "8.7".</param>
/// <param name="ServiceReferenceVariant">ServiceReferenceVariant, e.g. "8.7.2".</param>
public sealed record DuisRequestHeader(DuisRequestId RequestId, int CommandVariant, string ServiceReference, string ServiceReferenceVariant);

/// <summary>A parsed DUIS request: its header and the handler input its body maps to.</summary>
/// <param name="Header">The header.</param>
/// <param name="Body">
/// One of the service-request inputs: <see cref="ServiceRequests.DevicePrenotificationRequest"/>,
/// <see cref="ServiceRequests.ReadInventoryRequest"/>, <see cref="ServiceRequests.UpdateInventoryRequest"/>,
/// <see cref="ServiceRequests.UpdateHanDeviceLogRequest"/>, <see cref="ServiceRequests.AltHanRestrictedRequest"/>,
/// <see cref="ServiceRequests.ReadFirmwareVersionRequest"/>, <see cref="ServiceRequests.FirmwareUpdateRequest"/>,
/// <see cref="ServiceRequests.ActivateFirmwareRequest"/>, <see cref="ServiceRequests.CredentialRequest"/>.
/// </param>
public sealed record DuisRequest(DuisRequestHeader Header, object Body);

/// <summary>
/// What parsing made of a document: a <see cref="Request"/>; or a header and a <see cref="Refusal"/> to answer
/// with a DUIS response (a request HanBench understands but does not handle); or an <see cref="Error"/> when the
/// document is not a usable DUIS request at all (no DUIS response can be built; an HTTP endpoint answers 400).
/// </summary>
public sealed record DuisParseResult(DuisRequest? Request, DuisRequestHeader? Header, ServiceRequests.ServiceResult? Refusal, string? Error)
{
    /// <summary>
    /// Whether <see cref="DuisRequestProcessor.Read"/> checked the request's signature and signer and found them good: only
    /// then may processing claim its RequestID counter.
    /// </summary>
    public bool Authenticated { get; internal init; }

    internal static DuisParseResult Parsed(DuisRequest request) => new(request, request.Header, null, null);

    internal static DuisParseResult Refused(DuisRequestHeader header, string code, string message) =>
        new(null, header, ServiceRequests.ServiceResult.Refuse(code, message), null);

    internal static DuisParseResult Malformed(string error, DuisRequestHeader? header = null) => new(null, header, null, error);
}

using System.Xml.Linq;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Duis;

/// <summary>How a DUIS exchange ended.</summary>
public enum DuisExchangeStatus
{
    /// <summary>The request was handled (or refused with a DUIS code) and a valid response built.</summary>
    Responded,

    /// <summary>The request failed schema validation or is not a usable DUIS request; no response (HTTP 400).</summary>
    RequestInvalid,

    /// <summary>The response HanBench built fails the schema: a HanBench defect, reported rather than sent.</summary>
    ResponseInvalid,
}

/// <summary>One request in, the outcome and the response out.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Request">The parsed request, when it parsed.</param>
/// <param name="Result">The handler's (or parser's) outcome, when there is one.</param>
/// <param name="Response">The response document, when one was built.</param>
/// <param name="Errors">Schema or parse errors (request or response), empty when none.</param>
public sealed record DuisExchange(DuisExchangeStatus Status, DuisRequest? Request, ServiceResult? Result, XDocument? Response, IReadOnlyList<string> Errors);

/// <summary>
/// DUIS XML in, DUIS XML out: validates the request against the schema (when one is given) and parses it in one read,
/// runs the handler and builds the response, which is validated too. <see cref="Serve.DuisServer"/> wraps this over
/// HTTP, reading first to route on the header and then processing what it read.
/// </summary>
/// With <paramref name="security"/>, every request's signature, signer and role are checked before anything else (a
/// failure is a signed DUIS refusal, nothing changed) and every response is signed with the DSP's key; without it
/// (in-process callers such as the demo, never a network endpoint) requests are taken as they are.
public sealed class DuisRequestProcessor(ServiceRequestHandlers handlers, DuisSchema? schema = null, DuisSecurity? security = null)
{
    /// <summary>
    /// Reads one request document: schema-checked (when a schema is given) and parsed from a single load of the XML.
    /// <paramref name="schemaErrors"/> is empty when the request is valid; otherwise the result carries no header.
    /// </summary>
    public DuisParseResult Read(string requestXml, out IReadOnlyList<string> schemaErrors)
    {
        ArgumentNullException.ThrowIfNull(requestXml);
        DuisParseResult parsed;
        if (schema is null)
        {
            schemaErrors = [];
            parsed = DuisRequestParser.Parse(requestXml);
        }
        else
        {
            XDocument? document = schema.Load(requestXml, out schemaErrors);
            parsed = schemaErrors.Count > 0 || document is null
                ? DuisParseResult.Malformed("the request fails the DUIS schema")
                : DuisRequestParser.Parse(document);
        }

        // Authentication first: an unauthenticated request is refused before any other check or any change. The DCC
        // rules (rights, the RequestID counter) come in ProcessAsync, after the caller's own checks (the HTTP route), so
        // a request that goes no further (wrong path, a body error) does not use up its RequestID counter.
        if (security is not null && parsed.Header is { } header)
        {
            return security.Authenticate(requestXml, header, handlers.Store) is { } refusal
                ? parsed with { Request = null, Refusal = refusal }
                : parsed with { Authenticated = true };
        }

        return parsed;
    }

    /// <summary>Processes one request document.</summary>
    public Task<DuisExchange> ProcessAsync(string requestXml, CancellationToken cancellationToken = default)
    {
        DuisParseResult parsed = Read(requestXml, out IReadOnlyList<string> schemaErrors);
        return schemaErrors.Count > 0
            ? Task.FromResult(new DuisExchange(DuisExchangeStatus.RequestInvalid, null, null, null, schemaErrors))
            : ProcessAsync(parsed, cancellationToken);
    }

    /// <summary>Processes a request already <see cref="Read"/> (and found schema-valid).</summary>
    public async Task<DuisExchange> ProcessAsync(DuisParseResult parsed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (parsed.Error is not null || parsed.Header is null)
        {
            return new DuisExchange(DuisExchangeStatus.RequestInvalid, null, null, null, [parsed.Error ?? "no request header"]);
        }

        // Only an authenticated request that is going to be handled may move the originator's RequestID counter.
        ServiceResult? refusal = parsed.Refusal;
        if (refusal is null && security is not null)
        {
            refusal = parsed.Authenticated
                ? DuisSecurity.Authorise(parsed.Header, parsed.Request?.Body, handlers.Store)
                : ServiceResult.Refuse(DuisResponseCodes.FailedAuthentication, "the request was not authenticated (read it with Read first)");
        }

        ServiceResult result = refusal ?? await HandleAsync(parsed.Request!, cancellationToken).ConfigureAwait(false);
        if (security is not null && parsed.Request?.Body is DevicePrenotificationRequest prenotification)
        {
            DuisSecurity.RecordPrenotification(parsed.Header, prenotification, result, handlers.Store);
        }

        XDocument response = DuisResponseBuilder.Build(parsed.Header, result, handlers.Store.Time.GetUtcNow());
        if (security is not null)
        {
            string text = response.Declaration + response.Root!.ToString(SaveOptions.DisableFormatting);
            response = XDocument.Parse(security.Sign(text), LoadOptions.PreserveWhitespace);
        }

        IReadOnlyList<string> responseErrors = schema?.Validate(response) ?? [];
        return new DuisExchange(
            responseErrors.Count == 0 ? DuisExchangeStatus.Responded : DuisExchangeStatus.ResponseInvalid,
            parsed.Request,
            result,
            response,
            responseErrors);
    }

    private async Task<ServiceResult> HandleAsync(DuisRequest request, CancellationToken cancellationToken) => request.Body switch
    {
        DevicePrenotificationRequest r => handlers.DevicePrenotification.Handle(r),
        ReadInventoryRequest r => handlers.ReadInventory.Handle(r),
        UpdateInventoryRequest r => handlers.UpdateInventory.Handle(r),
        UpdateHanDeviceLogRequest r => handlers.UpdateHanDeviceLog.Handle(r),
        AltHanRestrictedRequest r => handlers.AltHanRestricted.Handle(r),
        ReadFirmwareVersionRequest r => await handlers.ReadFirmwareVersion.HandleAsync(r, cancellationToken).ConfigureAwait(false),
        FirmwareUpdateRequest r => handlers.FirmwareUpdate.Handle(r),
        ActivateFirmwareRequest r => await handlers.ActivateFirmware.HandleAsync(r, cancellationToken).ConfigureAwait(false),
        // A queued credential request's Service User gets the device's answer later, as a DUIS response for this request.
        CredentialRequest r => await handlers.ManageCredentials.HandleAsync(r with { DuisServiceReference = request.Header.ServiceReference }, cancellationToken).ConfigureAwait(false),
        _ => throw new InvalidOperationException($"the parser produced {request.Body.GetType().Name}, which no handler takes"),
    };
}

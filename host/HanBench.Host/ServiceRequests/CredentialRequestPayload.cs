using System.Text.Json;
using HanBench.Host.Inventory;

namespace HanBench.Host.ServiceRequests;

/// <summary>
/// A <see cref="CredentialRequest"/> as the credential queue keeps it (<c>credential_requests.payload</c>): JSON with
/// certificates as Base64, so the CSP that carries the request out sends exactly what was accepted and checked.
/// </summary>
public static class CredentialRequestPayload
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The request as stored.</summary>
    public static string Write(CredentialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonSerializer.Serialize(
            new Stored(
                request.RequestId,
                request.ServiceReferenceVariant,
                request.DeviceId.ToString(),
                request.UseCase.ToString(),
                request.Originator?.ToString(),
                request.Mode?.ToString(),
                [.. request.Replacements.Select(r => new StoredReplacement(r.Usage, r.Der))],
                [.. request.CertificationPath],
                request.FloorSeqNumber,
                request.TopUpFloorSeqNumber,
                request.ExecutionDateTime,
                request.Usage,
                request.DeviceCertificate,
                [.. request.RemotePartyRoles],
                request.DuisServiceReference),
            Options);
    }

    /// <summary>The request a stored payload holds.</summary>
    /// <exception cref="InvalidOperationException">The payload is not one this HanBench wrote.</exception>
    public static CredentialRequest Read(string payload)
    {
        Stored stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(payload, Options) ?? throw new InvalidOperationException("the queued credential request is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"the queued credential request is not readable: {e.Message}", e);
        }

        return new CredentialRequest(stored.RequestId, stored.ServiceReferenceVariant, Eui64.Parse(stored.DeviceId), EnumText.ParseStored<CredentialUseCase>(stored.UseCase))
        {
            Originator = stored.Originator is null ? null : Eui64.Parse(stored.Originator),
            Mode = stored.Mode is null ? null : EnumText.ParseStored<CredentialReplacementMode>(stored.Mode),
            Replacements = [.. stored.Replacements.Select(r => new ReplacementCertificate(r.Usage, r.Der))],
            CertificationPath = stored.CertificationPath,
            FloorSeqNumber = stored.FloorSeqNumber,
            TopUpFloorSeqNumber = stored.TopUpFloorSeqNumber,
            ExecutionDateTime = stored.ExecutionDateTime,
            Usage = stored.Usage,
            DeviceCertificate = stored.DeviceCertificate,
            RemotePartyRoles = stored.RemotePartyRoles,
            DuisServiceReference = stored.DuisServiceReference,
        };
    }

    private sealed record StoredReplacement(string Usage, byte[] Der);

    private sealed record Stored(
        string RequestId,
        string ServiceReferenceVariant,
        string DeviceId,
        string UseCase,
        string? Originator,
        string? Mode,
        StoredReplacement[] Replacements,
        byte[][] CertificationPath,
        ulong FloorSeqNumber,
        ulong TopUpFloorSeqNumber,
        DateTimeOffset? ExecutionDateTime,
        string? Usage,
        byte[]? DeviceCertificate,
        string[] RemotePartyRoles,
        string? DuisServiceReference);
}

using System.Text.Json;
using HanBench.Host.Inventory;

namespace HanBench.Host.ServiceRequests;

/// <summary>
/// A <see cref="CredentialRequest"/> as the inventory keeps it, while its change is unsettled (<see cref="CredentialIntents"/>)
/// and while it waits in the credential queue (<c>credential_requests.payload</c>, through <see cref="CredentialRequestPayload"/>):
/// JSON with the EUI-64s as text, the enums by name and the certificates as Base64 DER, so a restarted host can send its
/// read-back or match its 0x00CB alert and record the outcome as the request would have.
/// </summary>
public static class CredentialRequestJson
{
    /// <summary>The request as JSON.</summary>
    public static string Write(CredentialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stored = new Stored(
            request.RequestId,
            request.ServiceReferenceVariant,
            request.DeviceId.ToString(),
            request.UseCase.ToString(),
            request.Originator?.ToString(),
            request.Mode?.ToString(),
            [.. request.Replacements.Select(r => new StoredCertificate(r.Usage, r.Der))],
            [.. request.CertificationPath],
            request.FloorSeqNumber,
            request.TopUpFloorSeqNumber,
            request.ExecutionDateTime,
            request.Usage,
            request.DeviceCertificate,
            [.. request.RemotePartyRoles],
            request.DuisServiceReference);
        return JsonSerializer.Serialize(stored);
    }

    /// <summary>The request <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException">The text is not such a request.</exception>
    public static CredentialRequest Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return FromStored(JsonSerializer.Deserialize<Stored>(json) ?? throw new FormatException("a stored credential request is null"));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException)
        {
            throw new FormatException($"a stored credential request does not read: {e.Message}", e);
        }
    }

    private static CredentialRequest FromStored(Stored stored) =>
        new CredentialRequest(
            stored.RequestId ?? throw new FormatException("no RequestId"),
            stored.Srv ?? throw new FormatException("no Srv"),
            Eui64.Parse(stored.DeviceId ?? throw new FormatException("no DeviceId")),
            Enum.Parse<CredentialUseCase>(stored.UseCase ?? throw new FormatException("no UseCase")))
        {
            Originator = stored.Originator is { } originator ? Eui64.Parse(originator) : null,
            Mode = stored.Mode is { } mode ? Enum.Parse<CredentialReplacementMode>(mode) : null,
            Replacements = [.. (stored.Replacements ?? []).Select(r => new ReplacementCertificate(r.Usage ?? throw new FormatException("a replacement without a usage"), r.Der ?? []))],
            CertificationPath = stored.Path ?? [],
            FloorSeqNumber = stored.Floor,
            TopUpFloorSeqNumber = stored.TopUpFloor,
            ExecutionDateTime = stored.ExecutionDateTime,
            Usage = stored.Usage,
            DeviceCertificate = stored.DeviceCertificate,
            RemotePartyRoles = stored.Roles ?? [],
            DuisServiceReference = stored.DuisServiceReference,
        };

    // Nullable throughout: what is read back is checked, not trusted to be complete.
    private sealed record StoredCertificate(string? Usage, byte[]? Der);

    private sealed record Stored(
        string? RequestId,
        string? Srv,
        string? DeviceId,
        string? UseCase,
        string? Originator,
        string? Mode,
        List<StoredCertificate>? Replacements,
        List<byte[]>? Path,
        ulong Floor,
        ulong TopUpFloor,
        DateTimeOffset? ExecutionDateTime,
        string? Usage,
        byte[]? DeviceCertificate,
        List<string>? Roles,
        string? DuisServiceReference);
}

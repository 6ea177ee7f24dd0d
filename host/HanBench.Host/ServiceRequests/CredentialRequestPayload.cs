namespace HanBench.Host.ServiceRequests;

/// <summary>
/// A <see cref="CredentialRequest"/> as the credential queue keeps it (<c>credential_requests.payload</c>), so the CSP that
/// carries the request out sends exactly what was accepted and checked: the one stored form, <see cref="CredentialRequestJson"/>,
/// with the queue's error contract (a payload that does not read is the queue's state gone wrong, not bad input).
/// </summary>
public static class CredentialRequestPayload
{
    /// <summary>The request as stored.</summary>
    public static string Write(CredentialRequest request) => CredentialRequestJson.Write(request);

    /// <summary>The request a stored payload holds.</summary>
    /// <exception cref="InvalidOperationException">The payload is not one this HanBench wrote.</exception>
    public static CredentialRequest Read(string payload)
    {
        try
        {
            return CredentialRequestJson.Read(payload);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"the queued credential request is not readable: {e.Message}", e);
        }
    }
}

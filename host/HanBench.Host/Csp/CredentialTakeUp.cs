using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;

namespace HanBench.Host.Csp;

/// <summary>
/// Which certificates a device holds after a CS02b or CS02d it carried out (SECMP0170 requirement 8; issue 8 §4), and
/// the host's keys for that device that follow: taken up (<see cref="Apply"/>, what the host then uses) or only assumed
/// (<see cref="Assume"/>, a read-back's probe keys, passed per call and seen by no other call). One definition for both,
/// so a probe is secured exactly as the host would be after taking the change up.
/// </summary>
internal static class CredentialTakeUp
{
    /// <summary>
    /// The certificates (holder, usage, DER) <paramref name="request"/> puts on its device when the device reports
    /// <paramref name="replacedUsages"/> replaced (a CS02b) or done (a CS02d, whose certificate's usage it reads); none for
    /// the other use cases, which change no key the host uses.
    /// </summary>
    internal static List<(string Holder, string Usage, byte[] Der)> Certificates(CredentialRequest request, IReadOnlyList<string> replacedUsages)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(replacedUsages);
        var taken = new List<(string, string, byte[])>();
        if (request.UseCase == CredentialUseCase.UpdateDeviceCertificate)
        {
            using X509Certificate2? certificate = ManageCredentialsHandler.ReadCertificate(request.DeviceCertificate);
            if (certificate is not null && ManageCredentialsHandler.UsageOf(certificate) is { } usage)
            {
                taken.Add((DeviceCertificates.DeviceHolder, usage, request.DeviceCertificate!));
            }
        }
        else if (request.UseCase == CredentialUseCase.ReplaceRemoteParty)
        {
            // Without the new private key the host can no longer act as that party towards this device: the old key would
            // only be refused, so it is dropped and every attempt says why (GbcsPartyKeys).
            foreach (ReplacementCertificate replacement in request.Replacements.Where(r => replacedUsages.Contains(r.Usage)))
            {
                taken.Add((request.ReplacedHolder!, replacement.Usage, replacement.Der));
            }
        }

        return taken;
    }

    /// <summary>From now on the host uses for the device what it holds after <paramref name="request"/> (<see cref="GbcsPartyKeys.UseCertificate"/>).</summary>
    internal static void Apply(GbcsPartyKeys keys, CredentialRequest request, IReadOnlyList<string> replacedUsages)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach ((string holder, string usage, byte[] der) in Certificates(request, replacedUsages))
        {
            keys.UseCertificate(request.DeviceId.Value, holder, usage, der);
        }
    }

    /// <summary>
    /// The keys for the device as if it had carried out all of <paramref name="request"/>, from <paramref name="from"/>;
    /// nothing the host uses changes.
    /// </summary>
    internal static GbcsPartyKeys.DeviceKeys Assume(GbcsPartyKeys keys, GbcsPartyKeys.DeviceKeys from, CredentialRequest request)
    {
        ArgumentNullException.ThrowIfNull(keys);
        GbcsPartyKeys.DeviceKeys assumed = from;
        foreach ((string holder, string usage, byte[] der) in Certificates(request, [.. request.Replacements.Select(r => r.Usage)]))
        {
            assumed = keys.Assume(assumed, holder, usage, der) ?? assumed;
        }

        return assumed;
    }
}

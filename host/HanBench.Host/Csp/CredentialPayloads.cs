using HanBench.Device.Roles;
using HanBench.Host.Inventory;
using HanBench.Host.ServiceRequests;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Host.Csp;

/// <summary>
/// The payloads of the host's CS02 commands (SECMP0170 requirement 8; docs/GBCS-SECURITY.md §5), as the RTDS 6.x messages
/// show them: CS02a's roles asked about, CS02c/e's key usage, CS02d's certificate, CS02b's replacement (mode, authorising
/// role, the command's counter as its sequence number, floor, execution date-time, target cells, certification path).
/// </summary>
internal static class CredentialPayloads
{
    private static byte KeyUsageOf(string? usage) => usage == DeviceCertificates.KeyAgreement ? GbcsKeyUsage.KeyAgreement : GbcsKeyUsage.DigitalSignature;

    private static byte[] Encoded(int length, Action<ByteWriter> write)
    {
        var content = new byte[length];
        write(new ByteWriter(content));
        return content;
    }

    /// <summary>The payload of the CS02 command for <paramref name="request"/>, sent with originator counter <paramref name="counter"/> (CS02b's authorising sequence number).</summary>
    internal static byte[] Of(CredentialRequest request, ulong counter)
    {
        switch (request.UseCase)
        {
            case CredentialUseCase.ProvideDetails:
                var details = new CredentialsDetailsCommand();
                details.Authorising.Role = RemotePartyRole.AccessControlBroker;
                details.Authorising.KeyUsage = GbcsKeyUsage.KeyAgreement;
                foreach (string role in request.RemotePartyRoles.Take(details.Roles.Length))
                {
                    details.Roles[details.RoleCount++] = RoleOf(role);
                }

                return Encoded(details.EncodedLength, details.WriteTo);
            case CredentialUseCase.IssueDeviceCredentials or CredentialUseCase.ProvideDeviceCertificate:
                var usage = new KeyUsageCommand { KeyUsage = KeyUsageOf(request.Usage) };
                return Encoded(KeyUsageCommand.EncodedLength, usage.WriteTo);
            case CredentialUseCase.UpdateDeviceCertificate:
                var certificate = new CertificateOrCode { HasDer = true };
                certificate.Der.Set(request.DeviceCertificate!, 0, request.DeviceCertificate!.Length);
                return Encoded(certificate.EncodedLength, certificate.WriteTo);
            default:
                return Replacement(request, counter);
        }
    }

    private static byte[] Replacement(CredentialRequest request, ulong counter)
    {
        bool acb = request.Mode == CredentialReplacementMode.AcbByAcb;
        bool changeOfSupplier = request.Mode == CredentialReplacementMode.ChangeOfSupplier;
        RemotePartyRole role = acb ? RemotePartyRole.AccessControlBroker : RemotePartyRole.Supplier;
        var command = new UpdateCredentialsCommand
        {
            Mode = acb ? ReplacementMode.AcbByAcb : changeOfSupplier ? ReplacementMode.SupplierByTransCoS : ReplacementMode.SupplierBySupplier,
            HasAuthorising = !acb,
            SeqNumber = counter,
            HasFloor = true,
            FloorSeqNumber = request.FloorSeqNumber,
        };
        if (request.ExecutionDateTime is { } when)
        {
            // Future-dated (the handler drops a time not in the future): the device applies it then (GBCS 6.15.1, 6.23).
            DateTimeOffset utc = when.ToUniversalTime();
            command.HasExecutionDateTime = true;
            command.ExecutionDateTime = new GbcsTimestamp(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second);
        }

        command.Authorising.Role = changeOfSupplier ? RemotePartyRole.TransitionalCoS : RemotePartyRole.Supplier;
        command.Authorising.KeyUsage = GbcsKeyUsage.DigitalSignature;
        foreach (ReplacementCertificate replacement in request.Replacements.Take(command.Replacements.Length))
        {
            TrustAnchorReplacement target = command.Replacements[command.ReplacementCount++];
            target.Certificate.Set(replacement.Der, 0, replacement.Der.Length);
            target.Target.Role = role;
            target.Target.KeyUsage = replacement.Usage == DeviceCertificates.DigitalSigning ? GbcsKeyUsage.DigitalSignature : GbcsKeyUsage.KeyAgreement;
            target.Target.CellUsage = replacement.Usage == DeviceCertificates.KeyAgreementTopUp ? TrustAnchorCell.PrepaymentTopUp : (byte)0;
        }

        foreach (byte[] certificate in request.CertificationPath.Take(command.Path.Length))
        {
            command.Path[command.PathCount++].Set(certificate, 0, certificate.Length);
        }

        return Encoded(command.EncodedLength, command.WriteTo);
    }

    private static RemotePartyRole RoleOf(string duisRole) => duisRole switch
    {
        "Supplier" => RemotePartyRole.Supplier,
        "NetworkOperator" => RemotePartyRole.NetworkOperator,
        "ACB" => RemotePartyRole.AccessControlBroker,
        "Root" => RemotePartyRole.Root,
        "Recovery" => RemotePartyRole.Recovery,
        "TransCoS" => RemotePartyRole.TransitionalCoS,
        _ => RemotePartyRole.Other,
    };
}

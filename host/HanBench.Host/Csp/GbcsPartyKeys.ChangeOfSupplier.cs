namespace HanBench.Host.Csp;

/// <summary>
/// A remote party's system title and DS private key, as the host holds them to play that party (a copy is kept).
/// </summary>
/// <param name="SystemTitle">The party's EUI-64.</param>
/// <param name="PrivateKey">Its 32-octet DS private key.</param>
public sealed record PartySigningKey(ulong SystemTitle, byte[] PrivateKey)
{
    /// <summary>What ToString prints: never the key.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"SystemTitle = {SystemTitle:X16}, PrivateKey = held");
        return true;
    }
}

/// <summary>
/// Change of supplier (GBCS 6.23, SECMP0170 requirement 8): the host plays the DCC's transitional change-of-supplier party,
/// which signs the CS02b 0x0107 that installs the incoming supplier's credentials. What the host then does towards that
/// device as the incoming supplier follows from the supplier DS certificate the device holds, through the one per-device
/// lookup (<see cref="SupplierFor"/>, <see cref="UseCertificate"/>) that also serves 6.15.1 and a restarted host.
/// </summary>
public sealed partial class GbcsPartyKeys
{
    /// <summary>The transitional CoS party's title and DS private key the host signs 6.23's CS02b with; null when none is held.</summary>
    public PartySigningKey? TransitionalCoS { get; set; }
}

using System.Collections.Concurrent;

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
/// which signs the CS02b 0x0107 that installs the incoming supplier's credentials, and from then on acts towards that device
/// as the incoming supplier (its system title as originator, its DS key). Other devices keep their supplier. Thread-safe.
/// </summary>
public sealed partial class GbcsPartyKeys
{
    private readonly ConcurrentDictionary<ulong, ulong> _suppliersByDevice = new();

    /// <summary>The transitional CoS party's title and DS private key the host signs 6.23's CS02b with; null when none is held.</summary>
    public PartySigningKey? TransitionalCoS { get; set; }

    /// <summary>The supplier the host acts as towards <paramref name="device"/>: the incoming one after a change of supplier, otherwise <paramref name="otherwise"/>.</summary>
    public ulong SupplierSystemTitleFor(ulong device, ulong otherwise) => _suppliersByDevice.TryGetValue(device, out ulong supplier) ? supplier : otherwise;

    /// <summary>
    /// From now on the host acts towards <paramref name="device"/> as the supplier <paramref name="supplier"/>, signing with
    /// <paramref name="privateKey"/> (null: not held, so supplier-signed commands to the device fail naming why).
    /// </summary>
    public void UseSupplier(ulong device, ulong supplier, byte[]? privateKey)
    {
        UseSupplierSigningKey(device, privateKey);
        _suppliersByDevice[device] = supplier;
    }
}

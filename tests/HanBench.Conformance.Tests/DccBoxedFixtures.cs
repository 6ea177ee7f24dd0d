using HanBench.Tests;
using HanBench.Host.Duis;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Host.ServiceRequests;

namespace HanBench.Conformance.Tests;

/// <summary>What the signed-DUIS conformance tests share: DCC Boxed's keystore imported once, the DUIS schema with the real xmldsig schema, a gateway with no device behind it.</summary>
internal static class DccBoxedFixtures
{
    private static readonly Lazy<Keystore> BoxedKeystore = new(() =>
    {
        Keystore store = Keystore.Open(TestFolders.Create("hanbench-boxed-"));
        store.ImportDccBoxed(Vectors.PathOf("dccboxed-keystore", "keystore.json"));
        return store;
    });

    private static readonly Lazy<DuisSchema> SchemaWithXmldsig = new(() =>
        DuisSchema.Load(Vectors.PathOf("xsd", "DUIS Schema V5.4.xsd"), Vectors.PathOf("xmldsig", "xmldsig-core-schema.xsd")));

    /// <summary>DCC Boxed's keystore.json, imported.</summary>
    public static Keystore Keystore => BoxedKeystore.Value;

    /// <summary>"DUIS Schema V5.4.xsd" with the W3C XML Signature schema it imports.</summary>
    public static DuisSchema Schema => SchemaWithXmldsig.Value;

    /// <summary>No device link: 11.2/11.3 answer "unreachable".</summary>
    public sealed class UnreachableGateway : IDeviceGateway
    {
        public Task<FirmwareVersionReading> ReadFirmwareVersionAsync(Eui64 deviceId, CancellationToken cancellationToken) =>
            Task.FromResult(new FirmwareVersionReading(FirmwareVersionReadStatus.Unreachable, null, "no device link"));
    }
}

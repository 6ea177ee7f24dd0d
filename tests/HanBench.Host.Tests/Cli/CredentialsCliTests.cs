using System.Text.Json;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// <c>hanbench credentials</c> (SECMP0170 requirement 8): the inventory's certificates and their history through
/// <c>credentials show</c> and <c>inventory show</c>, and the sending subcommands going through the credential handler
/// (no device link in the CLI: E20, nothing changed).
/// </summary>
[TestClass]
public sealed class CredentialsCliTests
{
    private const string Hub = "00-DB-12-34-56-78-90-A2";
    private const string Bridge = "00-AA-00-00-00-00-00-C1";

    private static readonly Lazy<Keystore> Keys = new(() => Keystore.Init(TestFolders.Create("hanbench-cli-keys-"), DateTimeOffset.UtcNow));

    private static string Db()
    {
        string path = Path.Combine(TestFolders.Create("hanbench-cli-cred-"), "inventory.db");
        foreach (string[] args in new[]
        {
            new[] { "inventory", "prenotify", "--device", Hub, "--type", "CHF", "--manufacturer", "CHMF", "--model", "CH-1" },
            ["inventory", "update", Hub, "--status", "InstalledNotCommissioned"],
            ["inventory", "update", Hub, "--status", "Commissioned"],
            ["inventory", "prenotify", "--device", Bridge, "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B1"],
            ["inventory", "add-to-han", "--hub", Hub, "--device", Bridge, "--install-code", "0011223344556677"],
        })
        {
            CliResult result = CliRunner.Run([.. args, "--db", path]);
            Assert.AreEqual(0, result.ExitCode, result.Error);
        }

        return path;
    }

    [TestMethod]
    public void CredentialsShow_ReplacedCertificate_CurrentAndReplacedListed_InInventoryShowToo()
    {
        string db = Db();
        PartyCredential supplier = Keys.Value.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!;
        PartyCredential acb = Keys.Value.Primary(Keystore.DefaultAccessControlBroker, CredentialUsage.DigitalSigning)!;
        using (InventoryStore store = InventoryStore.Open(db))
        {
            store.Write(s =>
            {
                var certificates = new DeviceCertificates(s);
                certificates.Install(Eui64.Parse(Bridge), "Supplier", DeviceCertificates.DigitalSigning, Keystore.DefaultSupplier, acb.Serial, acb.Certificate.RawData, "r-old");
                certificates.Install(Eui64.Parse(Bridge), "Supplier", DeviceCertificates.DigitalSigning, Keystore.DefaultSupplier, supplier.Serial, supplier.Certificate.RawData, "r-new");
            });
        }

        CliResult shown = CliRunner.Run("credentials", "show", Bridge, "--db", db, "--json");
        CliResult table = CliRunner.Run("credentials", "show", Bridge, "--db", db);
        CliResult inventory = CliRunner.Run("inventory", "show", Bridge, "--db", db, "--json");

        Assert.AreEqual(0, shown.ExitCode, shown.Error);
        JsonElement[] rows = [.. JsonDocument.Parse(shown.Output).RootElement.EnumerateArray()];
        CollectionAssert.AreEqual(new[] { "replaced", "current" }, rows.Select(r => r.GetProperty("state").GetString()).ToArray());
        Assert.AreEqual(supplier.Serial, rows[1].GetProperty("serial").GetString());
        CollectionAssert.AreEqual(supplier.Certificate.RawData, rows[1].GetProperty("certificate").GetBytesFromBase64());
        StringAssert.Contains(table.Output, "r-new");
        JsonElement[] fromInventory = [.. JsonDocument.Parse(inventory.Output).RootElement.GetProperty("certificates").EnumerateArray()];
        Assert.AreEqual(2, fromInventory.Length);
    }

    [TestMethod]
    public void CredentialsReplaceSupplier_NoDeviceLink_E20NothingRecorded()
    {
        string db = Db();
        string pem = Path.Combine(TestFolders.Create("hanbench-cli-cert-"), "supplier-ds.pem");
        File.WriteAllText(pem, Keys.Value.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Certificate.ExportCertificatePem());

        CliResult result = CliRunner.Run("credentials", "replace-supplier", Bridge, "--ds", pem, "--keystore", Keys.Value.Folder, "--db", db, "--json");

        Assert.AreEqual(1, result.ExitCode, result.Output);
        JsonElement json = JsonDocument.Parse(result.Output).RootElement;
        Assert.AreEqual("E20", json.GetProperty("responseCode").GetString());
        Assert.AreEqual("6.15.1", json.GetProperty("serviceReferenceVariant").GetString());
        StringAssert.Contains(json.GetProperty("message").GetString(), "nothing changed");
        Assert.AreEqual("[]", CliRunner.Run("credentials", "show", Bridge, "--db", db, "--json").Output.Trim().Replace("\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [TestMethod]
    public void CredentialsChangeSupplier_SenderNotAKnownSupplier_E2NamingIt_ThenRegistered_PastThePrechecksToE20()
    {
        string db = Db();
        const string incoming = "90-B3-D5-1F-30-03-00-00";
        Keys.Value.Issue(Eui64.Parse(incoming), PartyRole.Supplier, "Incoming supplier", DateTimeOffset.UtcNow);
        string pem = Path.Combine(TestFolders.Create("hanbench-cli-cert-"), "incoming-ds.pem");
        File.WriteAllText(pem, Keys.Value.Primary(Eui64.Parse(incoming), CredentialUsage.DigitalSigning)!.Certificate.ExportCertificatePem());
        string[] changeSupplier = ["credentials", "change-supplier", Bridge, "--ds", pem, "--service-user", incoming, "--keystore", Keys.Value.Folder, "--db", db, "--json"];

        CliResult unknown = CliRunner.Run(changeSupplier);
        CliResult add = CliRunner.Run("alerts", "service-user", "add", "--id", incoming, "--name", "Incoming supplier", "--role", "Supplier", "--db", db);
        CliResult known = CliRunner.Run(changeSupplier);

        JsonElement refused = JsonDocument.Parse(unknown.Output).RootElement;
        Assert.AreEqual("E2", refused.GetProperty("responseCode").GetString(), unknown.Output);
        Assert.AreEqual("6.23", refused.GetProperty("serviceReferenceVariant").GetString());
        StringAssert.Contains(refused.GetProperty("message").GetString(), "not a known supplier");
        Assert.AreEqual(0, add.ExitCode, add.Error);
        JsonElement sent = JsonDocument.Parse(known.Output).RootElement;
        Assert.AreEqual("E20", sent.GetProperty("responseCode").GetString(), known.Output);
        Assert.AreEqual("[]", CliRunner.Run("credentials", "show", Bridge, "--db", db, "--json").Output.Trim().Replace("\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [TestMethod]
    public void CredentialsUpdateDevice_NothingPending_Exit2NamingIssue()
    {
        CliResult result = CliRunner.Run("credentials", "update-device", Bridge, "--db", Db());

        Assert.AreEqual(2, result.ExitCode);
        StringAssert.Contains(result.Error, "credentials issue");
    }
}

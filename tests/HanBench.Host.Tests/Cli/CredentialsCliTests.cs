using System.Text.Json;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Tests.Cli;

/// <summary>
/// <c>hanbench credentials</c> (SECMP0170 requirement 8): the inventory's certificates and their history through
/// <c>credentials show</c> and <c>inventory show</c>, and the sending subcommands going through the credential handler:
/// checked, then acknowledged (I99) and queued for <c>csp run</c> (no device link in the CLI), listed by
/// <c>credentials requests</c>; nothing changes on the device's certificates until the CSP carries a request out.
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
    public void CredentialsReplaceSupplier_NoDeviceLink_AcknowledgedQueuedForTheHub_CertificatesUnchanged()
    {
        string db = Db();
        string pem = Path.Combine(TestFolders.Create("hanbench-cli-cert-"), "supplier-ds.pem");
        File.WriteAllText(pem, Keys.Value.Primary(Keystore.DefaultSupplier, CredentialUsage.DigitalSigning)!.Certificate.ExportCertificatePem());

        CliResult result = CliRunner.Run("credentials", "replace-supplier", Bridge, "--ds", pem, "--keystore", Keys.Value.Folder, "--db", db, "--json");
        CliResult requests = CliRunner.Run("credentials", "requests", Bridge, "--db", db, "--json");

        Assert.AreEqual(0, result.ExitCode, result.Output + result.Error);
        JsonElement json = JsonDocument.Parse(result.Output).RootElement;
        Assert.AreEqual("I99", json.GetProperty("responseCode").GetString());
        Assert.AreEqual("6.15.1", json.GetProperty("serviceReferenceVariant").GetString());
        StringAssert.Contains(json.GetProperty("message").GetString(), "queued for the CSP on Comms Hub " + Hub);
        JsonElement[] rows = [.. JsonDocument.Parse(requests.Output).RootElement.EnumerateArray()];
        Assert.AreEqual(1, rows.Length, requests.Output);
        Assert.AreEqual(json.GetProperty("requestId").GetString(), rows[0].GetProperty("requestId").GetString());
        Assert.AreEqual("Queued", rows[0].GetProperty("state").GetString());
        Assert.AreEqual(Hub, rows[0].GetProperty("commsHubId").GetString());
        Assert.AreEqual("ReplaceRemoteParty", rows[0].GetProperty("useCase").GetString());
        Assert.IsFalse(rows[0].GetProperty("viaDuis").GetBoolean());
        Assert.AreEqual("[]", CliRunner.Run("credentials", "show", Bridge, "--db", db, "--json").Output.Trim().Replace("\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [TestMethod]
    public void CredentialsReadDevice_RefusedByPrechecks_NothingQueued_DeviceOnNoHub_E20NothingQueued()
    {
        string db = Db();
        const string loose = "00-AA-00-00-00-00-00-C2";
        Assert.AreEqual(0, CliRunner.Run("inventory", "prenotify", "--device", loose, "--type", "PPMID", "--manufacturer", "AHCO", "--model", "BRIDGE-1", "--variant", "B1", "--db", db).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("inventory", "update", loose, "--status", "InstalledNotCommissioned", "--db", db).ExitCode);

        CliResult unknown = CliRunner.Run("credentials", "read-device", "00-AA-00-00-00-00-00-FF", "--db", db, "--json");
        CliResult onNoHub = CliRunner.Run("credentials", "read-device", loose, "--db", db, "--json");

        Assert.AreEqual(2, unknown.ExitCode, unknown.Output);
        Assert.AreEqual("E19", JsonDocument.Parse(unknown.Output).RootElement.GetProperty("responseCode").GetString());
        Assert.AreEqual(1, onNoHub.ExitCode, onNoHub.Output);
        JsonElement refused = JsonDocument.Parse(onNoHub.Output).RootElement;
        Assert.AreEqual("E20", refused.GetProperty("responseCode").GetString());
        StringAssert.Contains(refused.GetProperty("message").GetString(), "on no Comms Hub");
        StringAssert.Contains(CliRunner.Run("credentials", "requests", "--db", db).Output, "no credential requests");
    }

    [TestMethod]
    public void CredentialsChangeSupplier_SenderNotAKnownSupplier_E2NamingIt_ThenRegistered_Queued()
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
        JsonElement queued = JsonDocument.Parse(known.Output).RootElement;
        Assert.AreEqual("I99", queued.GetProperty("responseCode").GetString(), known.Output);
        JsonElement[] rows = [.. JsonDocument.Parse(CliRunner.Run("credentials", "requests", "--db", db, "--json").Output).RootElement.EnumerateArray()];
        Assert.AreEqual(1, rows.Length, "the refused request was not queued; the accepted one was");
        Assert.AreEqual("6.23", rows[0].GetProperty("serviceReferenceVariant").GetString());
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

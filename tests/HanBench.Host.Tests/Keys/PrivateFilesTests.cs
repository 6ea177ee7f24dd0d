using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Tests.Keys;

/// <summary>Private keys never readable by others, neither on disk nor in a printed credential.</summary>
[TestClass]
public sealed class PrivateFilesTests
{
    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void WriteAllText_OverAWorldReadableFileOrALink_Replaced0600AndTheLinkTargetUntouched()
    {
        string dir = Directory.CreateTempSubdirectory("hanbench-private-").FullName;
        try
        {
            string key = Path.Combine(dir, "party-ds.key");
            File.WriteAllText(key, "old");
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            string target = Path.Combine(dir, "elsewhere.txt");
            File.WriteAllText(target, "public");
            string link = Path.Combine(dir, "linked-ka.key");
            File.CreateSymbolicLink(link, target);

            PrivateFiles.WriteAllText(key, "secret");
            PrivateFiles.WriteAllText(link, "secret");

            foreach (string file in new[] { key, link })
            {
                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file), file);
                Assert.AreEqual("secret", File.ReadAllText(file));
                Assert.IsNull(new FileInfo(file).LinkTarget, $"{file} is a file of its own");
            }

            Assert.AreEqual("public", File.ReadAllText(target), "the link's old target is not written through");
            Assert.AreEqual(3, Directory.GetFiles(dir).Length, "no temporary file left");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void PartyCredential_Printed_SaysWhetherTheKeyIsHeldButNeverShowsIt()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        string pem = key.ExportPkcs8PrivateKeyPem();
        var credential = new PartyCredential(Eui64.Parse("90-B3-D5-1F-30-01-00-00"), CredentialUsage.DigitalSigning, certificate, pem, Primary: true);

        string printed = credential.ToString();

        StringAssert.Contains(printed, "PrivateKey = held");
        Assert.IsFalse(printed.Contains("PRIVATE KEY", StringComparison.Ordinal), printed);
        Assert.IsFalse(printed.Contains(pem.Split('\n')[1], StringComparison.Ordinal), printed);
    }

    [TestMethod]
    public void ManagementKey_ManyBoardsCreatingTheirHubsKeyAtOnce_AllGetTheSameKey()
    {
        string dir = Directory.CreateTempSubdirectory("hanbench-private-").FullName;
        try
        {
            Keystore store = Keystore.Init(Path.Combine(dir, "keys"), DateTimeOffset.UtcNow, defaultParties: false);
            var hub = new Eui64(0x00DB_0000_0000_0001);

            byte[][] keys = Enumerable.Range(0, 16).AsParallel().Select(_ => BoardProvisioning.ManagementKey(store, hub, create: true)!).ToArray();

            Assert.IsTrue(keys.All(k => k.AsSpan().SequenceEqual(keys[0])), "every board got the key that won");
            CollectionAssert.AreEqual(keys[0], BoardProvisioning.ManagementKey(store, hub, create: false));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

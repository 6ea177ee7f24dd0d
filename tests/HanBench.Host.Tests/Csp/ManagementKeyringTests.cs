using System.Security.Cryptography;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;
using HanBench.Protocol.Management;
using HanBench.Protocol.Security;

namespace HanBench.Host.Tests.Csp;

/// <summary>
/// The management channel's MAC (issue 8 §3, <see cref="ManagementAuthenticator"/>) checked against .NET's own
/// HMAC-SHA256, and the board credentials record boards are provisioned with (<see cref="ProvisionedCredentials"/>).
/// </summary>
[TestClass]
public sealed class ManagementKeyringTests
{
    private const ulong Hub = 0x00DB_0000_0000_0001UL;
    private const ulong Host = 0x00DB_0000_0000_F000UL;

    [TestMethod]
    public void Seal_SeededRandomMessages_MacIsHmacSha256OfTitlesCounterAndMessageCutTo16()
    {
        int seed = Environment.TickCount;
        Console.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var authenticator = new ManagementAuthenticator();
        for (int i = 0; i < 500; i++)
        {
            byte[] key = RandomBytes(random, ManagementAuthenticator.KeyLength);
            byte[] message = RandomBytes(random, random.Next(ManagementHeader.Length, 600));
            ulong source = (ulong)random.NextInt64(), destination = (ulong)random.NextInt64(), counter = (ulong)random.NextInt64();
            var buffer = new byte[message.Length + ManagementAuthenticator.TrailerLength];
            message.CopyTo(buffer, 0);
            authenticator.SetKey(key, 0);

            int length = authenticator.Seal(source, destination, counter, buffer, 0, message.Length);

            byte[] input = [.. BigEndian(source), .. BigEndian(destination), .. BigEndian(counter), .. message];
            CollectionAssert.AreEqual(BigEndian(counter), buffer[message.Length..(message.Length + 8)], $"seed {seed}");
            CollectionAssert.AreEqual(HMACSHA256.HashData(key, input)[..16], buffer[(message.Length + 8)..length], $"seed {seed} case {i}");
            Assert.AreEqual(ManagementAuthStatus.Ok, authenticator.Verify(ManagementAuthenticator.SecuritySuite, source, destination, buffer, 0, length, out ulong read));
            Assert.AreEqual(counter, read);
        }
    }

    [TestMethod]
    public void Verify_AnyOctetFlippedOrAnotherAddress_BadMac()
    {
        var keys = ManagementKeyring.ForTestKeys();
        (ushort suite, byte[] payload) = keys.Seal(Host, Hub, Hub, [0x03, 0x01, 0x00, 0x00]);
        for (int i = 0; i < payload.Length; i++)
        {
            byte[] forged = (byte[])payload.Clone();
            forged[i] ^= 0x04;
            Assert.AreEqual(ManagementAuthStatus.BadMac, Check(Host, suite, forged), $"octet {i}");
        }

        Assert.AreEqual(ManagementAuthStatus.Ok, Check(Host, suite, payload));
        Assert.AreEqual(ManagementAuthStatus.BadMac, Check(Host + 1, suite, payload), "the source is authenticated");
        Assert.AreEqual(ManagementAuthStatus.Unauthenticated, Check(Host, 0, payload));
        Assert.AreEqual(ManagementAuthStatus.UnknownSuite, Check(Host, 0x4D32, payload));
        Assert.AreEqual(ManagementAuthStatus.Truncated, Check(Host, suite, payload[..20]));
    }

    [TestMethod]
    public void DeviceKey_IsHmacOfTheHubKeyOverLabelAndEui_OnePerDevice()
    {
        byte[] hubKey = RandomNumberGenerator.GetBytes(32);
        var derived = new byte[32];
        new ManagementAuthenticator().DeriveDeviceKey(hubKey, 0, 0x00DB_0000_0000_0010UL, derived, 0);
        byte[] input = [.. "HanBench management key"u8, .. BigEndian(0x00DB_0000_0000_0010UL)];
        CollectionAssert.AreEqual(HMACSHA256.HashData(hubKey, input), derived);
        var other = new byte[32];
        new ManagementAuthenticator().DeriveDeviceKey(hubKey, 0, 0x00DB_0000_0000_0011UL, other, 0);
        CollectionAssert.AreNotEqual(derived, other);
    }

    [TestMethod]
    public void NextCounter_ManyCalls_StrictlyIncreasing()
    {
        ulong last = ManagementKeyring.NextCounter();
        for (int i = 0; i < 10_000; i++)
        {
            ulong next = ManagementKeyring.NextCounter();
            Assert.IsTrue(next > last);
            last = next;
        }
    }

    [TestMethod]
    public void Credentials_SavedAndLoaded_SameKeysAndAnchors()
    {
        ProvisionedCredentials written = BoardProvisioning.TestKeys.Provision(RoleSettings.ForPpmid(0x00DB_0000_0000_0010UL, Hub));
        var settings = new MemorySettingsStore();
        Assert.AreEqual(Device.Hal.StoreStatus.Ok, written.Save(settings));

        ProvisionedCredentials? read = ProvisionedCredentials.Load(settings, 0x00DB_0000_0000_0010UL, out string problem);

        Assert.IsNotNull(read, problem);
        CollectionAssert.AreEqual(written.ToBytes(), read.ToBytes());
        CollectionAssert.AreEqual(written.ManagementKey, ManagementKeyOf(0x00DB_0000_0000_0010UL));
        Assert.AreEqual(RoleSettings.DefaultAcbSystemTitle, read.Acb.SystemTitle);
    }

    [TestMethod]
    public void Credentials_NoneWrongBoardOrDamaged_RefusedNamingWhy()
    {
        var settings = new MemorySettingsStore();
        Assert.IsNull(ProvisionedCredentials.Load(settings, Hub, out string problem));
        Assert.AreEqual("no keys provisioned", problem);

        byte[] record = BoardProvisioning.TestKeys.Provision(RoleSettings.ForHub(Hub, Host)).ToBytes();
        StringAssert.Contains(ProvisionedCredentials.Import(record, 0, record.Length, Hub + 1, settings), "credentials are for 00DB000000000001, not this board");
        StringAssert.Contains(ProvisionedCredentials.Import(record, 0, record.Length - 1, Hub, settings), "583 octets, not 584");
        record[0] = 9;
        StringAssert.Contains(ProvisionedCredentials.Import(record, 0, record.Length, Hub, settings), "format 9 unknown");
        Assert.IsFalse(settings.Contains(ProvisionedCredentials.SettingsKey), "a refused record changes nothing");
    }

    [TestMethod]
    public void FromKeystore_EachDeviceItsOwnKeys_HostHoldsTheMatchingOnes()
    {
        string folder = Directory.CreateTempSubdirectory("hanbench-provisioning-").FullName;
        try
        {
            Keystore store = Keystore.Init(folder, DateTimeOffset.UtcNow);
            BoardProvisioning provisioning = BoardProvisioning.FromKeystore(store, Keystore.DefaultAccessControlBroker, Keystore.DefaultSupplier, TimeProvider.System);
            ProvisionedCredentials hub = provisioning.Provision(RoleSettings.ForHub(Hub, Host));
            ProvisionedCredentials ppmid = provisioning.Provision(RoleSettings.ForPpmid(0x00DB_0000_0000_0010UL, Hub));

            CollectionAssert.AreNotEqual(hub.KeyAgreementPrivateKey, ppmid.KeyAgreementPrivateKey);
            CollectionAssert.AreNotEqual(hub.ManagementKey, ppmid.ManagementKey);
            Assert.IsNotNull(store.Primary(new Eui64(0x00DB_0000_0000_0010UL), CredentialUsage.KeyAgreement), "issued in the keystore");
            var z = new byte[32];
            Assert.AreEqual(P256Status.Ok, new EcdhP256().ComputeSharedSecret(ppmid.KeyAgreementPrivateKey, 0, ppmid.Acb.KeyAgreementPublicKey, 0, 65, z, 0));
            CollectionAssert.AreEqual(z, provisioning.NewHostGbcsKeys().SharedSecretWith(0x00DB_0000_0000_0010UL), "the host's Z is the device's");
            (ushort suite, byte[] payload) = provisioning.ManagementKeys.Seal(Host, Hub, 0x00DB_0000_0000_0010UL, [0x03, 0x01, 0x00, 0x00]);
            var authenticator = new ManagementAuthenticator();
            authenticator.SetKey(ppmid.ManagementKey, 0);
            Assert.AreEqual(ManagementAuthStatus.Ok, authenticator.Verify(suite, Host, 0x00DB_0000_0000_0010UL, payload, 0, payload.Length, out _));
            if (!OperatingSystem.IsWindows())
            {
                Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "00db000000000001-mgmt.key")));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The hub checking a frame from `source`: the hub's own key, the frame's addresses.
    private static ManagementAuthStatus Check(ulong source, ushort suite, byte[] payload)
    {
        var authenticator = new ManagementAuthenticator();
        authenticator.SetKey(ManagementKeyOf(Hub), 0);
        return authenticator.Verify(suite, source, Hub, payload, 0, payload.Length, out _);
    }

    private static byte[] ManagementKeyOf(ulong party)
    {
        var key = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, Hub, GbcsTestKeys.Management, key, 0);
        if (party != Hub)
        {
            new ManagementAuthenticator().DeriveDeviceKey(key, 0, party, key, 0);
        }

        return key;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] BigEndian(ulong value)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}

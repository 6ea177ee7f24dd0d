using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HanBench.Device.Roles;
using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using HanBench.Protocol.Management;
using HanBench.Protocol.Security;

namespace HanBench.Host.Keys;

/// <summary>
/// What the boards of a bench are provisioned with and the matching keys the host holds (issue 8 §1, §3), from one
/// source: HanBench's test keys (<see cref="TestKeys"/>, not secret: in-process benches and tests) or a keystore
/// (<see cref="FromKeystore"/>), which issues each device its own DS and KA key pairs and certificates on first use and
/// keeps each Comms Hub's management key (<c>&lt;eui&gt;-mgmt.key</c>, 0600); a HAN device's management key is derived
/// from its hub's. The board side is a <see cref="ProvisionedCredentials"/> record (<c>flash</c> puts it on <c>I:</c>, a
/// virtual board reads it from its state folder); the host side is <see cref="NewHostGbcsKeys"/> and <see cref="ManagementKeys"/>.
/// Thread-safe.
/// </summary>
public sealed class BoardProvisioning
{
    private const string ManagementKeySuffix = "-mgmt.key";
    private static readonly ConcurrentDictionary<(ulong Eui64, ulong Hub, ulong Acb, ulong Supplier), byte[]> s_testRecords = new();
    private readonly Func<RoleSettings, ProvisionedCredentials> _provision;
    private readonly Func<GbcsPartyKeys> _gbcsKeys;

    private BoardProvisioning(Func<RoleSettings, ProvisionedCredentials> provision, Func<GbcsPartyKeys> gbcsKeys, ManagementKeyring managementKeys, string source)
    {
        _provision = provision;
        _gbcsKeys = gbcsKeys;
        ManagementKeys = managementKeys;
        Source = source;
    }

    /// <summary>HanBench's deterministic test keys (default seed): what the host's defaults hold.</summary>
    public static BoardProvisioning TestKeys { get; } = new(
        configuration =>
        {
            // Derived with the portable P-256 (a few scalar multiplications a device): made once per device and reused,
            // since every in-process bench of a test run provisions the same devices.
            byte[] record = s_testRecords.GetOrAdd(
                (configuration.Eui64, configuration.HubEui, configuration.AcbSystemTitle, configuration.SupplierSystemTitle),
                key => ProvisionedCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, key.Eui64, key.Hub, key.Acb, key.Supplier).ToBytes());
            return ProvisionedCredentials.TryDecode(record, 0, record.Length, configuration.Eui64, out _)!;
        },
        () => GbcsPartyKeys.ForTestKeys(),
        HubSessionOptions.DefaultManagementKeys,
        "HanBench test keys (not secret)");

    /// <summary>
    /// These keys, but with the root and issuing CAs of <paramref name="store"/> as the boards' issuing-authority trust
    /// anchors (every certificate a CS02b or CS02d brings must chain to them): for a bench on test keys that replaces
    /// credentials with certificates a keystore issues.
    /// </summary>
    public BoardProvisioning WithAuthoritiesOf(Keystore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        byte[]? root = store.RootCertificate is { } rootCertificate ? PublicPoint(rootCertificate) : null;
        byte[]? issuing = store.IssuingCertificate is { } issuingCertificate ? PublicPoint(issuingCertificate) : null;
        return new BoardProvisioning(
            configuration =>
            {
                ProvisionedCredentials credentials = _provision(configuration);
                root?.CopyTo(credentials.RootPublicKey, 0);
                issuing?.CopyTo(credentials.IssuingPublicKey, 0);
                return credentials;
            },
            _gbcsKeys,
            ManagementKeys,
            $"{Source}, trusting the CAs of keystore {store.Folder}");
    }

    /// <summary>
    /// The host's GBCS keys for one host session (<see cref="HubSessionOptions.Keys"/>): the ACB's KA and the supplier's DS
    /// private keys, each device's KA and DS public keys. A fresh set per call: a credential replacement (CS02) changes the
    /// keys of the host it happened to only.
    /// </summary>
    public GbcsPartyKeys NewHostGbcsKeys() => _gbcsKeys();

    /// <summary>The host's management keys: each hub's.</summary>
    public ManagementKeyring ManagementKeys { get; }

    /// <summary>Where the keys come from, for people.</summary>
    public string Source { get; }

    /// <summary>The credentials record for the device <paramref name="configuration"/> describes (issuing its keys if need be).</summary>
    public ProvisionedCredentials Provision(RoleSettings configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return _provision(configuration);
    }

    /// <summary>
    /// Writes the device's credentials file (<see cref="ProvisionedCredentials.FileName"/>, 0600) into
    /// <paramref name="directory"/> — a virtual board's state folder, or the folder <c>flash</c> deploys to <c>I:</c> from.
    /// Returns its path.
    /// </summary>
    public string WriteFile(RoleSettings configuration, string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, ProvisionedCredentials.FileName);
        byte[] record = Provision(configuration).ToBytes();
        PrivateFiles.WriteAllBytes(path, record);
        CryptographicOperations.ZeroMemory(record);
        return path;
    }

    /// <summary>
    /// Keys from the keystore <paramref name="store"/>: the ACB <paramref name="acb"/> and supplier <paramref name="supplier"/>
    /// (their private keys must be held: <c>keys init</c> makes them, or import the RTDS ones), the transitional CoS party
    /// when the keystore holds one (<see cref="Keystore.TransitionalCoSSigner"/>: every device then trusts its DS key), every
    /// device issued its own credentials at first use (dated by <paramref name="time"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The ACB or supplier, or one of their private keys, is missing.</exception>
    public static BoardProvisioning FromKeystore(Keystore store, Eui64 acb, Eui64 supplier, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var gate = new Lock();
        byte[] acbKa = PrivateScalar(Require(store, acb, CredentialUsage.KeyAgreement));
        byte[] supplierDs = PrivateScalar(Require(store, supplier, CredentialUsage.DigitalSigning));
        byte[] acbKaPublic = PublicPoint(Require(store, acb, CredentialUsage.KeyAgreement).Certificate);
        byte[] acbDsPublic = PublicPoint(Require(store, acb, CredentialUsage.DigitalSigning).Certificate);
        byte[] supplierKaPublic = PublicPoint(Require(store, supplier, CredentialUsage.KeyAgreement).Certificate);
        byte[] supplierDsPublic = PublicPoint(Require(store, supplier, CredentialUsage.DigitalSigning).Certificate);

        // The test PKI's CAs: the issuing-authority trust anchors every certificate a CS02b or CS02d brings must chain to.
        byte[]? rootPublic = store.RootCertificate is { } root ? PublicPoint(root) : null;
        byte[]? issuingPublic = store.IssuingCertificate is { } issuing ? PublicPoint(issuing) : null;

        // The transitional CoS party (6.23) is optional: a keystore without one provisions no CoS trust anchor, and a
        // change of supplier is then refused naming why.
        PartyCredential? transCoS = store.TransitionalCoSSigner();
        PartySigningKey? transCoSKey = transCoS is null ? null : new PartySigningKey(transCoS.Party.Value, PrivateScalar(transCoS));
        byte[]? transCoSPublic = transCoS is null ? null : PublicPoint(transCoS.Certificate);

        // The ACB's DS private key signs a Comms Hub's ACB-by-ACB CS02b (GBCS 13.3.3.1); a keystore without it refuses that one only.
        PartyCredential acbDs = Require(store, acb, CredentialUsage.DigitalSigning);
        PartySigningKey? acbSigning = acbDs.PrivateKeyPem is null ? null : new PartySigningKey(acb.Value, PrivateScalar(acbDs));

        byte[]? DevicePublic(ulong device, CredentialUsage usage)
        {
            lock (gate)
            {
                return store.PrimaryOrReload(new Eui64(device), usage) is { } credential ? PublicPoint(credential.Certificate) : null;
            }
        }

        byte[]? HubKey(ulong hub)
        {
            lock (gate)
            {
                return ManagementKey(store, new Eui64(hub), create: false);
            }
        }

        ProvisionedCredentials Provision(RoleSettings configuration)
        {
            lock (gate)
            {
                var id = new Eui64(configuration.Eui64);
                if (!store.HoldsPrimaryKeys(id))
                {
                    store.EnsureIssued(id, PartyRole.Device, $"{configuration.Role} {id}", time.GetUtcNow());
                }

                var credentials = new ProvisionedCredentials(configuration.Eui64);
                PrivateScalar(store.Primary(id, CredentialUsage.KeyAgreement)!).CopyTo(credentials.KeyAgreementPrivateKey, 0);
                PrivateScalar(store.Primary(id, CredentialUsage.DigitalSigning)!).CopyTo(credentials.SigningPrivateKey, 0);
                byte[] hubKey = ManagementKey(store, new Eui64(configuration.HubEui), create: true)!;
                if (configuration.HubEui == configuration.Eui64)
                {
                    hubKey.CopyTo(credentials.ManagementKey, 0);
                }
                else
                {
                    new ManagementAuthenticator().DeriveDeviceKey(hubKey, 0, configuration.Eui64, credentials.ManagementKey, 0);
                }

                credentials.Acb.Set(acb.Value, acbKaPublic, acbDsPublic);
                credentials.Supplier.Set(supplier.Value, supplierKaPublic, supplierDsPublic);
                rootPublic?.CopyTo(credentials.RootPublicKey, 0);
                issuingPublic?.CopyTo(credentials.IssuingPublicKey, 0);
                if (transCoS is not null)
                {
                    credentials.TransitionalCoSSystemTitle = transCoS.Party.Value;
                    transCoSPublic!.CopyTo(credentials.TransitionalCoSSigningPublicKey, 0);
                }

                return credentials;
            }
        }

        byte[]? PrivateKeyOf(byte[] publicKey)
        {
            lock (gate)
            {
                return store.PrivateKeyFor(publicKey);
            }
        }

        // The keystore's other private keys are what the host takes up when a replacement (CS02b) moves a device to them.
        GbcsPartyKeys HostKeys() => new(
            acbKa, supplierDs, device => DevicePublic(device, CredentialUsage.KeyAgreement), device => DevicePublic(device, CredentialUsage.DigitalSigning))
        {
            PrivateKeyFinder = PrivateKeyOf,
            TransitionalCoS = transCoSKey,
            AcbSigning = acbSigning,
        };

        return new BoardProvisioning(Provision, HostKeys, new ManagementKeyring(HubKey), $"keystore {store.Folder}");
    }

    /// <summary>
    /// The management key of the hub <paramref name="hub"/> in <paramref name="store"/> (<c>&lt;eui&gt;-mgmt.key</c>: 64 hex
    /// digits), made from the system's random generator when <paramref name="create"/> and absent; null when absent.
    /// </summary>
    public static byte[]? ManagementKey(Keystore store, Eui64 hub, bool create)
    {
        ArgumentNullException.ThrowIfNull(store);
        string path = Path.Combine(store.Folder, Keystore.EuiFileName(hub) + ManagementKeySuffix);
        if (File.Exists(path))
        {
            string text = File.ReadAllText(path).Trim();
            byte[] key;
            try
            {
                key = Convert.FromHexString(text);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{path}: not a management key ({e.Message})", e);
            }

            return key.Length == ManagementAuthenticator.KeyLength
                ? key
                : throw new InvalidDataException($"{path}: a management key is {ManagementAuthenticator.KeyLength} octets, not {key.Length}");
        }

        if (!create)
        {
            return null;
        }

        // Boards sharing a keystore may start at once: under the keystore's lock the first makes the key and the others
        // read it (a no-overwrite rename is not atomic in .NET on Unix: two boards both "created" theirs, 2 runs in 6).
        return store.Locked(() =>
        {
            if (ManagementKey(store, hub, create: false) is { } made)
            {
                return made;
            }

            byte[] fresh = RandomNumberGenerator.GetBytes(ManagementAuthenticator.KeyLength);
            PrivateFiles.WriteAllText(path, Convert.ToHexString(fresh).ToLower(CultureInfo.InvariantCulture) + "\n");
            return fresh;
        });
    }

    private static PartyCredential Require(Keystore store, Eui64 party, CredentialUsage usage)
    {
        PartyCredential credential = store.Primary(party, usage)
            ?? throw new InvalidOperationException($"the keystore {store.Folder} has no {usage.Suffix()} credential for {party}: run 'hanbench keys init' or import it");
        return credential;
    }

    private static byte[] PrivateScalar(PartyCredential credential)
    {
        using ECDsa key = credential.OpenPrivateKey();
        byte[] d = key.ExportParameters(includePrivateParameters: true).D!;
        if (d.Length == EcdsaP256Signer.PrivateKeyLength)
        {
            return d;
        }

        var padded = new byte[EcdsaP256Signer.PrivateKeyLength];
        d.CopyTo(padded, padded.Length - d.Length);
        return padded;
    }

    private static byte[] PublicPoint(X509Certificate2 certificate) => certificate.PublicKey.EncodedKeyValue.RawData;
}

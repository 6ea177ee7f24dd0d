using System.Collections.Concurrent;
using HanBench.Device.Roles;
using HanBench.Protocol.Security;

namespace HanBench.Host.Csp;

/// <summary>
/// The keys the host holds as the remote parties (docs/GBCS-SECURITY.md §2–3; issue 8 §1): the ACB's key-agreement (KA)
/// private key, the supplier's digital-signing (DS) private key (CS06 is supplier-signed), and where each device's KA
/// and DS public keys come from (the DS one verifies the alerts the device signs). Z for the ACB ↔ device pair — the key of every
/// command MAC — is computed once per device and kept. <see cref="ForTestKeys"/> gives HanBench's deterministic test
/// keys (<see cref="GbcsTestKeys"/>, not secret), which are what every bench device gets unless provisioned otherwise;
/// a keystore can feed the constructor instead. Thread-safe.
/// </summary>
public sealed partial class GbcsPartyKeys
{
    private readonly byte[] _acbKeyAgreementPrivateKey;
    private readonly byte[] _supplierSigningPrivateKey;
    private readonly Func<ulong, byte[]?> _deviceKeyAgreementPublicKey;
    private readonly Func<ulong, byte[]?> _deviceSigningPublicKey;
    private readonly ConcurrentDictionary<ulong, byte[]> _sharedSecrets = new();
    private readonly ConcurrentDictionary<ulong, byte[]?> _signingKeys = new();

    /// <summary>
    /// Keys from the ACB's 32-octet KA private key, the supplier's 32-octet DS private key and lookups of a device's
    /// SEC 1 KA and DS public keys (null: unknown).
    /// </summary>
    public GbcsPartyKeys(
        byte[] acbKeyAgreementPrivateKey, byte[] supplierSigningPrivateKey, Func<ulong, byte[]?> deviceKeyAgreementPublicKey, Func<ulong, byte[]?> deviceSigningPublicKey)
    {
        ArgumentNullException.ThrowIfNull(deviceKeyAgreementPublicKey);
        ArgumentNullException.ThrowIfNull(deviceSigningPublicKey);
        _deviceSigningPublicKey = deviceSigningPublicKey;
        _acbKeyAgreementPrivateKey = PrivateKey(acbKeyAgreementPrivateKey, nameof(acbKeyAgreementPrivateKey));
        _supplierSigningPrivateKey = PrivateKey(supplierSigningPrivateKey, nameof(supplierSigningPrivateKey));
        _deviceKeyAgreementPublicKey = deviceKeyAgreementPublicKey;
    }

    /// <summary>
    /// HanBench's test keys for the ACB <paramref name="acbSystemTitle"/>, the supplier <paramref name="supplierSystemTitle"/>,
    /// the transitional CoS party and every device, from <paramref name="seed"/>.
    /// </summary>
    public static GbcsPartyKeys ForTestKeys(
        ulong acbSystemTitle = HubSessionOptions.DefaultAcbSystemTitle,
        ulong supplierSystemTitle = HubSessionOptions.DefaultSupplierSystemTitle,
        ulong seed = GbcsTestKeys.DefaultSeed)
    {
        var acb = new byte[EcdsaP256Signer.PrivateKeyLength];
        GbcsTestKeys.DerivePrivateKey(seed, acbSystemTitle, GbcsTestKeys.KeyAgreement, acb, 0);
        var supplier = new byte[EcdsaP256Signer.PrivateKeyLength];
        GbcsTestKeys.DerivePrivateKey(seed, supplierSystemTitle, GbcsTestKeys.DigitalSigning, supplier, 0);
        var acbDs = new byte[EcdsaP256Signer.PrivateKeyLength];
        GbcsTestKeys.DerivePrivateKey(seed, acbSystemTitle, GbcsTestKeys.DigitalSigning, acbDs, 0);
        var transCoS = new byte[EcdsaP256Signer.PrivateKeyLength];
        GbcsTestKeys.DerivePrivateKey(seed, RoleSettings.DefaultTransitionalCoSSystemTitle, GbcsTestKeys.DigitalSigning, transCoS, 0);
        return new GbcsPartyKeys(
            acb,
            supplier,
            device => GbcsTestKeys.DerivePublicKey(seed, device, GbcsTestKeys.KeyAgreement),
            device => GbcsTestKeys.DerivePublicKey(seed, device, GbcsTestKeys.DigitalSigning))
        {
            TransitionalCoS = new PartySigningKey(RoleSettings.DefaultTransitionalCoSSystemTitle, transCoS),
            AcbSigning = new PartySigningKey(acbSystemTitle, acbDs),
        };
    }

    /// <summary>Most DS public keys kept: alerts claim any originator, so a flood of made-up titles must not grow the cache without bound.</summary>
    public const int MaxSigningKeysKept = 4096;

    /// <summary>The DS public key of <paramref name="device"/> (one a replacement gave it, else the provisioned one, kept after the first look-up, up to <see cref="MaxSigningKeysKept"/>), or null when unknown.</summary>
    public byte[]? DeviceSigningPublicKey(ulong device) => ReplacedDeviceSigningKey(device) ?? ProvisionedDeviceSigningKey(device);

    private byte[]? ProvisionedDeviceSigningKey(ulong device)
    {
        if (_signingKeys.TryGetValue(device, out byte[]? kept))
        {
            return kept;
        }

        byte[]? key = _deviceSigningPublicKey(device);
        if (key is not null && _signingKeys.Count < MaxSigningKeysKept)
        {
            _signingKeys.TryAdd(device, key);
        }

        return key;
    }

    /// <summary>Shared secrets computed and kept (one per device a key agreement was made with).</summary>
    public int SharedSecretsKept => _sharedSecrets.Count;

    /// <summary>
    /// The signature r‖s (64 octets, ECDSA P-256/SHA-256, RFC 6979) over <paramref name="message"/> by the supplier
    /// <paramref name="device"/> trusts now (<see cref="SupplierSigningPrivateKeyFor"/>, the one lookup every supplier
    /// signature of the host goes through): what signs the Manufacturer Image of a GBCS-signed firmware image
    /// (docs/PROTOCOL.md §2), which the device verifies against its supplier trust anchor.
    /// </summary>
    /// <exception cref="InvalidOperationException">The device trusts supplier credentials whose private key the host does not hold.</exception>
    public byte[] SignWithSupplier(ulong device, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var signature = new byte[EcdsaP256Signer.SignatureLength];
        P256Status status = new EcdsaP256Signer().SignMessage(SupplierSigningKey(device), 0, message, 0, message.Length, signature, 0);
        return status == P256Status.Ok ? signature : throw new InvalidOperationException($"the supplier's key cannot sign: {status}");
    }

    /// <summary>Z between the ACB's KA key and <paramref name="device"/>'s; throws when the device's key is unknown or invalid.</summary>
    public byte[] SharedSecretWith(ulong device) => _sharedSecrets.GetOrAdd(device, d => Compute(d, AcbKeyAgreementPrivateKeyFor(d), ReplacedDeviceKeyAgreementKey(d)));

    private static byte[] PrivateKey(byte[] key, string name)
    {
        ArgumentNullException.ThrowIfNull(key, name);
        return key.Length == EcdsaP256Signer.PrivateKeyLength ? (byte[])key.Clone() : throw new ArgumentException("a P-256 private key is 32 octets", name);
    }

    // Z of the ACB KA private key and the device's KA public key (null: the provisioned one).
    private byte[] Compute(ulong device, byte[] acbPrivateKey, byte[]? deviceKeyAgreementKey)
    {
        byte[] publicKey = deviceKeyAgreementKey ?? _deviceKeyAgreementPublicKey(device)
            ?? throw new InvalidOperationException($"no key-agreement key for device {device:X16}: it cannot be sent a MAC'd GBCS command");
        var z = new byte[EcdhP256.SharedSecretLength];
        P256Status status = new EcdhP256().ComputeSharedSecret(acbPrivateKey, 0, publicKey, 0, publicKey.Length, z, 0);
        if (status != P256Status.Ok)
        {
            throw new InvalidOperationException($"the key-agreement key of device {device:X16} is not usable: {status}");
        }

        return z;
    }
}

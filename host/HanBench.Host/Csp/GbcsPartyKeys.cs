using System.Collections.Concurrent;
using HanBench.Device.Roles;
using HanBench.Protocol.Security;

namespace HanBench.Host.Csp;

/// <summary>
/// The keys the host holds as the remote parties (GBCS-SECURITY.md §2; issue 8 §1): the ACB's key-agreement (KA)
/// private key, and where each device's KA public key comes from. Z for the ACB ↔ device pair — the key of every
/// command MAC — is computed once per device and kept. <see cref="ForTestKeys"/> gives HanBench's deterministic test
/// keys (<see cref="GbcsTestKeys"/>, not secret), which are what every bench device gets unless provisioned otherwise;
/// a keystore can feed the constructor instead. Thread-safe.
/// </summary>
public sealed class GbcsPartyKeys
{
    private readonly byte[] _acbKeyAgreementPrivateKey;
    private readonly Func<ulong, byte[]?> _deviceKeyAgreementPublicKey;
    private readonly ConcurrentDictionary<ulong, byte[]> _sharedSecrets = new();

    /// <summary>Keys from the ACB's 32-octet KA private key and a lookup of a device's SEC 1 KA public key (null: unknown).</summary>
    public GbcsPartyKeys(byte[] acbKeyAgreementPrivateKey, Func<ulong, byte[]?> deviceKeyAgreementPublicKey)
    {
        ArgumentNullException.ThrowIfNull(acbKeyAgreementPrivateKey);
        ArgumentNullException.ThrowIfNull(deviceKeyAgreementPublicKey);
        if (acbKeyAgreementPrivateKey.Length != EcdsaP256Signer.PrivateKeyLength)
        {
            throw new ArgumentException("a P-256 private key is 32 octets", nameof(acbKeyAgreementPrivateKey));
        }

        _acbKeyAgreementPrivateKey = (byte[])acbKeyAgreementPrivateKey.Clone();
        _deviceKeyAgreementPublicKey = deviceKeyAgreementPublicKey;
    }

    /// <summary>HanBench's test keys for the ACB <paramref name="acbSystemTitle"/> and every device, from <paramref name="seed"/>.</summary>
    public static GbcsPartyKeys ForTestKeys(ulong acbSystemTitle = HubSessionOptions.DefaultAcbSystemTitle, ulong seed = GbcsTestKeys.DefaultSeed)
    {
        var acb = new byte[EcdsaP256Signer.PrivateKeyLength];
        GbcsTestKeys.DerivePrivateKey(seed, acbSystemTitle, GbcsTestKeys.KeyAgreement, acb, 0);
        return new GbcsPartyKeys(acb, device => GbcsTestKeys.DerivePublicKey(seed, device, GbcsTestKeys.KeyAgreement));
    }

    /// <summary>The credentials a bench device is provisioned with to match <see cref="ForTestKeys"/> of the same seed.</summary>
    public static DeviceCredentials TestDeviceCredentials(ulong device, ulong acbSystemTitle = HubSessionOptions.DefaultAcbSystemTitle, ulong seed = GbcsTestKeys.DefaultSeed) =>
        DeviceCredentials.ForTestKeys(seed, device, acbSystemTitle);

    /// <summary>Z between the ACB's KA key and <paramref name="device"/>'s; throws when the device's key is unknown or invalid.</summary>
    public byte[] SharedSecretWith(ulong device) => _sharedSecrets.GetOrAdd(device, Compute);

    private byte[] Compute(ulong device)
    {
        byte[] publicKey = _deviceKeyAgreementPublicKey(device)
            ?? throw new InvalidOperationException($"no key-agreement key for device {device:X16}: it cannot be sent a MAC'd GBCS command");
        var z = new byte[EcdhP256.SharedSecretLength];
        P256Status status = new EcdhP256().ComputeSharedSecret(_acbKeyAgreementPrivateKey, 0, publicKey, 0, publicKey.Length, z, 0);
        if (status != P256Status.Ok)
        {
            throw new InvalidOperationException($"the key-agreement key of device {device:X16} is not usable: {status}");
        }

        return z;
    }
}

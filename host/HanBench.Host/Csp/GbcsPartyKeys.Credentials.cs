using System.Collections.Concurrent;

namespace HanBench.Host.Csp;

/// <summary>
/// The host's keys per device after SMKI credential replacement (SECMP0170 requirement 8; issue 8 §4): once a device
/// has taken a new supplier DS key (6.15.1), a new ACB KA key (8.5) or a new certificate for one of its own keys
/// (6.15.2), the host signs, MACs and checks that device's messages with the new key only; the old one is no longer
/// used for it. Other devices keep the keys they had. Thread-safe.
/// </summary>
public sealed partial class GbcsPartyKeys
{
    private readonly ConcurrentDictionary<ulong, byte[]> _supplierKeysByDevice = new();
    private readonly ConcurrentDictionary<ulong, byte[]> _acbKeysByDevice = new();
    private readonly ConcurrentDictionary<ulong, byte[]> _deviceKeyAgreementKeys = new();

    /// <summary>
    /// Finds the 32-octet private key of a remote party credential the host holds, from its SEC 1 public key (a keystore's
    /// <see cref="Keys.Keystore.PrivateKeyFor"/>): how the host takes up credentials a replacement put on a device. Null:
    /// none held, so after such a replacement the host can no longer act as that party towards the device.
    /// </summary>
    public Func<byte[], byte[]?>? PrivateKeyFinder { get; set; }

    /// <summary>The supplier DS private key to sign commands to <paramref name="device"/> with (a copy).</summary>
    /// <exception cref="InvalidOperationException">The device trusts supplier credentials whose private key the host does not hold.</exception>
    public byte[] SupplierSigningPrivateKeyFor(ulong device) =>
        (byte[])Held(_supplierKeysByDevice, device, _supplierSigningPrivateKey, "supplier DS").Clone();

    /// <summary>The ACB KA private key the MACs with <paramref name="device"/> are made with.</summary>
    private byte[] AcbKeyAgreementPrivateKeyFor(ulong device) => Held(_acbKeysByDevice, device, _acbKeyAgreementPrivateKey, "ACB KA");

    private static byte[] Held(ConcurrentDictionary<ulong, byte[]> replaced, ulong device, byte[] original, string what)
    {
        if (!replaced.TryGetValue(device, out byte[]? key))
        {
            return original;
        }

        return key.Length > 0
            ? key
            : throw new InvalidOperationException($"device {device:X16} now trusts {what} credentials whose private key the host does not hold (import them into the keystore)");
    }

    private byte[]? ReplacedDeviceKeyAgreementKey(ulong device) => _deviceKeyAgreementKeys.GetValueOrDefault(device);

    /// <summary>
    /// From now on commands to <paramref name="device"/> are signed with this supplier DS private key (6.15.1); null: the
    /// host does not hold it, and signing for the device fails naming why rather than use the key it no longer trusts.
    /// </summary>
    public void UseSupplierSigningKey(ulong device, byte[]? privateKey) =>
        _supplierKeysByDevice[device] = privateKey is null ? [] : PrivateKey(privateKey, nameof(privateKey));

    /// <summary>From now on MACs with <paramref name="device"/> use this ACB KA private key (8.5; null: not held); Z is recomputed.</summary>
    public void UseAcbKeyAgreementKey(ulong device, byte[]? privateKey)
    {
        _acbKeysByDevice[device] = privateKey is null ? [] : PrivateKey(privateKey, nameof(privateKey));
        _sharedSecrets.TryRemove(device, out _);
    }

    /// <summary>
    /// From now on <paramref name="device"/>'s own key of the given usage is <paramref name="publicKey"/> (SEC 1, 65
    /// octets; 6.15.2): a KA key changes Z, a DS key is what its signatures are checked with.
    /// </summary>
    public void UseDeviceKey(ulong device, bool keyAgreement, byte[] publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (publicKey.Length != 65 || publicKey[0] != 0x04)
        {
            throw new ArgumentException("a P-256 public key is 65 octets, 04 ‖ X ‖ Y", nameof(publicKey));
        }

        if (keyAgreement)
        {
            _deviceKeyAgreementKeys[device] = (byte[])publicKey.Clone();
            _sharedSecrets.TryRemove(device, out _);
        }
        else
        {
            _signingKeys[device] = (byte[])publicKey.Clone();
        }
    }
}

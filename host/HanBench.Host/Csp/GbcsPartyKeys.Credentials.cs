using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Csp;

/// <summary>
/// The host's keys per device after SMKI credential replacement (SECMP0170 requirement 8; issue 8 §4): once a device
/// has taken a new supplier DS key (6.15.1), a new ACB KA or (a Comms Hub) DS key (8.5) or a new certificate for one of
/// its own keys (6.15.2), the host signs, MACs and checks that device's messages with the new key only; the old one is no longer
/// used for it. Other devices keep the keys they had. What a device holds is the inventory's record
/// (<see cref="DeviceCertificates"/>): <see cref="UseCurrentCertificates"/> takes it up when a host starts, so a
/// restarted host talks to a re-keyed device with its new keys. Thread-safe.
/// </summary>
public sealed partial class GbcsPartyKeys
{
    private readonly ConcurrentDictionary<ulong, byte[]> _supplierKeysByDevice = new();
    private readonly ConcurrentDictionary<ulong, byte[]> _acbKeysByDevice = new();
    private readonly ConcurrentDictionary<ulong, byte[]> _acbSigningKeysByDevice = new();
    private readonly ConcurrentDictionary<ulong, byte[]> _deviceKeyAgreementKeys = new();
    private readonly ConcurrentDictionary<ulong, byte[]> _deviceSigningKeys = new();
    private readonly ConcurrentDictionary<ulong, ulong> _supplierTitles = new();

    /// <summary>
    /// Finds the 32-octet private key of a remote party credential the host holds, from its SEC 1 public key (a keystore's
    /// <see cref="Keys.Keystore.PrivateKeyFor"/>): how the host takes up credentials a replacement put on a device. Null:
    /// none held, so after such a replacement the host can no longer act as that party towards the device.
    /// </summary>
    public Func<byte[], byte[]?>? PrivateKeyFinder { get; set; }

    /// <summary>
    /// The ACB's title and DS private key, which sign a Comms Hub's ACB-by-ACB CS02b (8.5: GBCS 13.3.3.1 has the CHF check
    /// the ACB's signature as well as its MAC); null when none is held, and such a command is then refused naming why.
    /// </summary>
    public PartySigningKey? AcbSigning { get; set; }

    /// <summary>
    /// The ACB DS private key that signs an ACB-signed command to <paramref name="device"/> (a copy; 8.5 to a Comms Hub,
    /// GBCS 13.3.3.1): the one an 8.5 put on that device (<see cref="UseAcbSigningKey"/>), else <see cref="AcbSigning"/>'s;
    /// null when the host holds none.
    /// </summary>
    /// <exception cref="InvalidOperationException">The device trusts ACB DS credentials whose private key the host does not hold.</exception>
    public byte[]? AcbSigningPrivateKeyFor(ulong device) => AcbSigningKey(_acbSigningKeysByDevice.GetValueOrDefault(device), device);

    /// <summary><see cref="AcbSigningPrivateKeyFor(ulong)"/> under <paramref name="keys"/> (null: the keys the host uses for the device now).</summary>
    /// <exception cref="InvalidOperationException">The keys name ACB DS credentials whose private key the host does not hold.</exception>
    internal byte[]? AcbSigningPrivateKeyUnder(DeviceKeys? keys, ulong device) =>
        keys is null ? AcbSigningPrivateKeyFor(device) : AcbSigningKey(keys.AcbSigning, device);

    // A copy of the replaced ACB DS key (empty: not held, which throws) or, when none replaced it, AcbSigning's.
    private byte[]? AcbSigningKey(byte[]? replaced, ulong device) =>
        replaced is null ? (byte[]?)AcbSigning?.PrivateKey.Clone() : (byte[])Held(replaced, device, [], "ACB DS").Clone();

    /// <summary>
    /// Whether the host holds the private key of the P-256 certificate <paramref name="der"/> (<see cref="PrivateKeyFinder"/>):
    /// whether it could act as that party after a device took the certificate.
    /// </summary>
    public bool HoldsPrivateKeyOf(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        try
        {
            using X509Certificate2 certificate = X509CertificateLoader.LoadCertificate(der);
            return Keystore.Sec1(certificate) is { } point && PrivateKeyFinder?.Invoke(point) is not null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// The supplier DS private key to sign for <paramref name="device"/> with (a copy): that of the supplier party the
    /// device trusts now, the one lookup behind every supplier signature the host makes (CS06, CS02, signed images).
    /// </summary>
    /// <exception cref="InvalidOperationException">The device trusts supplier credentials whose private key the host does not hold.</exception>
    public byte[] SupplierSigningPrivateKeyFor(ulong device) => (byte[])SupplierSigningKey(device).Clone();

    /// <summary>
    /// The system title of the supplier party <paramref name="device"/> trusts now — the one its supplier DS certificate
    /// names — or <paramref name="provisioned"/> while no replacement named another: the originator of the supplier's
    /// commands to it (CS06, CS02) and a party its answers may be addressed to.
    /// </summary>
    public ulong SupplierFor(ulong device, ulong provisioned) => _supplierTitles.TryGetValue(device, out ulong title) ? title : provisioned;

    /// <summary>
    /// <see cref="SupplierFor(ulong, ulong)"/> under <paramref name="keys"/> (null: the keys the host uses for the device now).
    /// </summary>
    internal ulong SupplierUnder(DeviceKeys? keys, ulong device, ulong provisioned) =>
        keys is null ? SupplierFor(device, provisioned) : keys.SupplierTitle ?? provisioned;

    /// <summary><see cref="SupplierSigningPrivateKeyFor(ulong)"/> under <paramref name="keys"/> (null: the keys the host uses for the device now).</summary>
    /// <exception cref="InvalidOperationException">The keys name supplier credentials whose private key the host does not hold.</exception>
    internal byte[] SupplierSigningPrivateKeyUnder(DeviceKeys? keys, ulong device) =>
        keys is null ? SupplierSigningPrivateKeyFor(device) : (byte[])Held(keys.Supplier, device, _supplierSigningPrivateKey, "supplier DS").Clone();

    /// <summary>
    /// Z under <paramref name="keys"/> (null: <see cref="SharedSecretWith(ulong)"/>, kept); computed each time for keys the
    /// host does not use (a read-back's probe keys), so they are never kept where another call could use them.
    /// </summary>
    internal byte[] SharedSecretUnder(DeviceKeys? keys, ulong device) =>
        keys is null ? SharedSecretWith(device) : Compute(device, Held(keys.Acb, device, _acbKeyAgreementPrivateKey, "ACB KA"), keys.DeviceKeyAgreement);

    /// <summary><see cref="DeviceSigningPublicKey(ulong)"/> under <paramref name="keys"/> (null: the keys the host uses for the device now).</summary>
    internal byte[]? DeviceSigningPublicKeyUnder(DeviceKeys? keys, ulong device) =>
        keys is null ? DeviceSigningPublicKey(device) : keys.DeviceSigning ?? ProvisionedDeviceSigningKey(device);

    private byte[] SupplierSigningKey(ulong device) => Held(_supplierKeysByDevice.GetValueOrDefault(device), device, _supplierSigningPrivateKey, "supplier DS");

    /// <summary>The ACB KA private key the MACs with <paramref name="device"/> are made with.</summary>
    private byte[] AcbKeyAgreementPrivateKeyFor(ulong device) => Held(_acbKeysByDevice.GetValueOrDefault(device), device, _acbKeyAgreementPrivateKey, "ACB KA");

    // A replaced key (empty: the host does not hold it) or, when none replaced it, the original.
    private static byte[] Held(byte[]? replaced, ulong device, byte[] original, string what)
    {
        if (replaced is null)
        {
            return original;
        }

        return replaced.Length > 0
            ? replaced
            : throw new InvalidOperationException($"device {device:X16} now trusts {what} credentials whose private key the host does not hold (import them into the keystore)");
    }

    private byte[]? ReplacedDeviceKeyAgreementKey(ulong device) => _deviceKeyAgreementKeys.GetValueOrDefault(device);

    private byte[]? ReplacedDeviceSigningKey(ulong device) => _deviceSigningKeys.GetValueOrDefault(device);

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

    /// <summary>From now on ACB-signed commands to <paramref name="device"/> are signed with this ACB DS private key (8.5 to a Comms Hub; null: not held).</summary>
    public void UseAcbSigningKey(ulong device, byte[]? privateKey) =>
        _acbSigningKeysByDevice[device] = privateKey is null ? [] : PrivateKey(privateKey, nameof(privateKey));

    /// <summary>
    /// From now on <paramref name="device"/>'s own key of the given usage is <paramref name="publicKey"/> (SEC 1, 65
    /// octets; 6.15.2): a KA key changes Z, a DS key is what its signatures are checked with.
    /// </summary>
    public void UseDeviceKey(ulong device, bool keyAgreement, byte[] publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        byte[] key = PublicKey(publicKey, nameof(publicKey));
        if (keyAgreement)
        {
            _deviceKeyAgreementKeys[device] = key;
            _sharedSecrets.TryRemove(device, out _);
        }
        else
        {
            _deviceSigningKeys[device] = key;
        }
    }

    /// <summary>
    /// Takes up a certificate <paramref name="device"/> holds (DER) for <paramref name="holder"/> and <paramref name="usage"/>
    /// (<see cref="DeviceCertificates"/>' names): its own DS or KA key, the supplier's DS key (the host signs for the device
    /// with the matching private key, <see cref="PrivateKeyFinder"/>), the ACB's KA key (the host MACs with it) or the
    /// ACB's DS key (the host signs a Comms Hub's ACB-signed commands with it). Other
    /// certificates (a supplier's KA, top-up) are not used by the host and change nothing. False when it is not a P-256
    /// certificate.
    /// </summary>
    public bool UseCertificate(ulong device, string holder, string usage, byte[] der)
    {
        DeviceKeys before = Snapshot(device);
        if (Assume(before, holder, usage, der) is not { } after)
        {
            return false;
        }

        if (!ReferenceEquals(after, before))
        {
            Restore(after);
        }

        return true;
    }

    /// <summary>
    /// The keys <paramref name="keys"/> would become if their device took up the certificate (as <see cref="UseCertificate"/>
    /// takes it up), without changing what the host uses: a credential read-back's probe keys, passed per call. The same
    /// record when the certificate changes nothing the host uses; null when it is not a P-256 certificate.
    /// </summary>
    internal DeviceKeys? Assume(DeviceKeys keys, string holder, string usage, byte[] der)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(der);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }

        using (certificate)
        {
            if (Keystore.Sec1(certificate) is not { } point)
            {
                return null;
            }

            return (holder, usage) switch
            {
                (DeviceCertificates.DeviceHolder, DeviceCertificates.KeyAgreement) => keys with { DeviceKeyAgreement = PublicKey(point, nameof(der)) },
                (DeviceCertificates.DeviceHolder, DeviceCertificates.DigitalSigning) => keys with { DeviceSigning = PublicKey(point, nameof(der)) },
                (DeviceCertificates.SupplierHolder, DeviceCertificates.DigitalSigning) => keys with
                {
                    Supplier = HeldPrivateKey(point),
                    SupplierTitle = SmkiProfile.ReadEui(certificate)?.Value ?? keys.SupplierTitle,
                },
                (DeviceCertificates.AcbHolder, DeviceCertificates.KeyAgreement) => keys with { Acb = HeldPrivateKey(point) },
                (DeviceCertificates.AcbHolder, DeviceCertificates.DigitalSigning) => keys with { AcbSigning = HeldPrivateKey(point) },
                _ => keys,
            };
        }
    }

    // The private key for a credential's public key, or empty when the host does not hold it (signing or MACing then fails naming why).
    private byte[] HeldPrivateKey(byte[] publicKey) => PrivateKeyFinder?.Invoke(publicKey) is { } key ? PrivateKey(key, nameof(key)) : [];

    private static byte[] PublicKey(byte[] point, string name) =>
        point.Length == 65 && point[0] == 0x04 ? (byte[])point.Clone() : throw new ArgumentException("a P-256 public key is 65 octets, 04 ‖ X ‖ Y", name);

    /// <summary>
    /// Takes up every certificate the inventory records as current on a device (<see cref="DeviceCertificates.AllCurrent"/>),
    /// oldest first: what a host does when it starts, so the keys a replacement moved a device to survive a host restart.
    /// Returns how many were taken up.
    /// </summary>
    public int UseCurrentCertificates(IEnumerable<DeviceCertificateRecord> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        int used = 0;
        foreach (DeviceCertificateRecord record in current.Where(c => c.IsCurrent))
        {
            used += UseCertificate(record.DeviceId.Value, record.Holder, record.Usage, record.Der) ? 1 : 0;
        }

        return used;
    }

    /// <summary>What the host holds for <paramref name="device"/> now, to go back to with <see cref="Restore"/> (trying other credentials).</summary>
    internal DeviceKeys Snapshot(ulong device) => new(
        device,
        _supplierKeysByDevice.GetValueOrDefault(device),
        _supplierTitles.TryGetValue(device, out ulong supplier) ? supplier : null,
        _acbKeysByDevice.GetValueOrDefault(device),
        _acbSigningKeysByDevice.GetValueOrDefault(device),
        _deviceKeyAgreementKeys.GetValueOrDefault(device),
        _deviceSigningKeys.GetValueOrDefault(device));

    /// <summary>Puts back what <see cref="Snapshot"/> saw for its device; Z is recomputed.</summary>
    internal void Restore(DeviceKeys keys)
    {
        Put(_supplierKeysByDevice, keys.Device, keys.Supplier);
        Put(_acbKeysByDevice, keys.Device, keys.Acb);
        Put(_acbSigningKeysByDevice, keys.Device, keys.AcbSigning);
        Put(_deviceKeyAgreementKeys, keys.Device, keys.DeviceKeyAgreement);
        Put(_deviceSigningKeys, keys.Device, keys.DeviceSigning);
        if (keys.SupplierTitle is { } supplier)
        {
            _supplierTitles[keys.Device] = supplier;
        }
        else
        {
            _supplierTitles.TryRemove(keys.Device, out _);
        }

        _sharedSecrets.TryRemove(keys.Device, out _);
    }

    private static void Put(ConcurrentDictionary<ulong, byte[]> map, ulong device, byte[]? value)
    {
        if (value is null)
        {
            map.TryRemove(device, out _);
        }
        else
        {
            map[device] = value;
        }
    }

    /// <summary>The per-device keys of one device at one moment (null: the default).</summary>
    internal sealed record DeviceKeys(ulong Device, byte[]? Supplier, ulong? SupplierTitle, byte[]? Acb, byte[]? AcbSigning, byte[]? DeviceKeyAgreement, byte[]? DeviceSigning);
}

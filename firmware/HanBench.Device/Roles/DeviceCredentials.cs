using HanBench.Protocol.Security;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// The keys a device is provisioned with for GBCS (GBCS-SECURITY.md §2; issue 8 §1): its own key-agreement (KA)
    /// private key and its trust anchor, the Access Control Broker's KA public key. The device never holds a remote
    /// party's private key. <see cref="ForTestKeys"/> gives HanBench's deterministic test keys (<see cref="GbcsTestKeys"/>);
    /// a keystore or <c>flash</c> provisioning makes one from real keys with the constructor.
    /// </summary>
    public sealed class DeviceCredentials
    {
        /// <summary>Credentials from a 32-octet KA private key and the ACB's SEC 1-encoded KA public key (copied).</summary>
        public DeviceCredentials(byte[] keyAgreementPrivateKey, byte[] acbKeyAgreementPublicKey)
        {
            if (keyAgreementPrivateKey == null || keyAgreementPrivateKey.Length != EcdsaP256Signer.PrivateKeyLength)
            {
                throw new System.ArgumentException("a P-256 private key is 32 octets", nameof(keyAgreementPrivateKey));
            }

            if (acbKeyAgreementPublicKey == null
                || (acbKeyAgreementPublicKey.Length != EcdhP256.PublicKeyLength && acbKeyAgreementPublicKey.Length != EcdhP256.CompressedPublicKeyLength))
            {
                throw new System.ArgumentException("a P-256 public key is 65 (or compressed 33) octets", nameof(acbKeyAgreementPublicKey));
            }

            KeyAgreementPrivateKey = Copy(keyAgreementPrivateKey);
            AcbKeyAgreementPublicKey = Copy(acbKeyAgreementPublicKey);
        }

        /// <summary>The device's own KA private key (32 octets, big-endian).</summary>
        public byte[] KeyAgreementPrivateKey { get; }

        /// <summary>The ACB's KA public key: the MAC of every command is made between it and the device's KA key.</summary>
        public byte[] AcbKeyAgreementPublicKey { get; }

        /// <summary>HanBench test credentials of device <paramref name="eui64"/> trusting the test ACB <paramref name="acbSystemTitle"/> (not secret).</summary>
        public static DeviceCredentials ForTestKeys(ulong seed, ulong eui64, ulong acbSystemTitle)
        {
            byte[] privateKey = new byte[EcdsaP256Signer.PrivateKeyLength];
            GbcsTestKeys.DerivePrivateKey(seed, eui64, GbcsTestKeys.KeyAgreement, privateKey, 0);
            DeviceCredentials credentials = new DeviceCredentials(privateKey, GbcsTestKeys.DerivePublicKey(seed, acbSystemTitle, GbcsTestKeys.KeyAgreement));
            System.Array.Clear(privateKey, 0, privateKey.Length);
            return credentials;
        }

        private static byte[] Copy(byte[] source)
        {
            byte[] copy = new byte[source.Length];
            System.Array.Copy(source, copy, source.Length);
            return copy;
        }
    }
}

using HanBench.Protocol.Security;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// The keys a device is provisioned with for GBCS (docs/GBCS-SECURITY.md §2–3; issue 8 §1): its own key-agreement (KA)
    /// and digital-signing (DS) private keys and its trust anchors, the Access Control Broker's KA public key and the supplier's digital-signing
    /// (DS) public key, and the CA keys new certificates must chain to. The device never holds a remote party's private key. <see cref="ForTestKeys"/> gives HanBench's deterministic test keys (<see cref="GbcsTestKeys"/>);
    /// a keystore or <c>flash</c> provisioning makes one from real keys with the constructor.
    /// </summary>
    public sealed class DeviceCredentials
    {
        /// <summary>
        /// Credentials from the device's 32-octet KA and DS private keys, the ACB's KA and the supplier's DS SEC 1 public
        /// keys (all copied).
        /// </summary>
        public DeviceCredentials(byte[] keyAgreementPrivateKey, byte[] signingPrivateKey, byte[] acbKeyAgreementPublicKey, byte[] supplierSigningPublicKey)
        {
            if (signingPrivateKey == null || signingPrivateKey.Length != EcdsaP256Signer.PrivateKeyLength)
            {
                throw new System.ArgumentException("a P-256 private key is 32 octets", nameof(signingPrivateKey));
            }

            if (keyAgreementPrivateKey == null || keyAgreementPrivateKey.Length != EcdsaP256Signer.PrivateKeyLength)
            {
                throw new System.ArgumentException("a P-256 private key is 32 octets", nameof(keyAgreementPrivateKey));
            }

            CheckPublicKey(acbKeyAgreementPublicKey, nameof(acbKeyAgreementPublicKey));

            CheckPublicKey(supplierSigningPublicKey, nameof(supplierSigningPublicKey));
            KeyAgreementPrivateKey = Copy(keyAgreementPrivateKey);
            SigningPrivateKey = Copy(signingPrivateKey);
            SupplierSigningPublicKey = Copy(supplierSigningPublicKey);
            AcbKeyAgreementPublicKey = Copy(acbKeyAgreementPublicKey);
        }

        /// <summary>The device's own KA private key (32 octets, big-endian).</summary>
        public byte[] KeyAgreementPrivateKey { get; }

        /// <summary>The device's own DS private key (32 octets): the alerts it originates are signed with it.</summary>
        public byte[] SigningPrivateKey { get; }

        /// <summary>The ACB's KA public key: the MAC of every command is made between it and the device's KA key.</summary>
        public byte[] AcbKeyAgreementPublicKey { get; }

        /// <summary>The supplier's DS public key: supplier-signed commands (CS06) must verify under it.</summary>
        public byte[] SupplierSigningPublicKey { get; }

        /// <summary>The transitional change-of-supplier party's system title, or 0 when the device was provisioned without one.</summary>
        public ulong TransitionalCoSSystemTitle { get; private set; }

        /// <summary>Its DS public key (a copy), or null: a CS02b supplier by TransCoS (6.23) must verify under it.</summary>
        public byte[]? TransitionalCoSSigningPublicKey { get; private set; }

        /// <summary>Adds the transitional CoS party's DS trust anchor (<paramref name="signingPublicKey"/> copied).</summary>
        public void SetTransitionalCoS(ulong systemTitle, byte[] signingPublicKey)
        {
            CheckPublicKey(signingPublicKey, nameof(signingPublicKey));
            TransitionalCoSSystemTitle = systemTitle;
            TransitionalCoSSigningPublicKey = Copy(signingPublicKey);
        }

        /// <summary>
        /// The ACB's DS public key, or null when none was provisioned: a Comms Hub's ACB-by-ACB CS02b carries the ACB's
        /// signature (GBCS 13.3.3.1).
        /// </summary>
        public byte[]? AcbSigningPublicKey { get; private set; }

        /// <summary>Sets <see cref="AcbSigningPublicKey"/> (65 or 33 octets, copied; null for none).</summary>
        public void SetAcbSigningKey(byte[]? publicKey)
        {
            if (publicKey != null)
            {
                CheckPublicKey(publicKey, nameof(publicKey));
            }

            AcbSigningPublicKey = publicKey == null ? null : Copy(publicKey);
        }

        /// <summary>The root CA's public key (GBCS Root trust anchor), or null when none was provisioned.</summary>
        public byte[]? RootPublicKey { get; private set; }

        /// <summary>The issuing CA's public key (GBCS Issuing Authority trust anchor), or null when none was provisioned.</summary>
        public byte[]? IssuingPublicKey { get; private set; }

        /// <summary>
        /// Sets the issuing-authority trust anchors every new certificate must chain to (<see cref="CertificateChain"/>):
        /// the root and issuing CA public keys (65 or 33 octets, copied; null for none).
        /// </summary>
        public void SetAuthorities(byte[]? rootPublicKey, byte[]? issuingPublicKey)
        {
            if (rootPublicKey != null)
            {
                CheckPublicKey(rootPublicKey, nameof(rootPublicKey));
            }

            if (issuingPublicKey != null)
            {
                CheckPublicKey(issuingPublicKey, nameof(issuingPublicKey));
            }

            RootPublicKey = rootPublicKey == null ? null : Copy(rootPublicKey);
            IssuingPublicKey = issuingPublicKey == null ? null : Copy(issuingPublicKey);
        }

        /// <summary>
        /// HanBench test credentials of device <paramref name="eui64"/> trusting the test ACB <paramref name="acbSystemTitle"/>
        /// and the test supplier <paramref name="supplierSystemTitle"/> (not secret).
        /// </summary>
        public static DeviceCredentials ForTestKeys(ulong seed, ulong eui64, ulong acbSystemTitle, ulong supplierSystemTitle)
        {
            byte[] privateKey = new byte[EcdsaP256Signer.PrivateKeyLength];
            GbcsTestKeys.DerivePrivateKey(seed, eui64, GbcsTestKeys.KeyAgreement, privateKey, 0);
            byte[] signingKey = new byte[EcdsaP256Signer.PrivateKeyLength];
            GbcsTestKeys.DerivePrivateKey(seed, eui64, GbcsTestKeys.DigitalSigning, signingKey, 0);
            DeviceCredentials credentials = new DeviceCredentials(
                privateKey,
                signingKey,
                GbcsTestKeys.DerivePublicKey(seed, acbSystemTitle, GbcsTestKeys.KeyAgreement),
                GbcsTestKeys.DerivePublicKey(seed, supplierSystemTitle, GbcsTestKeys.DigitalSigning));
            credentials.SetAcbSigningKey(GbcsTestKeys.DerivePublicKey(seed, acbSystemTitle, GbcsTestKeys.DigitalSigning));
            credentials.SetAuthorities(
                GbcsTestKeys.DerivePublicKey(seed, ProvisionedCredentials.TestRootAuthority, GbcsTestKeys.DigitalSigning),
                GbcsTestKeys.DerivePublicKey(seed, ProvisionedCredentials.TestIssuingAuthority, GbcsTestKeys.DigitalSigning));
            System.Array.Clear(privateKey, 0, privateKey.Length);
            System.Array.Clear(signingKey, 0, signingKey.Length);
            return credentials;
        }

        private static void CheckPublicKey(byte[] key, string name)
        {
            if (key == null || (key.Length != EcdhP256.PublicKeyLength && key.Length != EcdhP256.CompressedPublicKeyLength))
            {
                throw new System.ArgumentException("a P-256 public key is 65 (or compressed 33) octets", name);
            }
        }

        private static byte[] Copy(byte[] source)
        {
            byte[] copy = new byte[source.Length];
            System.Array.Copy(source, copy, source.Length);
            return copy;
        }
    }
}

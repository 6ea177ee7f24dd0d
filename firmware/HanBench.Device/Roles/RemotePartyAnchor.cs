namespace HanBench.Device.Roles
{
    /// <summary>A remote party a board trusts: its system title and its KA and DS public keys (a credential replacement rewrites one).</summary>
    public sealed class RemotePartyAnchor
    {
        /// <summary>An anchor with every field zero.</summary>
        public RemotePartyAnchor()
        {
            KeyAgreementPublicKey = new byte[ProvisionedCredentials.PublicLength];
            SigningPublicKey = new byte[ProvisionedCredentials.PublicLength];
        }

        /// <summary>The party's system title (EUI-64).</summary>
        public ulong SystemTitle { get; set; }

        /// <summary>Its KA public key (65 octets, 04 ‖ X ‖ Y).</summary>
        public byte[] KeyAgreementPublicKey { get; }

        /// <summary>Its DS public key (65 octets, 04 ‖ X ‖ Y).</summary>
        public byte[] SigningPublicKey { get; }

        /// <summary>Sets the party: title and both public keys (65 octets each, copied).</summary>
        public void Set(ulong systemTitle, byte[] keyAgreementPublicKey, byte[] signingPublicKey)
        {
            if (keyAgreementPublicKey == null || keyAgreementPublicKey.Length != ProvisionedCredentials.PublicLength || signingPublicKey == null || signingPublicKey.Length != ProvisionedCredentials.PublicLength)
            {
                throw new System.ArgumentException("a trust anchor's public keys are 65 octets (SEC 1 uncompressed)");
            }

            SystemTitle = systemTitle;
            System.Array.Copy(keyAgreementPublicKey, KeyAgreementPublicKey, ProvisionedCredentials.PublicLength);
            System.Array.Copy(signingPublicKey, SigningPublicKey, ProvisionedCredentials.PublicLength);
        }

        internal bool IsWellFormed => KeyAgreementPublicKey[0] == 0x04 && SigningPublicKey[0] == 0x04;

        internal int WriteTo(byte[] buffer, int at)
        {
            ProvisionedCredentials.WriteBigEndian(SystemTitle, buffer, at);
            at = ProvisionedCredentials.Put(KeyAgreementPublicKey, buffer, at + 8);
            return ProvisionedCredentials.Put(SigningPublicKey, buffer, at);
        }

        internal int ReadFrom(byte[] buffer, int at)
        {
            ulong title = 0;
            for (int i = 0; i < 8; i++)
            {
                title = (title << 8) | buffer[at + i];
            }

            SystemTitle = title;
            at = ProvisionedCredentials.Take(buffer, at + 8, KeyAgreementPublicKey);
            return ProvisionedCredentials.Take(buffer, at, SigningPublicKey);
        }
    }
}

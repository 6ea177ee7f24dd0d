using HanBench.Device.Hal;
using HanBench.Protocol.Management;
using HanBench.Protocol.Security;

namespace HanBench.Device.Roles
{
    /// <summary>
    /// Everything a board is provisioned with for security (issue 8 §1, §3), as one record: its own GBCS key-agreement
    /// (KA) and digital-signing (DS) private keys, its management key (<see cref="ManagementAuthenticator"/>), and its
    /// trust anchors — the system title and the KA and DS public keys of the Access Control Broker and of the supplier.
    /// <para>
    /// Where it lives: the settings key <see cref="SettingsKey"/>, written in one atomic settings write, so a credential
    /// replacement (CS02b/c/d) changes the record in memory and saves it whole with <see cref="Save"/>: after a power cut
    /// the board holds the old record or the new one. It arrives as the file <see cref="FileName"/> (the same octets):
    /// <c>hanbench flash</c> puts it on <c>I:</c>, a virtual board finds it in its state folder; <see cref="Import"/>
    /// moves it into the settings store at boot, and the runner then deletes the file.
    /// </para>
    /// <para>Layout (HanBench choice; public keys SEC 1 uncompressed, 65 octets):</para>
    /// <code>
    /// 0        format (1)
    /// 1..8     the board's EUI-64, big-endian (a record for another board is refused)
    /// 9..40    KA private key    41..72  DS private key    73..104  management key
    /// 105..112 ACB system title  113..177 ACB KA public    178..242 ACB DS public
    /// 243..250 supplier title    251..315 supplier KA      316..380 supplier DS
    /// 381..445 root CA public    446..510 issuing CA public (format 2 on; all zero: none provisioned)
    /// 511..518 transitional CoS title (0: none)                519..583 transitional CoS DS public (format 3)
    /// </code>
    /// The two CA keys are the device's issuing-authority trust anchors (GBCS Root and Issuing Authority roles): every
    /// certificate a CS02b or CS02d brings must chain to one of them (<see cref="CertificateChain"/>). The transitional
    /// change-of-supplier party (GBCS Remote Party Role 0x05) signs 6.23's CS02b. Older records still decode: format 1
    /// (381 octets) holds neither, so the board refuses every new certificate, naming why; format 2 (511) holds no CoS
    /// party, so the board refuses 6.23.
    /// </summary>
    public sealed class ProvisionedCredentials
    {
        /// <summary>The settings key the record is kept under.</summary>
        public const string SettingsKey = "cred.board";

        /// <summary>The provisioning file's name on <c>I:</c> or in a virtual board's state folder.</summary>
        public const string FileName = "hanbench-keys.bin";

        /// <summary>The format octet this version writes (it reads the two before it too).</summary>
        public const byte Format = 0x03;

        /// <summary>The second format: CA trust anchors, no transitional CoS party.</summary>
        public const byte FormatWithoutCoS = 0x02;

        /// <summary>The first format: no CA trust anchors.</summary>
        public const byte FormatWithoutAuthorities = 0x01;

        /// <summary>Octets of a record.</summary>
        public const int EncodedLength = 584;

        /// <summary>Octets of a <see cref="FormatWithoutCoS"/> record.</summary>
        public const int EncodedLengthWithoutCoS = 511;

        /// <summary>Octets of a <see cref="FormatWithoutAuthorities"/> record.</summary>
        public const int EncodedLengthWithoutAuthorities = 381;

        /// <summary>Entity id HanBench's test root CA key is derived for (<see cref="ForTestKeys"/>; "HBROOTCA").</summary>
        public const ulong TestRootAuthority = 0x4842524F4F544341UL;

        /// <summary>Entity id HanBench's test issuing CA key is derived for (<see cref="ForTestKeys"/>; "HBISSUCA").</summary>
        public const ulong TestIssuingAuthority = 0x4842495353554341UL;

        internal const int PrivateLength = EcdsaP256Signer.PrivateKeyLength;
        internal const int PublicLength = EcdhP256.PublicKeyLength;

        /// <summary>Credentials of <paramref name="eui64"/>, every key zero until set.</summary>
        public ProvisionedCredentials(ulong eui64)
        {
            Eui64 = eui64;
            KeyAgreementPrivateKey = new byte[PrivateLength];
            SigningPrivateKey = new byte[PrivateLength];
            ManagementKey = new byte[ManagementAuthenticator.KeyLength];
            Acb = new RemotePartyAnchor();
            Supplier = new RemotePartyAnchor();
            RootPublicKey = new byte[PublicLength];
            IssuingPublicKey = new byte[PublicLength];
            TransitionalCoSSigningPublicKey = new byte[PublicLength];
        }

        /// <summary>The board the record is for.</summary>
        public ulong Eui64 { get; }

        /// <summary>The board's KA private key (32 octets, big-endian).</summary>
        public byte[] KeyAgreementPrivateKey { get; }

        /// <summary>The board's DS private key (32 octets, big-endian).</summary>
        public byte[] SigningPrivateKey { get; }

        /// <summary>The board's management key (32 octets).</summary>
        public byte[] ManagementKey { get; }

        /// <summary>The Access Control Broker the board trusts.</summary>
        public RemotePartyAnchor Acb { get; }

        /// <summary>The supplier the board trusts.</summary>
        public RemotePartyAnchor Supplier { get; }

        /// <summary>The root CA's public key (65 octets, 04 ‖ X ‖ Y; all zero: none).</summary>
        public byte[] RootPublicKey { get; }

        /// <summary>The issuing CA's public key (65 octets; all zero: none).</summary>
        public byte[] IssuingPublicKey { get; }

        /// <summary>The transitional change-of-supplier party the board trusts for 6.23 (GBCS Remote Party Role 0x05); 0: none.</summary>
        public ulong TransitionalCoSSystemTitle { get; set; }

        /// <summary>Its DS public key (65 octets, 04 ‖ X ‖ Y; all zero when there is none).</summary>
        public byte[] TransitionalCoSSigningPublicKey { get; }

        /// <summary>
        /// HanBench's deterministic test credentials of <paramref name="eui64"/> behind the hub <paramref name="hubEui"/>
        /// (its own for a hub), trusting the ACB and supplier test identities (<see cref="GbcsTestKeys"/>: <b>not secret</b>).
        /// For in-process benches and tests, which provision with them explicitly; real boards get keystore keys.
        /// </summary>
        public static ProvisionedCredentials ForTestKeys(ulong seed, ulong eui64, ulong hubEui, ulong acbSystemTitle, ulong supplierSystemTitle)
        {
            ProvisionedCredentials credentials = new ProvisionedCredentials(eui64);
            GbcsTestKeys.DerivePrivateKey(seed, eui64, GbcsTestKeys.KeyAgreement, credentials.KeyAgreementPrivateKey, 0);
            GbcsTestKeys.DerivePrivateKey(seed, eui64, GbcsTestKeys.DigitalSigning, credentials.SigningPrivateKey, 0);
            GbcsTestKeys.DerivePrivateKey(seed, hubEui, GbcsTestKeys.Management, credentials.ManagementKey, 0);
            if (eui64 != hubEui)
            {
                new ManagementAuthenticator().DeriveDeviceKey(credentials.ManagementKey, 0, eui64, credentials.ManagementKey, 0);
            }

            credentials.Acb.Set(
                acbSystemTitle,
                GbcsTestKeys.DerivePublicKey(seed, acbSystemTitle, GbcsTestKeys.KeyAgreement),
                GbcsTestKeys.DerivePublicKey(seed, acbSystemTitle, GbcsTestKeys.DigitalSigning));
            credentials.Supplier.Set(
                supplierSystemTitle,
                GbcsTestKeys.DerivePublicKey(seed, supplierSystemTitle, GbcsTestKeys.KeyAgreement),
                GbcsTestKeys.DerivePublicKey(seed, supplierSystemTitle, GbcsTestKeys.DigitalSigning));
            System.Array.Copy(GbcsTestKeys.DerivePublicKey(seed, TestRootAuthority, GbcsTestKeys.DigitalSigning), credentials.RootPublicKey, PublicLength);
            System.Array.Copy(GbcsTestKeys.DerivePublicKey(seed, TestIssuingAuthority, GbcsTestKeys.DigitalSigning), credentials.IssuingPublicKey, PublicLength);
            credentials.TransitionalCoSSystemTitle = RoleSettings.DefaultTransitionalCoSSystemTitle;
            System.Array.Copy(GbcsTestKeys.DerivePublicKey(seed, RoleSettings.DefaultTransitionalCoSSystemTitle, GbcsTestKeys.DigitalSigning), credentials.TransitionalCoSSigningPublicKey, PublicLength);
            return credentials;
        }

        /// <summary>The GBCS part, as <see cref="GbcsDeviceSecurity"/> uses it.</summary>
        public DeviceCredentials ToDeviceCredentials()
        {
            DeviceCredentials credentials = new DeviceCredentials(KeyAgreementPrivateKey, SigningPrivateKey, Acb.KeyAgreementPublicKey, Supplier.SigningPublicKey);
            credentials.SetAcbSigningKey(Acb.SigningPublicKey);
            credentials.SetAuthorities(RootPublicKey[0] == 0x04 ? RootPublicKey : null, IssuingPublicKey[0] == 0x04 ? IssuingPublicKey : null);
            if (TransitionalCoSSystemTitle != 0)
            {
                credentials.SetTransitionalCoS(TransitionalCoSSystemTitle, TransitionalCoSSigningPublicKey);
            }

            return credentials;
        }

        /// <summary>Writes the record to <paramref name="buffer"/> at <paramref name="offset"/> (<see cref="EncodedLength"/> octets).</summary>
        public void WriteTo(byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || offset + EncodedLength > buffer.Length)
            {
                throw new System.ArgumentException("no room for the credentials record", nameof(buffer));
            }

            buffer[offset] = Format;
            int at = offset + 1;
            WriteBigEndian(Eui64, buffer, at);
            at += 8;
            at = Put(KeyAgreementPrivateKey, buffer, at);
            at = Put(SigningPrivateKey, buffer, at);
            at = Put(ManagementKey, buffer, at);
            at = Acb.WriteTo(buffer, at);
            at = Supplier.WriteTo(buffer, at);
            at = Put(RootPublicKey, buffer, at);
            at = Put(IssuingPublicKey, buffer, at);
            WriteBigEndian(TransitionalCoSSystemTitle, buffer, at);
            Put(TransitionalCoSSigningPublicKey, buffer, at + 8);
        }

        /// <summary>The record's octets (a new array: for hosts and tests; boards use <see cref="WriteTo"/>).</summary>
        public byte[] ToBytes()
        {
            byte[] record = new byte[EncodedLength];
            WriteTo(record, 0);
            return record;
        }

        /// <summary>
        /// Decodes the <paramref name="count"/>-octet record at <paramref name="offset"/> for board <paramref name="eui64"/>;
        /// null with the reason in <paramref name="problem"/> when it is not one (never throws for bad input).
        /// </summary>
        public static ProvisionedCredentials? TryDecode(byte[] buffer, int offset, int count, ulong eui64, out string problem)
        {
            problem = string.Empty;
            if (buffer == null || offset < 0 || count < 1 || offset > buffer.Length - count)
            {
                problem = "credentials record is " + count.ToString() + " octets, not " + EncodedLength.ToString();
                return null;
            }

            byte format = buffer[offset];
            if (format != Format && format != FormatWithoutCoS && format != FormatWithoutAuthorities)
            {
                problem = "credentials record format " + format.ToString() + " unknown";
                return null;
            }

            int expected = format == Format ? EncodedLength : format == FormatWithoutCoS ? EncodedLengthWithoutCoS : EncodedLengthWithoutAuthorities;
            if (count != expected)
            {
                problem = "credentials record is " + count.ToString() + " octets, not " + expected.ToString();
                return null;
            }

            ulong owner = 0;
            for (int i = 0; i < 8; i++)
            {
                owner = (owner << 8) | buffer[offset + 1 + i];
            }

            if (owner != eui64)
            {
                problem = "credentials are for " + owner.ToString("X16") + ", not this board";
                return null;
            }

            ProvisionedCredentials credentials = new ProvisionedCredentials(owner);
            int at = offset + 9;
            at = Take(buffer, at, credentials.KeyAgreementPrivateKey);
            at = Take(buffer, at, credentials.SigningPrivateKey);
            at = Take(buffer, at, credentials.ManagementKey);
            at = credentials.Acb.ReadFrom(buffer, at);
            at = credentials.Supplier.ReadFrom(buffer, at);
            if (format != FormatWithoutAuthorities)
            {
                at = Take(buffer, at, credentials.RootPublicKey);
                at = Take(buffer, at, credentials.IssuingPublicKey);
            }

            if (format == Format)
            {
                ulong transCoS = 0;
                for (int i = 0; i < 8; i++)
                {
                    transCoS = (transCoS << 8) | buffer[at + i];
                }

                credentials.TransitionalCoSSystemTitle = transCoS;
                Take(buffer, at + 8, credentials.TransitionalCoSSigningPublicKey);
            }

            bool transCoSWellFormed = credentials.TransitionalCoSSystemTitle == 0 || credentials.TransitionalCoSSigningPublicKey[0] == 0x04;
            if (!credentials.Acb.IsWellFormed || !credentials.Supplier.IsWellFormed || !IsAbsentOrWellFormed(credentials.RootPublicKey) || !IsAbsentOrWellFormed(credentials.IssuingPublicKey) || !transCoSWellFormed)
            {
                problem = "credentials record holds a public key that is not SEC 1 uncompressed";
                return null;
            }

            return credentials;
        }

        /// <summary>The credentials in <paramref name="settings"/>; null with the reason when there are none or they do not decode.</summary>
        public static ProvisionedCredentials? Load(ISettingsStore settings, ulong eui64, out string problem)
        {
            byte[] record = new byte[EncodedLength];
            StoreStatus status = settings.TryRead(SettingsKey, record, 0, out int length);
            if (status == StoreStatus.NotFound)
            {
                problem = "no keys provisioned";
                return null;
            }

            if (status != StoreStatus.Ok && status != StoreStatus.BufferTooSmall)
            {
                problem = "credentials cannot be read (" + StoreStatusName(status) + ")";
                return null;
            }

            return TryDecode(record, 0, length, eui64, out problem);
        }

        /// <summary>Saves the record (one atomic settings write): after provisioning, and after a credential replacement.</summary>
        public StoreStatus Save(ISettingsStore settings)
        {
            byte[] record = ToBytes();
            StoreStatus status = settings.Write(SettingsKey, record, 0, record.Length);
            System.Array.Clear(record, 0, record.Length);
            return status;
        }

        /// <summary>
        /// Provisioning: stores the <paramref name="count"/>-octet file content at <paramref name="offset"/> as the
        /// board's credentials when it is a record for <paramref name="eui64"/>. Null on success, otherwise why not
        /// (and nothing is changed).
        /// </summary>
        public static string? Import(byte[] file, int offset, int count, ulong eui64, ISettingsStore settings)
        {
            ProvisionedCredentials? credentials = TryDecode(file, offset, count, eui64, out string problem);
            if (credentials == null)
            {
                return problem;
            }

            StoreStatus status = credentials.Save(settings);
            return status == StoreStatus.Ok ? null : "credentials cannot be stored (" + StoreStatusName(status) + ")";
        }

        // A CA key is either all zero (none provisioned) or SEC 1 uncompressed.
        private static bool IsAbsentOrWellFormed(byte[] key)
        {
            if (key[0] == 0x04)
            {
                return true;
            }

            for (int i = 0; i < key.Length; i++)
            {
                if (key[i] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static string StoreStatusName(StoreStatus status)
        {
            return "store status " + ((int)status).ToString();
        }

        internal static int Put(byte[] source, byte[] buffer, int at)
        {
            System.Array.Copy(source, 0, buffer, at, source.Length);
            return at + source.Length;
        }

        internal static int Take(byte[] buffer, int at, byte[] into)
        {
            System.Array.Copy(buffer, at, into, 0, into.Length);
            return at + into.Length;
        }

        internal static void WriteBigEndian(ulong value, byte[] buffer, int offset)
        {
            for (int i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}

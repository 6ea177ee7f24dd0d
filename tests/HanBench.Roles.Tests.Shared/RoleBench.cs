using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using HanBench.Protocol.Security;
using nanoFramework.TestFramework;

namespace HanBench.Roles.Tests
{
    /// <summary>
    /// One role on a test's bench: the board services in memory (clock, stores, log), provisioned with HanBench's
    /// deterministic test credentials, its upstream a <see cref="ScriptedFrameLink"/>; and the other end's part —
    /// management requests built and sealed as the hub would, answers read back and their MAC checked.
    /// </summary>
    public sealed class RoleBench
    {
        /// <summary>The hub every test device belongs to.</summary>
        public const ulong Hub = 0x00DB000000000001UL;

        /// <summary>Seed of the deterministic test credentials.</summary>
        public const ulong KeySeed = 0x5EED;

        private readonly ManagementAuthenticator _authenticator = new ManagementAuthenticator();
        private readonly ManagementMessage _message = new ManagementMessage();
        private readonly byte[] _buffer = new byte[HanFrame.MaxPayloadLength];
        private readonly ByteWriter _writer = new ByteWriter();
        private readonly ByteReader _reader = new ByteReader();
        private readonly HanFrame _frame = new HanFrame();
        private readonly GbcsMessageSecurity _gbcs = new GbcsMessageSecurity();
        private readonly byte[] _acbDeviceSecret = new byte[EcdhP256.SharedSecretLength];

        /// <summary>A PPMID <paramref name="eui64"/> of hub <see cref="Hub"/>, provisioned and started at time 0.</summary>
        public static RoleBench Ppmid(ulong eui64)
        {
            return new RoleBench(RoleSettings.ForPpmid(eui64, Hub), true);
        }

        /// <summary>A PPMID <paramref name="eui64"/> started with no credentials provisioned.</summary>
        public static RoleBench UnprovisionedPpmid(ulong eui64)
        {
            return new RoleBench(RoleSettings.ForPpmid(eui64, Hub), false);
        }

        private RoleBench(RoleSettings configuration, bool provisioned)
        {
            Clock = new ManualClock(0);
            Settings = new MemorySettingsStore();
            Log = new MemoryLog(64, LogLevel.Info);
            Credentials = ProvisionedCredentials.ForTestKeys(KeySeed, configuration.Eui64, Hub, RoleSettings.DefaultAcbSystemTitle, RoleSettings.DefaultSupplierSystemTitle);
            if (provisioned && Credentials.Save(Settings) != StoreStatus.Ok)
            {
                throw new System.InvalidOperationException("the test credentials could not be stored");
            }

            Link = new ScriptedFrameLink(HanFrame.MaxEncodedLength);
            Role = (RoleBase)RoleFactory.Create(configuration, new DeviceContext(Clock, new MemoryImageStore(1 << 16), Settings, new MemoryIndicator(), Log), Link, null);
            Role.Start(0);
            Link.Clear();

            // The ACB's side of the GBCS MAC: Z of its test KA key and the device's (docs/GBCS-SECURITY.md §2).
            byte[] acbPrivate = new byte[EcdsaP256Signer.PrivateKeyLength];
            GbcsTestKeys.DerivePrivateKey(KeySeed, RoleSettings.DefaultAcbSystemTitle, GbcsTestKeys.KeyAgreement, acbPrivate, 0);
            byte[] devicePublic = new byte[EcdhP256.PublicKeyLength];
            EcdhP256 ecdh = new EcdhP256();
            ecdh.DerivePublicKey(Credentials.KeyAgreementPrivateKey, 0, devicePublic, 0, false);
            ecdh.ComputeSharedSecret(acbPrivate, 0, devicePublic, 0, devicePublic.Length, _acbDeviceSecret, 0);
        }

        /// <summary>The role under test.</summary>
        public RoleBase Role { get; }

        /// <summary>Its upstream link: what it sent is read back from here.</summary>
        public ScriptedFrameLink Link { get; }

        /// <summary>Its clock.</summary>
        public ManualClock Clock { get; }

        /// <summary>Its persistent settings, kept across a simulated restart.</summary>
        public MemorySettingsStore Settings { get; }

        /// <summary>Its log.</summary>
        public MemoryLog Log { get; }

        /// <summary>The credentials the board was (or would have been) provisioned with.</summary>
        public ProvisionedCredentials Credentials { get; }

        /// <summary>
        /// Hands the role a Reboot request from the hub: sealed with the device's management key and
        /// <paramref name="counter"/>, or unauthenticated when <paramref name="seal"/> is false; <paramref name="flipMacOctet"/>
        /// ≥ 0 flips that octet of the MAC.
        /// </summary>
        public void SendReboot(byte token, bool seal, ulong counter, int flipMacOctet)
        {
            _message.Header = new ManagementHeader(ManagementMessageType.Reboot, token);
            RebootRequest reboot = default;
            reboot.DelayMs = 0;
            _message.Reboot = reboot;
            Deliver(seal, counter, flipMacOctet);
        }

        /// <summary>Hands the role an unauthenticated Ping from the hub.</summary>
        public void SendPing(byte token)
        {
            _message.Header = new ManagementHeader(ManagementMessageType.Ping, token);
            Deliver(false, 0, -1);
        }

        /// <summary>
        /// Reads the role's next frame as a management answer: null when it sent nothing more, otherwise the message,
        /// its trailer's MAC checked with the device's key (a failed check throws: the device must seal what it says).
        /// </summary>
        public ManagementMessage? NextAnswer()
        {
            if (!Link.TakeNext(_frame))
            {
                return null;
            }

            Assert.AreEqual((byte)HanFrameKind.Management, (byte)_frame.Kind, "a management answer");
            Assert.AreEqual(Hub, _frame.Destination, "answered to the hub");
            int length = _frame.PayloadLength;
            if (_frame.ClusterId != 0)
            {
                _authenticator.SetKey(Credentials.ManagementKey, 0);
                ManagementAuthStatus status = _authenticator.Verify(_frame.ClusterId, _frame.Source, _frame.Destination, _frame.Payload, _frame.PayloadOffset, length, out ulong _);
                Assert.AreEqual((byte)ManagementAuthStatus.Ok, (byte)status, "the answer's MAC");
                length -= ManagementAuthenticator.TrailerLength;
            }

            ManagementMessage answer = new ManagementMessage();
            _reader.Reset(_frame.Payload, _frame.PayloadOffset, length);
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)answer.TryDecode(_reader), "the answer decodes");
            return answer;
        }

        /// <summary>
        /// Hands the role a GBCS command from the ACB with <paramref name="counter"/> and <paramref name="content"/>,
        /// MAC'd between the ACB's and the device's KA keys as the host does (docs/GBCS-SECURITY.md §1);
        /// <paramref name="flipMacOctet"/> ≥ 0 flips that octet of the MAC. A CS08 names the default supplier as its
        /// supplementary remote party, its counter <paramref name="counter"/> too (RTDS 11.2_CS08).
        /// </summary>
        public void SendAcbCommand(ushort messageCode, ulong counter, byte[] content, int flipMacOctet)
        {
            bool cs08 = messageCode == GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion;
            Send(messageCode, counter, content, flipMacOctet, cs08, RoleSettings.DefaultSupplierSystemTitle, counter);
        }

        /// <summary>
        /// Hands the role a CS08 from the ACB with originator counter <paramref name="counter"/>, MAC'd as
        /// <see cref="SendAcbCommand"/> does, naming <paramref name="party"/> as its supplementary remote party with
        /// <paramref name="partyCounter"/>; <paramref name="withParty"/> false leaves both out.
        /// </summary>
        public void SendCs08(ulong counter, bool withParty, ulong party, ulong partyCounter)
        {
            byte[] content = new byte[ReadFirmwareVersionCommand.EncodedLength];
            ReadFirmwareVersionCommand.WriteTo(new ByteWriter(content));
            Send(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, counter, content, -1, withParty, party, partyCounter);
        }

        private void Send(ushort messageCode, ulong counter, byte[] content, int flipMacOctet, bool withParty, ulong party, ulong partyCounter)
        {
            GbcsEnvelope envelope = new GbcsEnvelope();
            envelope.CraFlag = GbcsCraFlag.Command;
            envelope.OriginatorCounter = counter;
            envelope.OriginatorSystemTitle = RoleSettings.DefaultAcbSystemTitle;
            envelope.RecipientSystemTitle = Role.Eui64;
            envelope.MessageCode = messageCode;
            envelope.HasSupplementaryRemotePartyId = withParty;
            envelope.SupplementaryRemotePartyId = party;
            envelope.HasSupplementaryRemotePartyCounter = withParty;
            envelope.SupplementaryRemotePartyCounter = partyCounter;
            envelope.SetContent(content, 0, content.Length);
            byte[] block = new byte[envelope.EncodedLength];
            envelope.WriteTo(new ByteWriter(block));
            int length;
            Assert.AreEqual((byte)GbcsMacStatus.Ok, (byte)_gbcs.Protect(_acbDeviceSecret, 0, block, 0, block.Length, _buffer, 0, _buffer.Length, out length), "the command is MAC'd");
            if (flipMacOctet >= 0)
            {
                _buffer[length - GbcsEnvelope.MacLength + flipMacOctet] ^= 0x01;
            }

            HanFrame frame = new HanFrame();
            frame.Kind = HanFrameKind.Gbcs;
            frame.Source = Hub;
            frame.Destination = Role.Eui64;
            frame.SetPayload(_buffer, 0, length);
            Role.OnFrame(Link, frame);
        }

        /// <summary>
        /// Reads the role's next frame as a GBCS response MAC'd for the ACB: null when it sent nothing more, otherwise its
        /// envelope, the MAC checked with the ACB's side of the key agreement.
        /// </summary>
        public GbcsEnvelope? NextMacdResponse()
        {
            if (!Link.TakeNext(_frame))
            {
                return null;
            }

            Assert.AreEqual((byte)HanFrameKind.Gbcs, (byte)_frame.Kind, "a GBCS message");
            Assert.AreEqual((byte)GbcsMacStatus.Ok, (byte)_gbcs.Verify(_acbDeviceSecret, 0, _frame.Payload, _frame.PayloadOffset, _frame.PayloadLength), "the response's MAC");
            return _gbcs.Envelope;
        }

        private void Deliver(bool seal, ulong counter, int flipMacOctet)
        {
            _writer.Reset(_buffer, 0, _buffer.Length - ManagementAuthenticator.TrailerLength);
            _message.WriteTo(_writer);
            int length = _writer.Written;
            ushort suite = 0;
            if (seal)
            {
                _authenticator.SetKey(Credentials.ManagementKey, 0);
                length = _authenticator.Seal(Hub, Role.Eui64, counter, _buffer, 0, length);
                suite = ManagementAuthenticator.SecuritySuite;
                if (flipMacOctet >= 0)
                {
                    _buffer[length - ManagementAuthenticator.MacLength + flipMacOctet] ^= 0x01;
                }
            }

            HanFrame frame = new HanFrame();
            frame.Kind = HanFrameKind.Management;
            frame.Source = Hub;
            frame.Destination = Role.Eui64;
            frame.ClusterId = suite;
            frame.SetPayload(_buffer, 0, length);
            Role.OnFrame(Link, frame);
        }
    }
}

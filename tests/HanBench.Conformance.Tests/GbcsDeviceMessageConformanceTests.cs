using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Tests.Csp;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.Conformance.Tests;

/// <summary>
/// The signed GBCS messages a HanBench device originates (issue 8 §3; docs/GBCS-SECURITY.md §1, §3) are the RTDS ones
/// octet for octet: sealed by a device's <see cref="GbcsOutbox"/> from the RTDS message's own fields, the message equals
/// the RTDS file apart from the 64 signature octets (the RTDS devices' DS private keys are not published; HanBench signs
/// with its test key for the same title), and that signature verifies.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class GbcsDeviceMessageConformanceTests
{
    [TestMethod]
    [DataRow("NA_CS09", "CS09_NA_8F8B_ALERT_GBCS.HEX")]
    [DataRow("NA_CCS08", "CCS08_NA_NA_ALERT_GBCS.HEX")]
    [DataRow("11.3_CS06", "CS06_11.3_8F66_FUTURE_DATED_SUCCESS_ALERT_GBCS.HEX")]
    [DataRow("11.3_CS06", "CS06_11.3_8F67_FUTURE_DATED_ERROR_ALERT_GBCS.HEX")]
    [DataRow("11.3_CS06", "CS06_11.3_IMMEDIATE_SUCCESS_RESPONSE_GBCS.HEX")]
    [DataRow("11.3_CS06", "CS06_11.3_IMMEDIATE_ERROR_RESPONSE_GBCS.HEX")]
    [DataRow("11.3_CS06", "CS06_11.3_FUTURE_DATED_SUCCESS_RESPONSE_GBCS.HEX")]
    public void SealSigned_RtdsFields_OctetForOctetApartFromTheSignatureWhichVerifies(string folder, string file)
    {
        byte[] rtds = Convert.FromHexString(Vectors.ReadText("rtds-4.5.0", folder, file).Trim());
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(rtds, 0, rtds.Length), envelope));
        Assert.AreEqual(GbcsEnvelope.EcdsaSignatureLength, envelope.SignatureLength, "RTDS: signed");

        var outbox = new GbcsOutbox();
        outbox.BeginContent().WriteBytes(envelope.ContentBuffer, envelope.ContentOffset, envelope.ContentLength);
        if (envelope.HasDateTime)
        {
            Assert.IsTrue(GbcsDlmsDateTime.TryRead(envelope.DateTimeBuffer, envelope.DateTimeOffset, out GbcsTimestamp time));
            outbox.SetDateTime(time);
        }

        ulong device = envelope.OriginatorSystemTitle;
        // The device's own test credentials, given in memory (a board without provisioned keys signs nothing).
        RoleSettings configuration = RoleSettings.ForPpmid(device, 0x00DB000000000001UL);
        configuration.Credentials = DeviceCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, device, configuration.AcbSystemTitle, RoleSettings.DefaultSupplierSystemTitle);
        var context = new DeviceContext(new HanBench.Device.Memory.ManualClock(0), new MemoryImageStore(4096), new MemorySettingsStore(), new MemoryIndicator(), new MemoryLog(16, LogLevel.Info));
        var security = new GbcsDeviceSecurity(configuration, new PpmidRole(configuration, context, new RecordingLink(), null));
        int length = outbox.SealSigned(envelope.CraFlag, envelope.OriginatorCounter, device, envelope.RecipientSystemTitle, envelope.MessageCode, security);

        int signature = envelope.Layout.SignatureOffset;
        Assert.AreEqual(rtds.Length, length);
        CollectionAssert.AreEqual(rtds[..signature], outbox.Buffer[..signature], "every octet before the signature");
        byte[] key = GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, device, GbcsTestKeys.DigitalSigning);
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Verifier().VerifyMessage(
            key, 0, key.Length, outbox.Buffer, envelope.Layout.SignedDataOffset, envelope.Layout.SignedDataLength, outbox.Buffer, signature, GbcsEnvelope.EcdsaSignatureLength));
    }
}

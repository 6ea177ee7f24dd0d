using HanBench.Device.Hal;
using HanBench.Device.Memory;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Host.Csp;
using HanBench.Host.Tests.Csp;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;

namespace HanBench.Conformance.Tests;

/// <summary>
/// A HanBench device answers the RTDS 6.15.1 future-dated and cancelling CS02b as the RTDS device does: given the RTDS
/// command's payload (sealed for the device with HanBench's test keys, since the RTDS device keys are not published),
/// the response the role sends equals the RTDS response octet for octet up to its signature ("command accepted" and the
/// device's date-time in the Grouping Header), and the pending replacement is kept or cancelled.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class GbcsCredentialDeviceConformanceTests
{
    private const ulong Device = 0x00DB1234567890A0UL;
    private const ulong Hub = 0x00DB1234567890A2UL;
    private const string Folder = "6.15.1_CS02bSupplierBySupplier";

    [TestMethod]
    public void Cs02bFutureDatedThenCancellation_RtdsPayloads_ResponsesAreTheRtdsOnesApartFromTheSignature()
    {
        var link = new RecordingLink();
        PpmidRole role = StartedDevice(link);

        Send(role, link, "CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS_COMMAND_GBCS.HEX");
        AssertResponse(link, "CS02bSupplierBySupplier_6.15.1_FUTURE_DATED_SUCCESS_RESPONSE_GBCS.HEX");
        Assert.IsTrue(role.CredentialManagement.Replacement.HasPending, "kept for 2030-01-15");

        Send(role, link, "CS02bSupplierBySupplier_6.15.1_CANCELLATION_SUCCESS_COMMAND_GBCS.HEX");
        AssertResponse(link, "CS02bSupplierBySupplier_6.15.1_CANCELLATION_SUCCESS_RESPONSE_GBCS.HEX");
        Assert.IsFalse(role.CredentialManagement.Replacement.HasPending, "cancelled");
    }

    // A PPMID with the RTDS device's title and HanBench's test keys for it, its clock at the RTDS responses' date-time.
    private static PpmidRole StartedDevice(RecordingLink link)
    {
        RoleSettings configuration = RoleSettings.ForPpmid(Device, Hub);
        configuration.Credentials = DeviceCredentials.ForTestKeys(GbcsTestKeys.DefaultSeed, Device, configuration.AcbSystemTitle, RoleSettings.DefaultSupplierSystemTitle);
        Assert.IsTrue(new GbcsTimestamp(2015, 1, 1, 0, 0, 0).TryGetSecondsSince2000(out uint rtdsNow));
        configuration.UtcSecondsAtClockZero = rtdsNow;
        var context = new DeviceContext(new HanBench.Device.Memory.ManualClock(0), new MemoryImageStore(4096), new MemorySettingsStore(), new MemoryIndicator(), new MemoryLog(64, LogLevel.Info));
        var role = new PpmidRole(configuration, context, link, null);
        role.Start(0);
        return role;
    }

    // The RTDS command's fields and payload, signed with the test supplier key and MAC'd for the device.
    private static void Send(PpmidRole role, RecordingLink link, string command)
    {
        byte[] rtds = Convert.FromHexString(Vectors.ReadText("rtds-4.5.0", Folder, command).Trim());
        var read = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(rtds, 0, rtds.Length), read));
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = read.OriginatorCounter,
            OriginatorSystemTitle = read.OriginatorSystemTitle,
            RecipientSystemTitle = Device,
            MessageCode = read.MessageCode,
        };
        byte[] content = rtds[read.ContentOffset..(read.ContentOffset + read.ContentLength)];
        envelope.SetContent(content, 0, content.Length);
        envelope.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);
        var block = new byte[envelope.EncodedLength];
        envelope.WriteTo(new ByteWriter(block));
        var supplier = new byte[32];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, read.OriginatorSystemTitle, GbcsTestKeys.DigitalSigning, supplier, 0);
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Signer().SignMessage(supplier, 0, block, envelope.Layout.SignedDataOffset, envelope.Layout.SignedDataLength, block, envelope.Layout.SignatureOffset));
        var message = new byte[block.Length + 40];
        Assert.AreEqual(GbcsMacStatus.Ok, new GbcsMessageSecurity().Protect(GbcsPartyKeys.ForTestKeys().SharedSecretWith(Device), 0, block, 0, block.Length, message, 0, message.Length, out int written));

        // As the hub relays it: in general block transfer blocks when it outgrows a frame (these are ~1,900 octets), each
        // naming the message by its transaction id, system titles and message code.
        var sealedMessage = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(message, 0, written), sealedMessage));
        var routing = new GbcsRoutingHeader();
        routing.SetFrom(sealedMessage);
        var frame = new HanFrame { Kind = HanFrameKind.Gbcs, Source = Hub, Destination = Device };
        var blockBuffer = new byte[GbcsBlockTransfer.MaxBlockLength];
        link.Sent.Clear();
        for (int number = 1; number <= GbcsBlockTransfer.BlockCount(written); number++)
        {
            int length = GbcsBlockTransfer.WriteBlock(routing, message, 0, written, number, blockBuffer, 0);
            frame.SetPayload(blockBuffer, 0, length);
            role.OnFrame(link, frame);
        }

        Assert.IsNull(role.LastRefusal, role.LastRefusal);
    }

    private static void AssertResponse(RecordingLink link, string file)
    {
        byte[] rtds = Convert.FromHexString(Vectors.ReadText("rtds-4.5.0", Folder, file).Trim());
        var expected = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(rtds, 0, rtds.Length), expected));
        // The device's answer, after its acknowledgement of the blocks (GBCS 7.2.11).
        HanFrame sent = link.OfKind(HanFrameKind.Gbcs).Single(f => !GbcsBlockTransfer.IsBlock(f.Payload, f.PayloadOffset, f.PayloadLength));
        byte[] response = sent.Payload[sent.PayloadOffset..(sent.PayloadOffset + sent.PayloadLength)];
        int signature = expected.Layout.SignatureOffset;
        Assert.AreEqual(rtds.Length, response.Length, Convert.ToHexString(response));
        CollectionAssert.AreEqual(rtds[..signature], response[..signature], "every octet before the signature: " + Convert.ToHexString(response));
        byte[] key = GbcsTestKeys.DerivePublicKey(GbcsTestKeys.DefaultSeed, Device, GbcsTestKeys.DigitalSigning);
        Assert.AreEqual(P256Status.Ok, new EcdsaP256Verifier().VerifyMessage(
            key, 0, key.Length, response, expected.Layout.SignedDataOffset, expected.Layout.SignedDataLength, response, signature, GbcsEnvelope.EcdsaSignatureLength));
    }
}

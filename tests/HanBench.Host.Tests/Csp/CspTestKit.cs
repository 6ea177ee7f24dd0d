using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Host.Csp;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Han;
using HanBench.Protocol.Security;
using HanBench.Protocol.Management;

namespace HanBench.Host.Tests.Csp;

/// <summary>A clock the test moves.</summary>
public sealed class ManualClock : IClock
{
    public long NowMs { get; set; }
}

/// <summary>A WAN link that keeps a copy of every frame sent; the test plays the hub by calling <see cref="HubSession.OnFrame"/>.</summary>
public sealed class RecordingLink : IFrameLink
{
    public List<HanFrame> Sent { get; } = [];

    public int MaxFrameLength => HanFrame.MaxEncodedLength;

    public bool Refuse { get; set; }

    public bool Send(HanFrame frame)
    {
        if (Refuse)
        {
            return false;
        }

        var copy = new HanFrame();
        byte[] payload = new byte[frame.PayloadLength];
        Array.Copy(frame.Payload, frame.PayloadOffset, payload, 0, payload.Length);
        copy.CopyFrom(frame);
        copy.SetPayload(payload, 0, payload.Length);
        Sent.Add(copy);
        return true;
    }

    public IEnumerable<HanFrame> OfKind(HanFrameKind kind) => Sent.Where(f => f.Kind == kind);
}

/// <summary>Frames the fake hub and devices send to the session.</summary>
public static class CspFrames
{
    public const ulong HostId = RoleAddressing.DefaultHostEui;
    public const ulong HubId = RoleAddressing.DefaultHubEui;
    public const ulong DeviceId = 0x00DB000000000010UL;

    public static HubSession NewSession(RecordingLink link, ManualClock clock, IOriginatorCounterSource? counters = null, RetryPolicy? management = null, RetryPolicy? gbcs = null) =>
        new(link, clock, new HubSessionOptions
        {
            HostEui = HostId,
            HubEui = HubId,
            Management = management ?? new RetryPolicy(1000, 3),
            Gbcs = gbcs ?? new RetryPolicy(2000, 2),
        }, counters);

    /// <summary>An answer from <paramref name="source"/>, sealed with its management key as a provisioned board seals it (issue 8 §3).</summary>
    public static HanFrame Management(ulong source, ManagementMessage message)
    {
        byte[] buffer = new byte[message.EncodedLength + ManagementAuthenticator.TrailerLength];
        var writer = new ByteWriter(buffer);
        message.WriteTo(writer);
        var authenticator = new ManagementAuthenticator();
        authenticator.SetKey(BoardKey(source), 0);
        int length = authenticator.Seal(source, HostId, ManagementKeyring.NextCounter(), buffer, 0, writer.Written);
        HanFrame frame = Frame(HanFrameKind.Management, source, buffer[..length]);
        frame.ClusterId = ManagementAuthenticator.SecuritySuite;
        return frame;
    }

    /// <summary>The test management key of <paramref name="party"/> (the hub's own, a device's derived from it).</summary>
    public static byte[] BoardKey(ulong party)
    {
        var key = new byte[ManagementAuthenticator.KeyLength];
        GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, HubId, GbcsTestKeys.Management, key, 0);
        if (party != HubId)
        {
            new ManagementAuthenticator().DeriveDeviceKey(key, 0, party, key, 0);
        }

        return key;
    }

    public static HanFrame Identity(ulong source, byte token, uint version)
    {
        var message = new ManagementMessage { Header = new ManagementHeader(ManagementMessageType.Identity, token) };
        message.Identity.Role = DeviceRoleKind.Ppmid;
        message.Identity.Eui64 = source;
        message.Identity.ClearComponents();
        message.Identity.AddComponent(FirmwareComponentId.Main, new ImageIdentity(0x1DB0, 0x0200, version));
        return Management(source, message);
    }

    public static HanFrame Distributed(byte token, DistributeStatus status, ulong device)
    {
        var message = new ManagementMessage { Header = new ManagementHeader(ManagementMessageType.DistributeResult, token) };
        message.DistributeResult = new DistributeResult { Status = status, DevicesAccepted = (byte)(status == DistributeStatus.Accepted ? 1 : 0), Device = device };
        return Management(HubId, message);
    }

    public static HanFrame StateReport(ulong source, byte token, DeviceRunState state, uint offset, uint size)
    {
        var message = new ManagementMessage { Header = new ManagementHeader(ManagementMessageType.StateReport, token) };
        message.State.State = state;
        message.State.TransferOffset = offset;
        message.State.TransferSize = size;
        return Management(source, message);
    }

    /// <summary>
    /// A CS08 response MAC'd by <paramref name="device"/>, echoing the supplementary remote party of the command it answers
    /// (RTDS 11.2_CS08): the default supplier and <paramref name="remotePartyCounter"/> (a session's first CS08 to a
    /// device takes counter 1 of <see cref="MemorySupplementaryCounters"/>).
    /// </summary>
    public static HanFrame Cs08Response(ulong device, ulong counter, uint version, ulong remotePartyCounter = 1, ulong remoteParty = HubSessionOptions.DefaultSupplierSystemTitle)
    {
        var response = new ReadFirmwareVersionResponse { FirmwareVersion = version, ResponseCode = ReadFirmwareVersionResponseCode.Success };
        byte[] content = new byte[response.EncodedLength];
        response.WriteTo(new ByteWriter(content));
        HanFrame unprotected = Gbcs(device, GbcsCraFlag.Response, counter, device, HubSessionOptions.DefaultAcbSystemTitle, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, content,
            remoteParty: (remoteParty, remotePartyCounter));
        return Macd(unprotected, HubSessionOptions.DefaultKeys.SharedSecretWith(device));
    }

    /// <summary>The GBCS frame <paramref name="unprotected"/> MAC'd with the shared secret <paramref name="z"/> (docs/GBCS-SECURITY.md §2).</summary>
    public static HanFrame Macd(HanFrame unprotected, byte[] z)
    {
        var message = new byte[unprotected.PayloadLength + 40];
        Assert.AreEqual(GbcsMacStatus.Ok, new GbcsMessageSecurity().Protect(z, 0, unprotected.Payload, unprotected.PayloadOffset, unprotected.PayloadLength, message, 0, message.Length, out int written));
        return Frame(HanFrameKind.Gbcs, unprotected.Source, message[..written]);
    }

    public static HanFrame Cs06Response(ulong device, ulong counter, ActivateFirmwareResponseCode code, uint version)
    {
        var response = new ActivateFirmwareResponse { ResponseCode = code, FirmwareVersion = version };
        byte[] content = new byte[response.EncodedLength];
        response.WriteTo(new ByteWriter(content));
        return Gbcs(device, GbcsCraFlag.Response, counter, device, HubSessionOptions.DefaultSupplierSystemTitle, GbcsMessageCode.ActivateFirmware, content, signer: device);
    }

    public static HanFrame TransferAlert(ulong entity, ulong counter, uint version, FirmwareTransferResponseCode code, GbcsTimestamp time)
    {
        var alert = new FirmwareTransferAlert
        {
            AlertCode = code == FirmwareTransferResponseCode.Success ? GbcsAlertCode.FirmwareTransferSuccess : GbcsAlertCode.FirmwareTransferFailure,
            ExecutionDateTime = time,
            Entity = entity,
            FirmwareVersion = version,
            ResponseCode = code,
        };
        byte[] content = new byte[alert.EncodedLength];
        alert.WriteTo(new ByteWriter(content));
        return Gbcs(HubId, GbcsCraFlag.Alert, counter, HubId, HubSessionOptions.DefaultAcbSystemTitle, GbcsMessageCode.FirmwareTransferAlert, content, signer: HubId);
    }

    public static HanFrame ActivationAlert(ulong device, ulong counter, uint version, PpmidFirmwareActivationResult result, GbcsTimestamp time)
    {
        var alert = new PpmidFirmwareActivationAlert { Time = time, FirmwareVersion = version, Result = result };
        byte[] content = new byte[alert.EncodedLength];
        alert.WriteTo(new ByteWriter(content));
        return Gbcs(device, GbcsCraFlag.Alert, counter, device, HubSessionOptions.DefaultAcbSystemTitle, GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert, content, signer: device);
    }

    /// <summary>The Comms Hub's 0x8F66 (RTDS 11.3 FUTURE_DATED, message code 0x00CA): its future-dated CS06 actioned, now running <paramref name="version"/>.</summary>
    public static HanFrame FutureDatedActivationActioned(ulong hub, ulong counter, ulong commandCounter, uint version, GbcsTimestamp time)
    {
        var alert = new ActivateFirmwareAlert
        {
            AlertCode = GbcsAlertCode.FutureDatedCommandActioned, ExecutionDateTime = time, OriginatorCounter = commandCounter,
            ResponseCode = ActivateFirmwareResponseCode.Success, FirmwareVersion = version,
        };
        byte[] content = new byte[alert.EncodedLength];
        alert.WriteTo(new ByteWriter(content));
        return Gbcs(hub, GbcsCraFlag.Alert, counter, hub, HubSessionOptions.DefaultSupplierSystemTitle, GbcsMessageCode.FutureDatedFirmwareActivationAlert, content, signer: hub);
    }

    /// <summary>A GBCS frame; <paramref name="signer"/>: signed with that party's HanBench test DS key (docs/GBCS-SECURITY.md §3).</summary>
    public static HanFrame Gbcs(ulong frameSource, GbcsCraFlag cra, ulong counter, ulong originator, ulong recipient, ushort code, byte[] content, ulong? signer = null,
        (ulong Party, ulong Counter)? remoteParty = null)
    {
        var envelope = new GbcsEnvelope
        {
            CraFlag = cra,
            OriginatorCounter = counter,
            OriginatorSystemTitle = originator,
            RecipientSystemTitle = recipient,
            MessageCode = code,
            HasSupplementaryRemotePartyId = remoteParty is not null,
            SupplementaryRemotePartyId = remoteParty?.Party ?? 0,
            HasSupplementaryRemotePartyCounter = remoteParty is not null,
            SupplementaryRemotePartyCounter = remoteParty?.Counter ?? 0,
        };
        envelope.SetContent(content, 0, content.Length);
        if (signer is not null)
        {
            envelope.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);
        }

        byte[] message = new byte[envelope.EncodedLength];
        envelope.WriteTo(new ByteWriter(message));
        if (signer is { } party)
        {
            var key = new byte[32];
            GbcsTestKeys.DerivePrivateKey(GbcsTestKeys.DefaultSeed, party, GbcsTestKeys.DigitalSigning, key, 0);
            GbcsLayout layout = envelope.Layout;
            Assert.AreEqual(P256Status.Ok, new EcdsaP256Signer().SignMessage(key, 0, message, layout.SignedDataOffset, layout.SignedDataLength, message, layout.SignatureOffset));
        }

        return Frame(HanFrameKind.Gbcs, frameSource, message);
    }

    public static HanFrame Frame(HanFrameKind kind, ulong source, byte[] payload)
    {
        var frame = new HanFrame { Kind = kind, Source = source, Destination = HostId };
        frame.SetPayload(payload, 0, payload.Length);
        return frame;
    }

    /// <summary>The management request in a sent frame.</summary>
    public static ManagementMessage ReadManagement(HanFrame frame)
    {
        var authenticator = new ManagementAuthenticator();
        authenticator.SetKey(BoardKey(frame.Destination), 0);
        Assert.AreEqual(ManagementAuthStatus.Ok, authenticator.Verify(frame.ClusterId, frame.Source, frame.Destination, frame.Payload, frame.PayloadOffset, frame.PayloadLength, out _),
            "the host seals every management frame it sends");
        var message = new ManagementMessage();
        Assert.AreEqual(ManagementDecodeStatus.Ok, message.TryDecode(new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength - ManagementAuthenticator.TrailerLength)));
        return message;
    }

    /// <summary>The GBCS envelope in a sent frame.</summary>
    public static GbcsEnvelope ReadGbcs(HanFrame frame)
    {
        var envelope = new GbcsEnvelope();
        Assert.AreEqual(GbcsStatus.Ok, GbcsEnvelope.TryDecode(new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength), envelope));
        return envelope;
    }
}

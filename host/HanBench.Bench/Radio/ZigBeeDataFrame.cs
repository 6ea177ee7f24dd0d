using System.Buffers.Binary;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Han;
using HanBench.Protocol.Zcl;

namespace HanBench.Bench.Radio;

/// <summary>
/// The bytes a HAN frame would be on a real ZigBee Smart Energy HAN: an IEEE 802.15.4 data frame carrying a ZigBee PRO
/// NWK data frame, an APS data frame and the ZCL frame. One place for these header bytes, for the capture (issue 12) and
/// the radio model (issue 14). Layout, little-endian:
/// <code>
/// MAC  frame control 2 · sequence 1 · PAN id 2 · short dst 2 · short src 2                 9  IEEE 802.15.4-2006 §7.2.2.2
/// NWK  frame control 2 · dst 2 · src 2 · radius 1 · sequence 1 · [dst EUI-64 8] · src EUI-64 8   ZigBee PRO (05-3474) §3.3.1
/// APS  frame control 1 · dst endpoint 1 · cluster 2 · profile 2 · src endpoint 1 · counter 1   8  §2.2.5.1
/// ZCL  the frame as HanBench sends it (OTA Upgrade 0x0019), or a GBCS APDU in Tunneling 0x0704 Transfer Data
/// MAC  FCS 2 (CRC-16 ITU-T, reflected, initial 0)                                              §7.2.1.9
/// </code>
/// HanBench choices (documented in the README's capture section):
/// <list type="bullet">
/// <item>short address = the low 16 bits of the EUI-64 (0xFFF8–0xFFFF, reserved for broadcasts, become 0x7FF8–0x7FFF);
/// PAN id <see cref="PanId"/>; the NWK header carries both EUI-64s, so Wireshark names every device by its EUI.</item>
/// <item>no NWK or APS security written (a real GBCS HAN secures both), so Wireshark decodes without keys; the radio model
/// counts their auxiliary headers and MICs on air (<see cref="SecuredPsduLength"/>, <see cref="ZigBeeStack"/>).</item>
/// <item>endpoint <see cref="Endpoint"/> at both ends, Smart Energy profile 0x0109.</item>
/// <item>GBCS: a real HAN carries GBCS APDUs in the Tunneling cluster after a Request Tunnel handshake; HanBench has no
/// handshake, so the tunnel id is the client device's short address, the Comms Hub (ESI) being the tunnel server.
/// Commands go server→client (Transfer Data 0x01), responses and alerts client→server (Transfer Data 0x02).</item>
/// </list>
/// </summary>
public static class ZigBeeDataFrame
{
    /// <summary>PAN id of every HanBench HAN (HanBench choice).</summary>
    public const ushort PanId = 0x0DB0;

    /// <summary>The one application endpoint (HanBench choice).</summary>
    public const byte Endpoint = 0x01;

    /// <summary>ZigBee Smart Energy application profile.</summary>
    public const ushort SmartEnergyProfile = 0x0109;

    /// <summary>ZCL Tunneling cluster (Smart Energy), which carries GBCS APDUs on a GBCS HAN.</summary>
    public const ushort TunnelingCluster = 0x0704;

    /// <summary>MAC header with short addresses and PAN id compression.</summary>
    public const int MacHeaderLength = 9;

    /// <summary>MAC frame check sequence.</summary>
    public const int FcsLength = 2;

    /// <summary>NWK header without its optional EUI-64s.</summary>
    public const int NwkHeaderLength = 8;

    /// <summary>One EUI-64 in the NWK header.</summary>
    public const int NwkIeeeAddressLength = 8;

    /// <summary>APS data frame header (no extended header, no security).</summary>
    public const int ApsHeaderLength = 8;

    /// <summary>ZCL header and tunnel id before a tunnelled GBCS APDU.</summary>
    public const int TunnelHeaderLength = 5;

    /// <summary>The IEEE 802.15.4 PSDU limit, aMaxPHYPacketSize (§6.4.1).</summary>
    public const int MaxPsduLength = 127;

    // What a GBCS HAN adds on air to the frame Encode writes (issue 14). Encode leaves security out so Wireshark decodes
    // captures without keys; the radio model counts these bytes.

    /// <summary>Before every PSDU: synchronisation header (preamble 4 + SFD 1) and PHY header (frame length 1), §6.3.1–§6.3.2.</summary>
    public const int PhyOverheadLength = 6;

    /// <summary>
    /// NWK auxiliary security header (ZigBee PRO 05-3474 §4.5.1): security control 1 + frame counter 4 + source EUI-64 8
    /// (NWK frames always use the extended nonce, §4.3.1.1) + key sequence number 1 (network key).
    /// </summary>
    public const int NwkAuxHeaderLength = 14;

    /// <summary>Message integrity code of security level 5, ENC-MIC-32 (05-3474 §4.5.1.1.1, nwkSecurityLevel 5), NWK and APS alike.</summary>
    public const int MicLength = 4;

    /// <summary>APS auxiliary security header with a link key (05-3474 §4.5.1): security control 1 + frame counter 4 (no extended nonce, no key sequence number).</summary>
    public const int ApsAuxHeaderLength = 5;

    /// <summary>APS extended header of a fragment (05-3474 §2.2.5.1.8): extended frame control 1 + block number 1.</summary>
    public const int ApsFragmentHeaderLength = 2;

    /// <summary>APS acknowledgement frame (05-3474 §2.2.5.2.3): frame control 1 + dst endpoint 1 + cluster 2 + profile 2 + src endpoint 1 + counter 1.</summary>
    public const int ApsAckHeaderLength = 8;

    /// <summary>MAC acknowledgement frame PSDU (IEEE 802.15.4-2006 §7.2.2.3): frame control 2 + sequence 1 + FCS 2.</summary>
    public const int MacAckLength = 5;

    /// <summary>
    /// MAC Data Request command PSDU a sleepy end device polls its parent with (§7.3.4), short addresses and PAN id
    /// compression: frame control 2 + sequence 1 + PAN id 2 + dst 2 + src 2 + command id 1 + FCS 2.
    /// </summary>
    public const int MacDataRequestLength = MacHeaderLength + 1 + FcsLength;

    /// <summary>ZCL Key Establishment cluster (Smart Energy), secured with the network key only.</summary>
    public const ushort KeyEstablishmentCluster = 0x0800;

    /// <summary>
    /// Largest HAN frame (header included) whose unicast ZCL frame under network security only, the OTA Upgrade cluster's
    /// case, fits one 127-byte PSDU: 20 + 127 − (9 MAC + 8 + 16 NWK + 14 aux + 8 APS + 4 MIC + 2 FCS) = 86, so an Image
    /// Block Response carries at most 86 − 20 − 3 − 14 = 49 data bytes unfragmented.
    /// </summary>
    public const int MaxOneFrameZclHanFrameLength = HanFrame.HeaderLength + MaxPsduLength
        - (MacHeaderLength + NwkHeaderLength + (2 * NwkIeeeAddressLength) + NwkAuxHeaderLength + ApsHeaderLength + MicLength + FcsLength);

    /// <summary>Largest encoded frame for any HAN frame (a GBCS payload of <see cref="HanFrame.MaxPayloadLength"/>).</summary>
    public const int MaxEncodedLength = MacHeaderLength + NwkHeaderLength + (2 * NwkIeeeAddressLength) + ApsHeaderLength + TunnelHeaderLength + HanFrame.MaxPayloadLength + FcsLength;

    private const ushort ShortBroadcast = 0xFFFF;

    // IEEE 802.15.4-2006 §7.2.1.1: data frame (001), ack request bit 5, PAN id compression bit 6, short destination (10)
    // in bits 10-11, frame version 2003 (00) in bits 12-13, short source (10) in bits 14-15.
    private const ushort MacDataFrame = 0x0001;
    private const ushort MacAckRequest = 0x0020;
    private const ushort MacPanIdCompression = 0x0040;
    private const ushort MacShortAddresses = 0x0800 | 0x8000;

    // ZigBee PRO §3.3.1.1: data frame (00), protocol version 2 in bits 2-5, destination EUI-64 bit 11, source EUI-64 bit 12.
    private const ushort NwkDataFrameVersion2 = 0x0008;
    private const ushort NwkDestinationIeee = 0x0800;
    private const ushort NwkSourceIeee = 0x1000;
    private const byte NwkRadius = 30;

    // ZigBee PRO §2.2.5.1.1: data frame (00), unicast (00) or broadcast (10) delivery in bits 2-3.
    private const byte ApsData = 0x00;
    private const byte ApsBroadcast = 0x08;

    // ZCL §2.4.1.1 and SE 1.x Tunneling: cluster-specific, disable default response, direction bit 3.
    private const byte ZclClientToServer = 0x11;
    private const byte ZclServerToClient = 0x19;
    private const byte TransferDataFromClient = 0x02;
    private const byte TransferDataFromServer = 0x01;

    /// <summary>The short (16-bit) address HanBench gives <paramref name="eui64"/> (see the class remarks).</summary>
    public static ushort ShortAddress(ulong eui64)
    {
        if (eui64 == HanFrame.Broadcast)
        {
            return ShortBroadcast;
        }

        ushort low = (ushort)eui64;
        return low >= 0xFFF8 ? (ushort)(low & 0x7FFF) : low;
    }

    /// <summary>Bytes <see cref="Encode"/> writes for <paramref name="frame"/>.</summary>
    public static int EncodedLength(HanFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int nwk = NwkHeaderLength + NwkIeeeAddressLength + (frame.Destination == HanFrame.Broadcast ? 0 : NwkIeeeAddressLength);
        int zclPrefix = frame.Kind == HanFrameKind.Gbcs ? TunnelHeaderLength : 0;
        return MacHeaderLength + nwk + ApsHeaderLength + zclPrefix + frame.PayloadLength + FcsLength;
    }

    /// <summary>
    /// True when Smart Energy secures <paramref name="frame"/> at the APS layer with a link key as well as at the NWK
    /// layer: every cluster but the OTA Upgrade and Key Establishment clusters, which use the network key only (Smart
    /// Energy Profile 1.x, 07-5356, the table of security key assignments per cluster). So GBCS APDUs in the Tunneling
    /// cluster and meter traffic carry an APS auxiliary header and MIC; OTA image blocks (signed images) do not.
    /// </summary>
    public static bool IsApsSecured(HanFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.Kind == HanFrameKind.Gbcs || (frame.ClusterId != OtaCluster.ClusterId && frame.ClusterId != KeyEstablishmentCluster);
    }

    /// <summary>The APS payload of <paramref name="frame"/> on air: the ZCL frame, with the tunnel header for GBCS.</summary>
    public static int AsduLength(HanFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return (frame.Kind == HanFrameKind.Gbcs ? TunnelHeaderLength : 0) + frame.PayloadLength;
    }

    /// <summary>
    /// PSDU bytes of <paramref name="frame"/> on a secured HAN around its APS payload: the headers <see cref="Encode"/>
    /// writes and the FCS, plus the NWK auxiliary header and MIC, plus the APS ones when <see cref="IsApsSecured"/>.
    /// </summary>
    public static int SecuredOverhead(HanFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        int security = NwkAuxHeaderLength + MicLength + (IsApsSecured(frame) ? ApsAuxHeaderLength + MicLength : 0);
        return EncodedLength(frame) - AsduLength(frame) + security;
    }

    /// <summary>PSDU bytes of <paramref name="frame"/> unfragmented on a secured HAN (more than <see cref="MaxPsduLength"/>: it needs fragments).</summary>
    public static int SecuredPsduLength(HanFrame frame) => SecuredOverhead(frame) + AsduLength(frame);

    /// <summary>PSDU of the APS acknowledgement of a unicast frame: MAC, NWK (both EUI-64s), its security, the APS ack header, FCS.</summary>
    public const int SecuredApsAckPsduLength = MacHeaderLength + NwkHeaderLength + (2 * NwkIeeeAddressLength) + NwkAuxHeaderLength + ApsAckHeaderLength + MicLength + FcsLength;

    /// <summary>
    /// Writes <paramref name="frame"/> (a ZCL or GBCS frame; management frames have no ZigBee form) as it would cross the
    /// hop from <paramref name="macSource"/> to <paramref name="macDestination"/>; returns the bytes written, FCS included.
    /// </summary>
    /// <exception cref="ArgumentException">A management frame, or <paramref name="into"/> too short.</exception>
    public static int Encode(HanFrame frame, ulong macSource, ulong macDestination, Span<byte> into)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Kind == HanFrameKind.Management)
        {
            throw new ArgumentException("management frames are HanBench's own and have no ZigBee form", nameof(frame));
        }

        int length = EncodedLength(frame);
        if (into.Length < length)
        {
            throw new ArgumentException($"{length} bytes needed", nameof(into));
        }

        bool broadcast = frame.Destination == HanFrame.Broadcast;
        ushort macDst = broadcast ? ShortBroadcast : ShortAddress(macDestination);
        int at = 0;
        at += WriteUInt16(into[at..], (ushort)(MacDataFrame | MacPanIdCompression | MacShortAddresses | (macDst == ShortBroadcast ? 0 : MacAckRequest)));
        into[at++] = frame.Sequence;
        at += WriteUInt16(into[at..], PanId);
        at += WriteUInt16(into[at..], macDst);
        at += WriteUInt16(into[at..], ShortAddress(macSource));

        at += WriteUInt16(into[at..], (ushort)(NwkDataFrameVersion2 | NwkSourceIeee | (broadcast ? 0 : NwkDestinationIeee)));
        at += WriteUInt16(into[at..], ShortAddress(frame.Destination));
        at += WriteUInt16(into[at..], ShortAddress(frame.Source));
        into[at++] = NwkRadius;
        into[at++] = frame.Sequence;
        if (!broadcast)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(into[at..], frame.Destination);
            at += NwkIeeeAddressLength;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(into[at..], frame.Source);
        at += NwkIeeeAddressLength;

        bool gbcs = frame.Kind == HanFrameKind.Gbcs;
        into[at++] = broadcast ? ApsBroadcast : ApsData;
        into[at++] = Endpoint;
        at += WriteUInt16(into[at..], gbcs ? TunnelingCluster : frame.ClusterId);
        at += WriteUInt16(into[at..], SmartEnergyProfile);
        into[at++] = Endpoint;
        into[at++] = frame.Sequence;

        ReadOnlySpan<byte> payload = frame.Payload.AsSpan(frame.PayloadOffset, frame.PayloadLength);
        if (gbcs)
        {
            bool fromServer = IsGbcsCommand(frame);
            into[at++] = fromServer ? ZclServerToClient : ZclClientToServer;
            into[at++] = frame.Sequence;
            into[at++] = fromServer ? TransferDataFromServer : TransferDataFromClient;
            at += WriteUInt16(into[at..], ShortAddress(fromServer ? frame.Destination : frame.Source));
        }

        payload.CopyTo(into[at..]);
        at += payload.Length;
        at += WriteUInt16(into[at..], Fcs(into[..at]));
        return at;
    }

    /// <summary>The IEEE 802.15.4 FCS of <paramref name="data"/>: CRC-16 ITU-T, polynomial 0x1021 reflected, initial 0 (§7.2.1.9).</summary>
    public static ushort Fcs(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1;
            }
        }

        return (ushort)crc;
    }

    /// <summary>
    /// True when the GBCS APDU is a command (CRA flag 1), which flows from the DCC side through the Comms Hub, the tunnel
    /// server, to the device; responses and alerts flow the other way. An APDU that does not decode counts as client's.
    /// </summary>
    private static bool IsGbcsCommand(HanFrame frame)
    {
        var envelope = new GbcsEnvelope();
        var reader = new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
        GbcsStatus status = GbcsEnvelope.TryDecode(reader, envelope);
        if (status != GbcsStatus.Ok)
        {
            reader = new ByteReader(frame.Payload, frame.PayloadOffset, frame.PayloadLength);
            status = GbcsEnvelope.TryDecodePreCommand(reader, envelope);
        }

        return status == GbcsStatus.Ok && envelope.CraFlag == GbcsCraFlag.Command;
    }

    private static int WriteUInt16(Span<byte> into, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(into, value);
        return 2;
    }
}

using System.Text;
using HanBench.Bench.Radio;
using HanBench.Protocol.Han;

namespace HanBench.Bench.Tests.Capture;

[TestClass]
public sealed class ZigBeeDataFrameTests
{
    private const ulong Hub = 0x00DB000000000001UL;
    private const ulong Ppmid = 0x00DB000000000010UL;

    [TestMethod]
    public void Fcs_CheckString_IsTheCrc16KermitCheckValue()
    {
        // IEEE 802.15.4 §7.2.1.9: CRC-16 ITU-T reflected, initial 0 (catalogued as CRC-16/KERMIT, check 0x2189).
        Assert.AreEqual(0x2189, ZigBeeDataFrame.Fcs(Encoding.ASCII.GetBytes("123456789")));
    }

    [TestMethod]
    public void Encode_UnicastZcl_GoldenHeadersAsWiresharkDecodesThem()
    {
        byte[] zcl = Convert.FromHexString("190595");
        var frame = new HanFrame { Kind = HanFrameKind.Zcl, Sequence = 0x4B, Source = Hub, Destination = Ppmid, ClusterId = 0x0019 };
        frame.SetPayload(zcl, 0, zcl.Length);
        byte[] into = new byte[ZigBeeDataFrame.MaxEncodedLength];

        int length = ZigBeeDataFrame.Encode(frame, Hub, Ppmid, into);

        // MAC: data, ack request, PAN id compression, short addresses; NWK: data v2 with both EUI-64s; APS: unicast data
        // to endpoint 1, OTA Upgrade cluster, Smart Energy profile (bytes checked against tshark 4.0's decode).
        string mac = "6188" + "4B" + "B00D" + "1000" + "0100";
        string nwk = "0818" + "1000" + "0100" + "1E" + "4B" + "100000000000DB00" + "010000000000DB00";
        string aps = "00" + "01" + "1900" + "0901" + "01" + "4B";
        string headers = mac + nwk + aps;
        Assert.AreEqual(headers + "190595", Convert.ToHexString(into, 0, length - 2));
        Assert.AreEqual(ZigBeeDataFrame.EncodedLength(frame), length);
        ushort fcs = ZigBeeDataFrame.Fcs(into.AsSpan(0, length - 2));
        Assert.AreEqual(fcs, into[length - 2] | (into[length - 1] << 8), "FCS little-endian after the frame");
    }

    [TestMethod]
    public void Encode_GbcsCommandAndResponse_TunnelledServerToClientAndBack()
    {
        // A GBCS General Signing header: CRA flag, counter, originator, recipient, no date-time, message code 0x0129.
        string grouping = "DF09" + "{0}0000000000001000" + "08" + "{1}" + "08" + "{2}" + "00" + "020129" + "020500" + "00";
        byte[] command = Convert.FromHexString(string.Format(System.Globalization.CultureInfo.InvariantCulture, grouping, "01", "90B3D51F30000002", "00DB000000000010"));
        byte[] response = Convert.FromHexString(string.Format(System.Globalization.CultureInfo.InvariantCulture, grouping, "02", "00DB000000000010", "90B3D51F30000002"));
        byte[] into = new byte[ZigBeeDataFrame.MaxEncodedLength];

        var frame = new HanFrame { Kind = HanFrameKind.Gbcs, Sequence = 7, Source = Hub, Destination = Ppmid };
        frame.SetPayload(command, 0, command.Length);
        int length = ZigBeeDataFrame.Encode(frame, Hub, Ppmid, into);
        int zcl = ZigBeeDataFrame.MacHeaderLength + ZigBeeDataFrame.NwkHeaderLength + (2 * ZigBeeDataFrame.NwkIeeeAddressLength) + ZigBeeDataFrame.ApsHeaderLength;
        Assert.AreEqual("0407", Convert.ToHexString(into, zcl - 6, 2), "Tunneling cluster 0x0704, little-endian");
        Assert.AreEqual("1907011000", Convert.ToHexString(into, zcl, 5), "server to client Transfer Data, tunnel id = the PPMID's short address");
        Assert.AreEqual(Convert.ToHexString(command), Convert.ToHexString(into, zcl + 5, length - zcl - 7));

        frame = new HanFrame { Kind = HanFrameKind.Gbcs, Sequence = 8, Source = Ppmid, Destination = Hub };
        frame.SetPayload(response, 0, response.Length);
        ZigBeeDataFrame.Encode(frame, Ppmid, Hub, into);
        Assert.AreEqual("1108021000", Convert.ToHexString(into, zcl, 5), "client to server Transfer Data on the same tunnel");
    }

    [TestMethod]
    public void Encode_Broadcast_NoAckRequestNoDestinationEui()
    {
        byte[] zcl = Convert.FromHexString("090000010A");
        var frame = new HanFrame { Kind = HanFrameKind.Zcl, Sequence = 1, Source = Hub, Destination = HanFrame.Broadcast, ClusterId = 0x0019 };
        frame.SetPayload(zcl, 0, zcl.Length);
        byte[] into = new byte[ZigBeeDataFrame.MaxEncodedLength];

        int length = ZigBeeDataFrame.Encode(frame, Hub, HanFrame.Broadcast, into);

        Assert.AreEqual("418801B00DFFFF0100", Convert.ToHexString(into, 0, 9));
        Assert.AreEqual("0810FFFF0100", Convert.ToHexString(into, 9, 6), "NWK: source EUI-64 only");
        Assert.AreEqual(9 + 8 + 8 + 8 + zcl.Length + 2, length);
    }

    [TestMethod]
    public void ShortAddress_ReservedRange_MovedOutOfTheBroadcasts()
    {
        Assert.AreEqual(0x0010, ZigBeeDataFrame.ShortAddress(Ppmid));
        Assert.AreEqual(0x7FFD, ZigBeeDataFrame.ShortAddress(0x00DB00000000FFFDUL));
        Assert.AreEqual(0xFFFF, ZigBeeDataFrame.ShortAddress(HanFrame.Broadcast));
    }
}

using HanBench.Device.Roles;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using HanBench.Protocol.Security;

namespace HanBench.VirtualBoard.Tests.Gbcs;

/// <summary>A CS08 as the ACB sends it to a board's PPMID, for the process tests.</summary>
internal static class Cs08Command
{
    /// <summary>
    /// CS08 from the ACB to <paramref name="device"/> with originator counter <paramref name="counter"/>, MAC'd with
    /// <paramref name="z"/> (docs/GBCS-SECURITY.md §1–2), naming the default supplier as its supplementary remote party
    /// with <paramref name="counter"/> as that party's counter too (RTDS 11.2_CS08: both only have to grow).
    /// </summary>
    public static byte[] Macd(byte[] z, ulong device, ulong counter)
    {
        var envelope = new GbcsEnvelope
        {
            CraFlag = GbcsCraFlag.Command,
            OriginatorCounter = counter,
            OriginatorSystemTitle = RoleSettings.DefaultAcbSystemTitle,
            RecipientSystemTitle = device,
            MessageCode = GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion,
            HasSupplementaryRemotePartyId = true,
            SupplementaryRemotePartyId = RoleSettings.DefaultSupplierSystemTitle,
            HasSupplementaryRemotePartyCounter = true,
            SupplementaryRemotePartyCounter = counter,
        };
        var content = new byte[ReadFirmwareVersionCommand.EncodedLength];
        ReadFirmwareVersionCommand.WriteTo(new ByteWriter(content));
        envelope.SetContent(content, 0, content.Length);
        var block = new byte[envelope.EncodedLength];
        envelope.WriteTo(new ByteWriter(block));
        var message = new byte[block.Length + 40];
        Assert.AreEqual(GbcsMacStatus.Ok, new GbcsMessageSecurity().Protect(z, 0, block, 0, block.Length, message, 0, message.Length, out int written));
        return message[..written];
    }
}

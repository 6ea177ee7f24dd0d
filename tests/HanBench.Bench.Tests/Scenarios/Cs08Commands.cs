using HanBench.Bench.Topology;
using HanBench.Device.Roles;
using HanBench.Device.Roles.EndDevice;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Bench.Tests.Scenarios;

/// <summary>CS08 commands as the ACB sends them on the standard bench, and the PPMID's replay guard, for the security scenarios.</summary>
internal static class Cs08Commands
{
    /// <summary>The ACB's system title.</summary>
    public const ulong Acb = RoleSettings.DefaultAcbSystemTitle;

    /// <summary>
    /// A CS08 to <paramref name="device"/> with <paramref name="counter"/>, MAC'd by the bench's host session, naming the
    /// device's supplier as its supplementary remote party with the session's next counter for them (as the host's own
    /// CS08s do, so the two kinds can be mixed).
    /// </summary>
    public static byte[] Sealed(StandardBench bench, ulong device, ulong counter)
    {
        Host.Csp.HubSession session = bench.Host.Session;
        ulong supplier = session.Options.Keys.SupplierFor(device, session.Options.SupplierSystemTitle);
        return session.Gbcs.Seal(Acb, device, GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, counter, Content(),
            remoteParty: (supplier, session.Gbcs.SupplementaryCounters.Next(device, supplier)));
    }

    /// <summary>The CS08 payload.</summary>
    public static byte[] Content()
    {
        var content = new byte[ReadFirmwareVersionCommand.EncodedLength];
        ReadFirmwareVersionCommand.WriteTo(new ByteWriter(content));
        return content;
    }

    /// <summary>The last originator counter the PPMID accepted from the ACB, or null.</summary>
    public static ulong? LastCounter(StandardBench bench) =>
        bench.Ppmid.As<PpmidRole>().CommandGuard.Guard.TryGetLastCounter(Acb, out ulong last) ? last : null;
}

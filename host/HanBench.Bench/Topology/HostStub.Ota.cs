using HanBench.Protocol.Han;

namespace HanBench.Bench.Topology;

/// <summary>The host stub's OTA server towards the hub (filled in once the OTA engines are in).</summary>
public sealed partial class HostStub
{
    private long OtaNextWakeMs => Device.Roles.WakeTime.Never;

    private void OtaInit()
    {
    }

    private void OtaTick(long nowMs)
    {
    }

    private void OtaOnZcl(HanFrame frame)
    {
    }
}

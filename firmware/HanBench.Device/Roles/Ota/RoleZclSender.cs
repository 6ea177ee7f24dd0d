using HanBench.Device.Hal;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Device.Roles.Ota
{
    /// <summary>
    /// An OTA engine's <see cref="IZclFrameSender"/>: each ZCL frame goes out as a HAN frame of kind Zcl, cluster 0x0019,
    /// from the role's EUI-64 on one link. Allocates nothing.
    /// </summary>
    public sealed class RoleZclSender : IZclFrameSender
    {
        private readonly RoleBase _role;
        private readonly IFrameLink _link;

        /// <summary>A sender for <paramref name="role"/> on <paramref name="link"/>.</summary>
        public RoleZclSender(RoleBase role, IFrameLink link)
        {
            _role = role;
            _link = link;
        }

        /// <inheritdoc />
        public bool Send(ulong destination, byte[] buffer, int offset, int count)
        {
            return _role.SendZcl(_link, OtaCluster.ClusterId, destination, buffer, offset, count);
        }
    }
}

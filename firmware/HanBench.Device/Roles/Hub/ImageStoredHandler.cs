using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.Hub
{
    /// <summary>The Comms Hub stored <paramref name="image"/> from the host and offers it to the HAN (<paramref name="offered"/> false: it could not).</summary>
    public delegate void ImageStoredHandler(ImageIdentity image, bool offered);
}

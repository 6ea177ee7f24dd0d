using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.EndDevice
{
    /// <summary>A device activated (or failed to activate) new firmware for <paramref name="component"/>; it now runs <paramref name="runningVersion"/>.</summary>
    public delegate void ActivationHandler(FirmwareComponentId component, uint runningVersion, bool succeeded);
}

namespace HanBench.Device.Roles.Hub
{
    /// <summary>A CS06 activated the hub's own image <paramref name="version"/>; the hub restarts into it next.</summary>
    public delegate void HubActivationHandler(uint version);
}

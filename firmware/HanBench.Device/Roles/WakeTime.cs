namespace HanBench.Device.Roles
{
    /// <summary>Values for <see cref="IDeviceRole.NextWakeMs"/>.</summary>
    public static class WakeTime
    {
        /// <summary>No timer pending: tick me only when a frame has arrived.</summary>
        public const long Never = long.MaxValue;
    }
}

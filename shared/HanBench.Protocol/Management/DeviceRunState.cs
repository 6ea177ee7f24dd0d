namespace HanBench.Protocol.Management
{
    /// <summary>What a device is doing, as its identity and state reports say. (HanBench choice.)</summary>
    public enum DeviceRunState : byte
    {
        /// <summary>Running, nothing in progress.</summary>
        Idle = 0x00,

        /// <summary>An image is moving (downloading, or being served to the HAN).</summary>
        Transferring = 0x01,

        /// <summary>Activating a new image.</summary>
        Activating = 0x02,

        /// <summary>Restarting into new firmware (a bridge's relay is down meanwhile).</summary>
        Restarting = 0x03,

        /// <summary>Something failed and needs attention.</summary>
        Error = 0x04,
    }
}

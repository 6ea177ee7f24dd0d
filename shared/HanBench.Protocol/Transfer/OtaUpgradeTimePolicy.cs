namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// What an <see cref="OtaServer"/> puts in the upgradeTime of its Upgrade End Response after a client reports a good
    /// image (ZCL OTA: upgradeTime − currentTime is the client's wait; 0xFFFFFFFF means "wait for a later command").
    /// </summary>
    public enum OtaUpgradeTimePolicy : byte
    {
        /// <summary>upgradeTime = currentTime: activate at once. The default, and what a PPMID (SECMP0170: an Alt HAN bridge
        /// joins as one) gets, since it activates its new image itself after a good transfer (docs/PROTOCOL.md §3).</summary>
        Now = 0x00,

        /// <summary>upgradeTime = currentTime + a delay in seconds.</summary>
        Delay = 0x01,

        /// <summary>upgradeTime = 0xFFFFFFFF: hold the image until <see cref="OtaServer.SendUpgradeCommand"/>.</summary>
        Wait = 0x02,
    }
}

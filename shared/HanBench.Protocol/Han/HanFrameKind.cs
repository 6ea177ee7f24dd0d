namespace HanBench.Protocol.Han
{
    /// <summary>What a <see cref="HanFrame"/> carries. (HanBench choice: the HAN frame is our own envelope.)</summary>
    public enum HanFrameKind : byte
    {
        /// <summary>A ZCL frame for the cluster named in <see cref="HanFrame.ClusterId"/> (OTA Upgrade is 0x0019).</summary>
        Zcl = 0x01,

        /// <summary>A GBCS APDU (command, response or alert), carried end to end between GBCS parties.</summary>
        Gbcs = 0x02,

        /// <summary>HanBench management: ping, identity, state queries, reboot; never seen on a real HAN.</summary>
        Management = 0x03,
    }
}

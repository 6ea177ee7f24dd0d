namespace HanBench.Protocol.Management
{
    /// <summary>
    /// Which firmware component a version belongs to. SECMP0170 §4.3: B1–B3 carry a SiLabs and a Broadcom binary,
    /// upgraded separately; B4 only a SiLabs one. Other devices have one component, <see cref="Main"/>.
    /// </summary>
    public enum FirmwareComponentId : byte
    {
        /// <summary>The one firmware of a Comms Hub, PPMID or meter.</summary>
        Main = 0x00,

        /// <summary>An Alt HAN bridge's SiLabs (ZigBee side) firmware.</summary>
        SiLabs = 0x01,

        /// <summary>An Alt HAN bridge's Broadcom firmware (B1–B3).</summary>
        Broadcom = 0x02,
    }
}

namespace HanBench.Protocol.Management
{
    /// <summary>What a HanBench device plays (docs/ARCHITECTURE.md, "Nodes").</summary>
    public enum DeviceRoleKind : byte
    {
        /// <summary>Comms Hub: OTA client of the host, OTA server and GBCS relay to the HAN, whitelist keeper.</summary>
        Hub = 0x01,

        /// <summary>PPMID: OTA client, answers CS08, raises 0x8F8B.</summary>
        Ppmid = 0x02,

        /// <summary>Alt HAN point-to-point bridge B1–B4: joined as a PPMID, plus a relay (SECMP0170 §4.2).</summary>
        Bridge = 0x03,

        /// <summary>A meter traffic node (GSME or IHD stand-in) that measures what a transfer does to ordinary HAN traffic.</summary>
        Meter = 0x04,
    }
}

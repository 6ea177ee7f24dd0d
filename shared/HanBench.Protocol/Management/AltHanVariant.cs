namespace HanBench.Protocol.Management
{
    /// <summary>The Alt HAN Device Variant (SECMP0170 §4.2: one value per bridge type B1–B4).</summary>
    public enum AltHanVariant : byte
    {
        /// <summary>Not an Alt HAN bridge.</summary>
        None = 0x00,

        /// <summary>Bridge 1: SiLabs and Broadcom components.</summary>
        B1 = 0x01,

        /// <summary>Bridge 2: SiLabs and Broadcom components.</summary>
        B2 = 0x02,

        /// <summary>Bridge 3: SiLabs and Broadcom components.</summary>
        B3 = 0x03,

        /// <summary>Bridge 4: a SiLabs component only.</summary>
        B4 = 0x04,
    }
}

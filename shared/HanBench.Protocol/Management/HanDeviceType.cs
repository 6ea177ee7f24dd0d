namespace HanBench.Protocol.Management
{
    /// <summary>
    /// The kind of device a Comms Hub whitelists. PPMID and HCALCS are Type 1 devices, of which a Comms Hub accepts at
    /// most six (SECMP0170 §4.2); an Alt HAN bridge is joined as a PPMID and counts among them.
    /// </summary>
    public enum HanDeviceType : byte
    {
        /// <summary>Prepayment Meter Interface Device (Type 1); also every Alt HAN bridge.</summary>
        Ppmid = 0x01,

        /// <summary>HAN Connected Auxiliary Load Control Switch (Type 1).</summary>
        Hcalcs = 0x02,

        /// <summary>Gas smart meter.</summary>
        Gsme = 0x03,

        /// <summary>Electricity smart meter.</summary>
        Esme = 0x04,

        /// <summary>In-home display.</summary>
        Ihd = 0x05,
    }
}

namespace HanBench.Host.Gbcs;

/// <summary>
/// Names of the GBCS message codes (other information, first two octets) HanBench meets: the use cases of the RTDS
/// 4.5.0 messages, named as GBCS names them.
/// </summary>
public static class GbcsMessageNames
{
    private static readonly Dictionary<ushort, string> Names = new()
    {
        [0x0001] = "CCS01 Add Device to CHF device log",
        [0x0002] = "CCS02 Remove device from CHF device log",
        [0x0003] = "CCS03 Restore CHF Device Log",
        [0x0008] = "CS02a Provide Security Credentials Details",
        [0x000A] = "CS02c Issue Security Credentials",
        [0x000B] = "CS02d Update Device Certificates on Device",
        [0x000C] = "CS02e Provide Device Certificates from Device",
        [0x000E] = "CS03B Method B Join",
        [0x000F] = "CS04AC Method A or C Unjoin",
        [0x0012] = "CS06 Activate Firmware",
        [0x0013] = "CS07 Read Device Join Details",
        [0x0018] = "CS14 Device Addition To / Removal From HAN Whitelist Alerts",
        [0x0059] = "ECS52 Read ESME/Comms Hub Firmware Version",
        [0x0084] = "GCS38 Read GSME Firmware Version",
        [0x0090] = "PCS02 Activate Emergency Credit on GSME from PPMID",
        [0x009B] = "PCS01 Apply Prepayment Top Up to a GSME using PPMID",
        [0x00AB] = "CS03A2 Method A Join (non Meter)",
        [0x00AF] = "CS03C Method C Join",
        [0x00CA] = "Future Dated Firmware Activation Alert",
        [0x00CB] = "Future Dated Update Security Credentials Alert",
        [0x00CE] = "Firmware Distribution Receipt Alert (ESME)",
        [0x00CF] = "Firmware Distribution Receipt Alert (GSME)",
        [0x00FE] = "CCS07 Read CHF Device Logs",
        [0x0102] = "CS02b Update Security Credentials (supplierBySupplier)",
        [0x0104] = "CS02b Update Security Credentials (accessControlBrokerByACB)",
        [0x0107] = "CS02b Update Security Credentials (supplierByTransCoS)",
        [0x010F] = "CCS06 Read CHF device log and check HAN communications",
        [0x0128] = "CCS08 Firmware Transfer Alert",
        [0x0129] = "CS08 Read PPMID/HCALCS Firmware Version",
        [0x012B] = "CS09 PPMID/HCALCS Firmware Activation Alert",
    };

    /// <summary>The message code's name, or null for one HanBench does not know.</summary>
    public static string? NameOf(ushort messageCode) => Names.TryGetValue(messageCode, out string? name) ? name : null;
}

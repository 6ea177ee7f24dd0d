using HanBench.Protocol.Ota;

namespace HanBench.Host.ServiceRequests;

/// <summary>Limits the service-request handlers enforce; every one is a setting so a bench can probe around it.</summary>
public sealed record ServiceRequestSettings
{
    /// <summary>
    /// Largest FirmwareImage accepted, in Base64 characters (SECMP0170 §4.3: E110405 above 1,024,000). The DUIS 5.4
    /// schema alone would allow 10,240,000.
    /// </summary>
    public int FirmwareImageBase64Limit { get; init; } = Base64Size.DefaultLimitCharacters;

    /// <summary>Type 1 devices (PPMID, HCALCS, Alt HAN bridges) one Comms Hub accepts (SECMP0170 §4.2: six).</summary>
    public int MaxType1DevicesPerCommsHub { get; init; } = 6;

    /// <summary>Longest 8.11 join time period, seconds (DUIS 5.4 <c>JoinTimePeriod</c>: at most 3600).</summary>
    public int MaxJoinTimePeriodSeconds { get; init; } = 3600;

    /// <summary>The defaults above.</summary>
    public static ServiceRequestSettings Default { get; } = new();
}

using HanBench.Host.Inventory;
using HanBench.Host.Keys;

namespace HanBench.Host.Alerts;

/// <summary>Choices the alert service makes; each a setting because the public material leaves it open.</summary>
public sealed record DccAlertSettings
{
    /// <summary>
    /// The identity alerts come from: the originator part of each alert's ResponseID. HanBench choice: the RTDS DCC
    /// Access Control Broker identity 90-B3-D5-1F-30-00-00-02 (shared/vectors README).
    /// </summary>
    public Eui64 DccId { get; init; } = Keystore.DefaultAccessControlBroker;

    /// <summary>
    /// The lowest DUIS version that carries N64 <c>CommsHubFirmwareActivation</c>. A Service User on an older version
    /// gets N999 instead (SECMP0024 §4.1). HanBench choice: 5.4, the schema HanBench validates against and the only one
    /// it can show defines the element; lower it when a Service User is known to take N64 earlier.
    /// </summary>
    public string CommsHubFirmwareActivationSinceDuisVersion { get; init; } = "5.4";

    /// <summary>
    /// DCCAlertCode of a <c>FirmwareDistributionFailure</c> alert. The DUIS 5.4 schema defines the body but the public
    /// material HanBench has does not say which code carries it: N63 (the unused code inside the firmware block
    /// N59–N64) is a HanBench guess, kept a setting so a user with the DUIS alert table can correct it.
    /// </summary>
    public string FirmwareDistributionFailureAlertCode { get; init; } = "N63";

    /// <summary>The defaults above.</summary>
    public static DccAlertSettings Default { get; } = new();
}

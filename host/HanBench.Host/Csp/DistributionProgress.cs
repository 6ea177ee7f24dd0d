using HanBench.Host.Inventory;

namespace HanBench.Host.Csp;

/// <summary>Which leg a device's image is on.</summary>
public enum DistributionLeg
{
    /// <summary>Waiting (queued, or between legs).</summary>
    None,

    /// <summary>CSP → Comms Hub: the hub is pulling the image from the host.</summary>
    Hub,

    /// <summary>Comms Hub → device over the HAN.</summary>
    Han,
}

/// <summary>
/// The engine's live view of one device's update: state, the bytes of the leg in progress, percentage and ETA, and
/// per-device timings (session clock). Raised by <see cref="DistributionEngine.ProgressChanged"/>.
/// </summary>
/// <param name="RequestId">DUIS RequestID.</param>
/// <param name="RequestRowId">Firmware request row.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Component">Firmware component (main, silabs, broadcom).</param>
/// <param name="FirmwareVersion">Target version: the request's (which its file's OTA header carries), 8 hex digits.</param>
/// <param name="State">Inventory state.</param>
/// <param name="Leg">Leg the bytes are about.</param>
/// <param name="BytesDone">Bytes of the leg done.</param>
/// <param name="BytesTotal">Image size.</param>
/// <param name="EtaMs">Estimated milliseconds to the end of the leg, when the rate is known.</param>
/// <param name="Attempts">Failed attempts so far.</param>
/// <param name="FailureReason">Why it failed (or the last retry's reason).</param>
/// <param name="Timing">When each step was reached.</param>
public sealed record DistributionProgress(
    string RequestId,
    long RequestRowId,
    Eui64 DeviceId,
    string Component,
    string FirmwareVersion,
    FirmwareProgressState State,
    DistributionLeg Leg,
    long BytesDone,
    long BytesTotal,
    long? EtaMs,
    int Attempts,
    string? FailureReason,
    DistributionTiming Timing)
{
    /// <summary>Percentage of the leg done (0–100).</summary>
    public double Percent => BytesTotal <= 0 ? 0 : Math.Clamp(100.0 * BytesDone / BytesTotal, 0, 100);

    /// <summary>Whether the update has ended (activated or failed).</summary>
    public bool IsFinished => FirmwareProgressTransitions.IsTerminal(State);
}

/// <summary>Session-clock times (ms) at which a device's update reached each step in this host run (null: not seen).</summary>
/// <param name="StartedMs">First seen by the engine.</param>
/// <param name="OnHubMs">The hub held the image (N59).</param>
/// <param name="TransferStartedMs">The hub accepted the distribution.</param>
/// <param name="TransferredMs">0x8F8A (N62).</param>
/// <param name="FinishedMs">Activated (N39) or failed.</param>
public sealed record DistributionTiming(long StartedMs, long? OnHubMs, long? TransferStartedMs, long? TransferredMs, long? FinishedMs)
{
    /// <summary>From first seen to finished, when finished.</summary>
    public long? TotalMs => FinishedMs - StartedMs;

    /// <summary>The HAN leg (distribution accepted → 0x8F8A), when known.</summary>
    public long? HanTransferMs => TransferredMs - TransferStartedMs;
}

namespace HanBench.Host.Inventory;

/// <summary>
/// Where one device stands in one firmware distribution (docs/ARCHITECTURE.md "Distribution": queued → on hub →
/// transferring → transferred → activated / failed). The CSP first delivers the image to the Comms Hub
/// (DCC alerts N59–N61), the hub then serves it to the device by ZigBee OTA (0x8F8A/0x8F89 → N62), and the device
/// activates it itself (0x8F8B → N39).
/// </summary>
public enum FirmwareProgressState
{
    /// <summary>Accepted (SRV 11.4/11.1) and waiting for the distribution engine.</summary>
    Queued,

    /// <summary>The CSP is delivering the image to the device's Comms Hub.</summary>
    DeliveringToHub,

    /// <summary>The Comms Hub holds the image (N59).</summary>
    OnHub,

    /// <summary>The Comms Hub is transferring the image to the device (ZigBee OTA blocks).</summary>
    Transferring,

    /// <summary>The device holds the whole image (0x8F8A, N62 FileTransferSuccess).</summary>
    Transferred,

    /// <summary>The device runs the new image (0x8F8B ActivationSuccess, N39). Terminal.</summary>
    Activated,

    /// <summary>Given up. Terminal.</summary>
    Failed,
}

/// <summary>The allowed moves between <see cref="FirmwareProgressState"/> values.</summary>
public static class FirmwareProgressTransitions
{
    /// <summary>Whether a state is final: a device with no progress in a non-terminal state may take a new update.</summary>
    public static bool IsTerminal(FirmwareProgressState state) =>
        state is FirmwareProgressState.Activated or FirmwareProgressState.Failed;

    /// <summary>
    /// Whether <paramref name="from"/> → <paramref name="to"/> is a legal step. Forward steps follow the pipeline;
    /// a retry goes back to <see cref="FirmwareProgressState.Queued"/> (deliver to the hub again) or to
    /// <see cref="FirmwareProgressState.OnHub"/> (the hub still holds the image, transfer again; an OTA client resumes
    /// from its first missing byte). Any non-terminal state may fail. Terminal states never move.
    /// </summary>
    public static bool IsAllowed(FirmwareProgressState from, FirmwareProgressState to)
    {
        if (IsTerminal(from))
        {
            return false;
        }

        if (to == FirmwareProgressState.Failed)
        {
            return true;
        }

        return (from, to) switch
        {
            (FirmwareProgressState.Queued, FirmwareProgressState.DeliveringToHub) => true,
            (FirmwareProgressState.DeliveringToHub, FirmwareProgressState.OnHub) => true,
            (FirmwareProgressState.DeliveringToHub, FirmwareProgressState.Queued) => true,
            (FirmwareProgressState.OnHub, FirmwareProgressState.Transferring) => true,
            (FirmwareProgressState.OnHub, FirmwareProgressState.Queued) => true,
            (FirmwareProgressState.Transferring, FirmwareProgressState.Transferred) => true,
            (FirmwareProgressState.Transferring, FirmwareProgressState.OnHub) => true,
            (FirmwareProgressState.Transferring, FirmwareProgressState.Queued) => true,
            (FirmwareProgressState.Transferred, FirmwareProgressState.Activated) => true,
            _ => false,
        };
    }
}

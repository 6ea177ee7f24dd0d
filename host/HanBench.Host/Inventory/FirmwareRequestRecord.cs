namespace HanBench.Host.Inventory;

/// <summary>An accepted firmware distribution request (SRV 11.4 or 11.1).</summary>
/// <param name="RowId">Inventory row id; the key the progress rows point at.</param>
/// <param name="RequestId">The DUIS RequestID it came with (unique).</param>
/// <param name="ServiceReferenceVariant">"11.4" or "11.1".</param>
/// <param name="FirmwareVersion">DUIS FirmwareVersion of the image.</param>
/// <param name="ManufacturerImageHash">SHA-256 of the Manufacturer Image, lower-case hex (what the CPL lists and CS06 activates).</param>
/// <param name="ImageSizeBytes">Size of the whole image file (what the Comms Hub is sent).</param>
/// <param name="CreatedUtc">When it was accepted.</param>
/// <param name="FileHash">
/// SHA-256 of the whole image file, lower-case hex: the stored file's key. Null for a request stored before files had
/// their own key (inventory migration 15), served the one file kept per Manufacturer Image then.
/// </param>
public sealed record FirmwareRequestRecord(
    long RowId,
    string RequestId,
    string ServiceReferenceVariant,
    string FirmwareVersion,
    string ManufacturerImageHash,
    long ImageSizeBytes,
    DateTimeOffset CreatedUtc,
    string? FileHash = null)
{
    /// <summary>What identifies the file this request is served: <see cref="FileHash"/>, or the Manufacturer Image hash for an older request.</summary>
    public string FileKey => FileHash ?? ManufacturerImageHash;
}

/// <summary>One device's progress within one firmware request.</summary>
/// <param name="RequestRowId">The <see cref="FirmwareRequestRecord.RowId"/>.</param>
/// <param name="DeviceId">The target device.</param>
/// <param name="CommsHubId">The Comms Hub the device was on when the request was accepted.</param>
/// <param name="Component">Firmware component, from the CPL entry that admitted the image.</param>
/// <param name="State">Where the device stands.</param>
/// <param name="Attempts">Retries scheduled so far.</param>
/// <param name="NextRetryUtc">Not before this time (null: now).</param>
/// <param name="BytesDone">Bytes the device holds (for progress and ETA).</param>
/// <param name="BytesTotal">Image size.</param>
/// <param name="FailureReason">Why the last attempt, or the whole thing, failed.</param>
/// <param name="UpdatedUtc">Last change.</param>
public sealed record FirmwareProgressRecord(
    long RequestRowId,
    Eui64 DeviceId,
    Eui64 CommsHubId,
    string Component,
    FirmwareProgressState State,
    int Attempts,
    DateTimeOffset? NextRetryUtc,
    long BytesDone,
    long BytesTotal,
    string? FailureReason,
    DateTimeOffset UpdatedUtc);

/// <summary>A device admitted to a new firmware request: what <see cref="FirmwareQueue.Enqueue"/> writes per device.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="CommsHubId">Its Comms Hub.</param>
/// <param name="Component">Firmware component the CPL names for its model.</param>
public sealed record FirmwareTarget(Eui64 DeviceId, Eui64 CommsHubId, string Component);

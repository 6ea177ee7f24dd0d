namespace HanBench.Protocol.Management
{
    /// <summary>How a Comms Hub answered a distribution or cancellation request (<see cref="DistributeResult"/>).</summary>
    public enum DistributeStatus : byte
    {
        /// <summary>Accepted: Image Notify goes to every listed device; CCS08 alerts follow per device.</summary>
        Accepted = 0x00,

        /// <summary>Refused: the hub holds no image with that manufacturer code, image type and file version.</summary>
        ImageNotHeld = 0x01,

        /// <summary>Refused: a listed device is not on the whitelist (<see cref="DistributeResult.Device"/> names it).</summary>
        DeviceNotJoined = 0x02,

        /// <summary>Refused: a listed device already has a transfer in progress (<see cref="DistributeResult.Device"/> names it).</summary>
        DeviceBusy = 0x03,

        /// <summary>Refused: more simultaneous device transfers than the hub can track.</summary>
        TooManyTransfers = 0x04,

        /// <summary>Refused: the device is not a Comms Hub.</summary>
        NotAHub = 0x05,

        /// <summary>Cancellation: no transfer of that image was in progress for a listed device (<see cref="DistributeResult.Device"/>).</summary>
        NotInProgress = 0x06,

        /// <summary>
        /// Refused: another file version of the same manufacturer code and image type is being distributed (ZCL OTA offers
        /// a client the one image per type it answers a query with, so one version per image type is served at a time).
        /// </summary>
        ConflictingImage = 0x07,
    }
}

namespace HanBench.Protocol.Transfer
{
    /// <summary>How an <see cref="OtaClient"/>'s last attempt went wrong (<see cref="None"/> while all is well).</summary>
    public enum OtaClientError : byte
    {
        /// <summary>No error.</summary>
        None = 0x00,

        /// <summary>The server has no newer image for this device (NO_IMAGE_AVAILABLE).</summary>
        NoImageAvailable = 0x01,

        /// <summary>The server refused this device (NOT_AUTHORIZED).</summary>
        NotAuthorized = 0x02,

        /// <summary>The server offered an image for another manufacturer code or image type, or of size 0.</summary>
        WrongImageOffered = 0x03,

        /// <summary>The server answered ABORT: the download was stopped and its data discarded.</summary>
        ServerAborted = 0x04,

        /// <summary>No Query Next Image Response after every retry.</summary>
        QueryTimeout = 0x05,

        /// <summary>No image data after every retry (the partial image is kept to resume).</summary>
        TransferTimeout = 0x06,

        /// <summary>No Upgrade End Response after every retry.</summary>
        UpgradeEndTimeout = 0x07,

        /// <summary>The sink failed (full, I/O error): the download ended with Upgrade End Request ABORT.</summary>
        StorageFailed = 0x08,

        /// <summary>The image failed its check (see <see cref="OtaClient.LastCheckResult"/>): Upgrade End Request INVALID_IMAGE, nothing activated.</summary>
        InvalidImage = 0x09,

        /// <summary>The role cancelled the download (Upgrade End Request ABORT).</summary>
        Cancelled = 0x0A,
    }
}

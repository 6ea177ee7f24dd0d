namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// ZCL status codes the OTA Upgrade cluster uses (docs/PROTOCOL.md §1; ZCL OTA status table).
    /// <see cref="OtaStatusNames"/> gives the spec's own names (SUCCESS, WAIT_FOR_DATA, …).
    /// </summary>
    public enum OtaStatus : byte
    {
        /// <summary>SUCCESS.</summary>
        Success = 0x00,

        /// <summary>FAILURE.</summary>
        Failure = 0x01,

        /// <summary>NOT_AUTHORIZED: the server will not serve this client.</summary>
        NotAuthorized = 0x7E,

        /// <summary>MALFORMED_COMMAND.</summary>
        MalformedCommand = 0x80,

        /// <summary>UNSUP_COMMAND (UNSUP_CLUSTER_COMMAND in older ZCL revisions).</summary>
        UnsupCommand = 0x81,

        /// <summary>INVALID_FIELD.</summary>
        InvalidField = 0x85,

        /// <summary>
        /// INVALID_VALUE (ZCL general status): in an Upgrade End Request, HanBench's way for a client to say the image is
        /// larger than its whole image store, so it can never take it (docs/PROTOCOL.md §1).
        /// </summary>
        InvalidValue = 0x87,

        /// <summary>
        /// INSUFFICIENT_SPACE (ZCL general status): in an Upgrade End Request, HanBench's way for a client to say its image
        /// store has no room for the image now (docs/PROTOCOL.md §1).
        /// </summary>
        InsufficientSpace = 0x89,

        /// <summary>TIMEOUT.</summary>
        Timeout = 0x94,

        /// <summary>ABORT: the transfer is cancelled.</summary>
        Abort = 0x95,

        /// <summary>INVALID_IMAGE: the downloaded image failed verification.</summary>
        InvalidImage = 0x96,

        /// <summary>WAIT_FOR_DATA: ask again later (Image Block Response rate limiting).</summary>
        WaitForData = 0x97,

        /// <summary>NO_IMAGE_AVAILABLE.</summary>
        NoImageAvailable = 0x98,

        /// <summary>REQUIRE_MORE_IMAGE: the client needs further images before it can upgrade.</summary>
        RequireMoreImage = 0x99,

        /// <summary>NOTIFICATION_PENDING.</summary>
        NotificationPending = 0x9A,
    }
}

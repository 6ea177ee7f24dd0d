namespace HanBench.Protocol.Transfer
{
    /// <summary>Where an <see cref="OtaClient"/> is.</summary>
    public enum OtaClientState : byte
    {
        /// <summary>Nothing under way (see <see cref="OtaClient.LastError"/> for how the last attempt ended).</summary>
        Idle = 0x00,

        /// <summary>Query Next Image Request sent, waiting for the response.</summary>
        Querying = 0x01,

        /// <summary>Requesting pages or blocks and writing them to the sink.</summary>
        Downloading = 0x02,

        /// <summary>The server said WAIT_FOR_DATA: asking again at the time it gave.</summary>
        WaitingForData = 0x03,

        /// <summary>All bytes are in: replaying a resumed image from the sink through the check.</summary>
        Verifying = 0x04,

        /// <summary>Upgrade End Request SUCCESS sent, waiting for the Upgrade End Response.</summary>
        EndRequested = 0x05,

        /// <summary>Upgrade End Response received: waiting for the upgrade time, or for a later command (0xFFFFFFFF).</summary>
        UpgradePending = 0x06,

        /// <summary>The new image was handed to the role for activation.</summary>
        Activated = 0x07,
    }
}

namespace HanBench.Protocol.Management
{
    /// <summary>What <see cref="ManagementAuthenticator.Verify"/> found.</summary>
    public enum ManagementAuthStatus : byte
    {
        /// <summary>The MAC verifies; the counter is the caller's to check.</summary>
        Ok = 0,

        /// <summary>Cluster id 0: a frame with no MAC at all.</summary>
        Unauthenticated = 1,

        /// <summary>A cluster id that names no suite this version knows.</summary>
        UnknownSuite = 2,

        /// <summary>Shorter than a header and the trailer.</summary>
        Truncated = 3,

        /// <summary>The MAC does not verify under the receiver's key.</summary>
        BadMac = 4,
    }
}

namespace HanBench.Protocol.Management
{
    /// <summary>The result a <see cref="ManagementAck"/> carries.</summary>
    public enum ManagementResult : byte
    {
        /// <summary>Done (or, for a reboot, about to be done).</summary>
        Ok = 0x00,

        /// <summary>This device does not handle that request (wrong role, or a type it does not serve).</summary>
        Unsupported = 0x01,

        /// <summary>The request decoded but its content is refused (see the device log for the reason).</summary>
        Refused = 0x02,

        /// <summary>The request did not decode.</summary>
        Malformed = 0x03,
    }
}

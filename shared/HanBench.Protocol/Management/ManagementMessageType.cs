namespace HanBench.Protocol.Management
{
    /// <summary>
    /// The first octet of a <see cref="HanBench.Protocol.Han.HanFrameKind.Management"/> payload. (HanBench choice: the
    /// management channel is the bench's own and never appears on a real HAN or WAN; an answer's type is its request's
    /// with bit 7 set, and <see cref="Ack"/> answers requests that have no answer of their own.)
    /// </summary>
    public enum ManagementMessageType : byte
    {
        /// <summary>"Who are you?" — no body; answered with <see cref="Identity"/>.</summary>
        Ping = 0x01,

        /// <summary>"How are you doing?" — no body; answered with <see cref="StateReport"/>.</summary>
        StateQuery = 0x02,

        /// <summary>Restart the device (<see cref="RebootRequest"/>); answered with <see cref="Ack"/> before it restarts.</summary>
        Reboot = 0x03,

        /// <summary>
        /// Host to Comms Hub: add a device to the HAN whitelist (<see cref="JoinDeviceRequest"/>), standing in for the
        /// DUIS 8.11 / CS03-style join the DCC would run; answered with <see cref="JoinResult"/>.
        /// </summary>
        JoinDevice = 0x04,

        /// <summary>Host to Comms Hub: remove a device from the whitelist (<see cref="RemoveDeviceRequest"/>); answered with <see cref="JoinResult"/>.</summary>
        RemoveDevice = 0x05,

        /// <summary>
        /// Host (CSP) to Comms Hub: distribute a stored image to a list of devices (<see cref="DistributeImageRequest"/>),
        /// standing in for the CSP→Comms Hub firmware distribution request whose format the public material does not give;
        /// answered with <see cref="DistributeResult"/>, then one CCS08 alert (0x8F8A/0x8F89) per device.
        /// </summary>
        DistributeImage = 0x06,

        /// <summary>Host to Comms Hub: stop distributing an image to devices (<see cref="CancelDistributionRequest"/>); answered with <see cref="DistributeResult"/>.</summary>
        CancelDistribution = 0x07,

        /// <summary>
        /// Comms Hub to HAN device: the Manufacturer Image hash the next image must have (<see cref="ImageExpectation"/>),
        /// standing in for the device's own validation of an image it is sent; answered with <see cref="Ack"/>.
        /// </summary>
        ImageExpectation = 0x08,

        /// <summary>Answer to <see cref="Ping"/> (<see cref="IdentityReport"/>).</summary>
        Identity = 0x81,

        /// <summary>Answer to <see cref="StateQuery"/> (<see cref="Management.StateReport"/>).</summary>
        StateReport = 0x82,

        /// <summary>Answer to <see cref="JoinDevice"/> and <see cref="RemoveDevice"/> (<see cref="Management.JoinResult"/>).</summary>
        JoinResult = 0x84,

        /// <summary>Answer to <see cref="DistributeImage"/> and <see cref="CancelDistribution"/> (<see cref="Management.DistributeResult"/>).</summary>
        DistributeResult = 0x86,

        /// <summary>Answer to a request without an answer of its own, or to one the device refuses (<see cref="ManagementAck"/>).</summary>
        Ack = 0xFF,
    }
}

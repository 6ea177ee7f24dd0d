namespace HanBench.Protocol.Gbcs
{
    /// <summary>
    /// The CRA flag, first octet of the General Signing transaction id (GBCS: Command, Response, Alert). It tells
    /// the receiver which of the three message shapes a message code's payload takes.
    /// </summary>
    public enum GbcsCraFlag : byte
    {
        /// <summary>A command (ACB or supplier to a device).</summary>
        Command = 0x01,

        /// <summary>A response; its originator counter echoes the command's.</summary>
        Response = 0x02,

        /// <summary>An alert raised by a device.</summary>
        Alert = 0x03,
    }
}

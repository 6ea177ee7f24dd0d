namespace HanBench.Protocol.Management
{
    /// <summary>The outcome of decoding a management message; anything but <see cref="Ok"/> names the defect.</summary>
    public enum ManagementDecodeStatus : byte
    {
        /// <summary>The message decoded.</summary>
        Ok = 0x00,

        /// <summary>The payload ends before a field the message needs.</summary>
        Truncated = 0x01,

        /// <summary>Octets are left after the message's last field (HanBench choice: strict, as the ZCL decoders are).</summary>
        TrailingBytes = 0x02,

        /// <summary>The type octet is not a <see cref="ManagementMessageType"/>.</summary>
        UnknownType = 0x03,

        /// <summary>A field holds a value its enumeration does not define.</summary>
        BadValue = 0x04,

        /// <summary>A list is longer than the message allows.</summary>
        TooManyEntries = 0x05,

        /// <summary>A list that must name at least one entry is empty.</summary>
        EmptyList = 0x06,
    }
}

namespace HanBench.Protocol.Gbcs
{
    /// <summary>Outcome of reading a <see cref="GbcsLength"/>.</summary>
    public enum GbcsLengthStatus : byte
    {
        /// <summary>The length was read.</summary>
        Ok = 0,

        /// <summary>The input ended inside the length.</summary>
        Truncated = 1,

        /// <summary>Indefinite (0x80), longer than two octets, or not in its shortest form.</summary>
        Malformed = 2,
    }
}

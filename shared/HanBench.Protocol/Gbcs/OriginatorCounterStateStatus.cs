namespace HanBench.Protocol.Gbcs
{
    /// <summary>Outcome of <see cref="OriginatorCounterGuard.Import"/>; on anything but <see cref="Ok"/> the guard is unchanged.</summary>
    public enum OriginatorCounterStateStatus : byte
    {
        /// <summary>The state was loaded.</summary>
        Ok = 0,

        /// <summary>The bytes end before the state does.</summary>
        Truncated = 1,

        /// <summary>The format version octet is not one this code reads.</summary>
        UnknownVersion = 2,

        /// <summary>More originators than the guard has room for.</summary>
        TooManyOriginators = 3,

        /// <summary>The same originator appears twice.</summary>
        DuplicateOriginator = 4,

        /// <summary>Bytes follow the state.</summary>
        TrailingBytes = 5,
    }
}

namespace HanBench.Protocol.Gbcs
{
    /// <summary>What <see cref="OriginatorCounterGuard"/> says about a message's originator counter.</summary>
    public enum OriginatorCounterStatus : byte
    {
        /// <summary>Above the last counter accepted from this originator (or the first from it): accepted.</summary>
        Accepted = 0,

        /// <summary>Equal to the last counter accepted: a replay, refused.</summary>
        Replayed = 1,

        /// <summary>Below the last counter accepted: an older message, refused.</summary>
        Older = 2,

        /// <summary>A new originator and no room left to remember it: refused (the guard fails closed).</summary>
        TableFull = 3,

        /// <summary>
        /// Not above the floor sequence number a credential replacement (CS02b) set for this originator's role: refused
        /// (given by the device's command guard, which knows the floors; the guard itself never answers it).
        /// </summary>
        BelowFloor = 4,
    }
}

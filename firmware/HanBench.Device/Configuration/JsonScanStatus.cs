namespace HanBench.Device.Configuration
{
    /// <summary>
    /// What <see cref="JsonScanner"/> found wrong, the first defect only; anything but <see cref="Ok"/> comes with
    /// <see cref="JsonScanner.ErrorField"/> and <see cref="JsonScanner.ErrorOffset"/>.
    /// </summary>
    public enum JsonScanStatus : byte
    {
        /// <summary>Nothing wrong so far.</summary>
        Ok = 0,

        /// <summary>Not JSON, or JSON cut short (RFC 8259 grammar).</summary>
        Syntax = 1,

        /// <summary>Objects or arrays nested deeper than the scanner's bound.</summary>
        TooDeep = 2,

        /// <summary>A JSON value of another type than the caller asked for (a string where a number belongs, …).</summary>
        WrongType = 3,

        /// <summary>
        /// A value of the right type the scanner cannot hand over as asked: a number outside the caller's range or with a
        /// fraction, a string longer than the scanner's bound or not ASCII.
        /// </summary>
        OutOfRange = 4,

        /// <summary>The caller refused a well-formed value (<see cref="JsonScanner.Reject"/>): its format's rules say why.</summary>
        Rejected = 5,
    }
}

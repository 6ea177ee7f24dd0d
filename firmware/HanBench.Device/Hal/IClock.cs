namespace HanBench.Device.Hal
{
    /// <summary>
    /// The device's monotonic millisecond clock: time since the board (or the bench) started, never wall-clock time, so
    /// virtual time and a real board look the same to a role.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since the clock started; never decreases.</summary>
        long NowMs { get; }
    }
}

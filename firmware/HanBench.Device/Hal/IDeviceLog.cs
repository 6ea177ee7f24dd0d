namespace HanBench.Device.Hal
{
    /// <summary>
    /// The device's log (<c>Debug.WriteLine</c> on a board, a console or file on a PC). Building a message string allocates,
    /// so a role asks <see cref="IsEnabled"/> before formatting anything on a per-frame path.
    /// </summary>
    public interface IDeviceLog
    {
        /// <summary>True when lines of <paramref name="level"/> are kept.</summary>
        bool IsEnabled(LogLevel level);

        /// <summary>Writes one line.</summary>
        void Write(LogLevel level, string message);
    }
}

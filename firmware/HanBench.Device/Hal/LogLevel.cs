namespace HanBench.Device.Hal
{
    /// <summary>Severity of a device log line.</summary>
    public enum LogLevel : byte
    {
        /// <summary>Detail for a developer (per block, per frame): off unless asked for.</summary>
        Debug = 0,

        /// <summary>A state change worth seeing on a bench.</summary>
        Info = 1,

        /// <summary>Something odd the device recovered from.</summary>
        Warning = 2,

        /// <summary>Something failed.</summary>
        Error = 3,
    }
}

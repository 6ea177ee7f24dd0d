namespace HanBench.Device.Hal
{
    /// <summary>What the board's LED shows. (HanBench choice; the board profile maps each state to a pattern.)</summary>
    public enum IndicatorState : byte
    {
        /// <summary>Dark.</summary>
        Off = 0,

        /// <summary>Running, nothing in progress.</summary>
        Idle = 1,

        /// <summary>A firmware image is moving (either direction).</summary>
        Transferring = 2,

        /// <summary>A new image is being activated (the role is about to restart into it).</summary>
        Activating = 3,

        /// <summary>Something failed and needs attention.</summary>
        Error = 4,
    }
}

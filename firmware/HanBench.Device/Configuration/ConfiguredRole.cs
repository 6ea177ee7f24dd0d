namespace HanBench.Device.Configuration
{
    /// <summary>
    /// The role a board was flashed for, as <c>hanbench flash</c> writes it into the role configuration file
    /// (boards/README.md, "Role configuration file": <c>hub</c>, <c>ppmid</c>, <c>bridge</c>, <c>meter</c>).
    /// </summary>
    public enum ConfiguredRole : byte
    {
        /// <summary>Not read yet, or not a known role.</summary>
        None = 0,

        /// <summary>Comms Hub: links <c>wan</c> then <c>han</c>; needs a whole-image store.</summary>
        Hub = 1,

        /// <summary>PPMID: one link, <c>han</c>.</summary>
        Ppmid = 2,

        /// <summary>Alt HAN bridge B1–B4: links <c>han</c> then <c>althan</c>.</summary>
        Bridge = 3,

        /// <summary>Meter traffic node: one link, <c>han</c>.</summary>
        Meter = 4,
    }
}

namespace HanBench.Bench.Radio;

/// <summary>Which radio a hop uses; each node has one port (frame link) per kind.</summary>
public enum HopKind
{
    /// <summary>The ZigBee HAN (IEEE 802.15.4, 2.4 GHz): Comms Hub, PPMIDs, meters, the near side of Alt HAN bridges.</summary>
    ZigBee,

    /// <summary>An Alt HAN point-to-point link between two bridges (SECMP0170: B1–B4 act as range extenders).</summary>
    AltHan,

    /// <summary>A wire: UART, USB CDC, pty or TCP between the host and a board, or board to board.</summary>
    Wire,
}

namespace HanBench.Cli;

/// <summary>Process exit codes of <c>hanbench</c>, stable for scripts and CI.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>The command ran but an expected step failed (a refused request, a failed transfer, a bad signature).</summary>
    public const int Failed = 1;

    /// <summary>The input could not be used: bad arguments, bad hex, a truncated frame, not an OTA file, an image too large.</summary>
    public const int BadInput = 2;

    /// <summary>Another distribution engine (csp run, demo or bench run) is working on the same inventory.</summary>
    public const int InUse = 3;
}

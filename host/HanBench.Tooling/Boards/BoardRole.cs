namespace HanBench.Tooling.Boards;

/// <summary>What a board plays on the bench (docs/ARCHITECTURE.md: nodes).</summary>
public enum BoardRole
{
    /// <summary>Comms Hub: OTA client of the host (WAN link) and OTA server to the HAN; stores whole images.</summary>
    Hub,

    /// <summary>PPMID: OTA client on the HAN.</summary>
    Ppmid,

    /// <summary>Alt HAN bridge B1–B4: joined as a PPMID on the HAN, relays over the Alt HAN link.</summary>
    Bridge,

    /// <summary>Meter traffic node (GSME/IHD) behind a bridge.</summary>
    Meter,
}

/// <summary>Role names as profiles, config files and the CLI spell them.</summary>
public static class BoardRoles
{
    /// <summary>Every role, in the order profiles list them.</summary>
    public static IReadOnlyList<BoardRole> All { get; } = [BoardRole.Hub, BoardRole.Ppmid, BoardRole.Bridge, BoardRole.Meter];

    /// <summary>hub, ppmid, bridge, meter.</summary>
    public static string ToName(this BoardRole role) => role switch
    {
        BoardRole.Hub => "hub",
        BoardRole.Ppmid => "ppmid",
        BoardRole.Bridge => "bridge",
        BoardRole.Meter => "meter",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Parses a role name (exact, lower case).</summary>
    public static bool TryParse(string? name, out BoardRole role)
    {
        foreach (BoardRole candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>"hub, ppmid, bridge, meter" for messages.</summary>
    public static string Describe() => string.Join(", ", All.Select(r => r.ToName()));
}

using HanBench.Device.Configuration;
using HanBench.Device.Desktop.Boards;
using HanBench.Device.Roles;
using HanBench.Tooling.Boards;
using HanBench.Tooling.Flashing;
using HanBench.Host.Inventory;
using HanBench.Protocol.Han;
using HanBench.Protocol.Management;
using RoleConfiguration = HanBench.Device.Roles.RoleConfiguration;

namespace HanBench.Bench.Hil;

/// <summary>What <c>hanbench board</c> was asked to run (the role part of its arguments), as the user gave it.</summary>
/// <param name="Role">--role.</param>
/// <param name="Id">--id.</param>
/// <param name="Variant">--variant.</param>
/// <param name="ConfigFile">--config.</param>
/// <param name="Hub">--hub.</param>
/// <param name="Host">--host.</param>
/// <param name="Peer">--peer.</param>
/// <param name="Relays">--relay, each.</param>
/// <param name="RestartMs">--restart-ms.</param>
public sealed record BoardRoleArguments(string? Role, string? Id, string? Variant, string? ConfigFile, string? Hub, string? Host, string? Peer, IReadOnlyList<string> Relays, long? RestartMs);

/// <summary>The role a board is to run.</summary>
/// <param name="Configuration">The role's configuration; null for the echo role (a link check).</param>
/// <param name="Id">The board's EUI-64.</param>
/// <param name="RoleName">The role's name as given (or as the configuration file names it).</param>
public sealed record BoardRoleChoice(RoleConfiguration? Configuration, ulong Id, string RoleName);

/// <summary>Arguments that cannot make a running board; the message names the argument and the rule (exit 2 in the CLI).</summary>
public sealed class BoardRoleException(string message) : Exception(message);

/// <summary>
/// The rules of what a virtual board (<c>hanbench board</c>, the bench's board processes) can run: a role from
/// <c>--role</c>/<c>--variant</c> or a role configuration file, mapped through the one mapping the ESP32 app uses
/// (<see cref="RoleConfigMapping"/>); how many links each role takes; the frame and restart limits. Each refusal is a
/// <see cref="BoardRoleException"/> naming what is wrong, before anything opens.
/// </summary>
public static class BoardRoleRules
{
    /// <summary>The link-check role, which every build has (see <see cref="EchoRole"/>).</summary>
    public const string EchoRoleName = "echo";

    /// <summary>Longest time a device may be off when it restarts into new firmware: an hour.</summary>
    public const long MaxRestartMs = 3_600_000;

    /// <summary>
    /// The role <paramref name="arguments"/> describe: from the configuration file (read as a board reads it,
    /// <see cref="RoleBoards.LoadConfigFile"/>) or from the role name and variant.
    /// </summary>
    public static BoardRoleChoice Choose(BoardRoleArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ulong givenId = arguments.Id is null ? 0 : ParseEui(arguments.Id, "--id");
        RoleAddressing addressing = Addressing(arguments);
        if (arguments.ConfigFile is not null)
        {
            if (arguments.Role is not null || arguments.Variant is not null)
            {
                throw new BoardRoleException("--config gives the role and variant: leave out --role and --variant");
            }

            RoleConfig file;
            try
            {
                file = RoleBoards.LoadConfigFile(arguments.ConfigFile);
            }
            catch (BoardConfigException ex)
            {
                throw new BoardRoleException($"--config {ex.Message}");
            }

            RoleConfiguration mapped = RoleConfigMapping.TryMap(file, givenId, addressing, out string fileProblem)
                ?? throw new BoardRoleException($"--config {arguments.ConfigFile}: {fileProblem}{(file.HasEui64 ? string.Empty : "; give --id")}");
            return new BoardRoleChoice(mapped, mapped.Eui64, file.RoleName);
        }

        string roleName = arguments.Role ?? throw new BoardRoleException($"a board needs --role ({BoardRoles.Describe()}, {EchoRoleName}) or --config FILE");
        bool echo = roleName == EchoRoleName;
        ConfiguredRole role = RoleConfigMapping.ParseRole(roleName);
        if (!echo && role == ConfiguredRole.None)
        {
            throw new BoardRoleException($"unknown role '{roleName}' (one of {BoardRoles.Describe()}, {EchoRoleName})");
        }

        if (arguments.Id is null)
        {
            throw new BoardRoleException("a board needs --id (its EUI-64)");
        }

        if (arguments.Variant is not null && role != ConfiguredRole.Bridge)
        {
            throw new BoardRoleException($"--variant applies to bridges only, not to the {roleName} role");
        }

        if (arguments.Variant is not null && !FlashRequest.Variants.Contains(arguments.Variant))
        {
            throw new BoardRoleException($"unknown variant '{arguments.Variant}' (one of {string.Join(", ", FlashRequest.Variants)})");
        }

        if (echo)
        {
            return new BoardRoleChoice(null, givenId, roleName);
        }

        RoleConfiguration configuration = RoleConfigMapping.TryMap(role, arguments.Variant, givenId, addressing, out string problem)
            ?? throw new BoardRoleException($"the {roleName} role cannot run: {problem}");
        return new BoardRoleChoice(configuration, givenId, roleName);
    }

    /// <summary>
    /// Each link's largest frame (<c>--max-frame</c>, <c>--max-frame2</c>; null: not given) lies between a frame's header
    /// and the largest encoded HAN frame.
    /// </summary>
    public static void CheckMaxFrames(IReadOnlyList<int?> maxFrames)
    {
        ArgumentNullException.ThrowIfNull(maxFrames);
        for (int i = 0; i < maxFrames.Count; i++)
        {
            if (maxFrames[i] is { } frame && (frame < HanFrame.HeaderLength || frame > HanFrame.MaxEncodedLength))
            {
                throw new BoardRoleException($"--max-frame{(i == 0 ? string.Empty : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))} must be {HanFrame.HeaderLength} to {HanFrame.MaxEncodedLength}, not {frame}");
            }
        }
    }

    /// <summary>
    /// The role takes <paramref name="linksGiven"/> links: as many as it has sides (<see cref="BoardRoleBuilder.LinksFor"/>),
    /// except that a Comms Hub takes one HAN link per HAN device it serves. The echo role takes any.
    /// </summary>
    public static void CheckLinkCount(BoardRoleChoice choice, int linksGiven)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (choice.Configuration is not { } configuration)
        {
            return;
        }

        int needed = BoardRoleBuilder.LinksFor(configuration.Role);
        bool hub = configuration.Role == DeviceRoleKind.Hub;
        if (needed == linksGiven || (hub && linksGiven > needed))
        {
            return;
        }

        string roleName = choice.RoleName;
        throw new BoardRoleException(needed == 2 && linksGiven > 2
            ? $"the {roleName} role has one far side: give --link2 once (only a hub takes it once per HAN device)"
            : needed == 2
            ? $"the {roleName} role needs two links: --link ({(hub ? "WAN to the host" : "hub side")}) and --link2 ({(hub ? "HAN" : "far side")})"
            : $"the {roleName} role has one link: leave out --link2");
    }

    private static RoleAddressing Addressing(BoardRoleArguments arguments)
    {
        var addressing = new RoleAddressing();
        if (arguments.Hub is not null)
        {
            addressing.HubEui = ParseEui(arguments.Hub, "--hub");
        }

        if (arguments.Host is not null)
        {
            addressing.HostEui = ParseEui(arguments.Host, "--host");
        }

        if (arguments.Peer is not null)
        {
            addressing.PeerEui = ParseEui(arguments.Peer, "--peer");
        }

        addressing.RelayedEuis = [.. arguments.Relays.Select(r => ParseEui(r, "--relay"))];
        if (arguments.RestartMs is { } restart)
        {
            if (restart < 0 || restart > MaxRestartMs)
            {
                throw new BoardRoleException($"--restart-ms must be 0 to {MaxRestartMs}, not {restart}");
            }

            addressing.RestartTimeMs = restart;
        }

        return addressing;
    }

    private static ulong ParseEui(string text, string option) => Eui64.TryParse(text, out Eui64 value)
        ? value.Value
        : throw new BoardRoleException($"{option} '{text}' is not an EUI-64 (16 hex digits, or eight octets such as 00-DB-12-34-56-78-90-A4)");
}

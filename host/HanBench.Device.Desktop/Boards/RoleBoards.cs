using HanBench.Device.Configuration;
using HanBench.Device.Desktop.Links;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using HanBench.Protocol.Management;

namespace HanBench.Device.Desktop.Boards;

/// <summary>
/// Virtual boards running HanBench's device roles: the role configuration file read as the ESP32 app reads it
/// (<see cref="RoleConfigParser"/>), mapped by the same <see cref="RoleConfigMapping"/>, and built by the same
/// <see cref="BoardRoleBuilder"/> (<see cref="RoleFactory"/> plus the broadcast-ping answer), so a virtual board and a
/// flashed one run the same role from the same file.
/// </summary>
public static class RoleBoards
{
    /// <summary>Largest role configuration file read (the ESP32 app's ConfigFile reads at most 4,096 bytes).</summary>
    public const int MaxConfigFileBytes = 4096;

    /// <summary>
    /// The runner's role factory for <paramref name="configuration"/>: links in order (upstream, then downstream). A Comms
    /// Hub given more than one HAN link (every link after the WAN) has them as one <see cref="SharedHanLink"/>.
    /// </summary>
    public static BoardRoleFactory Factory(RoleSettings configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return (context, links) =>
        {
            IFrameLink[] ordered = configuration.Role == DeviceRoleKind.Hub && links.Count > 2
                ? [links[0], new SharedHanLink([.. links.Skip(1)])]
                : [.. links];
            return BoardRoleBuilder.TryCreate(configuration, context, ordered, out string problem)
                ?? throw new ArgumentException($"the {configuration.Role} role cannot run: {problem}", nameof(configuration));
        };
    }

    /// <summary>
    /// Reads and parses the role configuration file at <paramref name="path"/>; throws <see cref="BoardConfigException"/>
    /// naming the defect (status, JSON path, byte offset) as the board's log would.
    /// </summary>
    public static RoleConfigFile LoadConfigFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BoardConfigException($"{path}: {ex.Message}", ex);
        }

        if (bytes.Length > MaxConfigFileBytes)
        {
            throw new BoardConfigException($"{path}: {bytes.Length} bytes; a board reads at most {MaxConfigFileBytes}");
        }

        var parser = new RoleConfigParser();
        var config = new RoleConfigFile();
        RoleConfigStatus status = parser.Parse(bytes, 0, bytes.Length, config);
        if (status != RoleConfigStatus.Ok)
        {
            string at = parser.ErrorField.Length == 0 ? string.Empty : $" at '{parser.ErrorField}'";
            throw new BoardConfigException($"{path}: {status}{at} (byte {parser.ErrorOffset})");
        }

        return config;
    }
}

/// <summary>A role configuration file that cannot be used; the message names the file and the defect.</summary>
public sealed class BoardConfigException : Exception
{
    /// <summary>An exception with <paramref name="message"/>.</summary>
    public BoardConfigException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with <paramref name="message"/> caused by <paramref name="inner"/>.</summary>
    public BoardConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

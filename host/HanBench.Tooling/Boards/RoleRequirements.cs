using HanBench.Protocol.Ota;

namespace HanBench.Tooling.Boards;

/// <summary>What each role needs from a board, and whether a board has it.</summary>
public static class RoleRequirements
{
    /// <summary>
    /// Largest image the Comms Hub must store: the DUIS Base64 limit's 768,000 bytes
    /// (<see cref="Base64Size.MaxImageBytes"/> of <see cref="Base64Size.DefaultLimitCharacters"/>).
    /// </summary>
    public static readonly long MaxImageBytes = Base64Size.MaxImageBytes(Base64Size.DefaultLimitCharacters);

    /// <summary>
    /// Room kept beside the image on <c>I:</c>: LittleFS metadata and wear blocks, the role configuration and the
    /// settings store (HanBench choice: 64 KiB).
    /// </summary>
    public const long StorageHeadroomBytes = 64 * 1024;

    /// <summary>Bytes a whole-image store needs: image + headroom (833,536).</summary>
    public static long WholeImageBytes => MaxImageBytes + StorageHeadroomBytes;

    /// <summary>
    /// The byte links a role uses, in the order they are given UARTs (COM2 first): the hub talks to the host
    /// (wan) and the HAN (han); a bridge to the HAN and over its Alt HAN hop (althan); a PPMID and a meter node
    /// to one network.
    /// </summary>
    public static IReadOnlyList<string> Links(BoardRole role) => role switch
    {
        BoardRole.Hub => ["wan", "han"],
        BoardRole.Bridge => ["han", "althan"],
        BoardRole.Ppmid => ["han"],
        BoardRole.Meter => ["han"],
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>Whether the role must store whole images (only the Comms Hub, which serves them to the HAN).</summary>
    public static bool NeedsWholeImageStore(BoardRole role) => role == BoardRole.Hub;

    /// <summary>Whether a board can hold whole images: an SD card, or an <c>I:</c> of at least <see cref="WholeImageBytes"/>.</summary>
    public static bool CanStoreWholeImages(long internalDriveBytes, bool hasSdCard) => hasSdCard || internalDriveBytes >= WholeImageBytes;

    /// <summary>Does <paramref name="role"/> fit <paramref name="board"/>? The reason says why not.</summary>
    public static RoleFit Check(BoardRole role, BoardProfile board)
    {
        ArgumentNullException.ThrowIfNull(board);
        return Check(role, board.Id, board.Storage, board.InternalDriveBytes, board.SdCard is not null, board.Uarts.Count);
    }

    internal static RoleFit Check(BoardRole role, string boardId, BoardStorage storage, long internalDriveBytes, bool hasSdCard, int uarts)
    {
        if (NeedsWholeImageStore(role) && storage != BoardStorage.WholeImage)
        {
            string where = hasSdCard ? "its profile declares a digest-only store" : $"its I: drive holds {internalDriveBytes:N0} bytes and it has no SD card";
            return RoleFit.No($"the {role.ToName()} role stores whole images ({MaxImageBytes:N0}-byte image + {StorageHeadroomBytes:N0} bytes headroom = {WholeImageBytes:N0} bytes) but board {boardId} has a digest-only store: {where}");
        }

        IReadOnlyList<string> links = Links(role);
        if (uarts < links.Count)
        {
            return RoleFit.No($"the {role.ToName()} role needs {links.Count} UART links ({string.Join(" + ", links)}) but board {boardId} has {uarts} besides COM1 (which carries nanoff and the debugger)");
        }

        return RoleFit.Yes;
    }
}

/// <summary>The answer to "does role R fit board B", with the reason when it does not.</summary>
public sealed record RoleFit(bool Fits, string? Reason)
{
    /// <summary>It fits.</summary>
    public static RoleFit Yes { get; } = new(true, null);

    /// <summary>It does not, because <paramref name="reason"/>.</summary>
    public static RoleFit No(string reason) => new(false, reason);
}

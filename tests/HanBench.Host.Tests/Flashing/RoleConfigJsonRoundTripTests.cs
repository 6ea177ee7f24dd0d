using System.Text;
using HanBench.Device.Configuration;
using HanBench.Tooling.Boards;
using HanBench.Tooling.Flashing;

namespace HanBench.Host.Tests.Flashing;

/// <summary>
/// The role configuration file crosses from the host to the board: what <see cref="RoleConfigJson.ToJson"/> writes
/// must be what the firmware's portable <see cref="RoleConfigParser"/> reads, member for member, for every board
/// profile and every role it takes.
/// </summary>
[TestClass]
public sealed class RoleConfigJsonRoundTripTests
{
    private static BoardCatalog Catalog => BoardCatalog.Load(BoardCatalog.Locate() ?? throw new AssertFailedException("boards/ not found above the test folder"));

    [TestMethod]
    public void ToJson_EveryBoardAndRole_ParsesOnTheBoardToTheSameValues()
    {
        int checkedFiles = 0;
        foreach (BoardProfile board in Catalog.Boards)
        {
            foreach (BoardRole role in board.Roles)
            {
                foreach (string? eui64 in new[] { null, "000D6F000ABCDEF1" })
                {
                    string? variant = role == BoardRole.Bridge ? FlashRequest.Variants[checkedFiles % FlashRequest.Variants.Count] : null;
                    var request = new FlashRequest(board, role, "COM5", eui64, variant, "app.bin", 115200 + checkedFiles, "work");
                    AssertRoundTrip(RoleConfigJson.For(request), $"{board.Id}/{role}/{eui64 ?? "mac"}");
                    checkedFiles++;
                }
            }
        }

        Assert.IsGreaterThanOrEqualTo(20, checkedFiles, "every profile with every role it takes");
    }

    [TestMethod]
    public void ToJson_BoardWithSdCard_ParsesThePinsAndTheSdDrive()
    {
        BoardProfile devkit = Catalog.Find("esp32-devkitc") ?? throw new AssertFailedException("esp32-devkitc missing");
        BoardProfile withCard = devkit with { SdCard = new SdCardPins(5, 18, 19, 21), Storage = BoardStorage.WholeImage };
        var request = new FlashRequest(withCard, BoardRole.Hub, "COM5", null, null, "app.bin", 115200, "work");
        RoleConfigJson written = RoleConfigJson.For(request);

        RoleConfigFile read = AssertRoundTrip(written, "hub on a 4 MB board with an SD card");

        Assert.AreEqual("D:", read.Drive);
        Assert.IsTrue(read.HasSdCard);
        Assert.AreEqual(5, read.SdCardCs);
        Assert.AreEqual(18, read.SdCardSck);
        Assert.AreEqual(19, read.SdCardMosi);
        Assert.AreEqual(21, read.SdCardMiso);
    }

    private static RoleConfigFile AssertRoundTrip(RoleConfigJson written, string context)
    {
        // The host writes UTF-8 without a BOM (boards/README.md).
        byte[] file = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(written.ToJson());
        var parser = new RoleConfigParser();
        var read = new RoleConfigFile();

        RoleConfigStatus status = parser.Parse(file, 0, file.Length, read);

        Assert.AreEqual(RoleConfigStatus.Ok, status, $"{context}: {parser.ErrorField} at byte {parser.ErrorOffset}{Environment.NewLine}{written.ToJson()}");
        Assert.AreEqual(written.Format, read.Format, context);
        Assert.AreEqual(written.Board, read.Board, context);
        Assert.AreEqual(written.Role, read.RoleName, context);
        Assert.AreEqual(written.Eui64 is not null, read.HasEui64, context);
        if (written.Eui64 is not null)
        {
            Assert.AreEqual(written.Eui64, read.Eui64.ToString("X16"), context);
        }

        Assert.AreEqual(written.Variant, read.Variant, context);
        Assert.AreEqual(written.Links.Count, read.LinkCount, context);
        for (int i = 0; i < written.Links.Count; i++)
        {
            RoleConfigJson.Link expected = written.Links[i];
            LinkConfig actual = read.GetLink(i);
            Assert.AreEqual(
                $"{expected.Name},{expected.Port},{expected.Tx},{expected.Rx},{expected.BaudRate}",
                $"{actual.Name},{actual.Port},{actual.TxPin},{actual.RxPin},{actual.BaudRate}",
                context);
        }

        Assert.AreEqual(written.Indicator.Gpio, read.LedGpio, context);
        Assert.AreEqual(written.Indicator.Kind, read.LedKind == LedKind.Gpio ? "gpio" : "addressable-rgb", context);
        Assert.AreEqual(written.Indicator.ActiveHigh, read.LedActiveHigh, context);
        Assert.AreEqual(written.UserButton.Gpio, read.ButtonGpio, context);
        Assert.AreEqual(written.UserButton.ActiveLow, read.ButtonActiveLow, context);
        Assert.AreEqual(written.Storage.Kind, read.StorageKind == ImageStorageKind.WholeImage ? "whole-image" : "digest-only", context);
        Assert.AreEqual(written.Storage.Drive, read.Drive, context);
        Assert.AreEqual(written.Storage.SdCard is not null, read.HasSdCard, context);
        return read;
    }
}

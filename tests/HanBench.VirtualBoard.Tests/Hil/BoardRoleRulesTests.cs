using HanBench.Bench.Hil;
using HanBench.Device.Roles;
using HanBench.Protocol.Management;

namespace HanBench.VirtualBoard.Tests.Hil;

/// <summary>What a virtual board can run (<see cref="BoardRoleRules"/>), decided before any link opens.</summary>
[TestClass]
public sealed class BoardRoleRulesTests
{
    private static BoardRoleArguments Role(string? role, string? id = "00DB000000000010", string? variant = null, string? hub = null, string? peer = null, long? restartMs = null, params string[] relays) =>
        new(role, id, variant, null, hub, null, peer, relays, restartMs);

    [TestMethod]
    public void Choose_BridgeWithVariantAndAddressing_MappedWithEveryAddress()
    {
        BoardRoleChoice choice = BoardRoleRules.Choose(Role("bridge", "00DB000000000021", "B1", hub: "00DB00000000AAAA", peer: "00DB000000000022", restartMs: 500, relays: ["00DB000000000031"]));

        RoleSettings configuration = choice.Configuration!;
        Assert.AreEqual("bridge", choice.RoleName);
        Assert.AreEqual(0x00DB000000000021UL, choice.Id);
        Assert.AreEqual(DeviceRoleKind.Bridge, configuration.Role);
        Assert.AreEqual(0x00DB000000000021UL, configuration.Eui64);
        Assert.AreEqual(0x00DB00000000AAAAUL, configuration.HubEui);
        Assert.AreEqual(0x00DB000000000022UL, configuration.PeerEui);
        CollectionAssert.AreEqual(new[] { 0x00DB000000000031UL }, configuration.RelayedEuis);
        Assert.AreEqual(500L, configuration.RestartTimeMs);
    }

    [TestMethod]
    public void Choose_Echo_NoConfigurationButTheId()
    {
        BoardRoleChoice choice = BoardRoleRules.Choose(Role(BoardRoleRules.EchoRoleName, "0000000000000001"));

        Assert.IsNull(choice.Configuration);
        Assert.AreEqual(1UL, choice.Id);
    }

    [TestMethod]
    [DataRow(null, "00DB000000000010", null, "a board needs --role")]
    [DataRow("toaster", "00DB000000000010", null, "unknown role 'toaster'")]
    [DataRow("ppmid", null, null, "a board needs --id")]
    [DataRow("ppmid", "12345", null, "--id '12345' is not an EUI-64")]
    [DataRow("echo", "0000000000000001", "B2", "--variant applies to bridges only, not to the echo role")]
    [DataRow("bridge", "00DB000000000021", "B7", "unknown variant 'B7'")]
    [DataRow("bridge", "00DB000000000021", null, "the bridge role cannot run: a bridge needs a variant")]
    public void Choose_RoleThatCannotRun_RefusedNamingWhy(string? role, string? id, string? variant, string expected)
    {
        var ex = Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.Choose(Role(role, id, variant)));
        StringAssert.Contains(ex.Message, expected);
    }

    [TestMethod]
    public void Choose_BadAddressingOrRestart_RefusedNamingTheOption()
    {
        StringAssert.Contains(Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.Choose(Role("ppmid", hub: "nothex"))).Message, "--hub 'nothex' is not an EUI-64");
        StringAssert.Contains(Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.Choose(Role("ppmid", relays: ["x"]))).Message, "--relay 'x'");
        StringAssert.Contains(Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.Choose(Role("ppmid", restartMs: BoardRoleRules.MaxRestartMs + 1))).Message, "--restart-ms must be 0 to 3600000");
        Assert.AreEqual(BoardRoleRules.MaxRestartMs, BoardRoleRules.Choose(Role("ppmid", restartMs: BoardRoleRules.MaxRestartMs)).Configuration!.RestartTimeMs);
    }

    [TestMethod]
    public void Choose_ConfigFileWithRoleOrMissing_Refused()
    {
        var both = new BoardRoleArguments("hub", null, null, "x.json", null, null, null, [], null);
        var missing = new BoardRoleArguments(null, null, null, "/nonexistent/hanbench.json", null, null, null, [], null);

        StringAssert.Contains(Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.Choose(both)).Message, "--config gives the role and variant");
        StringAssert.StartsWith(Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.Choose(missing)).Message, "--config /nonexistent/hanbench.json");
    }

    [TestMethod]
    [DataRow("hub", null, 2, null)]
    [DataRow("hub", null, 4, null)]
    [DataRow("hub", null, 1, "the hub role needs two links: --link (WAN to the host) and --link2 (HAN)")]
    [DataRow("bridge", "B1", 2, null)]
    [DataRow("bridge", "B1", 1, "the bridge role needs two links: --link (hub side) and --link2 (far side)")]
    [DataRow("bridge", "B1", 3, "the bridge role has one far side")]
    [DataRow("ppmid", null, 1, null)]
    [DataRow("ppmid", null, 2, "the ppmid role has one link")]
    [DataRow("echo", null, 3, null)]
    public void CheckLinkCount_PerRole_OnlyAHubTakesOneHanLinkPerDevice(string role, string? variant, int links, string? refusal)
    {
        BoardRoleChoice choice = BoardRoleRules.Choose(Role(role, role == "hub" ? "00DB000000000001" : "00DB000000000021", variant));

        if (refusal is null)
        {
            BoardRoleRules.CheckLinkCount(choice, links);
        }
        else
        {
            StringAssert.Contains(Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.CheckLinkCount(choice, links)).Message, refusal);
        }
    }

    [TestMethod]
    public void CheckMaxFrames_OutsideHeaderToLargestFrame_RefusedNamingWhichLink()
    {
        BoardRoleRules.CheckMaxFrames([null, null]);
        BoardRoleRules.CheckMaxFrames([20, 1044]);
        StringAssert.Contains(Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.CheckMaxFrames([5, null])).Message, "--max-frame must be 20 to 1044, not 5");
        StringAssert.Contains(Assert.ThrowsExactly<BoardRoleException>(() => BoardRoleRules.CheckMaxFrames([null, 2000])).Message, "--max-frame2 must be 20 to 1044, not 2000");
    }
}

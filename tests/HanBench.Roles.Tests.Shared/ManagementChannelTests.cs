using HanBench.Protocol.Management;
using nanoFramework.TestFramework;

namespace HanBench.Roles.Tests
{
    /// <summary>
    /// A role's management channel (issue 8 §3; docs/PROTOCOL.md): requests that act are authenticated with the board's
    /// key before they are decoded, the counter is looked at only after the MAC verifies, answers are sealed.
    /// </summary>
    [TestClass]
    public class ManagementChannelTests
    {
        private const ulong Ppmid = 0x00DB000000000010UL;

        [TestMethod]
        public void Reboot_Authenticated_AcknowledgedSealedAndTheDeviceRestarts()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendReboot(7, true, 1, -1);
            ManagementMessage? ack = bench.NextAnswer();
            Assert.IsNotNull(ack);
            Assert.AreEqual((byte)ManagementMessageType.Ack, (byte)ack!.Header.Type);
            Assert.AreEqual((byte)7, ack.Header.Token);
            Assert.AreEqual((byte)ManagementResult.Ok, (byte)ack.Ack.Result);
            bench.Role.Tick(bench.Clock.NowMs);
            Assert.IsTrue(bench.Role.IsRestarting, "a reboot with no delay restarts at the next tick");
        }

        [TestMethod]
        public void Reboot_Unauthenticated_DroppedCountedAndUnanswered()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendReboot(1, false, 0, -1);
            bench.Role.Tick(bench.Clock.NowMs);
            Assert.IsNull(bench.NextAnswer(), "nothing is said to an unauthenticated sender");
            Assert.IsFalse(bench.Role.IsRestarting);
            Assert.AreEqual(1L, bench.Role.ManagementSecurity.Unauthenticated);
        }

        [TestMethod]
        public void Reboot_FlippedMacWithTheHighestCounter_DroppedAndTheCounterNotMoved()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            for (int octet = 0; octet < ManagementAuthenticator.MacLength; octet += 5)
            {
                bench.SendReboot(2, true, 0xFFFFFFFFFFFFFFFFUL, octet);
            }

            Assert.IsNull(bench.NextAnswer());
            Assert.AreEqual(4L, bench.Role.ManagementSecurity.BadMac);

            // A forged counter cannot lock the hub out: its next genuine request, counter 1, still acts.
            bench.SendReboot(3, true, 1, -1);
            Assert.IsNotNull(bench.NextAnswer());
        }

        [TestMethod]
        public void Reboot_ReplayedOrOlderCounter_DroppedAfterTheMac()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendReboot(4, true, 5, -1);
            Assert.IsNotNull(bench.NextAnswer());
            bench.SendReboot(4, true, 5, -1);
            bench.SendReboot(5, true, 3, -1);
            Assert.IsNull(bench.NextAnswer());
            Assert.AreEqual(2L, bench.Role.ManagementSecurity.Replayed);
            Assert.AreEqual(0L, bench.Role.ManagementSecurity.BadMac);
        }

        [TestMethod]
        public void Reboot_NoCredentialsProvisioned_DroppedAsNoKey()
        {
            RoleBench bench = RoleBench.UnprovisionedPpmid(Ppmid);
            bench.SendReboot(6, true, 1, -1);
            Assert.IsNull(bench.NextAnswer());
            Assert.AreEqual(1L, bench.Role.ManagementSecurity.NoKey);
            Assert.IsFalse(bench.Role.ManagementSecurity.HasKey);
        }

        [TestMethod]
        public void Ping_Unauthenticated_AnsweredWithTheDevicesIdentity()
        {
            RoleBench bench = RoleBench.Ppmid(Ppmid);
            bench.SendPing(9);
            ManagementMessage? identity = bench.NextAnswer();
            Assert.IsNotNull(identity);
            Assert.AreEqual((byte)ManagementMessageType.Identity, (byte)identity!.Header.Type);
            Assert.AreEqual((byte)9, identity.Header.Token);
            Assert.AreEqual(Ppmid, identity.Identity.Eui64);
            Assert.AreEqual(0L, bench.Role.ManagementSecurity.Dropped);
        }
    }
}

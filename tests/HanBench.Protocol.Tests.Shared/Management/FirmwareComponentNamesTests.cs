using HanBench.Protocol.Management;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Management
{
    [TestClass]
    public class FirmwareComponentNamesTests
    {
        [TestMethod]
        public void NameOf_EveryComponent_ParsesBackToIt()
        {
            FirmwareComponentId[] all = new FirmwareComponentId[] { FirmwareComponentId.Main, FirmwareComponentId.SiLabs, FirmwareComponentId.Broadcom };
            string[] names = new string[all.Length];
            for (int i = 0; i < all.Length; i++)
            {
                names[i] = FirmwareComponentNames.NameOf(all[i]);
                Assert.IsTrue(FirmwareComponentNames.TryParse(names[i], out FirmwareComponentId parsed), names[i]);
                Assert.AreEqual((byte)all[i], (byte)parsed, names[i]);
                for (int j = 0; j < i; j++)
                {
                    Assert.AreNotEqual(names[j], names[i], "each component has its own name");
                }
            }

            // The names are those settings keys and inventories already hold: a change would orphan stored versions.
            Assert.AreEqual("main", names[0]);
            Assert.AreEqual("silabs", names[1]);
            Assert.AreEqual("broadcom", names[2]);
        }

        [TestMethod]
        public void TryParse_OtherText_Refused()
        {
            string[] others = new string[] { "SiLabs", "MAIN", "", " main", "silabs ", "esp32" };
            for (int i = 0; i < others.Length; i++)
            {
                Assert.IsFalse(FirmwareComponentNames.TryParse(others[i], out FirmwareComponentId _), others[i]);
            }
        }
    }
}

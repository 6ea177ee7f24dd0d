using HanBench.Device.Configuration;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Configuration
{
    [TestClass]
    public class ButtonHoldDetectorTests
    {
        private const int PollMs = 50;

        [TestMethod]
        public void Update_HeldThreeSeconds_FiresOnceAtThreeSeconds()
        {
            ButtonHoldDetector button = new ButtonHoldDetector();
            long firedAt = -1;
            int fires = 0;

            for (long t = 0; t <= 10000; t += PollMs)
            {
                if (button.Update(t, true))
                {
                    fires++;
                    firedAt = t;
                }
            }

            Assert.AreEqual(1, fires);
            Assert.AreEqual(3000L, firedAt);
            Assert.IsTrue(button.IsPressed);
        }

        [TestMethod]
        public void Update_ReleasedJustBeforeThreeSeconds_NeverFires()
        {
            ButtonHoldDetector button = new ButtonHoldDetector();
            int fires = 0;

            for (long t = 0; t < 2950; t += PollMs)
            {
                fires += button.Update(t, true) ? 1 : 0;
            }

            for (long t = 2950; t <= 8000; t += PollMs)
            {
                fires += button.Update(t, false) ? 1 : 0;
            }

            Assert.AreEqual(0, fires);
            Assert.IsFalse(button.IsPressed);
        }

        [TestMethod]
        public void Update_ReleasedAndHeldAgain_FiresAgain()
        {
            ButtonHoldDetector button = new ButtonHoldDetector();
            int fires = 0;

            for (long t = 0; t <= 4000; t += PollMs)
            {
                fires += button.Update(t, true) ? 1 : 0;
            }

            for (long t = 4050; t <= 5000; t += PollMs)
            {
                fires += button.Update(t, false) ? 1 : 0;
            }

            long secondFire = -1;
            for (long t = 5050; t <= 9000; t += PollMs)
            {
                if (button.Update(t, true))
                {
                    fires++;
                    secondFire = t;
                }
            }

            Assert.AreEqual(2, fires);
            Assert.AreEqual(8050L, secondFire);
        }

        [TestMethod]
        public void Update_BounceDuringTheHold_KeepsTheHoldsStart()
        {
            ButtonHoldDetector button = new ButtonHoldDetector();
            long firedAt = -1;

            for (long t = 0; t <= 5000; t += 10)
            {
                // 20 ms of contact bounce at 1 s: shorter than the debounce time.
                bool pressed = !(t >= 1000 && t < 1020);
                if (button.Update(t, pressed) && firedAt < 0)
                {
                    firedAt = t;
                }
            }

            Assert.AreEqual(3000L, firedAt);
        }

        [TestMethod]
        public void Update_GlitchShorterThanDebounce_IsNoPress()
        {
            ButtonHoldDetector button = new ButtonHoldDetector();

            button.Update(0, false);
            button.Update(100, true);
            button.Update(130, false);
            button.Update(200, false);

            Assert.IsFalse(button.IsPressed);
        }

        [TestMethod]
        public void Update_PressedAtBootAndSampledSparsely_FiresFromTheFirstSample()
        {
            ButtonHoldDetector button = new ButtonHoldDetector();

            Assert.IsFalse(button.Update(500, true));
            Assert.IsFalse(button.Update(3499, true));
            Assert.IsTrue(button.Update(3500, true));
            Assert.IsFalse(button.Update(9000, true));
        }

        [TestMethod]
        public void Update_CustomTimes_UsesThem()
        {
            ButtonHoldDetector button = new ButtonHoldDetector(1000, 20);

            Assert.IsFalse(button.Update(0, true));
            Assert.IsFalse(button.Update(999, true));
            Assert.IsTrue(button.Update(1000, true));
            Assert.AreEqual(1000, button.HoldMs);
            Assert.AreEqual(20, button.DebounceMs);
        }

        [TestMethod]
        public void Constructor_DebounceNotShorterThanHold_Throws()
        {
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new ButtonHoldDetector(50, 50));
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => new ButtonHoldDetector(1000, 0));
        }
    }
}

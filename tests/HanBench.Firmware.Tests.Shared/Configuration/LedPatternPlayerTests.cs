using HanBench.Device.Configuration;
using HanBench.Device.Hal;
using HanBench.Device.Roles;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Configuration
{
    [TestClass]
    public class LedPatternPlayerTests
    {
        [TestMethod]
        public void New_Player_IsDarkForever()
        {
            LedPatternPlayer player = new LedPatternPlayer();

            Assert.AreEqual((int)IndicatorState.Off, (int)player.State);
            Assert.IsFalse(player.IsLitAt(0));
            Assert.IsFalse(player.IsLitAt(123456));
            Assert.AreEqual(WakeTime.Never, player.NextChangeMs(0));
        }

        [TestMethod]
        public void Show_Idle_HeartbeatOf100MsEvery2s()
        {
            LedPatternPlayer player = new LedPatternPlayer();

            Assert.IsTrue(player.Show(IndicatorState.Idle, 1000));

            Assert.IsTrue(player.IsLitAt(1000));
            Assert.IsTrue(player.IsLitAt(1099));
            Assert.IsFalse(player.IsLitAt(1100));
            Assert.IsFalse(player.IsLitAt(2999));
            Assert.IsTrue(player.IsLitAt(3000));
            Assert.IsFalse(player.IsLitAt(3100));
            Assert.AreEqual(1100L, player.NextChangeMs(1000));
            Assert.AreEqual(3000L, player.NextChangeMs(1100));
            Assert.AreEqual(3000L, player.NextChangeMs(2999));
            Assert.AreEqual(3100L, player.NextChangeMs(3000));
        }

        [TestMethod]
        public void Show_Error_ThreeFlashesThenPause()
        {
            LedPatternPlayer player = new LedPatternPlayer();
            player.Show(IndicatorState.Error, 0);

            int risingEdges = 0;
            bool lit = false;
            for (long t = 0; t < 1750; t++)
            {
                bool now = player.IsLitAt(t);
                if (now && !lit)
                {
                    risingEdges++;
                }

                lit = now;
            }

            Assert.AreEqual(3, risingEdges);
            Assert.IsTrue(player.IsLitAt(749), "third flash");
            Assert.IsFalse(player.IsLitAt(750), "pause");
            Assert.IsFalse(player.IsLitAt(1749));
            Assert.IsTrue(player.IsLitAt(1750), "the pattern repeats after 1,750 ms");
        }

        [TestMethod]
        public void Show_SameStateAgain_DoesNotRestartThePattern()
        {
            LedPatternPlayer player = new LedPatternPlayer();
            player.Show(IndicatorState.Transferring, 0);

            Assert.IsFalse(player.Show(IndicatorState.Transferring, 150));

            Assert.IsFalse(player.IsLitAt(150), "still in the dark phase that began at 100 ms");
            Assert.AreEqual(200L, player.NextChangeMs(150));
        }

        [TestMethod]
        public void Show_OtherState_RestartsLit()
        {
            LedPatternPlayer player = new LedPatternPlayer();
            player.Show(IndicatorState.Transferring, 0);

            Assert.IsTrue(player.Show(IndicatorState.Activating, 150));

            Assert.AreEqual((int)IndicatorState.Activating, (int)player.State);
            Assert.IsTrue(player.IsLitAt(150));
            Assert.AreEqual(650L, player.NextChangeMs(150));
            Assert.IsFalse(player.IsLitAt(650));
        }

        [TestMethod]
        public void Show_Off_GoesDarkAtOnce()
        {
            LedPatternPlayer player = new LedPatternPlayer();
            player.Show(IndicatorState.Activating, 0);

            player.Show(IndicatorState.Off, 10);

            Assert.IsFalse(player.IsLitAt(10));
            Assert.AreEqual(WakeTime.Never, player.NextChangeMs(10));
        }

        [TestMethod]
        public void IsLitAt_TimeBeforeTheStart_CountsAsTheStart()
        {
            LedPatternPlayer player = new LedPatternPlayer();
            player.Show(IndicatorState.Activating, 5000);

            Assert.IsTrue(player.IsLitAt(4000));
            Assert.AreEqual(5500L, player.NextChangeMs(4000));
        }

        [TestMethod]
        [DataRow((byte)IndicatorState.Idle)]
        [DataRow((byte)IndicatorState.Transferring)]
        [DataRow((byte)IndicatorState.Activating)]
        [DataRow((byte)IndicatorState.Error)]
        public void NextChangeMs_FollowedForTenCycles_TogglesTheLevelAtEveryStep(byte state)
        {
            LedPatternPlayer player = new LedPatternPlayer();
            long t = 777;
            player.Show((IndicatorState)state, t);
            int[] phases = LedPatterns.For((IndicatorState)state);

            bool lit = player.IsLitAt(t);
            Assert.IsTrue(lit, "every pattern starts lit");
            for (int step = 0; step < phases.Length * 10; step++)
            {
                long next = player.NextChangeMs(t);
                Assert.AreEqual((long)phases[step % phases.Length], next - t, "step " + step.ToString());
                Assert.AreEqual(lit, player.IsLitAt(next - 1), "step " + step.ToString());
                t = next;
                bool nowLit = player.IsLitAt(t);
                Assert.AreNotEqual(lit ? 1 : 0, nowLit ? 1 : 0, "step " + step.ToString());
                lit = nowLit;
            }
        }

        [TestMethod]
        public void Patterns_EveryShownState_EvenPhasesLongEnoughAndDistinct()
        {
            IndicatorState[] states = new IndicatorState[] { IndicatorState.Idle, IndicatorState.Transferring, IndicatorState.Activating, IndicatorState.Error };
            for (int i = 0; i < states.Length; i++)
            {
                int[] phases = LedPatterns.For(states[i]);
                Assert.IsTrue(phases.Length >= 2 && phases.Length % 2 == 0, "state " + ((int)states[i]).ToString());
                for (int p = 0; p < phases.Length; p++)
                {
                    Assert.IsTrue(phases[p] >= LedPatterns.MinPhaseMs, "state " + ((int)states[i]).ToString());
                }

                for (int j = 0; j < i; j++)
                {
                    Assert.IsFalse(SamePhases(phases, LedPatterns.For(states[j])), "states " + ((int)states[i]).ToString() + " and " + ((int)states[j]).ToString());
                }
            }

            Assert.AreEqual(0, LedPatterns.For(IndicatorState.Off).Length);
            Assert.AreSame(LedPatterns.For(IndicatorState.Error), LedPatterns.For((IndicatorState)99), "an unknown state shows as an error");
        }

        private static bool SamePhases(int[] a, int[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}

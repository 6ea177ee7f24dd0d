using HanBench.Protocol.Gbcs;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Gbcs
{
    [TestClass]
    public class OriginatorCounterGuardTests
    {
        private const ulong Acb = 0x1111222233334444UL;
        private const ulong Supplier = 0x5555666677778888UL;

        [TestMethod]
        public void Accept_StrictlyIncreasing_AcceptsEach()
        {
            OriginatorCounterGuard guard = new OriginatorCounterGuard();
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Accept(Acb, 100));
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Accept(Acb, 101));
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Accept(Acb, 5000));
            Assert.IsTrue(guard.TryGetLastCounter(Acb, out ulong last));
            Assert.AreEqual(5000UL, last);
        }

        [TestMethod]
        public void Accept_ReplayOrOlder_RefusedAndDoesNotMove()
        {
            OriginatorCounterGuard guard = new OriginatorCounterGuard();
            guard.Accept(Acb, 100);
            Assert.AreEqual((byte)OriginatorCounterStatus.Replayed, (byte)guard.Accept(Acb, 100));
            Assert.AreEqual((byte)OriginatorCounterStatus.Older, (byte)guard.Accept(Acb, 99));
            Assert.AreEqual((byte)OriginatorCounterStatus.Older, (byte)guard.Accept(Acb, 0));
            guard.TryGetLastCounter(Acb, out ulong last);
            Assert.AreEqual(100UL, last);
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Accept(Acb, 101));
        }

        [TestMethod]
        public void Accept_OriginatorsAreIndependent()
        {
            OriginatorCounterGuard guard = new OriginatorCounterGuard();
            guard.Accept(Acb, 1000);
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Accept(Supplier, 5));
            Assert.AreEqual((byte)OriginatorCounterStatus.Replayed, (byte)guard.Accept(Supplier, 5));
            Assert.AreEqual((byte)OriginatorCounterStatus.Older, (byte)guard.Accept(Acb, 999));
            Assert.AreEqual(2, guard.Count);
        }

        [TestMethod]
        public void Check_ReportsWithoutAdvancing()
        {
            OriginatorCounterGuard guard = new OriginatorCounterGuard();
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Check(Acb, 7));
            Assert.IsFalse(guard.TryGetLastCounter(Acb, out ulong _));
            guard.Accept(Acb, 7);
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Check(Acb, 8));
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Check(Acb, 8));
            Assert.AreEqual((byte)OriginatorCounterStatus.Replayed, (byte)guard.Check(Acb, 7));
        }

        [TestMethod]
        public void Accept_TableFull_RefusesNewOriginatorOnly()
        {
            OriginatorCounterGuard guard = new OriginatorCounterGuard(2);
            guard.Accept(1, 1);
            guard.Accept(2, 1);
            Assert.AreEqual((byte)OriginatorCounterStatus.TableFull, (byte)guard.Accept(3, 1));
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)guard.Accept(2, 2));
            Assert.AreEqual(2, guard.Count);
        }

        [TestMethod]
        public void ExportImport_RoundTrip_KeepsRefusingReplays()
        {
            OriginatorCounterGuard guard = new OriginatorCounterGuard();
            guard.Accept(Acb, 0x0102030405060708UL);
            guard.Accept(Supplier, 42);
            byte[] state = guard.Export();
            Assert.AreEqual(3 + 32, state.Length);
            Assert.AreEqual((byte)0x01, state[0]);
            Assert.AreEqual((byte)0x02, state[2]);
            Assert.AreEqual((byte)0x11, state[3]);
            Assert.AreEqual((byte)0x08, state[18]);

            OriginatorCounterGuard restored = new OriginatorCounterGuard();
            Assert.AreEqual((byte)OriginatorCounterStateStatus.Ok, (byte)restored.Import(state, 0, state.Length));
            Assert.AreEqual((byte)OriginatorCounterStatus.Replayed, (byte)restored.Accept(Acb, 0x0102030405060708UL));
            Assert.AreEqual((byte)OriginatorCounterStatus.Older, (byte)restored.Accept(Supplier, 41));
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)restored.Accept(Supplier, 43));
            Assert.AreEqual(2, restored.Count);
        }

        [TestMethod]
        public void Import_BadState_RefusedAndStateKept()
        {
            OriginatorCounterGuard source = new OriginatorCounterGuard();
            source.Accept(Acb, 10);
            source.Accept(Supplier, 20);
            byte[] state = source.Export();

            OriginatorCounterGuard guard = new OriginatorCounterGuard();
            guard.Accept(Acb, 99);
            for (int length = 0; length < state.Length; length++)
            {
                Assert.AreEqual((byte)OriginatorCounterStateStatus.Truncated, (byte)guard.Import(state, 0, length), "cut at " + length.ToString());
            }

            byte[] longer = new byte[state.Length + 1];
            System.Array.Copy(state, longer, state.Length);
            Assert.AreEqual((byte)OriginatorCounterStateStatus.TrailingBytes, (byte)guard.Import(longer, 0, longer.Length));

            byte[] version = CopyOf(state);
            version[0] = 0x02;
            Assert.AreEqual((byte)OriginatorCounterStateStatus.UnknownVersion, (byte)guard.Import(version, 0, version.Length));

            byte[] duplicate = CopyOf(state);
            System.Array.Copy(state, 3, duplicate, 19, 8);
            Assert.AreEqual((byte)OriginatorCounterStateStatus.DuplicateOriginator, (byte)guard.Import(duplicate, 0, duplicate.Length));

            OriginatorCounterGuard small = new OriginatorCounterGuard(1);
            Assert.AreEqual((byte)OriginatorCounterStateStatus.TooManyOriginators, (byte)small.Import(state, 0, state.Length));

            Assert.AreEqual(1, guard.Count);
            Assert.AreEqual((byte)OriginatorCounterStatus.Older, (byte)guard.Accept(Acb, 98));
        }

        [TestMethod]
        public void Export_Empty_IsHeaderOnlyAndImportsToEmpty()
        {
            OriginatorCounterGuard guard = new OriginatorCounterGuard();
            byte[] state = guard.Export();
            Assert.AreEqual(3, state.Length);

            OriginatorCounterGuard other = new OriginatorCounterGuard();
            other.Accept(Acb, 1);
            Assert.AreEqual((byte)OriginatorCounterStateStatus.Ok, (byte)other.Import(state, 0, state.Length));
            Assert.AreEqual(0, other.Count);
            Assert.AreEqual((byte)OriginatorCounterStatus.Accepted, (byte)other.Accept(Acb, 1));
        }

        private static byte[] CopyOf(byte[] source)
        {
            byte[] copy = new byte[source.Length];
            System.Array.Copy(source, copy, source.Length);
            return copy;
        }
    }
}

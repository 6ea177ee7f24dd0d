using System.Text;
using HanBench.Device.Configuration;
using nanoFramework.TestFramework;

namespace HanBench.Firmware.Tests.Configuration
{
    /// <summary>The portable JSON scanner on its own: every token kind, malformed input, the depth and length bounds, error positions.</summary>
    [TestClass]
    public class JsonScannerTests
    {
        [TestMethod]
        [DataRow("", (byte)JsonTokenKind.End)]
        [DataRow(" \t\r\n", (byte)JsonTokenKind.End)]
        [DataRow(" {", (byte)JsonTokenKind.BeginObject)]
        [DataRow("}", (byte)JsonTokenKind.EndObject)]
        [DataRow("[", (byte)JsonTokenKind.BeginArray)]
        [DataRow("]", (byte)JsonTokenKind.EndArray)]
        [DataRow(":", (byte)JsonTokenKind.NameSeparator)]
        [DataRow(",", (byte)JsonTokenKind.ValueSeparator)]
        [DataRow("\"a\"", (byte)JsonTokenKind.String)]
        [DataRow("-1", (byte)JsonTokenKind.Number)]
        [DataRow("7", (byte)JsonTokenKind.Number)]
        [DataRow("true", (byte)JsonTokenKind.True)]
        [DataRow("false", (byte)JsonTokenKind.False)]
        [DataRow("null", (byte)JsonTokenKind.Null)]
        [DataRow("@", (byte)JsonTokenKind.Invalid)]
        public void Peek_EachTokenKind_IsNamedWithoutBeingConsumed(string text, byte expected)
        {
            JsonScanner scanner = Scan(text);

            Assert.AreEqual((int)expected, (int)scanner.Peek(), text);
            Assert.AreEqual((int)expected, (int)scanner.Peek(), "peeking twice sees the same token");
            Assert.IsTrue(scanner.IsOk);
        }

        [TestMethod]
        public void ReadValues_ObjectOfEveryValueKind_ReadsEachAndEndsCleanly()
        {
            JsonScanner scanner = Scan("{\"s\":\"a\\\"b\\u0041\\n\", \"i\":-42, \"t\":true, \"f\":false, \"n\":null, \"x\":[1,{\"y\":[]},2.5e-3], \"S\":7}");
            string[] names = new string[] { "s", "i", "t", "f", "n" };
            bool first = true;

            Assert.IsTrue(scanner.BeginObject(string.Empty));
            Assert.AreEqual(JsonScanner.NextValue, scanner.NextMember(ref first, names, false, out int member, string.Empty));
            Assert.AreEqual(0, member);
            Assert.AreEqual("a\"bA\n", scanner.ReadString("s", false));
            Assert.AreEqual(JsonScanner.NextValue, scanner.NextMember(ref first, names, false, out member, string.Empty));
            Assert.AreEqual(-42, scanner.ReadInt("i", -100, 100));
            Assert.AreEqual(JsonScanner.NextValue, scanner.NextMember(ref first, names, false, out member, string.Empty));
            Assert.IsTrue(scanner.ReadBool("t"));
            Assert.AreEqual(JsonScanner.NextValue, scanner.NextMember(ref first, names, false, out member, string.Empty));
            Assert.IsFalse(scanner.ReadBool("f"));
            Assert.AreEqual(JsonScanner.NextValue, scanner.NextMember(ref first, names, false, out member, string.Empty));
            Assert.IsNull(scanner.ReadString("n", true));
            Assert.AreEqual(JsonScanner.NextValue, scanner.NextMember(ref first, names, false, out member, string.Empty));
            Assert.AreEqual(JsonScanner.NoMatch, member, "x is not a known name");
            scanner.SkipValue(2, "x");
            Assert.AreEqual(JsonScanner.NextValue, scanner.NextMember(ref first, names, true, out member, string.Empty));
            Assert.AreEqual(0, member, "S matches s when case is ignored");
            Assert.AreEqual(7, scanner.ReadInt("S", 0, 9));
            Assert.AreEqual(JsonScanner.NextEnd, scanner.NextMember(ref first, names, false, out member, string.Empty));
            Assert.IsTrue(scanner.AtEnd());
            Assert.IsTrue(scanner.IsOk, scanner.ErrorField);
            Assert.AreEqual(-1, scanner.ErrorOffset);
        }

        [TestMethod]
        public void NextItem_ArrayOfIntegers_ReadsEachThenEnds()
        {
            JsonScanner scanner = Scan("[ 1 , 2,3 ]");
            bool first = true;
            int sum = 0;
            int items = 0;

            Assert.IsTrue(scanner.BeginArray("a"));
            while (scanner.NextItem(ref first, "a") == JsonScanner.NextValue)
            {
                sum += scanner.ReadInt("a", 0, 9);
                items++;
            }

            Assert.IsTrue(scanner.IsOk);
            Assert.AreEqual(3, items);
            Assert.AreEqual(6, sum);
            Assert.IsTrue(scanner.AtEnd());
        }

        [TestMethod]
        [DataRow("{\"a\" 1}", 5)]
        [DataRow("{\"a\":1,}", 7)]
        [DataRow("{\"a\":1 \"b\":2}", 7)]
        [DataRow("{a:1}", 1)]
        [DataRow("{\"a\":1", 6)]
        [DataRow("{\"a\":[1 2]}", 8)]
        [DataRow("{\"a\":nul}", 5)]
        [DataRow("{\"a\":nullx}", 5)]
        [DataRow("{\"a\":025}", 5)]
        [DataRow("{\"a\":1.}", 5)]
        [DataRow("{\"a\":1e}", 5)]
        [DataRow("{\"a\":-}", 5)]
        [DataRow("{\"a\":\"\\q\"}", 7)]
        [DataRow("{\"a\":\"\\u12G4\"}", 10)]
        [DataRow("{\"a\":\"x\ty\"}", 7)]
        [DataRow("{\"a\":\"open", 10)]
        [DataRow("{\"a\":@}", 5)]
        public void SkipObject_Malformed_SyntaxAtTheDefect(string text, int offset)
        {
            JsonScanner scanner = Scan(text);

            scanner.SkipValue(1, "doc");

            Assert.AreEqual((int)JsonScanStatus.Syntax, (int)scanner.Status, text);
            Assert.AreEqual(offset, scanner.ErrorOffset, text);
        }

        [TestMethod]
        public void SkipValue_NestedToTheBound_AcceptedAndOneDeeperIsTooDeep()
        {
            JsonScanner atBound = Scan("[[[{\"a\":[]}]]]");
            JsonScanner tooDeep = Scan("[[[{\"a\":[[]]}]]]");

            atBound.SkipValue(1, "x");
            tooDeep.SkipValue(1, "x");

            Assert.IsTrue(atBound.IsOk, "five levels with a bound of 5");
            Assert.IsTrue(atBound.AtEnd());
            Assert.AreEqual((int)JsonScanStatus.TooDeep, (int)tooDeep.Status);
            Assert.AreEqual("x", tooDeep.ErrorField);
            Assert.AreEqual(9, tooDeep.ErrorOffset, "at the sixth opening bracket");
        }

        [TestMethod]
        public void ReadString_LongerThanTheBoundOrNotAscii_OutOfRangeAtTheQuote()
        {
            JsonScanner fits = Scan(" \"abcdefgh\"");
            JsonScanner tooLong = Scan(" \"abcdefghi\"");
            JsonScanner notAscii = Scan(" \"\u00e9\"");

            Assert.AreEqual("abcdefgh", fits.ReadString("s", false));
            Assert.IsNull(tooLong.ReadString("s", false));
            Assert.IsNull(notAscii.ReadString("s", false));

            Assert.AreEqual((int)JsonScanStatus.OutOfRange, (int)tooLong.Status);
            Assert.AreEqual(1, tooLong.ErrorOffset);
            Assert.AreEqual("s", tooLong.ErrorField);
            Assert.AreEqual((int)JsonScanStatus.OutOfRange, (int)notAscii.Status);
        }

        [TestMethod]
        [DataRow("10", (byte)JsonScanStatus.OutOfRange)]
        [DataRow("-1", (byte)JsonScanStatus.OutOfRange)]
        [DataRow("1.5", (byte)JsonScanStatus.OutOfRange)]
        [DataRow("99999999999999999999", (byte)JsonScanStatus.OutOfRange)]
        [DataRow("\"5\"", (byte)JsonScanStatus.WrongType)]
        [DataRow("true", (byte)JsonScanStatus.WrongType)]
        [DataRow("x", (byte)JsonScanStatus.Syntax)]
        [DataRow("5x", (byte)JsonScanStatus.Syntax)]
        [DataRow("", (byte)JsonScanStatus.Syntax)]
        public void ReadInt_NotAnIntegerInRange_NamesWhy(string text, byte expected)
        {
            JsonScanner scanner = Scan(text);

            Assert.AreEqual(0, scanner.ReadInt("n", 0, 9));

            Assert.AreEqual((int)expected, (int)scanner.Status, text);
            Assert.AreEqual(0, scanner.ErrorOffset, text);
        }

        [TestMethod]
        [DataRow("1", (byte)JsonScanStatus.WrongType)]
        [DataRow("tru", (byte)JsonScanStatus.Syntax)]
        [DataRow("falsey", (byte)JsonScanStatus.Syntax)]
        [DataRow("?", (byte)JsonScanStatus.Syntax)]
        public void ReadBool_NotALiteral_NamesWhy(string text, byte expected)
        {
            JsonScanner scanner = Scan(text);

            Assert.IsFalse(scanner.ReadBool("b"));

            Assert.AreEqual((int)expected, (int)scanner.Status, text);
        }

        [TestMethod]
        public void BeginObject_AnotherValueOrNoValue_WrongTypeOrSyntax()
        {
            JsonScanner array = Scan("[]");
            JsonScanner nothing = Scan(":");

            Assert.IsFalse(array.BeginObject("o"));
            Assert.IsFalse(nothing.BeginObject("o"));

            Assert.AreEqual((int)JsonScanStatus.WrongType, (int)array.Status);
            Assert.AreEqual((int)JsonScanStatus.Syntax, (int)nothing.Status);
        }

        [TestMethod]
        public void FirstDefect_Wins_LaterCallsAreNoOpsThatFail()
        {
            JsonScanner scanner = Scan("{\"a\":x, \"b\": 1}");
            bool first = true;

            scanner.BeginObject(string.Empty);
            scanner.NextMember(ref first, new string[] { "a" }, false, out int member, string.Empty);
            scanner.ReadInt("a", 0, 9);
            scanner.Reject("later", 12);

            Assert.AreEqual((int)JsonScanStatus.Syntax, (int)scanner.Status);
            Assert.AreEqual("a", scanner.ErrorField);
            Assert.AreEqual(5, scanner.ErrorOffset);
            Assert.AreEqual(JsonScanner.NextError, scanner.NextMember(ref first, new string[] { "b" }, false, out member, string.Empty));
        }

        [TestMethod]
        public void Begin_WindowWithByteOrderMark_SkipsTheMarkAndReportsArrayOffsets()
        {
            byte[] text = Encoding.UTF8.GetBytes("xx\uFEFF 12 x");
            JsonScanner scanner = new JsonScanner(5, 8);

            scanner.Begin(text, 2, text.Length - 4);
            Assert.AreEqual(12, scanner.ReadInt("n", 0, 99));
            Assert.IsTrue(scanner.AtEnd(), "the window stops before the trailing x");
            scanner.Reject("n", scanner.Position);

            Assert.AreEqual((int)JsonScanStatus.Rejected, (int)scanner.Status);
            Assert.AreEqual(text.Length - 2, scanner.ErrorOffset);
            Assert.ThrowsException(typeof(System.ArgumentOutOfRangeException), () => scanner.Begin(text, 2, text.Length));
        }

        private static JsonScanner Scan(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            JsonScanner scanner = new JsonScanner(5, 8);
            scanner.Begin(bytes, 0, bytes.Length);
            return scanner;
        }
    }
}

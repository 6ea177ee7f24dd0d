using HanBench.Protocol.Bytes;
using HanBench.Protocol.Management;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Management
{
    [TestClass]
    public class ManagementMessageTests
    {
        [TestMethod]
        public void Decode_PingAndStateQuery_ReadHeaderOnly()
        {
            ManagementMessage message = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.Ping)));
            Assert.AreEqual((byte)ManagementMessageType.Ping, (byte)message.Header.Type);
            Assert.AreEqual((byte)0x11, message.Header.Token);
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.StateQuery)));
            Assert.AreEqual((byte)ManagementMessageType.StateQuery, (byte)message.Header.Type);
            Assert.AreEqual((byte)0x12, message.Header.Token);
        }

        [TestMethod]
        public void Decode_RequestsWithSmallBodies_ReadFields()
        {
            ManagementMessage message = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.Reboot)));
            Assert.AreEqual((ushort)500, message.Reboot.DelayMs);

            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.JoinDevice)));
            Assert.AreEqual(ManagementVectors.DeviceA, message.Join.Eui64);
            Assert.AreEqual((byte)HanDeviceType.Ppmid, (byte)message.Join.DeviceType);

            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.RemoveDevice)));
            Assert.AreEqual((byte)ManagementMessageType.RemoveDevice, (byte)message.Header.Type);
            Assert.AreEqual(ManagementVectors.DeviceA, message.Remove.Eui64);
        }

        [TestMethod]
        public void Decode_DistributeImage_ReadsImageHashAndDevices()
        {
            ManagementMessage message = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.DistributeImage)));
            Assert.AreEqual((byte)0x16, message.Header.Token);
            Assert.AreEqual((ushort)0x1234, message.Distribute.Image.ManufacturerCode);
            Assert.AreEqual((ushort)0x0201, message.Distribute.Image.ImageType);
            Assert.AreEqual(0x01020304u, message.Distribute.Image.FileVersion);
            Assert.AreEqual(ManagementVectors.Hash, Hex.Encode(message.Distribute.ManufacturerImageHash));
            Assert.AreEqual(2, message.Distribute.Devices.Count);
            Assert.AreEqual(ManagementVectors.DeviceA, message.Distribute.Devices.Get(0));
            Assert.AreEqual(ManagementVectors.DeviceB, message.Distribute.Devices.Get(1));
            Assert.IsTrue(message.Distribute.Devices.Contains(ManagementVectors.DeviceB));
            Assert.IsFalse(message.Distribute.Devices.Contains(0x00DB123456789003UL));
        }

        [TestMethod]
        public void Decode_CancelAndExpectation_ReadFields()
        {
            ManagementMessage message = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.CancelDistribution)));
            Assert.AreEqual(0x01020304u, message.Cancel.Image.FileVersion);
            Assert.AreEqual(1, message.Cancel.Devices.Count);
            Assert.AreEqual(ManagementVectors.DeviceA, message.Cancel.Devices.Get(0));

            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.ImageExpectation)));
            Assert.AreEqual((ushort)0x0201, message.Expectation.Image.ImageType);
            Assert.AreEqual(ManagementVectors.Hash, Hex.Encode(message.Expectation.ManufacturerImageHash));
        }

        [TestMethod]
        public void Decode_Identity_ReadsBothBridgeComponents()
        {
            ManagementMessage message = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.Identity)));
            IdentityReport identity = message.Identity;
            Assert.AreEqual((byte)DeviceRoleKind.Bridge, (byte)identity.Role);
            Assert.AreEqual((byte)AltHanVariant.B1, (byte)identity.Variant);
            Assert.AreEqual((byte)DeviceRunState.Idle, (byte)identity.State);
            Assert.AreEqual(0x00DB123456789003UL, identity.Eui64);
            Assert.AreEqual((ushort)3, identity.HardwareVersion);
            Assert.AreEqual(2, identity.ComponentCount);
            Assert.AreEqual((byte)FirmwareComponentId.SiLabs, (byte)identity.GetComponent(0).Component);
            Assert.AreEqual((ushort)0x0201, identity.GetComponent(0).Image.ImageType);
            Assert.AreEqual(0x105u, identity.GetComponent(0).Image.FileVersion);
            Assert.AreEqual((byte)FirmwareComponentId.Broadcom, (byte)identity.GetComponent(1).Component);
            Assert.AreEqual((ushort)0x0202, identity.GetComponent(1).Image.ImageType);
            Assert.AreEqual(7u, identity.GetComponent(1).Image.FileVersion);
        }

        [TestMethod]
        public void Decode_Answers_ReadFields()
        {
            ManagementMessage message = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.StateReport)));
            Assert.AreEqual((byte)DeviceRunState.Transferring, (byte)message.State.State);
            Assert.AreEqual(3600u, message.State.UptimeSeconds);
            Assert.AreEqual((ushort)0x1234, message.State.TransferImage.ManufacturerCode);
            Assert.AreEqual(0x1000u, message.State.TransferOffset);
            Assert.AreEqual(0x2000u, message.State.TransferSize);
            Assert.AreEqual((byte)5, message.State.JoinedDevices);
            Assert.AreEqual((byte)2, message.State.ActiveTransfers);

            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.JoinResult)));
            Assert.AreEqual(0x00DB123456789007UL, message.JoinResult.Eui64);
            Assert.AreEqual((byte)JoinStatus.Type1LimitReached, (byte)message.JoinResult.Status);
            Assert.AreEqual((byte)6, message.JoinResult.Type1Count);
            Assert.AreEqual((byte)8, message.JoinResult.JoinedCount);

            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.DistributeResult)));
            Assert.AreEqual((byte)DistributeStatus.DeviceNotJoined, (byte)message.DistributeResult.Status);
            Assert.AreEqual((byte)0, message.DistributeResult.DevicesAccepted);
            Assert.AreEqual(0x00DB123456789009UL, message.DistributeResult.Device);

            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader(ManagementVectors.Ack)));
            Assert.AreEqual((byte)ManagementMessageType.Reboot, message.Ack.RequestType);
            Assert.AreEqual((byte)ManagementResult.Ok, (byte)message.Ack.Result);
        }

        [TestMethod]
        public void Encode_FromFields_MatchesEveryGolden()
        {
            ManagementMessage m = new ManagementMessage();
            m.Header = new ManagementHeader(ManagementMessageType.Ping, 0x11);
            Assert.AreEqual(ManagementVectors.Ping, ManagementVectors.Encode(m));
            m.Header = new ManagementHeader(ManagementMessageType.StateQuery, 0x12);
            Assert.AreEqual(ManagementVectors.StateQuery, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.Reboot, 0x13);
            RebootRequest reboot = default;
            reboot.DelayMs = 500;
            m.Reboot = reboot;
            Assert.AreEqual(ManagementVectors.Reboot, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.JoinDevice, 0x14);
            JoinDeviceRequest join = default;
            join.Eui64 = ManagementVectors.DeviceA;
            join.DeviceType = HanDeviceType.Ppmid;
            m.Join = join;
            Assert.AreEqual(ManagementVectors.JoinDevice, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.RemoveDevice, 0x15);
            RemoveDeviceRequest remove = default;
            remove.Eui64 = ManagementVectors.DeviceA;
            m.Remove = remove;
            Assert.AreEqual(ManagementVectors.RemoveDevice, ManagementVectors.Encode(m));

            ImageIdentity image = new ImageIdentity(0x1234, 0x0201, 0x01020304);
            byte[] hash = ManagementVectors.Bytes(ManagementVectors.Hash);
            m.Header = new ManagementHeader(ManagementMessageType.DistributeImage, 0x16);
            m.Distribute.Image = image;
            m.Distribute.SetHash(hash, 0);
            m.Distribute.Devices.Clear();
            m.Distribute.Devices.Add(ManagementVectors.DeviceA);
            m.Distribute.Devices.Add(ManagementVectors.DeviceB);
            Assert.AreEqual(ManagementVectors.DistributeImage, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.CancelDistribution, 0x17);
            m.Cancel.Image = image;
            m.Cancel.Devices.Clear();
            m.Cancel.Devices.Add(ManagementVectors.DeviceA);
            Assert.AreEqual(ManagementVectors.CancelDistribution, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.ImageExpectation, 0x18);
            m.Expectation.Image = image;
            m.Expectation.SetHash(hash, 0);
            Assert.AreEqual(ManagementVectors.ImageExpectation, ManagementVectors.Encode(m));
        }

        [TestMethod]
        public void Encode_AnswersFromFields_MatchGolden()
        {
            ManagementMessage m = new ManagementMessage();
            m.Header = new ManagementHeader(ManagementMessageType.Identity, 0x19);
            m.Identity.Role = DeviceRoleKind.Bridge;
            m.Identity.Variant = AltHanVariant.B1;
            m.Identity.State = DeviceRunState.Idle;
            m.Identity.Eui64 = 0x00DB123456789003UL;
            m.Identity.HardwareVersion = 3;
            m.Identity.ClearComponents();
            m.Identity.AddComponent(FirmwareComponentId.SiLabs, new ImageIdentity(0x1234, 0x0201, 0x105));
            m.Identity.AddComponent(FirmwareComponentId.Broadcom, new ImageIdentity(0x1234, 0x0202, 7));
            Assert.AreEqual(ManagementVectors.Identity, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.StateReport, 0x1A);
            m.State.State = DeviceRunState.Transferring;
            m.State.UptimeSeconds = 3600;
            m.State.TransferImage = new ImageIdentity(0x1234, 0x0201, 0x01020304);
            m.State.TransferOffset = 0x1000;
            m.State.TransferSize = 0x2000;
            m.State.JoinedDevices = 5;
            m.State.ActiveTransfers = 2;
            Assert.AreEqual(ManagementVectors.StateReport, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.JoinResult, 0x1B);
            JoinResult joinResult = default;
            joinResult.Eui64 = 0x00DB123456789007UL;
            joinResult.Status = JoinStatus.Type1LimitReached;
            joinResult.Type1Count = 6;
            joinResult.JoinedCount = 8;
            m.JoinResult = joinResult;
            Assert.AreEqual(ManagementVectors.JoinResult, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.DistributeResult, 0x1C);
            DistributeResult distributeResult = default;
            distributeResult.Status = DistributeStatus.DeviceNotJoined;
            distributeResult.Device = 0x00DB123456789009UL;
            m.DistributeResult = distributeResult;
            Assert.AreEqual(ManagementVectors.DistributeResult, ManagementVectors.Encode(m));

            m.Header = new ManagementHeader(ManagementMessageType.Ack, 0x1D);
            ManagementAck ack = default;
            ack.RequestType = (byte)ManagementMessageType.Reboot;
            ack.Result = ManagementResult.Ok;
            m.Ack = ack;
            Assert.AreEqual(ManagementVectors.Ack, ManagementVectors.Encode(m));
        }

        [TestMethod]
        public void Decode_EveryTruncationOfEveryGolden_ReportsTruncated()
        {
            ManagementMessage message = new ManagementMessage();
            for (int v = 0; v < ManagementVectors.All.Length; v++)
            {
                byte[] bytes = ManagementVectors.Bytes(ManagementVectors.All[v]);
                Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(new ByteReader(bytes, 0, bytes.Length)), "vector " + v.ToString());
                for (int length = 0; length < bytes.Length; length++)
                {
                    ManagementDecodeStatus status = message.TryDecode(new ByteReader(bytes, 0, length));
                    Assert.AreEqual((byte)ManagementDecodeStatus.Truncated, (byte)status, "vector " + v.ToString() + " cut to " + length.ToString());
                }
            }
        }

        [TestMethod]
        public void Decode_EveryGoldenWithATrailingByte_ReportsTrailingBytes()
        {
            ManagementMessage message = new ManagementMessage();
            for (int v = 0; v < ManagementVectors.All.Length; v++)
            {
                byte[] bytes = ManagementVectors.Bytes(ManagementVectors.All[v] + "00");
                Assert.AreEqual((byte)ManagementDecodeStatus.TrailingBytes, (byte)message.TryDecode(new ByteReader(bytes, 0, bytes.Length)), "vector " + v.ToString());
            }
        }

        [TestMethod]
        public void Decode_DefectiveValues_NameTheDefect()
        {
            ManagementMessage message = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.UnknownType, (byte)message.TryDecode(ManagementVectors.Reader("0901")));
            Assert.AreEqual((byte)ManagementDecodeStatus.UnknownType, (byte)message.TryDecode(ManagementVectors.Reader("8301")));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("0414" + "00DB123456789001" + "06")));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("0414" + "00DB123456789001" + "00")));
            Assert.AreEqual((byte)ManagementDecodeStatus.EmptyList, (byte)message.TryDecode(ManagementVectors.Reader("0717" + ManagementVectors.ImageId + "00")));
            Assert.AreEqual((byte)ManagementDecodeStatus.TooManyEntries, (byte)message.TryDecode(ManagementVectors.Reader("0717" + ManagementVectors.ImageId + "11")));
            Assert.AreEqual((byte)ManagementDecodeStatus.EmptyList, (byte)message.TryDecode(ManagementVectors.Reader("8119" + "02" + "00" + "00" + "00DB123456789003" + "0300" + "00")));
            Assert.AreEqual((byte)ManagementDecodeStatus.TooManyEntries, (byte)message.TryDecode(ManagementVectors.Reader("8119" + "02" + "00" + "00" + "00DB123456789003" + "0300" + "05")));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("8119" + "05" + "00" + "00" + "00DB123456789003" + "0300" + "01" + "00" + ManagementVectors.ImageId)));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("8119" + "02" + "05" + "00" + "00DB123456789003" + "0300" + "01" + "00" + ManagementVectors.ImageId)));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("8119" + "02" + "00" + "00" + "00DB123456789003" + "0300" + "01" + "03" + ManagementVectors.ImageId)));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("821A" + "05" + "100E0000" + ManagementVectors.ImageId + "00100000" + "00200000" + "05" + "02")));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("841B" + "00DB123456789007" + "08" + "06" + "08")));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("861C" + "08" + "00" + "00DB123456789009")));
            Assert.AreEqual((byte)ManagementDecodeStatus.BadValue, (byte)message.TryDecode(ManagementVectors.Reader("FF1D" + "03" + "04")));
        }

        [TestMethod]
        public void Ack_ForAnUnknownRequestType_RoundTrips()
        {
            ManagementMessage message = new ManagementMessage();
            Assert.AreEqual((byte)ManagementDecodeStatus.Ok, (byte)message.TryDecode(ManagementVectors.Reader("FF20" + "7E" + "01")));
            Assert.AreEqual((byte)0x7E, message.Ack.RequestType);
            Assert.AreEqual((byte)ManagementResult.Unsupported, (byte)message.Ack.Result);
            Assert.AreEqual("FF20" + "7E" + "01", ManagementVectors.Encode(message));
        }

        [TestMethod]
        public void Encode_ProgrammerErrors_Throw()
        {
            DeviceEuiList list = new DeviceEuiList();
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => list.WriteTo(new ByteWriter(new byte[200])));
            for (int i = 0; i < DeviceEuiList.MaxDevices; i++)
            {
                list.Add((ulong)i + 1);
            }

            Assert.ThrowsException(typeof(System.InvalidOperationException), () => list.Add(99));
            IdentityReport identity = new IdentityReport();
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => identity.WriteTo(new ByteWriter(new byte[200])));
            ManagementMessage message = new ManagementMessage();
            message.Header = new ManagementHeader((ManagementMessageType)0x55, 1);
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => message.WriteTo(new ByteWriter(new byte[200])));
        }
    }
}

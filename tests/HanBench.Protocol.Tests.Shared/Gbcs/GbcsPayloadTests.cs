using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Gbcs
{
    [TestClass]
    public class GbcsPayloadTests
    {
        [TestMethod]
        public void ReadFirmwareVersionCommand_IsAsn1Null_BothDirections()
        {
            byte[] output = new byte[ReadFirmwareVersionCommand.EncodedLength];
            ReadFirmwareVersionCommand.WriteTo(new ByteWriter(output));
            Assert.AreEqual("0500", Hex.Encode(output));
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ReadFirmwareVersionCommand.TryDecode(Reader("0500")));
            Assert.AreEqual((byte)GbcsPayloadStatus.TrailingBytes, (byte)ReadFirmwareVersionCommand.TryDecode(Reader("050000")));
            Assert.AreEqual((byte)GbcsPayloadStatus.BadFieldLength, (byte)ReadFirmwareVersionCommand.TryDecode(Reader("050100")));
        }

        [TestMethod]
        public void ReadFirmwareVersionResponse_Golden_BothDirections()
        {
            ReadFirmwareVersionResponse decoded = new ReadFirmwareVersionResponse();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ReadFirmwareVersionResponse.TryDecode(Reader(GbcsVectors.ReadFirmwareVersionResponsePayload), decoded));
            Assert.AreEqual(0xA1B2C3D4u, decoded.FirmwareVersion);
            Assert.AreEqual((byte)ReadFirmwareVersionResponseCode.Failure, (byte)decoded.ResponseCode);

            ReadFirmwareVersionResponse built = new ReadFirmwareVersionResponse();
            built.FirmwareVersion = 0xA1B2C3D4;
            built.ResponseCode = ReadFirmwareVersionResponseCode.Failure;
            Assert.AreEqual(GbcsVectors.ReadFirmwareVersionResponsePayload, Encode(built.EncodedLength, built.WriteTo));

            Assert.AreEqual((byte)GbcsPayloadStatus.UnknownResponseCode, (byte)ReadFirmwareVersionResponse.TryDecode(Reader("30090404A1B2C3D4020102"), decoded));
            Assert.AreEqual((byte)GbcsPayloadStatus.BadFieldLength, (byte)ReadFirmwareVersionResponse.TryDecode(Reader("30080403A1B2C3020101"), decoded));
        }

        [TestMethod]
        public void ActivateFirmwareCommand_Golden_BothDirections()
        {
            ActivateFirmwareCommand decoded = new ActivateFirmwareCommand();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ActivateFirmwareCommand.TryDecode(Reader(GbcsVectors.ActivateFirmwareCommandPayload), decoded));
            Assert.AreEqual(GbcsVectors.CountingHash, Hex.Encode(decoded.ManufacturerImageHash));
            Assert.AreEqual(0x80UL, decoded.OriginatorCounter);
            Assert.IsTrue(decoded.HasExecutionDateTime);
            Assert.AreEqual("2031-02-03T04:05:06Z", decoded.ExecutionDateTime.ToString());
            Assert.IsFalse(decoded.IsCancellation);

            ActivateFirmwareCommand built = new ActivateFirmwareCommand();
            built.SetManufacturerImageHash(GbcsVectors.Bytes(GbcsVectors.CountingHash), 0);
            built.OriginatorCounter = 0x80;
            built.HasExecutionDateTime = true;
            built.ExecutionDateTime = new GbcsTimestamp(2031, 2, 3, 4, 5, 6);
            Assert.AreEqual(GbcsVectors.ActivateFirmwareCommandPayload, Encode(built.EncodedLength, built.WriteTo));
        }

        [TestMethod]
        public void ActivateFirmwareCommand_ImmediateAndCancellation_RoundTrip()
        {
            ActivateFirmwareCommand command = new ActivateFirmwareCommand();
            command.SetManufacturerImageHash(GbcsVectors.Bytes(GbcsVectors.HashC3), 0);
            command.OriginatorCounter = 1;
            string immediate = Encode(command.EncodedLength, command.WriteTo);
            Assert.AreEqual("3025" + "0420" + GbcsVectors.HashC3 + "020101", immediate);

            ActivateFirmwareCommand decoded = new ActivateFirmwareCommand();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ActivateFirmwareCommand.TryDecode(Reader(immediate), decoded));
            Assert.IsFalse(decoded.HasExecutionDateTime);

            command.HasExecutionDateTime = true;
            command.ExecutionDateTime = ActivateFirmwareCommand.CancellationDateTime;
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ActivateFirmwareCommand.TryDecode(Reader(Encode(command.EncodedLength, command.WriteTo)), decoded));
            Assert.IsTrue(decoded.IsCancellation);
        }

        [TestMethod]
        public void ActivateFirmwareResponse_OutcomeAndAcknowledgement_BothDirections()
        {
            ActivateFirmwareResponse decoded = new ActivateFirmwareResponse();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ActivateFirmwareResponse.TryDecode(Reader(GbcsVectors.ActivateFirmwareResponsePayload), decoded));
            Assert.IsFalse(decoded.IsAcknowledgement);
            Assert.AreEqual((byte)ActivateFirmwareResponseCode.HashMismatch, (byte)decoded.ResponseCode);
            Assert.AreEqual(0x102u, decoded.FirmwareVersion);
            Assert.AreEqual(GbcsVectors.ActivateFirmwareResponsePayload, Encode(decoded.EncodedLength, decoded.WriteTo));

            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ActivateFirmwareResponse.TryDecode(Reader("0500"), decoded));
            Assert.IsTrue(decoded.IsAcknowledgement);
            Assert.AreEqual("0500", Encode(decoded.EncodedLength, decoded.WriteTo));

            Assert.AreEqual((byte)GbcsPayloadStatus.UnknownResponseCode, (byte)ActivateFirmwareResponse.TryDecode(Reader("3009020104040400000102"), decoded));
        }

        [TestMethod]
        public void ActivateFirmwareAlert_Golden_BothDirections()
        {
            ActivateFirmwareAlert decoded = new ActivateFirmwareAlert();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ActivateFirmwareAlert.TryDecode(Reader(GbcsVectors.ActivateFirmwareAlertPayload), decoded));
            Assert.AreEqual(GbcsAlertCode.FutureDatedCommandNotActioned, decoded.AlertCode);
            Assert.AreEqual("2031-02-03T04:05:06Z", decoded.ExecutionDateTime.ToString());
            Assert.AreEqual(0x80UL, decoded.OriginatorCounter);
            Assert.AreEqual((byte)ActivateFirmwareResponseCode.NoImageHeld, (byte)decoded.ResponseCode);
            Assert.AreEqual(0x0A0B0C0Du, decoded.FirmwareVersion);

            ActivateFirmwareAlert built = new ActivateFirmwareAlert();
            built.AlertCode = GbcsAlertCode.FutureDatedCommandNotActioned;
            built.ExecutionDateTime = new GbcsTimestamp(2031, 2, 3, 4, 5, 6);
            built.OriginatorCounter = 0x80;
            built.ResponseCode = ActivateFirmwareResponseCode.NoImageHeld;
            built.FirmwareVersion = 0x0A0B0C0D;
            Assert.AreEqual(GbcsVectors.ActivateFirmwareAlertPayload, Encode(built.EncodedLength, built.WriteTo));
        }

        [TestMethod]
        public void PpmidFirmwareActivationAlert_Golden_BothDirections()
        {
            PpmidFirmwareActivationAlert decoded = new PpmidFirmwareActivationAlert();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)PpmidFirmwareActivationAlert.TryDecode(Reader(GbcsVectors.PpmidActivationAlertPayload), decoded));
            Assert.AreEqual((ushort)0x8F8B, decoded.AlertCode);
            Assert.AreEqual("2024-06-30T12:34:56Z", decoded.Time.ToString());
            Assert.AreEqual(0x01020304u, decoded.FirmwareVersion);
            Assert.AreEqual((byte)PpmidFirmwareActivationResult.Failure, (byte)decoded.Result);

            PpmidFirmwareActivationAlert built = new PpmidFirmwareActivationAlert();
            built.Time = new GbcsTimestamp(2024, 6, 30, 12, 34, 56);
            built.FirmwareVersion = 0x01020304;
            built.Result = PpmidFirmwareActivationResult.Failure;
            Assert.AreEqual(GbcsVectors.PpmidActivationAlertPayload, Encode(built.EncodedLength, built.WriteTo));

            // Another alert code in the same shape is not this alert.
            string other = ReplaceOnce(GbcsVectors.PpmidActivationAlertPayload, "0203008F8B", "0203008F8A");
            Assert.AreEqual((byte)GbcsPayloadStatus.UnknownAlertCode, (byte)PpmidFirmwareActivationAlert.TryDecode(Reader(other), decoded));
        }

        [TestMethod]
        public void FirmwareTransferAlert_Golden_BothDirections()
        {
            FirmwareTransferAlert decoded = new FirmwareTransferAlert();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)FirmwareTransferAlert.TryDecode(Reader(GbcsVectors.FirmwareTransferAlertPayload), decoded));
            Assert.AreEqual(GbcsAlertCode.FirmwareTransferFailure, decoded.AlertCode);
            Assert.AreEqual("2024-06-30T12:34:56Z", decoded.ExecutionDateTime.ToString());
            Assert.AreEqual(0x0011223344556677UL, decoded.Entity);
            Assert.AreEqual(0x01020304u, decoded.FirmwareVersion);
            Assert.AreEqual((byte)FirmwareTransferResponseCode.FileTransferFailure, (byte)decoded.ResponseCode);

            FirmwareTransferAlert built = new FirmwareTransferAlert();
            built.AlertCode = GbcsAlertCode.FirmwareTransferFailure;
            built.ExecutionDateTime = new GbcsTimestamp(2024, 6, 30, 12, 34, 56);
            built.Entity = 0x0011223344556677UL;
            built.FirmwareVersion = 0x01020304;
            built.ResponseCode = FirmwareTransferResponseCode.FileTransferFailure;
            Assert.AreEqual(GbcsVectors.FirmwareTransferAlertPayload, Encode(built.EncodedLength, built.WriteTo));

            string unknownCode = GbcsVectors.FirmwareTransferAlertPayload.Substring(0, GbcsVectors.FirmwareTransferAlertPayload.Length - 2) + "04";
            Assert.AreEqual((byte)GbcsPayloadStatus.UnknownResponseCode, (byte)FirmwareTransferAlert.TryDecode(Reader(unknownCode), decoded));
        }

        [TestMethod]
        public void Alerts_EachAllowedCodeDecodes_NeighbourCodeReportsUnknownAlertCode()
        {
            // The alerts share one header reader: each must take both its codes and nothing else.
            ActivateFirmwareAlert activate = new ActivateFirmwareAlert();
            string actioned = ReplaceOnce(GbcsVectors.ActivateFirmwareAlertPayload, "0203008F67", "0203008F66");
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)ActivateFirmwareAlert.TryDecode(Reader(actioned), activate));
            Assert.AreEqual(GbcsAlertCode.FutureDatedCommandActioned, activate.AlertCode);
            string activateOther = ReplaceOnce(GbcsVectors.ActivateFirmwareAlertPayload, "0203008F67", "0203008F68");
            Assert.AreEqual((byte)GbcsPayloadStatus.UnknownAlertCode, (byte)ActivateFirmwareAlert.TryDecode(Reader(activateOther), activate));

            FirmwareTransferAlert transfer = new FirmwareTransferAlert();
            string success = ReplaceOnce(GbcsVectors.FirmwareTransferAlertPayload, "0203008F89", "0203008F8A");
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)FirmwareTransferAlert.TryDecode(Reader(success), transfer));
            Assert.AreEqual(GbcsAlertCode.FirmwareTransferSuccess, transfer.AlertCode);
            string transferOther = ReplaceOnce(GbcsVectors.FirmwareTransferAlertPayload, "0203008F89", "0203008F8B");
            Assert.AreEqual((byte)GbcsPayloadStatus.UnknownAlertCode, (byte)FirmwareTransferAlert.TryDecode(Reader(transferOther), transfer));
        }

        [TestMethod]
        public void FirmwareDistributionReceipt_BothForms_BothDirections()
        {
            FirmwareDistributionReceiptAlert decoded = new FirmwareDistributionReceiptAlert();
            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)FirmwareDistributionReceiptAlert.TryDecode(Reader(GbcsVectors.ReceiptDlmsPayload), FirmwareDistributionReceiptForm.Dlms, decoded));
            Assert.AreEqual(GbcsMessageCode.FirmwareDistributionReceiptAlertEsme, decoded.MessageCode);
            Assert.AreEqual(0x40000001u, decoded.LongInvokeIdAndPriority);
            Assert.IsTrue(decoded.TryGetTimeStamp(out GbcsTimestamp dlmsTime));
            Assert.AreEqual("2024-06-30T12:34:56Z", dlmsTime.ToString());
            Assert.AreEqual(GbcsVectors.HashC3, Hex.Encode(decoded.CalculatedHash));
            Assert.AreEqual(GbcsVectors.ReceiptDlmsPayload, Encode(decoded.EncodedLength, decoded.WriteTo));

            FirmwareDistributionReceiptAlert built = new FirmwareDistributionReceiptAlert();
            built.Form = FirmwareDistributionReceiptForm.Gbz;
            built.SetTimeStamp(new GbcsTimestamp(2024, 6, 30, 12, 34, 56));
            built.SetCalculatedHash(GbcsVectors.Bytes(GbcsVectors.CountingHash), 0);
            Assert.AreEqual(GbcsMessageCode.FirmwareDistributionReceiptAlertGsme, built.MessageCode);
            Assert.AreEqual(GbcsVectors.ReceiptGbzPayload, Encode(built.EncodedLength, built.WriteTo));

            Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)FirmwareDistributionReceiptAlert.TryDecode(Reader(GbcsVectors.ReceiptGbzPayload), FirmwareDistributionReceiptForm.Gbz, decoded));
            Assert.AreEqual(0x2E140D70u, decoded.GbzTimeStamp);
            Assert.AreEqual(GbcsVectors.CountingHash, Hex.Encode(decoded.CalculatedHash));

            // Each form refuses the other's bytes.
            Assert.AreEqual((byte)GbcsPayloadStatus.UnexpectedTag, (byte)FirmwareDistributionReceiptAlert.TryDecode(Reader(GbcsVectors.ReceiptGbzPayload), FirmwareDistributionReceiptForm.Dlms, decoded));
            Assert.AreEqual((byte)GbcsPayloadStatus.UnexpectedHeader, (byte)FirmwareDistributionReceiptAlert.TryDecode(Reader(GbcsVectors.ReceiptDlmsPayload), FirmwareDistributionReceiptForm.Gbz, decoded));
        }

        [TestMethod]
        public void Payloads_EveryTruncation_FailsWithoutThrowing()
        {
            for (int v = 0; v < GbcsVectors.Payloads.Length; v++)
            {
                byte[] bytes = GbcsVectors.Bytes(GbcsVectors.Payloads[v]);
                Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)PayloadDecoders.Decode(v, bytes, bytes.Length), "whole vector " + v.ToString());
                for (int length = 0; length < bytes.Length; length++)
                {
                    GbcsPayloadStatus status = PayloadDecoders.Decode(v, bytes, length);
                    Assert.AreNotEqual((int)GbcsPayloadStatus.Ok, (int)status, "vector " + v.ToString() + " cut at " + length.ToString());
                }
            }
        }

        [TestMethod]
        public void Der_DefectiveIntegersAndTimes_NameTheDefect()
        {
            ReadFirmwareVersionResponse response = new ReadFirmwareVersionResponse();
            // Negative, non-minimal, and empty INTEGERs.
            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedInteger, (byte)ReadFirmwareVersionResponse.TryDecode(Reader("30090404A1B2C3D4020181"), response));
            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedInteger, (byte)ReadFirmwareVersionResponse.TryDecode(Reader("300A0404A1B2C3D402020001"), response));
            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedInteger, (byte)ReadFirmwareVersionResponse.TryDecode(Reader("30080404A1B2C3D40200"), response));
            Assert.AreEqual((byte)GbcsPayloadStatus.UnexpectedTag, (byte)ReadFirmwareVersionResponse.TryDecode(Reader("31090404A1B2C3D4020101"), response));
            Assert.AreEqual((byte)GbcsPayloadStatus.TrailingBytes, (byte)ReadFirmwareVersionResponse.TryDecode(Reader("30090404A1B2C3D402010100"), response));
            Assert.AreEqual((byte)GbcsPayloadStatus.LengthMismatch, (byte)ReadFirmwareVersionResponse.TryDecode(Reader("300A0404A1B2C3D402010100"), response));

            PpmidFirmwareActivationAlert alert = new PpmidFirmwareActivationAlert();
            string month13 = ReplaceOnce(GbcsVectors.PpmidActivationAlertPayload, "32303234303633303132333435365A", "32303234313333303132333435365A");
            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedTime, (byte)PpmidFirmwareActivationAlert.TryDecode(Reader(month13), alert));
            string noZulu = ReplaceOnce(GbcsVectors.PpmidActivationAlertPayload, "32303234303633303132333435365A", "323032343036333031323334353630");
            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedTime, (byte)PpmidFirmwareActivationAlert.TryDecode(Reader(noZulu), alert));
            string february30 = ReplaceOnce(GbcsVectors.PpmidActivationAlertPayload, "32303234303633303132333435365A", "32303234303233303132333435365A");
            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedTime, (byte)PpmidFirmwareActivationAlert.TryDecode(Reader(february30), alert));
        }

        [TestMethod]
        public void Der_UnsignedIntegers_UseShortestTwosComplementForm()
        {
            ulong[] values = new ulong[] { 0, 0x7F, 0x80, 0xFF, 0x100, 0x8F8B, 0x7FFFFFFFFFFFFFFFUL, 0x8000000000000000UL, ulong.MaxValue };
            string[] expected = new string[] { "020100", "02017F", "02020080", "020200FF", "02020100", "0203008F8B", "02087FFFFFFFFFFFFFFF", "0209008000000000000000", "020900FFFFFFFFFFFFFFFF" };
            for (int i = 0; i < values.Length; i++)
            {
                ulong value = values[i];
                string hex = Encode(GbcsDer.UnsignedEncodedLength(value), writer => GbcsDer.WriteUnsigned(writer, value));
                Assert.AreEqual(expected[i], hex);
                Assert.AreEqual((byte)GbcsPayloadStatus.Ok, (byte)GbcsDer.TryReadUnsigned(Reader(hex), ulong.MaxValue, out ulong back));
                Assert.AreEqual(value, back);
            }

            Assert.AreEqual((byte)GbcsPayloadStatus.MalformedInteger, (byte)GbcsDer.TryReadUnsigned(Reader("02020100"), 0xFF, out ulong _));
        }

        internal static ByteReader Reader(string hex)
        {
            byte[] bytes = GbcsVectors.Bytes(hex);
            return new ByteReader(bytes, 0, bytes.Length);
        }

        internal delegate void WriteAction(ByteWriter writer);

        internal static string Encode(int length, WriteAction write)
        {
            byte[] output = new byte[length];
            ByteWriter writer = new ByteWriter(output);
            write(writer);
            Assert.AreEqual(length, writer.Written);
            return Hex.Encode(output);
        }

        /// <summary>The text with the first occurrence of <paramref name="from"/> replaced (String.Replace is not in the verified nanoFramework allowlist).</summary>
        private static string ReplaceOnce(string text, string from, string to)
        {
            int at = text.IndexOf(from);
            Assert.IsTrue(at >= 0, "vector does not contain " + from);
            return text.Substring(0, at) + to + text.Substring(at + from.Length);
        }
    }
}

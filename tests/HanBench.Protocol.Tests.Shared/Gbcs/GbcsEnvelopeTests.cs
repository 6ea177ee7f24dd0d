using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;
using nanoFramework.TestFramework;

namespace HanBench.Protocol.Tests.Gbcs
{
    [TestClass]
    public class GbcsEnvelopeTests
    {
        [TestMethod]
        public void Decode_MacdCommand_ExposesEveryField()
        {
            byte[] bytes = GbcsVectors.Bytes(GbcsVectors.MacdCommand);
            GbcsEnvelope envelope = new GbcsEnvelope();

            Assert.AreEqual((byte)GbcsStatus.Ok, (byte)GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, bytes.Length), envelope));

            Assert.IsTrue(envelope.HasGeneralCiphering);
            Assert.AreEqual((byte)0x11, envelope.SecurityControl);
            Assert.AreEqual(7u, envelope.InvocationCounter);
            Assert.AreEqual((byte)GbcsCraFlag.Command, (byte)envelope.CraFlag);
            Assert.AreEqual(0x10203UL, envelope.OriginatorCounter);
            Assert.AreEqual(GbcsVectors.CommandOriginator, envelope.OriginatorSystemTitle);
            Assert.AreEqual(GbcsVectors.CommandRecipient, envelope.RecipientSystemTitle);
            Assert.IsFalse(envelope.HasDateTime);
            Assert.AreEqual(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, envelope.MessageCode);
            Assert.IsTrue(envelope.HasSupplementaryRemotePartyId);
            Assert.AreEqual(GbcsVectors.RemoteParty, envelope.SupplementaryRemotePartyId);
            Assert.IsTrue(envelope.HasSupplementaryRemotePartyCounter);
            Assert.AreEqual(42UL, envelope.SupplementaryRemotePartyCounter);
            Assert.IsFalse(envelope.HasSupplementaryOriginatorCounter);
            Assert.AreSame(bytes, envelope.ContentBuffer);
            Assert.AreEqual(2, envelope.ContentLength);
            Assert.AreEqual((byte)0x05, bytes[envelope.ContentOffset]);
            Assert.AreEqual(0, envelope.SignatureLength);
            Assert.AreSame(bytes, envelope.MacBuffer);
            Assert.AreEqual((byte)0xE1, bytes[envelope.MacOffset]);
        }

        [TestMethod]
        public void Decode_MacdCommand_LayoutGivesSecurityRanges()
        {
            byte[] bytes = GbcsVectors.Bytes(GbcsVectors.MacdCommand);
            GbcsEnvelope envelope = new GbcsEnvelope();
            GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, bytes.Length), envelope);
            GbcsLayout layout = envelope.Layout;

            Assert.AreEqual(0, layout.Start);
            Assert.AreEqual(bytes.Length, layout.Length);
            Assert.AreEqual(8, layout.SecurityHeaderOffset);
            Assert.AreEqual(0x46, layout.CipheredServiceLength);
            Assert.AreEqual(13, layout.GeneralSigningOffset);
            Assert.AreEqual((byte)0xDF, bytes[layout.GeneralSigningOffset]);
            Assert.AreEqual(14, layout.SignedDataOffset);
            Assert.AreEqual(15, layout.CraFlagOffset);
            Assert.AreEqual(16, layout.OriginatorCounterOffset);
            Assert.AreEqual(25, layout.OriginatorSystemTitleOffset);
            Assert.AreEqual(34, layout.RecipientSystemTitleOffset);
            Assert.AreEqual(-1, layout.DateTimeOffset);
            Assert.AreEqual(18, layout.OtherInformationLength);
            Assert.AreEqual((byte)0x01, bytes[layout.OtherInformationOffset]);
            Assert.AreEqual(envelope.ContentOffset, layout.ContentOffset);

            // Signed: from after 0xDF to the last content octet; then signature length; then the MAC closes the ciphered service.
            Assert.AreEqual(layout.ContentOffset + layout.ContentLength, layout.SignedDataOffset + layout.SignedDataLength);
            Assert.AreEqual(layout.SignedDataOffset + layout.SignedDataLength, layout.SignatureLengthOffset);
            Assert.AreEqual(-1, layout.SignatureOffset);
            Assert.AreEqual(layout.GeneralSigningOffset + layout.GeneralSigningLength, layout.MacOffset);
            Assert.AreEqual(bytes.Length - GbcsEnvelope.MacLength, layout.MacOffset);
            Assert.AreEqual(layout.SecurityHeaderOffset + layout.CipheredServiceLength, layout.MacOffset + GbcsEnvelope.MacLength);
        }

        [TestMethod]
        public void Decode_SignedAlert_ExposesDateTimeAndSignature()
        {
            byte[] bytes = GbcsVectors.Bytes(GbcsVectors.SignedAlert);
            GbcsEnvelope envelope = new GbcsEnvelope();

            Assert.AreEqual((byte)GbcsStatus.Ok, (byte)GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, bytes.Length), envelope));

            Assert.IsFalse(envelope.HasGeneralCiphering);
            Assert.AreEqual((byte)GbcsCraFlag.Alert, (byte)envelope.CraFlag);
            Assert.AreEqual(16UL, envelope.OriginatorCounter);
            Assert.AreEqual(GbcsVectors.AlertOriginator, envelope.OriginatorSystemTitle);
            Assert.AreEqual(GbcsVectors.AlertRecipient, envelope.RecipientSystemTitle);
            Assert.IsTrue(envelope.HasDateTime);
            Assert.IsTrue(GbcsDlmsDateTime.TryRead(envelope.DateTimeBuffer, envelope.DateTimeOffset, out GbcsTimestamp time));
            Assert.AreEqual("2024-06-30T12:34:56Z", time.ToString());
            Assert.AreEqual(GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert, envelope.MessageCode);
            Assert.IsFalse(envelope.HasSupplementaryRemotePartyId);
            Assert.AreEqual(33, envelope.ContentLength);
            Assert.AreEqual(64, envelope.SignatureLength);
            Assert.AreEqual(bytes.Length - 64, envelope.SignatureOffset);
            Assert.AreEqual(envelope.SignatureOffset, envelope.Layout.SignatureOffset);
            Assert.AreEqual(-1, envelope.Layout.MacOffset);
            Assert.AreEqual(1, envelope.Layout.SignedDataOffset);
            Assert.AreEqual(envelope.Layout.SignatureLengthOffset - 1, envelope.Layout.SignedDataLength);
        }

        [TestMethod]
        public void Encode_MacdCommandFields_ReproducesGoldenBytes()
        {
            byte[] content = GbcsVectors.Bytes("0500");
            byte[] mac = GbcsVectors.Bytes("E1E2E3E4E5E6E7E8E9EAEBEC");
            GbcsEnvelope envelope = new GbcsEnvelope();
            envelope.HasGeneralCiphering = true;
            envelope.InvocationCounter = 7;
            envelope.CraFlag = GbcsCraFlag.Command;
            envelope.OriginatorCounter = 0x10203;
            envelope.OriginatorSystemTitle = GbcsVectors.CommandOriginator;
            envelope.RecipientSystemTitle = GbcsVectors.CommandRecipient;
            envelope.MessageCode = GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion;
            envelope.HasSupplementaryRemotePartyId = true;
            envelope.SupplementaryRemotePartyId = GbcsVectors.RemoteParty;
            envelope.HasSupplementaryRemotePartyCounter = true;
            envelope.SupplementaryRemotePartyCounter = 42;
            envelope.SetContent(content, 0, content.Length);
            envelope.SetMac(mac, 0);

            Assert.AreEqual(GbcsVectors.MacdCommand, Encode(envelope));
        }

        [TestMethod]
        public void Encode_WithoutMacOrSignature_WritesZerosWhereTheSecurityLayerWrites()
        {
            byte[] golden = GbcsVectors.Bytes(GbcsVectors.SignedAlert);
            GbcsEnvelope decoded = new GbcsEnvelope();
            GbcsEnvelope.TryDecode(new ByteReader(golden, 0, golden.Length), decoded);
            decoded.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);

            byte[] output = new byte[decoded.EncodedLength + 3];
            ByteWriter writer = new ByteWriter(output, 3, output.Length - 3);
            decoded.WriteTo(writer);

            GbcsLayout layout = decoded.Layout;
            Assert.AreEqual(3, layout.Start);
            Assert.AreEqual(golden.Length, layout.Length);
            Assert.AreEqual(3 + golden.Length - 64, layout.SignatureOffset);
            for (int i = 0; i < golden.Length; i++)
            {
                byte expected = i >= golden.Length - 64 ? (byte)0x00 : golden[i];
                Assert.AreEqual(expected, output[3 + i], "octet " + i.ToString());
            }

            // The signer fills the placeholder in place; the result is the golden message.
            System.Array.Copy(golden, golden.Length - 64, output, layout.SignatureOffset, 64);
            Assert.AreEqual(GbcsVectors.SignedAlert, Hex.Encode(output, 3, golden.Length));
        }

        [TestMethod]
        public void Encode_MacdMessageWithoutMac_WritesTwelveZeros()
        {
            byte[] golden = GbcsVectors.Bytes(GbcsVectors.MacdCommand);
            GbcsEnvelope envelope = new GbcsEnvelope();
            GbcsEnvelope.TryDecode(new ByteReader(golden, 0, golden.Length), envelope);
            envelope.ClearMac();

            string hex = Encode(envelope);
            int macHex = 2 * (golden.Length - GbcsEnvelope.MacLength);
            Assert.AreEqual(GbcsVectors.MacdCommand.Substring(0, macHex), hex.Substring(0, macHex));
            Assert.AreEqual("000000000000000000000000", hex.Substring(macHex));
        }

        [TestMethod]
        public void DecodeThenEncode_GoldenVectors_RoundTrip()
        {
            string[] vectors = new string[] { GbcsVectors.MacdCommand, GbcsVectors.SignedAlert };
            GbcsEnvelope envelope = new GbcsEnvelope();
            foreach (string vector in vectors)
            {
                byte[] bytes = GbcsVectors.Bytes(vector);
                Assert.AreEqual((byte)GbcsStatus.Ok, (byte)GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, bytes.Length), envelope));
                Assert.AreEqual(bytes.Length, envelope.EncodedLength);
                Assert.AreEqual(vector, Encode(envelope));
            }
        }

        [TestMethod]
        public void Encode_LongContent_UsesLongFormLengths()
        {
            byte[] content = new byte[200];
            for (int i = 0; i < content.Length; i++)
            {
                content[i] = (byte)i;
            }

            GbcsEnvelope envelope = new GbcsEnvelope();
            envelope.HasGeneralCiphering = true;
            envelope.CraFlag = GbcsCraFlag.Command;
            envelope.MessageCode = GbcsMessageCode.ActivateFirmware;
            envelope.SetContent(content, 0, content.Length);
            envelope.SetSignaturePlaceholder(GbcsEnvelope.EcdsaSignatureLength);
            byte[] output = new byte[envelope.EncodedLength];
            envelope.WriteTo(new ByteWriter(output));

            // Ciphered service: 5 + (2 + 9 + 18 + 1 + 3 + 2 + 200 + 1 + 64) + 12 = 317 = 0x82 01 3D.
            Assert.AreEqual((byte)0x82, output[7]);
            Assert.AreEqual((byte)0x01, output[8]);
            Assert.AreEqual((byte)0x3D, output[9]);
            Assert.AreEqual((byte)0x81, output[envelope.Layout.ContentOffset - 2]);
            Assert.AreEqual((byte)200, output[envelope.Layout.ContentOffset - 1]);

            GbcsEnvelope decoded = new GbcsEnvelope();
            Assert.AreEqual((byte)GbcsStatus.Ok, (byte)GbcsEnvelope.TryDecode(new ByteReader(output, 0, output.Length), decoded));
            Assert.AreEqual(200, decoded.ContentLength);
            Assert.AreEqual((byte)199, output[decoded.ContentOffset + 199]);
        }

        [TestMethod]
        public void PreCommand_DecodesWithoutSignatureLengthAndReEncodes()
        {
            // The signed alert's General Signing APDU up to the end of its content is a valid pre-command shape.
            string hex = GbcsVectors.SignedAlert.Substring(0, GbcsVectors.SignedAlert.Length - 2 - 128);
            byte[] bytes = GbcsVectors.Bytes(hex);
            GbcsEnvelope envelope = new GbcsEnvelope();

            Assert.AreEqual((byte)GbcsStatus.Ok, (byte)GbcsEnvelope.TryDecodePreCommand(new ByteReader(bytes, 0, bytes.Length), envelope));
            Assert.IsTrue(envelope.IsPreCommand);
            Assert.AreEqual(-1, envelope.Layout.SignatureLengthOffset);
            Assert.AreEqual(bytes.Length - 1, envelope.Layout.SignedDataLength);
            Assert.AreEqual(hex, Encode(envelope));

            // As a complete message the same bytes lack their signature length.
            Assert.AreEqual((byte)GbcsStatus.TruncatedSignature, (byte)GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, bytes.Length), envelope));
        }

        [TestMethod]
        public void Decode_EveryTruncation_FailsWithoutThrowing()
        {
            string[] vectors = new string[] { GbcsVectors.MacdCommand, GbcsVectors.SignedAlert };
            GbcsEnvelope envelope = new GbcsEnvelope();
            foreach (string vector in vectors)
            {
                byte[] bytes = GbcsVectors.Bytes(vector);
                for (int length = 0; length < bytes.Length; length++)
                {
                    GbcsStatus status = GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, length), envelope);
                    Assert.AreNotEqual((int)GbcsStatus.Ok, (int)status, "cut at " + length.ToString() + " of " + vector);
                }
            }
        }

        [TestMethod]
        public void Decode_Truncations_NameWhereTheMessageStops()
        {
            byte[] bytes = GbcsVectors.Bytes(GbcsVectors.MacdCommand);
            GbcsEnvelope envelope = new GbcsEnvelope();
            Assert.AreEqual((byte)GbcsStatus.Empty, (byte)Decode(bytes, 0, envelope));
            Assert.AreEqual((byte)GbcsStatus.TruncatedCipheringHeader, (byte)Decode(bytes, 7, envelope));
            Assert.AreEqual((byte)GbcsStatus.TruncatedSecurityHeader, (byte)Decode(bytes, 12, envelope));
            Assert.AreEqual((byte)GbcsStatus.TruncatedGroupingHeader, (byte)Decode(bytes, 40, envelope));
            Assert.AreEqual((byte)GbcsStatus.TruncatedContent, (byte)Decode(bytes, 64, envelope));
            Assert.AreEqual((byte)GbcsStatus.TruncatedSignature, (byte)Decode(bytes, 65, envelope));
            Assert.AreEqual((byte)GbcsStatus.TruncatedMac, (byte)Decode(bytes, bytes.Length - 1, envelope));
        }

        [TestMethod]
        public void Decode_DefectiveFields_NameTheDefect()
        {
            AssertDefect(GbcsVectors.MacdCommand, 0, 0x30, GbcsStatus.UnknownTag);
            AssertDefect(GbcsVectors.MacdCommand, 3, 0x01, GbcsStatus.UnsupportedCipheringHeader);
            AssertDefect(GbcsVectors.MacdCommand, 7, 0x80, GbcsStatus.MalformedLength);
            AssertDefect(GbcsVectors.MacdCommand, 7, 0x47, GbcsStatus.CipheredServiceLengthMismatch);
            AssertDefect(GbcsVectors.MacdCommand, 7, 0x45, GbcsStatus.CipheredServiceLengthMismatch);
            AssertDefect(GbcsVectors.MacdCommand, 13, 0xDD, GbcsStatus.MissingGeneralSigning);
            AssertDefect(GbcsVectors.MacdCommand, 14, 0x08, GbcsStatus.BadTransactionIdLength);
            AssertDefect(GbcsVectors.MacdCommand, 15, 0x04, GbcsStatus.UnknownCraFlag);
            AssertDefect(GbcsVectors.MacdCommand, 15, 0x00, GbcsStatus.UnknownCraFlag);
            AssertDefect(GbcsVectors.MacdCommand, 24, 0x07, GbcsStatus.BadSystemTitleLength);
            AssertDefect(GbcsVectors.MacdCommand, 33, 0x09, GbcsStatus.BadSystemTitleLength);
            AssertDefect(GbcsVectors.MacdCommand, 42, 0x0B, GbcsStatus.BadDateTimeLength);
            AssertDefect(GbcsVectors.MacdCommand, 43, 0x11, GbcsStatus.BadOtherInformationLength);
            AssertDefect(GbcsVectors.MacdCommand, 62, 0x01, GbcsStatus.CipheredServiceLengthMismatch);
            AssertDefect(GbcsVectors.SignedAlert, 0, 0xDD, GbcsStatus.UnsupportedCipheringHeader);

            byte[] padded = GbcsVectors.Bytes(GbcsVectors.SignedAlert + "00");
            Assert.AreEqual((byte)GbcsStatus.TrailingBytes, (byte)Decode(padded, padded.Length, new GbcsEnvelope()));

            // 0x81 0x02 is a content length of 2 written in long form: not DER, refused.
            byte[] nonMinimal = GbcsVectors.Bytes(GbcsVectors.SignedAlert.Substring(0, 2 * 45) + "8102" + "0500" + "00");
            Assert.AreEqual((byte)GbcsStatus.MalformedLength, (byte)Decode(nonMinimal, nonMinimal.Length, new GbcsEnvelope()));
        }

        [TestMethod]
        public void Decode_MalformedOrCutLengths_NameTheFieldTheyCount()
        {
            byte[] bytes = GbcsVectors.Bytes(GbcsVectors.MacdCommand);
            GbcsEnvelope envelope = new GbcsEnvelope();
            Assert.AreEqual((byte)GbcsStatus.Ok, (byte)Decode(bytes, bytes.Length, envelope));
            int otherLength = envelope.Layout.OtherInformationOffset - 1;
            int contentLength = envelope.Layout.ContentOffset - 1;
            int signatureLength = envelope.Layout.SignatureLengthOffset;

            // 0x80 (indefinite form) is no DER length, whichever field it counts.
            AssertDefect(GbcsVectors.MacdCommand, otherLength, 0x80, GbcsStatus.MalformedLength);
            AssertDefect(GbcsVectors.MacdCommand, contentLength, 0x80, GbcsStatus.MalformedLength);
            AssertDefect(GbcsVectors.MacdCommand, signatureLength, 0x80, GbcsStatus.MalformedLength);

            // A long-form length (0x81) cut after its first octet: the message stops inside the field the length belongs to.
            AssertCutLongFormLength(bytes, otherLength, GbcsStatus.TruncatedGroupingHeader);
            AssertCutLongFormLength(bytes, contentLength, GbcsStatus.TruncatedGroupingHeader);
            AssertCutLongFormLength(bytes, signatureLength, GbcsStatus.TruncatedSignature);

            // The octets a length counts cut short: the content's, the signature's.
            Assert.AreEqual((byte)GbcsStatus.TruncatedContent, (byte)Decode(bytes, envelope.Layout.ContentOffset + 1, new GbcsEnvelope()));
            byte[] signed = GbcsVectors.Bytes(GbcsVectors.SignedAlert);
            Assert.AreEqual((byte)GbcsStatus.TruncatedSignature, (byte)Decode(signed, signed.Length - 1, new GbcsEnvelope()));
        }

        [TestMethod]
        public void Encode_InconsistentFields_IsAProgrammerError()
        {
            GbcsEnvelope envelope = new GbcsEnvelope();
            envelope.HasSupplementaryRemotePartyCounter = true;
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => envelope.WriteTo(new ByteWriter(new byte[200])));

            envelope.Reset();
            envelope.IsPreCommand = true;
            envelope.HasGeneralCiphering = true;
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => envelope.WriteTo(new ByteWriter(new byte[200])));

            envelope.Reset();
            Assert.ThrowsException(typeof(System.InvalidOperationException), () => envelope.WriteTo(new ByteWriter(new byte[10])));
        }

        private static void AssertDefect(string vector, int index, byte value, GbcsStatus expected)
        {
            byte[] bytes = GbcsVectors.Bytes(vector);
            bytes[index] = value;
            GbcsStatus status = Decode(bytes, bytes.Length, new GbcsEnvelope());
            Assert.AreEqual((byte)expected, (byte)status, "octet " + index.ToString() + " = " + value.ToString());
        }

        private static void AssertCutLongFormLength(byte[] original, int at, GbcsStatus expected)
        {
            byte[] bytes = new byte[at + 1];
            System.Array.Copy(original, bytes, at);
            bytes[at] = 0x81;
            GbcsStatus status = Decode(bytes, bytes.Length, new GbcsEnvelope());
            Assert.AreEqual((byte)expected, (byte)status, "cut after 0x81 at octet " + at.ToString());
        }

        private static GbcsStatus Decode(byte[] bytes, int length, GbcsEnvelope envelope)
        {
            return GbcsEnvelope.TryDecode(new ByteReader(bytes, 0, length), envelope);
        }

        private static string Encode(GbcsEnvelope envelope)
        {
            byte[] output = new byte[envelope.EncodedLength];
            ByteWriter writer = new ByteWriter(output);
            envelope.WriteTo(writer);
            Assert.AreEqual(output.Length, writer.Written);
            return Hex.Encode(output);
        }
    }
}

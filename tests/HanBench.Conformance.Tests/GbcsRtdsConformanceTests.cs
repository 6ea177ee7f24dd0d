using System.Text;
using System.Text.Json;
using HanBench.Protocol.Bytes;
using HanBench.Protocol.Gbcs;

namespace HanBench.Conformance.Tests;

/// <summary>
/// The GBCS codec against the DCC Reference Test Data Set 4.5.0 messages (../shared/vectors/rtds-4.5.0): every message
/// decodes to the fields the published field-by-field decode (PARSED.json.txt, made with SmartDCCInnovation/gbcs-parser)
/// shows, and encoding those fields again gives back the RTDS octets, except MAC and signature, which are left as
/// zeros for the security layer. Expected values are read from the decode at test time; nothing is copied here.
/// </summary>
[TestClass]
[TestCategory("Conformance")]
public sealed class GbcsRtdsConformanceTests
{
    private const string Rtds = "rtds-4.5.0";

    [TestMethod]
    [DataRow("CS08_11.2_SUCCESS_COMMAND_GBCS.HEX")]
    [DataRow("CS08_11.2_ERROR_COMMAND_GBCS.HEX")]
    public void Cs08Command_DecodesAndReEncodes(string file)
    {
        RtdsMessage message = RtdsMessage.Load("11.2_CS08", file);
        message.AssertEnvelope();
        Assert.AreEqual(GbcsMessageCode.ReadPpmidHcalcsFirmwareVersion, message.Envelope.MessageCode);
        Assert.AreEqual(GbcsCraFlag.Command, message.Envelope.CraFlag);
        Assert.AreEqual(GbcsPayloadStatus.Ok, ReadFirmwareVersionCommand.TryDecode(message.ContentReader()));

        message.AssertReEncodes(ReadFirmwareVersionCommand.EncodedLength, ReadFirmwareVersionCommand.WriteTo);
    }

    [TestMethod]
    [DataRow("CS08_11.2_SUCCESS_RESPONSE_GBCS.HEX")]
    [DataRow("CS08_11.2_ERROR_RESPONSE_GBCS.HEX")]
    public void Cs08Response_DecodesAndReEncodes(string file)
    {
        RtdsMessage message = RtdsMessage.Load("11.2_CS08", file);
        message.AssertEnvelope();
        Assert.AreEqual(GbcsCraFlag.Response, message.Envelope.CraFlag);
        ReadFirmwareVersionResponse response = new();
        Assert.AreEqual(GbcsPayloadStatus.Ok, ReadFirmwareVersionResponse.TryDecode(message.ContentReader(), response));
        Assert.AreEqual(message.PayloadUInt32("Firmware Version"), response.FirmwareVersion);
        Assert.AreEqual(message.PayloadLastByte("Response Code"), (byte)response.ResponseCode);
        Assert.AreEqual(message.PayloadNotes("Response Code") == "Read Success", response.ResponseCode == ReadFirmwareVersionResponseCode.Success);

        message.AssertReEncodes(response.EncodedLength, response.WriteTo);
    }

    [TestMethod]
    public void Cs08CommandAndResponse_ShareTheOriginatorCounter()
    {
        RtdsMessage command = RtdsMessage.Load("11.2_CS08", "CS08_11.2_SUCCESS_COMMAND_GBCS.HEX");
        RtdsMessage response = RtdsMessage.Load("11.2_CS08", "CS08_11.2_SUCCESS_RESPONSE_GBCS.HEX");
        command.AssertEnvelope();
        response.AssertEnvelope();
        Assert.AreEqual(command.Envelope.OriginatorCounter, response.Envelope.OriginatorCounter);
        Assert.AreEqual(command.Envelope.OriginatorSystemTitle, response.Envelope.RecipientSystemTitle);

        // The guard is for commands and alerts: the next command from the ACB must carry a higher counter.
        OriginatorCounterGuard guard = new();
        Assert.AreEqual(OriginatorCounterStatus.Accepted, guard.Accept(command.Envelope.OriginatorSystemTitle, command.Envelope.OriginatorCounter));
        Assert.AreEqual(OriginatorCounterStatus.Replayed, guard.Accept(command.Envelope.OriginatorSystemTitle, command.Envelope.OriginatorCounter));
        RtdsMessage second = RtdsMessage.Load("11.2_CS08", "CS08_11.2_ERROR_COMMAND_GBCS.HEX");
        second.AssertEnvelope();
        Assert.AreEqual(OriginatorCounterStatus.Accepted, guard.Accept(second.Envelope.OriginatorSystemTitle, second.Envelope.OriginatorCounter));
        Assert.AreEqual(OriginatorCounterStatus.Older, guard.Accept(command.Envelope.OriginatorSystemTitle, command.Envelope.OriginatorCounter));
    }

    [TestMethod]
    public void PpmidActivationAlert8F8B_DecodesAndReEncodes()
    {
        RtdsMessage message = RtdsMessage.Load("NA_CS09", "CS09_NA_8F8B_ALERT_GBCS.HEX");
        message.AssertEnvelope();
        Assert.AreEqual(GbcsMessageCode.PpmidHcalcsFirmwareActivationAlert, message.Envelope.MessageCode);
        Assert.AreEqual(GbcsCraFlag.Alert, message.Envelope.CraFlag);
        PpmidFirmwareActivationAlert alert = new();
        Assert.AreEqual(GbcsPayloadStatus.Ok, PpmidFirmwareActivationAlert.TryDecode(message.ContentReader(), alert));

        // The published decode shows this payload as one blob: walk its DER elements here, independently.
        byte[][] elements = Der.Elements(message.PayloadBytes());
        Assert.AreEqual(4, elements.Length);
        Assert.AreEqual((ulong)alert.AlertCode, Der.Unsigned(elements[0]));
        Assert.AreEqual(Der.TimeText(elements[1]), alert.Time.ToString());
        Assert.AreEqual(Der.Unsigned(elements[2]), (ulong)alert.FirmwareVersion);
        Assert.AreEqual(Der.Unsigned(elements[3]), (ulong)alert.Result);

        message.AssertReEncodes(alert.EncodedLength, alert.WriteTo);
    }

    [TestMethod]
    public void FirmwareTransferAlert8F8A_DecodesAndReEncodes()
    {
        RtdsMessage message = RtdsMessage.Load("NA_CCS08", "CCS08_NA_NA_ALERT_GBCS.HEX");
        message.AssertEnvelope();
        Assert.AreEqual(GbcsMessageCode.FirmwareTransferAlert, message.Envelope.MessageCode);
        FirmwareTransferAlert alert = new();
        Assert.AreEqual(GbcsPayloadStatus.Ok, FirmwareTransferAlert.TryDecode(message.ContentReader(), alert));
        Assert.AreEqual(message.PayloadUInt16("Alert Code"), alert.AlertCode);
        Assert.AreEqual(GbcsAlertCode.FirmwareTransferSuccess, alert.AlertCode);
        Assert.AreEqual(message.PayloadNotes("Execution Date Time"), Der.NotesStyle(alert.ExecutionDateTime));
        Assert.AreEqual(message.PayloadUInt64("Entity Id"), alert.Entity);
        Assert.AreEqual(message.PayloadUInt32("Firmware Version"), alert.FirmwareVersion);
        Assert.AreEqual(message.PayloadLastByte("Response Code"), (byte)alert.ResponseCode);

        message.AssertReEncodes(alert.EncodedLength, alert.WriteTo);
    }

    [TestMethod]
    [DataRow("CS06_11.3_IMMEDIATE_SUCCESS_COMMAND_GBCS.HEX", false)]
    [DataRow("CS06_11.3_IMMEDIATE_ERROR_COMMAND_GBCS.HEX", false)]
    [DataRow("CS06_11.3_FUTURE_DATED_SUCCESS_COMMAND_GBCS.HEX", false)]
    [DataRow("CS06_11.3_FUTURE_DATED_ERROR_COMMAND_GBCS.HEX", false)]
    [DataRow("CS06_11.3_CANCELLATION_SUCCESS_COMMAND_GBCS.HEX", false)]
    [DataRow("CS06_11.3_IMMEDIATE_SUCCESS_PRECOMMAND_GBCS.HEX", true)]
    [DataRow("CS06_11.3_FUTURE_DATED_SUCCESS_PRECOMMAND_GBCS.HEX", true)]
    [DataRow("CS06_11.3_CANCELLATION_SUCCESS_PRECOMMAND_GBCS.HEX", true)]
    public void Cs06Command_DecodesAndReEncodes(string file, bool preCommand)
    {
        RtdsMessage message = RtdsMessage.Load("11.3_CS06", file, preCommand);
        message.AssertEnvelope();
        Assert.AreEqual(GbcsMessageCode.ActivateFirmware, message.Envelope.MessageCode);
        ActivateFirmwareCommand command = new();
        Assert.AreEqual(GbcsPayloadStatus.Ok, ActivateFirmwareCommand.TryDecode(message.ContentReader(), command));
        CollectionAssert.AreEqual(message.PayloadTail("Manufacturer Image Hash", ActivateFirmwareCommand.HashLength), command.ManufacturerImageHash);
        Assert.AreEqual(ulong.Parse(message.PayloadNotes("Originator Counter")), command.OriginatorCounter);
        Assert.AreEqual(message.Envelope.OriginatorCounter, command.OriginatorCounter);
        bool hasTime = message.HasPayloadField("Execution Date Time");
        Assert.AreEqual(hasTime, command.HasExecutionDateTime);
        if (hasTime)
        {
            Assert.AreEqual(message.PayloadNotes("Execution Date Time"), Der.NotesStyle(command.ExecutionDateTime));
        }

        Assert.AreEqual(file.Contains("CANCELLATION"), command.IsCancellation);
        message.AssertReEncodes(command.EncodedLength, command.WriteTo);
    }

    [TestMethod]
    [DataRow("CS06_11.3_IMMEDIATE_SUCCESS_RESPONSE_GBCS.HEX")]
    [DataRow("CS06_11.3_IMMEDIATE_ERROR_RESPONSE_GBCS.HEX")]
    [DataRow("CS06_11.3_FUTURE_DATED_SUCCESS_RESPONSE_GBCS.HEX")]
    [DataRow("CS06_11.3_FUTURE_DATED_ERROR_RESPONSE_GBCS.HEX")]
    [DataRow("CS06_11.3_CANCELLATION_SUCCESS_RESPONSE_GBCS.HEX")]
    public void Cs06Response_DecodesAndReEncodes(string file)
    {
        RtdsMessage message = RtdsMessage.Load("11.3_CS06", file);
        message.AssertEnvelope();
        Assert.IsTrue(message.Envelope.HasDateTime);
        ActivateFirmwareResponse response = new();
        Assert.AreEqual(GbcsPayloadStatus.Ok, ActivateFirmwareResponse.TryDecode(message.ContentReader(), response));
        Assert.AreEqual(message.HasPayloadField("Command Accepted"), response.IsAcknowledgement);
        if (!response.IsAcknowledgement)
        {
            Assert.AreEqual(message.PayloadLastByte("Response Code"), (byte)response.ResponseCode);
            Assert.AreEqual(message.PayloadUInt32("Firmware Version"), response.FirmwareVersion);
        }

        message.AssertReEncodes(response.EncodedLength, response.WriteTo);
    }

    [TestMethod]
    [DataRow("CS06_11.3_8F66_FUTURE_DATED_SUCCESS_ALERT_GBCS.HEX")]
    [DataRow("CS06_11.3_8F67_FUTURE_DATED_ERROR_ALERT_GBCS.HEX")]
    public void Cs06Alert_DecodesAndReEncodes(string file)
    {
        RtdsMessage message = RtdsMessage.Load("11.3_CS06", file);
        message.AssertEnvelope();
        Assert.AreEqual(GbcsMessageCode.FutureDatedFirmwareActivationAlert, message.Envelope.MessageCode);
        ActivateFirmwareAlert alert = new();
        Assert.AreEqual(GbcsPayloadStatus.Ok, ActivateFirmwareAlert.TryDecode(message.ContentReader(), alert));
        Assert.AreEqual(message.PayloadUInt16("Alert Code"), alert.AlertCode);
        Assert.AreEqual(message.PayloadNotes("Execution Date Time"), Der.NotesStyle(alert.ExecutionDateTime));
        Assert.AreEqual(ulong.Parse(message.PayloadNotes("Originator Counter")), alert.OriginatorCounter);
        Assert.AreEqual(message.PayloadLastByte("Response Code"), (byte)alert.ResponseCode);
        Assert.AreEqual(message.PayloadUInt32("Firmware Version"), alert.FirmwareVersion);

        message.AssertReEncodes(alert.EncodedLength, alert.WriteTo);
    }

    [TestMethod]
    [DataRow("NA_FDRA-DLMS", "FDRA-DLMS_NA_8F72_ALERT_GBCS.HEX", FirmwareDistributionReceiptForm.Dlms)]
    [DataRow("NA_FDRA-ZigBee", "FDRA-ZigBee_NA_8F72_ALERT_GBCS.HEX", FirmwareDistributionReceiptForm.Gbz)]
    public void FirmwareDistributionReceipt8F72_DecodesAndReEncodes(string folder, string file, FirmwareDistributionReceiptForm form)
    {
        RtdsMessage message = RtdsMessage.Load(folder, file);
        message.AssertEnvelope();
        FirmwareDistributionReceiptAlert alert = new();
        Assert.AreEqual(GbcsPayloadStatus.Ok, FirmwareDistributionReceiptAlert.TryDecode(message.ContentReader(), form, alert));
        Assert.AreEqual(message.Envelope.MessageCode, alert.MessageCode);
        Assert.AreEqual(message.PayloadUInt16("Alert Code"), alert.AlertCode);
        CollectionAssert.AreEqual(message.PayloadTail("Calculated Manufacturer Hash", FirmwareDistributionReceiptAlert.HashLength), alert.CalculatedHash);
        if (form == FirmwareDistributionReceiptForm.Dlms)
        {
            CollectionAssert.AreEqual(message.PayloadTail("Time Stamp", GbcsDlmsDateTime.Length), alert.DlmsTimeStamp);
        }
        else
        {
            Assert.AreEqual(message.PayloadUInt32("Time Stamp"), alert.GbzTimeStamp);
            Assert.IsTrue(alert.TryGetTimeStamp(out GbcsTimestamp time));
            Assert.AreEqual(message.PayloadNotes("Time Stamp"), time.ToString().Replace("T", " ").TrimEnd('Z'));
        }

        message.AssertReEncodes(alert.EncodedLength, alert.WriteTo);
    }

    /// <summary>One RTDS message: its octets, its entry in PARSED.json.txt, and the envelope decoded from it.</summary>
    private sealed class RtdsMessage
    {
        private readonly JsonElement _parsed;

        private RtdsMessage(byte[] bytes, JsonElement parsed, bool preCommand)
        {
            Bytes = bytes;
            _parsed = parsed;
            IsPreCommand = preCommand;
        }

        public byte[] Bytes { get; }

        public bool IsPreCommand { get; }

        public GbcsEnvelope Envelope { get; } = new();

        public static RtdsMessage Load(string folder, string file, bool preCommand = false)
        {
            byte[] bytes = Convert.FromHexString(Vectors.ReadText(Rtds, folder, file).Trim());
            JsonElement parsed = ParsedEntry(Vectors.ReadText(Rtds, folder, "PARSED.json.txt"), file);
            return new RtdsMessage(bytes, parsed, preCommand);
        }

        /// <summary>Decodes the envelope and checks every header field against the published decode.</summary>
        public void AssertEnvelope()
        {
            ByteReader reader = new(Bytes, 0, Bytes.Length);
            GbcsStatus status = IsPreCommand ? GbcsEnvelope.TryDecodePreCommand(reader, Envelope) : GbcsEnvelope.TryDecode(reader, Envelope);
            Assert.AreEqual(GbcsStatus.Ok, status);
            GbcsEnvelope e = Envelope;

            bool macd = _parsed.TryGetProperty("MAC Header", out JsonElement macHeader);
            Assert.AreEqual(macd, e.HasGeneralCiphering);
            if (macd)
            {
                byte[] securityHeader = HexOf(Find(macHeader, "Security Header"));
                Assert.AreEqual(securityHeader[0], e.SecurityControl);
                Assert.AreEqual(ReadBigEndian(securityHeader, 1, 4), (ulong)e.InvocationCounter);
                Assert.AreEqual(int.Parse(NotesOf(Find(macHeader, "Ciphered Service Length"))), e.Layout.CipheredServiceLength);
                CollectionAssert.AreEqual(HexOf(Find(Find(_parsed, "MAC"), "MAC")), Slice(e.MacBuffer!, e.MacOffset, GbcsEnvelope.MacLength));
            }

            JsonElement grouping = Find(_parsed, "Grouping Header");
            Assert.AreEqual(HexOf(Find(grouping, "CRA Flag"))[0], (byte)e.CraFlag);
            Assert.AreEqual(ulong.Parse(NotesOf(Find(grouping, "Originator Counter"))), e.OriginatorCounter);
            Assert.AreEqual(TitleOf(Find(grouping, "Originator System Title")), e.OriginatorSystemTitle);
            Assert.AreEqual(TitleOf(Find(grouping, "Recipient System Title")), e.RecipientSystemTitle);
            byte[] dateTime = HexOf(Find(grouping, "Date Time"));
            Assert.AreEqual(dateTime.Length > 1, e.HasDateTime);
            if (e.HasDateTime)
            {
                CollectionAssert.AreEqual(dateTime[1..], Slice(e.DateTimeBuffer, e.DateTimeOffset, GbcsDlmsDateTime.Length));
            }

            JsonElement other = Find(grouping, "Other Information Length");
            Assert.AreEqual(int.Parse(NotesOf(other)), e.Layout.OtherInformationLength);
            JsonElement children = Find(other, "children");
            Assert.AreEqual((ulong)ReadBigEndian(HexOf(Find(children, "Message Code")), 0, 2), (ulong)e.MessageCode);
            Assert.AreEqual(TryFind(children, "Supplementary Remote Party ID", out JsonElement party), e.HasSupplementaryRemotePartyId);
            if (e.HasSupplementaryRemotePartyId)
            {
                Assert.AreEqual(ReadBigEndian(HexOf(party), 0, 8), e.SupplementaryRemotePartyId);
            }

            Assert.AreEqual(TryFind(children, "Supplementary Remote Party Counter", out JsonElement counter), e.HasSupplementaryRemotePartyCounter);
            if (e.HasSupplementaryRemotePartyCounter)
            {
                Assert.AreEqual(ulong.Parse(NotesOf(counter)), e.SupplementaryRemotePartyCounter);
            }

            Assert.AreEqual(int.Parse(NotesOf(Find(grouping, "Content Length"))), e.ContentLength);
            CollectionAssert.AreEqual(PayloadBytes(), Slice(e.ContentBuffer, e.ContentOffset, e.ContentLength));

            Assert.AreEqual(!IsPreCommand, TryFind(_parsed, "Signature", out JsonElement signature));
            if (!IsPreCommand)
            {
                Assert.AreEqual(int.Parse(NotesOf(Find(signature, "Signature Length"))), e.SignatureLength);
                if (e.SignatureLength > 0)
                {
                    CollectionAssert.AreEqual(HexOf(Find(signature, "Signature")), Slice(e.SignatureBuffer!, e.SignatureOffset, e.SignatureLength));
                }
            }
        }

        /// <summary>
        /// Builds a new envelope from the decoded fields and the payload re-encoded from its decoded fields, with no
        /// MAC and no signature supplied: the result must equal the RTDS octets with MAC and signature zeroed.
        /// </summary>
        public void AssertReEncodes(int payloadLength, Action<ByteWriter> writePayload)
        {
            byte[] payload = new byte[payloadLength];
            ByteWriter payloadWriter = new(payload);
            writePayload(payloadWriter);
            Assert.AreEqual(payloadLength, payloadWriter.Written);

            GbcsEnvelope d = Envelope;
            GbcsEnvelope built = new()
            {
                HasGeneralCiphering = d.HasGeneralCiphering,
                SecurityControl = d.SecurityControl,
                InvocationCounter = d.InvocationCounter,
                IsPreCommand = d.IsPreCommand,
                CraFlag = d.CraFlag,
                OriginatorCounter = d.OriginatorCounter,
                OriginatorSystemTitle = d.OriginatorSystemTitle,
                RecipientSystemTitle = d.RecipientSystemTitle,
                MessageCode = d.MessageCode,
                HasSupplementaryRemotePartyId = d.HasSupplementaryRemotePartyId,
                SupplementaryRemotePartyId = d.SupplementaryRemotePartyId,
                HasSupplementaryRemotePartyCounter = d.HasSupplementaryRemotePartyCounter,
                SupplementaryRemotePartyCounter = d.SupplementaryRemotePartyCounter,
                HasSupplementaryOriginatorCounter = d.HasSupplementaryOriginatorCounter,
                SupplementaryOriginatorCounter = d.SupplementaryOriginatorCounter,
            };
            if (d.HasDateTime)
            {
                built.SetDateTime(d.DateTimeBuffer, d.DateTimeOffset);
            }

            built.SetContent(payload, 0, payload.Length);
            built.SetSignaturePlaceholder(d.SignatureLength);

            byte[] output = new byte[built.EncodedLength];
            built.WriteTo(new ByteWriter(output));

            byte[] expected = (byte[])Bytes.Clone();
            if (d.Layout.SignatureOffset >= 0)
            {
                Array.Clear(expected, d.Layout.SignatureOffset, d.Layout.SignatureLength);
            }

            if (d.Layout.MacOffset >= 0)
            {
                Array.Clear(expected, d.Layout.MacOffset, GbcsEnvelope.MacLength);
            }

            Assert.AreEqual(Convert.ToHexString(expected), Convert.ToHexString(output));
            Assert.AreEqual(d.Layout.SignedDataOffset, built.Layout.SignedDataOffset);
            Assert.AreEqual(d.Layout.SignedDataLength, built.Layout.SignedDataLength);
            Assert.AreEqual(d.Layout.MacOffset, built.Layout.MacOffset);
        }

        public ByteReader ContentReader() => new(Envelope.ContentBuffer, Envelope.ContentOffset, Envelope.ContentLength);

        /// <summary>The payload octets as the published decode lists them: every node's hex, in document order.</summary>
        public byte[] PayloadBytes()
        {
            List<byte> bytes = [];
            Collect(Find(_parsed, "Payload"), bytes);
            return [.. bytes];
        }

        public bool HasPayloadField(string name) => TryFindDeep(Find(_parsed, "Payload"), name, out _);

        public string PayloadNotes(string name) => NotesOf(PayloadField(name));

        public byte[] PayloadTail(string name, int count)
        {
            byte[] hex = HexOf(PayloadField(name));
            return hex[^count..];
        }

        public byte PayloadLastByte(string name) => PayloadTail(name, 1)[0];

        public ushort PayloadUInt16(string name) => (ushort)ReadBigEndian(PayloadTail(name, 2), 0, 2);

        public uint PayloadUInt32(string name) => (uint)ReadBigEndian(PayloadTail(name, 4), 0, 4);

        public ulong PayloadUInt64(string name) => ReadBigEndian(PayloadTail(name, 8), 0, 8);

        private JsonElement PayloadField(string name)
        {
            Assert.IsTrue(TryFindDeep(Find(_parsed, "Payload"), name, out JsonElement field), $"no '{name}' in the published payload decode");
            return field;
        }

        private static JsonElement ParsedEntry(string text, string file)
        {
            string marker = "=== " + file;
            int start = text.IndexOf(marker, StringComparison.Ordinal);
            Assert.IsTrue(start >= 0, $"{file} not in PARSED.json.txt");
            start += marker.Length;
            int end = text.IndexOf("\n===", start, StringComparison.Ordinal);
            string json = end < 0 ? text[start..] : text[start..end];
            return JsonDocument.Parse(json).RootElement.Clone();
        }

        private static void Collect(JsonElement node, List<byte> bytes)
        {
            foreach (JsonProperty property in node.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (property.Value.TryGetProperty("hex", out _))
                {
                    bytes.AddRange(HexOf(property.Value));
                }

                if (property.Value.TryGetProperty("children", out JsonElement children))
                {
                    Collect(children, bytes);
                }
                else if (!property.Value.TryGetProperty("hex", out _))
                {
                    Collect(property.Value, bytes);
                }
            }
        }

        private static bool TryFindDeep(JsonElement node, string name, out JsonElement found)
        {
            foreach (JsonProperty property in node.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (property.Name.Trim() == name)
                {
                    found = property.Value;
                    return true;
                }

                if (TryFindDeep(property.Value, name, out found))
                {
                    return true;
                }
            }

            found = default;
            return false;
        }

        private static JsonElement Find(JsonElement node, string name)
        {
            Assert.IsTrue(TryFind(node, name, out JsonElement found), $"no '{name}' in the published decode");
            return found;
        }

        private static bool TryFind(JsonElement node, string name, out JsonElement found)
        {
            foreach (JsonProperty property in node.EnumerateObject())
            {
                if (property.Name.Trim() == name)
                {
                    found = property.Value;
                    return true;
                }
            }

            found = default;
            return false;
        }

        private static byte[] HexOf(JsonElement node) => Convert.FromHexString(node.GetProperty("hex").GetString()!.Replace(" ", string.Empty));

        private static string NotesOf(JsonElement node) => node.GetProperty("notes").GetString()!;

        private static ulong TitleOf(JsonElement node)
        {
            byte[] hex = HexOf(node);
            Assert.AreEqual(GbcsEnvelope.SystemTitleLength, hex[0]);
            return ReadBigEndian(hex, 1, 8);
        }

        private static ulong ReadBigEndian(byte[] bytes, int offset, int count)
        {
            ulong value = 0;
            for (int i = 0; i < count; i++)
            {
                value = (value << 8) | bytes[offset + i];
            }

            return value;
        }

        private static byte[] Slice(byte[] buffer, int offset, int count) => buffer.AsSpan(offset, count).ToArray();
    }

    /// <summary>A minimal DER walk written for this test, to check the codec without using it.</summary>
    private static class Der
    {
        public static byte[][] Elements(byte[] sequence)
        {
            Assert.AreEqual((byte)0x30, sequence[0]);
            Assert.AreEqual(sequence.Length - 2, (int)sequence[1]);
            List<byte[]> elements = [];
            int at = 2;
            while (at < sequence.Length)
            {
                int length = sequence[at + 1];
                elements.Add(sequence[at..(at + 2 + length)]);
                at += 2 + length;
            }

            return [.. elements];
        }

        public static ulong Unsigned(byte[] element)
        {
            ulong value = 0;
            for (int i = 2; i < element.Length; i++)
            {
                value = (value << 8) | element[i];
            }

            return value;
        }

        /// <summary>GeneralizedTime YYYYMMDDHHMMSSZ as ISO 8601.</summary>
        public static string TimeText(byte[] element)
        {
            Assert.AreEqual((byte)0x18, element[0]);
            string t = Encoding.ASCII.GetString(element, 2, element.Length - 2);
            return $"{t[..4]}-{t[4..6]}-{t[6..8]}T{t[8..10]}:{t[10..12]}:{t[12..14]}Z";
        }

        /// <summary>A time the way the published decode's notes print it: "2015-01-01 00:00:00 Z".</summary>
        public static string NotesStyle(GbcsTimestamp time) => time.ToString().Replace("T", " ").Replace("Z", " Z");
    }
}
